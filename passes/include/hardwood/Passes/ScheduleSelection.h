//===- ScheduleSelection.h - The cost model behind schedules ----*- C++ -*-===//
//
// What hardwood-select-schedule knows: the statistics of a model that a
// schedule depends on, and the rules that turn a target and those
// statistics into a #hardwood.schedule. docs/design.md ("Schedules")
// explains each rule.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_SCHEDULESELECTION_H
#define HARDWOOD_PASSES_SCHEDULESELECTION_H

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/SmallVector.h"

#include <string>

#include <optional>

namespace hardwood {

/// Largest raw-score scratch a kernel keeps on the stack, in doubles
/// (64 KiB): a block's rows x outputs must fit for the scratch to stay in
/// L1/L2; wider models take a heap buffer once per call.
constexpr int64_t kMaxStackScratch = 8192;

/// Largest feature-major copy of a block a kernel keeps on the stack, in
/// bytes, for compare_levels: with the raw-score scratch a kernel then
/// uses at most 112 KiB of the calling thread's stack (hardwood.h).
constexpr int64_t kMaxFeatureMajorBlockBytes = 48 * 1024;

/// Bytes of the feature-major copies compare_levels keeps of a block:
/// `copies` float32 copies (NaN read as +infinity and as -infinity, or one
/// of them where every split sends NaN the same way: NanInfinityCopies).
constexpr int64_t featureMajorBlockBytes(int64_t blockRows, int64_t numFeatures,
                                         int64_t copies) {
  return copies * blockRows * numFeatures * int64_t(sizeof(float));
}

/// The feature-major copies a block of `ensemble` takes at most: 2 where
/// its splits send missing values both ways, else 1.
int64_t featureMajorCopies(EnsembleOp ensemble);

/// Largest number of outputs a linear kernel accumulates in vectors per
/// row; wider models take one dot product per output.
constexpr int64_t kMaxLinearVectorOutputs = 32;

/// Deepest trees whose single rows vector_register_top walks with trees in
/// vector lanes (row_walk = tree_lanes); deeper ones walk chains.
constexpr int64_t kMaxRowTreeLaneDepth = 6;

/// Most internal nodes (over all trees) the `unrolled` strategy lowers:
/// each becomes a compare and a select per vector of rows in straight-line
/// code, so this bounds the code (about 20-30 bytes per node and vector)
/// and compile time; the cost model's own limit is lower
/// (kMaxUnrolledNodesChosen in ScheduleSelection.cpp).
constexpr int64_t kMaxUnrolledNodes = 8192;

/// Trees per window of a depth-ordered walk (`tree_order = depth`): one
/// row's leaves of a window are stored in a stack buffer of this many i32
/// before they are added in model order. Small enough that the
/// out-of-order core overlaps a window's sums with the next window's walks
/// (batch 1 of the suite's HistGradientBoosting, 700 trees, on znver5 in one
/// run: 8.1-8.3 us in model order, 7.9-8.1 with windows of 512, 7.4-7.5 with
/// 64), large enough to sort most of the depth spread (its lockstep steps:
/// 0.79 of model order's with windows of 512, 0.82 with 64).
constexpr int64_t kDepthOrderWindow = 64;

/// The order `tree_order = depth` walks the trees of one row in: each
/// window of kDepthOrderWindow trees stably sorted by depth.
struct TreeWalkOrder {
  std::vector<int32_t> trees;
  /// Trees per window: the window asked for, rounded up to whole groups.
  int64_t window = 0;
  /// Per whole group of `trees` (groupSize consecutive positions), its
  /// deepest tree's depth: the steps the group walks.
  std::vector<int32_t> groupDepth;
  /// Lockstep steps of one row over every whole group of `groupSize`
  /// positions (each group walks its deepest tree's depth), in model
  /// order and in `trees`.
  int64_t modelOrderSteps = 0, orderedSteps = 0;
};
/// `depths` per tree in model order.
TreeWalkOrder orderTreesByDepth(llvm::ArrayRef<int32_t> depths,
                                int64_t groupSize,
                                int64_t window = kDepthOrderWindow);

/// The facts about a model the schedule depends on.
struct ModelStatistics {
  bool isLinear = false;
  int64_t numTrees = 0;
  int64_t numFeatures = 0;
  int64_t numOutputs = 1;
  int64_t leafWidth = 1;
  int64_t maxDepth = 0;
  /// Nodes of the largest tree (bounds the compact8 right-child offsets).
  int64_t maxTreeNodes = 0;
  /// Internal (split) nodes over all trees: the code size of `unrolled`.
  int64_t internalNodes = 0;
  /// depthHistogram[d]: trees of depth d.
  llvm::SmallVector<int64_t> depthHistogram;
  /// Each tree's depth, in model order.
  std::vector<int32_t> treeDepths;
  bool hasCategorical = false;
  /// Whether some node routes missing values (NaN or zero) specially.
  bool hasMissingRouting = false;
  /// Whether inputs near zero snap to zero before every compare (LightGBM's
  /// zero_threshold).
  bool snapsToZero = false;
  bool hasLinearLeaves = false;
  /// Whether thresholds and inputs are float32 (the node records then hold
  /// the thresholds).
  bool isFloat32 = false;
  /// The feature-major copies a block takes (featureMajorCopies).
  int64_t featureMajorCopies = 2;

  static ModelStatistics of(EnsembleOp ensemble);
  static ModelStatistics of(LinearOp linear);
  /// The statistics of float64 `ensemble`'s float32-rows copy (Float32Rows.h:
  /// the same trees with float32 input), or none when it has no exact copy.
  static std::optional<ModelStatistics> ofFloat32Rows(EnsembleOp ensemble);
};

/// The target used when a module carries no #hardwood.target: portable
/// x86-64 (SSE2, no gathers), which schedules scalar walks.
TargetAttr getDefaultTarget(mlir::MLIRContext *context);

/// The cost model's tree order for walks of `treeGroup` trees in lockstep:
/// `depth` where it saves at least 1/16 of the lockstep steps of one row
/// (below that the stores of the leaves cost about what the steps save),
/// else `model`.
TreeOrder chooseTreeOrder(const ModelStatistics &model, int64_t treeGroup);

/// The cost model's schedule for a model on `target`.
ScheduleAttr selectSchedule(TargetAttr target, const ModelStatistics &model);

/// Whether `target` is x86-64.
bool isX86Target(TargetAttr target);
/// Whether float32 trees can take their top levels from register images on
/// `target`: x86 with hardware gathers and a one-instruction permute
/// (vpermd).
bool hasRegisterImages(TargetAttr target);

/// Whether vector_register_top can walk single rows with trees in the
/// lanes (row_walk = tree_lanes): x86 AVX-512 with 16 lanes, a row of at
/// most 32 features in two registers, trees no deeper than
/// kMaxRowTreeLaneDepth and at least a vector of them. Elsewhere single
/// rows walk chains whatever the schedule says; the cost model records
/// that (chooseRowWalk) so the node layout can follow.
bool canWalkRowTreeLanes(TargetAttr target, int64_t lanes, int64_t numFeatures,
                         int64_t maxDepth, int64_t numTrees);
/// The tree levels the cost model holds in register images on such a
/// target: every level of trees of depth <= 8, else 7 with 16 lanes of
/// AVX-512, 6 with AVX2 (ScheduleSelection.cpp has the measurements).
int64_t chooseRegisterLevels(TargetAttr target, int64_t maxDepth);

/// The schedules `hardwood compile --tune` measures for `model` on
/// `target`: the cost model's choice first, then, without duplicates, the
/// other strategies legal there (scalar_interleaved everywhere;
/// vector_gather with hardware gathers; vector_register_top with gathers,
/// a one-instruction permute, x86 and float32) and the cost model's
/// choice with one parameter changed at a time: interleave, block_rows,
/// register_levels and compare_levels within their legal ranges. Every
/// candidate verifies, its tile divides HW_KERNEL_ROW_ALIGNMENT, its block
/// and feature-major copy fit the stack, and it lowers (docs/design.md,
/// "Schedules", `--tune`).
llvm::SmallVector<ScheduleAttr>
enumerateCandidateSchedules(TargetAttr target, const ModelStatistics &model);

/// Why selectSchedule chose what it chose for `model` on `target`, in one
/// line per decision (for `hardwood inspect`).
std::string explainSchedule(TargetAttr target, const ModelStatistics &model);

/// Completes an explicitly given schedule: every parameter it sets is kept;
/// `block_rows` 0 (not given) is chosen as selectSchedule would.
ScheduleAttr completeSchedule(ScheduleAttr given, TargetAttr target,
                              const ModelStatistics &model);

} // namespace hardwood

#endif // HARDWOOD_PASSES_SCHEDULESELECTION_H
