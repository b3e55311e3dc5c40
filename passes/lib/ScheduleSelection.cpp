//===- ScheduleSelection.cpp - The cost model behind schedules ------------===//

#include "hardwood/Passes/ScheduleSelection.h"
#include "EnsembleTables.h"
#include "NeonTarget.h"
#include "hardwood/Passes/Float32Rows.h"
#include "hardwood/model_abi.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <numeric>

using namespace mlir;
using namespace hardwood;

ModelStatistics ModelStatistics::of(EnsembleOp ensemble) {
  ModelStatistics stats;
  stats.numFeatures = ensemble.getNumFeatures();
  stats.numOutputs = ensemble.getNumOutputs();
  stats.leafWidth = ensemble.getLeafWidth();
  stats.isFloat32 = ensemble.getInputType().isF32();
  std::optional<APFloat> zeroThreshold = ensemble.getZeroThreshold();
  stats.snapsToZero = zeroThreshold && !zeroThreshold->isZero();
  for (TreeOp tree : ensemble.getTrees()) {
    ++stats.numTrees;
    int64_t depth = tree.computeDepth();
    stats.treeDepths.push_back(static_cast<int32_t>(depth));
    stats.maxTreeNodes =
        std::max<int64_t>(stats.maxTreeNodes, tree.getNumNodes());
    stats.maxDepth = std::max(stats.maxDepth, depth);
    if (static_cast<int64_t>(stats.depthHistogram.size()) <= depth)
      stats.depthHistogram.resize(depth + 1, 0);
    ++stats.depthHistogram[depth];
    stats.hasCategorical |= tree.getCategoricalNodes().has_value() &&
                            !tree.getCategoricalNodes()->empty();
    stats.hasLinearLeaves |= tree.isLinear();
    for (auto [node, flags] : llvm::enumerate(tree.getFlags())) {
      if (tree.isLeaf(node))
        continue;
      ++stats.internalNodes;
      if (getMissingKind(flags) != MissingKind::Nan)
        stats.hasMissingRouting = true;
    }
  }
  stats.featureMajorCopies = hardwood::featureMajorCopies(ensemble);
  return stats;
}

int64_t hardwood::featureMajorCopies(EnsembleOp ensemble) {
  bool left = false, right = false;
  for (TreeOp tree : ensemble.getTrees())
    for (auto [node, flags] : llvm::enumerate(tree.getFlags())) {
      if (tree.isLeaf(node))
        continue;
      (flags & node_flags::kDefaultLeft ? left : right) = true;
      if (left && right)
        return 2;
    }
  return 1;
}

std::optional<ModelStatistics>
ModelStatistics::ofFloat32Rows(EnsembleOp ensemble) {
  if (!hasExactFloat32RowsCopy(ensemble))
    return std::nullopt;
  ModelStatistics stats = of(ensemble);
  stats.isFloat32 = true;
  return stats;
}

ModelStatistics ModelStatistics::of(LinearOp linear) {
  ModelStatistics stats;
  stats.isLinear = true;
  stats.isFloat32 = linear.getInputType().isF32();
  stats.numFeatures = linear.getNumFeatures();
  stats.numOutputs = linear.getNumOutputs();
  return stats;
}

TargetAttr hardwood::getDefaultTarget(MLIRContext *context) {
  Builder b(context);
  return TargetAttr::get(
      context, b.getStringAttr("x86_64-unknown-linux-gnu"),
      b.getStringAttr("x86-64"), b.getStringAttr(""), /*vectorBits=*/128,
      /*gather=*/b.getBoolAttr(false), /*permute=*/b.getBoolAttr(false),
      /*masking=*/b.getBoolAttr(false), /*prefer512=*/b.getBoolAttr(false),
      /*scalarInterleave=*/4, /*vectorInterleave=*/4, /*maxBlockRows=*/128,
      /*l1Bytes=*/32 * 1024, /*l2Bytes=*/512 * 1024);
}

/// Rows per block of the tree-outer loop: as many as the stack scratch
/// holds (rows x outputs doubles), at most the target's block, a multiple
/// of the tile. More rows reuse each tree's nodes longer; the block's
/// scratch and inputs must still stay in L1/L2.
static int64_t chooseBlockRows(TargetAttr target, int64_t tileRows,
                               int64_t numOutputs) {
  int64_t byScratch =
      kMaxStackScratch / std::max<int64_t>(numOutputs, 1) / tileRows * tileRows;
  int64_t byTarget = target.getMaxBlockRows() / tileRows * tileRows;
  return std::max(tileRows, std::min(byScratch, byTarget));
}

/// Rows per tile of a linear kernel without rows in lanes (more than
/// kMaxLinearVectorOutputs outputs, or vector_lanes = 0 by hand): one
/// output gives each row one accumulator, so 8 rows make 8 independent add
/// chains; several outputs fill vectors already and 4 rows suffice; beyond
/// kMaxLinearVectorOutputs the kernel takes one dot product per output and
/// row. (`--tune` once preferred 16 single-accumulator rows for 2,000
/// features, 1.2x; the rows-in-lanes kernel that reads float32 rows
/// directly has since made that model 1.06-1.22x a read-only pass.)
static int64_t chooseLinearTileRows(int64_t numOutputs) {
  if (numOutputs > kMaxLinearVectorOutputs)
    return 1;
  return numOutputs == 1 ? 8 : 4;
}
// Tree tiles come from the target, whose verifier checks them against the
// runtime's row alignment; linear tiles are these constants.
static_assert(HW_KERNEL_ROW_ALIGNMENT % 8 == 0 &&
                  HW_KERNEL_ROW_ALIGNMENT % 4 == 0,
              "linear tiles must divide HW_KERNEL_ROW_ALIGNMENT");

/// Whether `target` is AMD Zen 4 (znver4), whose AVX-512 units execute a
/// 512-bit instruction as two 256-bit halves: permutes across a whole zmm
/// and gathers cost more there than on znver5, where the rules above were
/// measured. Facts measured on an AMD EPYC znver4 (AVX-512, 2 vCPUs):
/// chooseRowWalk and chooseLinearLanes.
static bool isZnver4(TargetAttr target) {
  return isX86Target(target) && target.getCpu().getValue() == "znver4";
}

/// Vector lanes of a linear kernel: a row per lane, as many as the
/// target's vectors hold in the input's precision, for every model with up
/// to kMaxLinearVectorOutputs outputs. Rows in lanes make the transform
/// vector code as well as the dot products, and K outputs take K vectors
/// of rows (no padding of K to a vector). Measured against each row's
/// outputs in one padded vector (vectorLanes 0, still available by hand;
/// docs/benchmarks.md): faster at 16 features x 26 classes and 54 x 7.
///
/// On znver4, 256-bit vectors for one output: its zmm instructions run as
/// two halves, and the transposes of 8 x 8 blocks (vpermt2pd across a zmm)
/// cost more than twice those of 4 x 4 ones. `hardwood compile --tune`, one
/// thread, 4,096 rows streamed (AMD EPYC znver4): the suite's binary
/// LogisticRegression (2,000 float64 weights, float32 rows) 374.5 ns/row
/// for 4 lanes x 4 against 437.1 for 8 x 2, Ridge (90 features) 25.5 for
/// 4 x 1 against 36.1 for 8 x 2 (chooseLinearInterleave). Several outputs
/// keep the full width: the multinomial model (16 features, 26 classes)
/// 59.3 for 8 lanes against 73.1 for 4.
static int64_t chooseLinearLanes(TargetAttr target,
                                 const ModelStatistics &model) {
  if (model.numOutputs > kMaxLinearVectorOutputs)
    return 0;
  int64_t bits = target.getVectorBits();
  if (isZnver4(target) && model.numOutputs == 1)
    bits = std::min<int64_t>(bits, 256);
  return bits / (model.isFloat32 ? 32 : 64);
}

/// Vectors of rows per tile of a rows-in-lanes linear kernel: 4 give one
/// output 4 independent add chains. Rows of 512 bytes or more are streamed
/// from memory, and fewer rows read at once ran faster. With 8 lanes
/// (znver5), 2 vectors: against 4 on 2,000 features, and by `--tune` on
/// the idle AMD EPYC (03:47) for Ridge on 90 float64 features, 8.7 against
/// 9.7 ns/row (the fastest, 1 vector, 8.5). With 4 lanes (znver4), rows
/// streamed from memory as a large batch reads them (`--tune` times calls
/// on copies of its rows larger than the caches; `hardwood bench` at
/// 100,000 rows agreed, AMD EPYC znver4): 1 vector for Ridge (90
/// features), 24.9-26.7 ns/row against 35.5-36.0 for 4 and 33.6-34.1 for
/// the 8 x 2 of before; 4 vectors for rows of 4 KiB or more (binary
/// LogisticRegression, 2,000 features: 374.5 against 460.2 for 2 and
/// 624.6 for 1). K > 1 outputs are K chains already, and one vector keeps
/// the K accumulators in registers.
static int64_t chooseLinearInterleave(const ModelStatistics &model,
                                      int64_t lanes) {
  if (model.numOutputs > 1)
    return 1;
  int64_t rowBytes = model.numFeatures * (model.isFloat32 ? 4 : 8);
  if (rowBytes < 512)
    return 4;
  if (lanes != 4)
    return 2;
  return rowBytes < 4096 ? 1 : 4;
}

/// Leaves wider than this keep records16 (see chooseNodeLayout).
constexpr int64_t kMaxCompactLeafWidth = 8;

/// Rows in lockstep of the scalar walks below the register levels
/// (`scalar_below`) on x86: 16 (8 ran 3% slower on the depth-12 forest).
constexpr int64_t kScalarBelowRows = 16;
/// Deepest trees for which 512-bit vector_register_top with scalar steps
/// below takes 4 compare levels of 6 register levels (selectSchedule).
constexpr int64_t kMaxDepthForCompareTop = 16;

/// compact8 for walks that take steps (trees that end within the register
/// levels take none), where the right-child offsets fit.
/// - Vector steps, leaves not wide: measured by `--tune` on the idle AMD
///   EPYC (znver5) at 03:40, compact8 was the fastest vector schedule for
///   the depth-12 forest (2 classes) and the unlimited forest (7), but for
///   ExtraTrees with 26 classes records16 ran 5,956 against 6,452 ns/row
///   (its wide leaves are added lane by lane after the walk).
/// - Scalar steps (scalar_interleaved, scalar_below, unrolled's last rows):
///   one 8-byte load and a conditional move instead of three dependent
///   loads. On x86 the depth-12 forest under scalar_interleaved (16 rows)
///   ran 1,404 against 2,030 ns/row (AMD EPYC znver5, thread CPU time);
///   the single rows of trees that end within the register levels walk
///   chains (row_walk = chains) and gain the same: batch 1, one thread, on
///   AMD EPYC znver4, XGBoost 100 x 6 872-875 against 995-1,002 ns/row,
///   500 x 8 5,363-5,375 against 6,055-6,117, GradientBoosting 702
///   against 796-797 (`hardwood bench --batch 1`, the same schedule but
///   the layout; batch 100,000 unchanged: 223 against 227, 155 against
///   156). On
///   AArch64 (not measurable here) the compact step is branch-free (ldr,
///   csel: llvm-mca, the same forest's 4-row walk loop, 13.7 cycles per
///   iteration on neoverse-n1, 8.0 on neoverse-v1, 3.4 and 2.0 per row and
///   step), while the records16 step compiles to a branch on the
///   direction (tbz) and one on NaN (b.vs), mispredicted about every other
///   step.
static NodeLayout chooseNodeLayout(const ModelStatistics &model, int64_t lanes,
                                   int64_t registerLevels, int64_t scalarBelow,
                                   RowWalk rowWalk = RowWalk::tree_lanes) {
  if (!compactRecordsFit(model.numFeatures, model.maxTreeNodes - 1))
    return NodeLayout::records16;
  bool rowChains = rowWalk == RowWalk::chains;
  bool steps =
      registerLevels == 0 || model.maxDepth > registerLevels || rowChains;
  if (!steps)
    return NodeLayout::records16;
  bool scalarSteps = lanes == 0 || scalarBelow > 0 || rowChains;
  if (scalarSteps)
    return NodeLayout::compact8;
  return model.leafWidth <= kMaxCompactLeafWidth ? NodeLayout::compact8
                                                 : NodeLayout::records16;
}

bool hardwood::isX86Target(TargetAttr target) {
  return StringRef(target.getTriple().getValue()).starts_with("x86_64");
}

bool hardwood::canWalkRowTreeLanes(TargetAttr target, int64_t lanes,
                                   int64_t numFeatures, int64_t maxDepth,
                                   int64_t numTrees) {
  return target && isX86Target(target) && target.getVectorBits() >= 512 &&
         lanes == 16 && numFeatures <= 32 && maxDepth <= kMaxRowTreeLaneDepth &&
         numTrees >= lanes;
}

bool hardwood::hasRegisterImages(TargetAttr target) {
  return isX86Target(target) && target.hasGather() && target.hasPermute();
}

// Each level's image is selected with permutes (one vpermi2d per 32 words
// on AVX-512, one vpermd per 8 on AVX2, then blends), far cheaper than the
// node gathers a step otherwise takes. Trees of depth <= 8 are held whole:
// they end at an exit, whose leaf value is one gather, and take no
// node-table step at all (measured on the 500 x depth-8 XGBoost model: 8
// levels beat 7 by 1.3-1.5x on both ISAs). Deeper trees keep 7 levels
// (AVX-512) or 6 (AVX2): wider images there cost more registers than the
// steps they save (a depth-12 forest ran 2x slower with 8).
int64_t hardwood::chooseRegisterLevels(TargetAttr target, int64_t maxDepth) {
  if (maxDepth <= 8)
    return std::max<int64_t>(maxDepth, 1);
  bool avx512 = target.getVectorBits() >= 512;
  return avx512 ? 7 : 6;
}

/// Most split nodes (over all trees) for which the cost model takes
/// `unrolled`. Each split is about 25 bytes of code per vector of rows
/// (vcmpps against a broadcast constant, a blend, the load of its feature),
/// so 3,072 splits are about 75 KiB per kernel: past the 32 KiB L1i of the
/// AMD EPYC measured, but every 16-row tile reruns it from L2. Measured
/// there (znver5, AVX-512, thread CPU time, 4,096 rows, `proba`), unrolled
/// against the cost model's vector_register_top: XGBoost 10 x depth 3 (70
/// splits) 8.6 against 28.6 ns/row, 20 x 4 16.0 / 41.1, 50 x 4 32.3 /
/// 70.9, 100 x 4 55.7 / 117.0, 200 x 4 (2,990 splits) 107.4 / 222.0,
/// 20 x 6 42.0 / 63.9, 50 x 5 51.9 / 102.9, 3 classes x 20 x 4 40.9 /
/// 102.5, sklearn RF 10 x 5 21.7 / 41.8, GB regressor 50 x 3 16.0 / 41.8;
/// but 100 x 6 (6,033 splits, 716 KB of text for its five kernels) only
/// 199 against 227. Single rows walk the node tables (UnrolledWalk.cpp) and
/// are slower than the register-image walk at batch 1 (up to 1.6x).
constexpr int64_t kMaxUnrolledNodesChosen = 3072;

/// Whether `target` is the one CPU the measured-only rules below were
/// measured on (x86 znver5, an AMD EPYC with AVX-512) and `model` is of the
/// kind they were measured with: numeric splits and constant leaves only.
/// Other CPUs and models keep their walks until measured.
static bool isMeasuredZnver5Case(TargetAttr target,
                                 const ModelStatistics &model) {
  return isX86Target(target) && target.getCpu().getValue() == "znver5" &&
         !model.hasCategorical && !model.hasLinearLeaves;
}

/// Whether the cost model takes `unrolled` for `model` on `target`: small
/// float32 models, where isMeasuredZnver5Case holds with AVX-512 gathers
/// (`--tune` lists unrolled wherever gathers exist).
static bool choosesUnrolled(TargetAttr target, const ModelStatistics &model) {
  return isMeasuredZnver5Case(target, model) && target.getVectorBits() >= 512 &&
         target.hasGather() && model.isFloat32 &&
         model.internalNodes <= kMaxUnrolledNodesChosen;
}

/// Scalar walks in lockstep for float64 models that prefersScalarFloat64Walks.
constexpr int64_t kScalarFloat64Interleave = 8;

/// Whether float64 trees walk faster as interleaved scalar chains than as
/// vectors of rows: a vector step gathers the 8-byte record, the float64
/// threshold and the float64 input (two zmm each per 16 rows), a scalar
/// compact8 step is two loads, a compare and a cmov. Where splits route NaN
/// only by their default direction and nothing snaps to zero (sklearn
/// HistGradientBoosting), 8 scalar chains won on znver5 (AVX-512; thread
/// CPU time, 20,000 rows, same runs): the suite's covtype model (700 trees,
/// depth 6-16) 6,351 against 7,195-7,460 ns/row for 2 vectors of 16 rows,
/// a 28-feature regressor (200 trees, depth 6-18) 1,757-1,775 against
/// 1,926-1,940, a 3-class classifier (300 trees, depth 7-8) 2,198-2,200
/// against 2,403-2,444. LightGBM's models snap |x| <= 1e-35 to zero at each
/// step (abs, compare, select) and took 1.5x as long as scalar walks
/// (regression_l2 fixture 907 against 589, multiclass_softmax 1,093
/// against 747), so they keep the vectors. Other CPUs: not measured.
static bool prefersScalarFloat64Walks(TargetAttr target,
                                      const ModelStatistics &model) {
  return isMeasuredZnver5Case(target, model) && !model.isFloat32 &&
         !model.hasMissingRouting && !model.snapsToZero;
}

/// How single rows (batch 1, the rows no tile covers, tree ranges) walk
/// under vector_register_top on x86 (ScheduleAttr `row_walk`): trees in
/// vector lanes where VectorRegisterTopStrategy can (the row in two zmm
/// registers, trees of depth <= kMaxRowTreeLaneDepth, a vector's worth of
/// trees), chains otherwise, so the node layout can follow
/// (chooseNodeLayout). On znver4 the lanes ran slower than chains over
/// compact8 records: batch 1, one thread, the suite's XGBoost 100 x 6 (28
/// features) 1,028-1,036 against 872-875 ns/row, GradientBoosting (depth
/// 5, 8 features) 740-748 against 702 (`hardwood bench --batch 1`, the
/// same schedule but these two parameters; AMD EPYC znver4). On znver5 the
/// lanes won against chains over records16 (821-841 against 1,022-1,042
/// for the XGBoost model) and stay. vector_gather's lanes (every read a
/// gather) were not measured against chains and keep the default.
static RowWalk chooseRowWalk(TargetAttr target, const ModelStatistics &model,
                             TraversalStrategy strategy, int64_t lanes) {
  if (strategy != TraversalStrategy::vector_register_top ||
      !isX86Target(target))
    return RowWalk::tree_lanes;
  bool lanesApply = canWalkRowTreeLanes(target, lanes, model.numFeatures,
                                        model.maxDepth, model.numTrees);
  return lanesApply && !isZnver4(target) ? RowWalk::tree_lanes
                                         : RowWalk::chains;
}

/// Trees of one row walked in lockstep by the rows no tile covers (batch 1
/// among them): independent load chains, as many as the walk of a tree
/// range for tree-parallel batches takes. On znver5 the suite's float64
/// HistGradientBoosting (700 trees of depth up to 8) took 12.3 us per row
/// with 4 and 8.0 us with 8 (batch 1, one thread, same run); the 16-row
/// whole vectors of vector_gather's remainder (also `tree_group` trees in
/// lockstep) ran the same with 8 as with 4 on four suite models. The
/// attribute's default, so schedules print without it.
static constexpr int64_t kRowTreeGroup = 8;

/// On znver5, 16 trees in lockstep for the walks of one row of models of at
/// least 64 trees whose single rows walk scalar chains (scalar_interleaved,
/// vector_register_top): more independent load chains in flight. Batch 1,
/// one thread, a C driver calling the kernel on 64 rows in turn, the same
/// schedule but for tree_group (ns per call, 8 against 16, two rounds):
/// XGBoost 1000 x 8 12,289-12,499 against 10,195-10,306, 500 x 8
/// 4,547-4,697 against 4,296-4,346, RandomForest unlimited 3,776-3,876
/// against 3,435-3,515, depth 12 1,372-1,402 against 1,332-1,342,
/// ExtraTrees 1,973-1,993 against 1,773-1,783, HistGradientBoosting (with
/// tree_order = depth) 7,731-7,802 against 7,701-7,772; models whose single
/// rows walk trees in vector lanes (XGBoost 100 x 6, GradientBoosting) do
/// not use it. Fewer trees would leave most of them to single walks; the
/// whole vectors of vector_gather (tree_group vectors in lockstep) and
/// other CPUs were not measured, and keep 8.
static constexpr int64_t kWideRowTreeGroup = 16;

static int64_t chooseTreeGroup(TargetAttr target, const ModelStatistics &model,
                               TraversalStrategy strategy) {
  bool scalarRows = strategy == TraversalStrategy::scalar_interleaved ||
                    strategy == TraversalStrategy::vector_register_top;
  return isMeasuredZnver5Case(target, model) && scalarRows &&
                 model.numTrees >= 4 * kWideRowTreeGroup
             ? kWideRowTreeGroup
             : kRowTreeGroup;
}

TreeWalkOrder hardwood::orderTreesByDepth(ArrayRef<int32_t> depths,
                                          int64_t groupSize, int64_t window) {
  assert(groupSize > 0 && window > 0 && "groups and windows hold trees");
  // Windows hold whole groups, whatever tree_group a schedule gives.
  window = llvm::alignTo(window, groupSize);
  int64_t numTrees = depths.size();
  int64_t grouped = numTrees / groupSize * groupSize;
  TreeWalkOrder result;
  result.window = window;
  result.trees.resize(numTrees);
  std::iota(result.trees.begin(), result.trees.end(), 0);
  for (int64_t begin = 0; begin < numTrees; begin += window) {
    // Ties keep model order (a stable sort by depth).
    std::sort(result.trees.begin() + begin,
              result.trees.begin() + std::min(begin + window, numTrees),
              [&](int32_t a, int32_t b) {
                return std::make_pair(depths[a], a) <
                       std::make_pair(depths[b], b);
              });
  }
  // Each group's deepest tree, and the lockstep steps of one row.
  auto stepsOf = [&](auto treeAt, std::vector<int32_t> *groupDepth) {
    int64_t steps = 0;
    for (int64_t first = 0; first < grouped; first += groupSize) {
      int32_t deepest = 0;
      for (int64_t lane = 0; lane < groupSize; ++lane)
        deepest = std::max(deepest, depths[treeAt(first + lane)]);
      if (groupDepth)
        groupDepth->push_back(deepest);
      steps += groupSize * deepest;
    }
    return steps;
  };
  result.modelOrderSteps = stepsOf([](int64_t i) { return i; }, nullptr);
  result.orderedSteps =
      stepsOf([&](int64_t i) { return result.trees[i]; }, &result.groupDepth);
  return result;
}

TreeOrder hardwood::chooseTreeOrder(const ModelStatistics &model,
                                    int64_t treeGroup) {
  if (model.isLinear)
    return TreeOrder::model;
  TreeWalkOrder order = orderTreesByDepth(model.treeDepths, treeGroup);
  int64_t saved = order.modelOrderSteps - order.orderedSteps;
  return saved > 0 && saved >= order.modelOrderSteps / 16 ? TreeOrder::depth
                                                          : TreeOrder::model;
}

/// The schedule of targets without a vector walk: interleaved scalar walks.
static ScheduleAttr selectScalarSchedule(TargetAttr target,
                                         const ModelStatistics &model) {
  int64_t interleave = target.getScalarInterleave();
  return ScheduleAttr::get(
      target.getContext(), TraversalStrategy::scalar_interleaved,
      /*vectorLanes=*/0, interleave, /*treeGroup=*/kRowTreeGroup,
      chooseBlockRows(target, interleave, model.numOutputs),
      LoopOrder::tree_outer, chooseNodeLayout(model, /*lanes=*/0, 0, 0),
      chooseTreeOrder(model, kRowTreeGroup), /*registerLevels=*/0,
      /*compareLevels=*/0, /*scalarBelow=*/0, RowWalk::tree_lanes);
}

ScheduleAttr hardwood::selectSchedule(TargetAttr target,
                                      const ModelStatistics &model) {
  MLIRContext *context = target.getContext();
  if (model.isLinear) {
    int64_t lanes = chooseLinearLanes(target, model);
    return ScheduleAttr::get(
        context, TraversalStrategy::linear_row_tiles, lanes,
        lanes > 0 ? chooseLinearInterleave(model, lanes)
                  : chooseLinearTileRows(model.numOutputs),
        /*treeGroup (no trees)=*/kRowTreeGroup, /*blockRows=*/0,
        LoopOrder::tree_outer, NodeLayout::records16, TreeOrder::model,
        /*registerLevels=*/0,
        /*compareLevels=*/0, /*scalarBelow=*/0, RowWalk::tree_lanes);
  }
  // Small models: every tree straight-line code over constants, 16 rows
  // per tile (one zmm of float32 lanes; 2 vectors per tile measured no
  // faster), the last rows of a block walked as scalar_interleaved walks.
  if (choosesUnrolled(target, model)) {
    int64_t lanes = target.getVectorBits() / 32;
    return ScheduleAttr::get(
        context, TraversalStrategy::unrolled, lanes, /*interleave=*/1,
        /*treeGroup=*/kRowTreeGroup,
        chooseBlockRows(target, lanes, model.numOutputs), LoopOrder::tree_outer,
        chooseNodeLayout(model, /*lanes (scalar remainder)=*/0, 0, 0),
        chooseTreeOrder(model, kRowTreeGroup), /*registerLevels=*/0,
        /*compareLevels=*/0, /*scalarBelow=*/0, RowWalk::tree_lanes);
  }
  // Trees: rows become vector lanes (one 32-bit node index per row across
  // the register) where the target gathers in hardware; elsewhere a gather
  // would be emulated lane by lane and interleaved scalar walks win.
  int64_t interleave = target.getScalarInterleave();
  int64_t lanes = 0, registerLevels = 0, compareLevels = 0, scalarBelow = 0;
  TraversalStrategy strategy = TraversalStrategy::scalar_interleaved;
  if (target.hasGather() && prefersScalarFloat64Walks(target, model)) {
    // 8 independent scalar walks: below.
    interleave = kScalarFloat64Interleave;
  } else if (target.hasGather()) {
    strategy = TraversalStrategy::vector_gather;
    lanes = target.getVectorBits() / 32;
    interleave = target.getVectorInterleave();
    // Float64 thresholds on 512-bit vectors: each step gathers 16 doubles
    // (two zmm) per vector of rows, and 2 vectors in lockstep beat 4.
    // Measured with `hardwood compile --tune` on the suite's
    // HistGradientBoosting (covtype shape, 54 features, 7 classes x 100
    // iterations, 31 leaves; AMD EPYC znver5, a busy shared machine, load
    // average 8-12): 11,306 ns/row for 2 vectors against 19,739 for 4
    // (1.75x), and 30,021 against 35,608 (1.19x) in an A/B run of the two
    // libraries. AVX2 (8 lanes, one ymm per gather) was not measured and
    // keeps the target's interleave.
    if (!model.isFloat32 && lanes >= 16)
      interleave = std::max<int64_t>(1, interleave / 2);
    // With a one-instruction permute across the register (x86 vpermd), the
    // top log2(lanes) levels of every tree come from two registers: those
    // steps gather only the input instead of three node words and the
    // input. Float32 models only (their records hold the thresholds).
    if (hasRegisterImages(target) && model.isFloat32) {
      strategy = TraversalStrategy::vector_register_top;
      bool endsInRegisters = model.maxDepth <= 8;
      registerLevels = chooseRegisterLevels(target, model.maxDepth);
      // The top levels need no gather at all: every node compares one
      // contiguous vector of a feature-major copy of the block (15 nodes
      // of 4 levels cost less than 4 dependent gathers). Deeper trees keep
      // the registers for the levels below: 3 levels there.
      compareLevels =
          std::min<int64_t>(registerLevels, endsInRegisters ? 4 : 3);
      // Below the registers, rows walk on as scalar chains: on AMD a
      // gathered element costs about a cycle, a scalar load a third of one
      // (a micro-benchmark on znver5: 1.0-1.2 ns per row and level for
      // 16-lane steps of two gathers, 0.86-1.15 for 16 scalar chains with
      // conditional moves). Measured in thread CPU time on AMD EPYC
      // (znver5): the depth-12 forest 1,105 against 1,392 ns/row, the
      // unlimited forest 7,069 against 10,284, ExtraTrees (26 classes)
      // 3,639 against 4,479. Intel's gathers are cheaper; not measured.
      if (!endsInRegisters && (lanes * interleave) % kScalarBelowRows == 0)
        scalarBelow = kScalarBelowRows;
      // Once scalar steps over the copies read column records (one load,
      // one compare, one cmov), trees of moderate depth do better with 4
      // compare levels and 2 permute levels than with 3 and 4 on 512-bit
      // vectors. Thread CPU time, AMD EPYC znver5, 20,000 rows, same runs
      // (register/compare levels): depth-12 forest 577 (6/4) against 626
      // (7/3) ns/row, ExtraTrees depth 12 1,953 against 1,997; the
      // unlimited forest (depth 23-32) keeps 7/3: 2,012 against 2,090.
      if (scalarBelow > 0 && target.getVectorBits() >= 512 &&
          model.maxDepth <= kMaxDepthForCompareTop) {
        registerLevels = 6;
        compareLevels = 4;
      }
    }
  }
  bool neon = false;
  if (!target.hasGather() && isNeonSchedulable(target, model)) {
    // AArch64 NEON: vector_register_top with tbl (NeonRegisterTopWalk.cpp).
    neon = true;
    strategy = TraversalStrategy::vector_register_top;
    lanes = 4;
    interleave = target.getVectorInterleave();
    registerLevels = std::max<int64_t>(model.maxDepth, 1);
    compareLevels = std::min<int64_t>(registerLevels, 4);
  }
  int64_t tileRows = lanes > 0 ? lanes * interleave : interleave;
  int64_t blockRows = chooseBlockRows(target, tileRows, model.numOutputs);
  // Trees that end within the register levels take one-tile blocks: their
  // images are loaded once per tree and tile whatever the block, so a
  // bigger block only widens the feature-major copy and the scores that
  // share L1 with them (deeper trees keep bigger blocks: their node tables
  // below the registers are reused across the block's tiles). Measured with
  // `hardwood compile --tune` and A/B runs on the suite's XGBoost 500 x
  // depth 8 (13 features; AMD EPYC znver5, AVX-512, a busy shared machine,
  // load average 8-13): 64-row blocks 1,584 against 1,805 ns/row for 128
  // (1.14x), 3,971 against 4,236 (1.07x), and in A/B runs 1,579 against
  // 2,825 and 2,499 against 2,791; on the 100 x depth 6 model (28
  // features) 180 against 192 ns/row (1.06x, A/B). One tuner run at the
  // highest load (about 13, with a full ctest beside it) went the other
  // way on 500 x 8: 2,574 against 1,813 ns/row for 128-row blocks. The
  // evidence is 4 runs to 1 on a noisy machine: re-measure on an idle one.
  // (x86 only: NEON's blocks were measured with llvm-mca as they are.)
  if (!neon && strategy == TraversalStrategy::vector_register_top &&
      model.maxDepth <= registerLevels)
    blockRows = tileRows;
  if (neon && featureMajorBlockBytes(blockRows, model.numFeatures,
                                     model.featureMajorCopies) >
                  kMaxFeatureMajorBlockBytes) {
    // Every NEON level reads the feature-major copy: smaller blocks, or
    // scalar walks for rows too wide for one tile's copy.
    if (featureMajorBlockBytes(tileRows, model.numFeatures,
                               model.featureMajorCopies) <=
        kMaxFeatureMajorBlockBytes)
      blockRows = tileRows;
    else
      return selectScalarSchedule(target, model);
  }
  if (compareLevels > 0 && featureMajorBlockBytes(blockRows, model.numFeatures,
                                                  model.featureMajorCopies) >
                               kMaxFeatureMajorBlockBytes) {
    // Wide rows: smaller blocks keep the copy on the stack, else no copy.
    if (featureMajorBlockBytes(tileRows, model.numFeatures,
                               model.featureMajorCopies) <=
        kMaxFeatureMajorBlockBytes)
      blockRows = tileRows;
    else
      compareLevels = 0;
  }
  // Trees walked on below the register levels as scalar chains over the
  // copies reuse their node records across the block's tiles: a block twice
  // as large halves how often each tree's records come back from L2 and L3
  // (100 trees of depth 12 hold 1.2 MiB of them), worth it while the copies
  // still fit the target's L1 data cache. On AMD EPYC znver4 (32 KiB L1), the
  // suite's depth-12 forest (28 features, one copy: sklearn sends NaN right
  // everywhere), hardwood bench 100,000 rows, 1 thread, ns/row: 128-row blocks
  // 734-819, 256 703-705, 512 765-800 (57 KiB of copies); with both copies (57
  // KiB at 256 rows) 725-735 against 735-740 for 128. AVX2 targets (Zen 3)
  // take the same rule unmeasured; `--tune` tries half and twice the block.
  if (!neon && scalarBelow > 0 && compareLevels > 0) {
    int64_t doubled = 2 * blockRows;
    if (featureMajorBlockBytes(doubled, model.numFeatures,
                               model.featureMajorCopies) <=
            target.getL1Bytes() &&
        doubled * std::max<int64_t>(model.numOutputs, 1) <= kMaxStackScratch)
      blockRows = doubled;
  }
  // Vector walks read one 8-byte record per step instead of an 8-byte
  // word and a child from a second 16-byte record: three gathers per step
  // become two, and a tree's walked table shrinks from 24 to 8 bytes per
  // node (a micro-benchmark of 4 interleaved 16-lane walks on AMD EPYC
  // with AVX-512: 1.04 -> 0.60 ns per row and level).
  RowWalk rowWalk = chooseRowWalk(target, model, strategy, lanes);
  NodeLayout layout =
      chooseNodeLayout(model, lanes, registerLevels, scalarBelow, rowWalk);
  int64_t treeGroup = chooseTreeGroup(target, model, strategy);
  return ScheduleAttr::get(context, strategy, lanes, interleave, treeGroup,
                           blockRows, LoopOrder::tree_outer, layout,
                           chooseTreeOrder(model, treeGroup), registerLevels,
                           compareLevels, scalarBelow, rowWalk);
}

ScheduleAttr hardwood::completeSchedule(ScheduleAttr given, TargetAttr target,
                                        const ModelStatistics &model) {
  if (given.getBlockRows() != 0 ||
      given.getStrategy() == TraversalStrategy::linear_row_tiles)
    return given;
  return ScheduleAttr::get(
      given.getContext(), given.getStrategy(), given.getVectorLanes(),
      given.getInterleave(), given.getTreeGroup(),
      chooseBlockRows(target, given.getTileRows(), model.numOutputs),
      given.getLoopOrder(), given.getNodeLayout(), given.getTreeOrder(),
      given.getRegisterLevels(), given.getCompareLevels(),
      given.getScalarBelow(), given.getRowWalk());
}

//===----------------------------------------------------------------------===//
// Candidates for --tune
//===----------------------------------------------------------------------===//

namespace {
/// Collects candidate schedules in order, without duplicates, keeping only
/// those whose tiles divide the runtime's row alignment and whose blocks
/// fit the stack (the constraints selectSchedule meets by construction).
class CandidateSet {
public:
  CandidateSet(TargetAttr target, const ModelStatistics &model)
      : target(target), model(model) {}

  /// A tree schedule; `blockRows` 0 takes chooseBlockRows' for the tile,
  /// shrunk to whole tiles whose compare_levels copy fits the stack. One
  /// given with a copy that would not fit is left out (the kernel lowering
  /// rejects it).
  void addTrees(TraversalStrategy strategy, int64_t lanes, int64_t interleave,
                int64_t blockRows = 0, int64_t registerLevels = 0,
                int64_t compareLevels = 0, int64_t scalarBelow = 0) {
    if (interleave < 1)
      return;
    int64_t tile = lanes > 0 ? lanes * interleave : interleave;
    if (HW_KERNEL_ROW_ALIGNMENT % tile != 0)
      return;
    if (strategy != TraversalStrategy::vector_register_top ||
        model.maxDepth <= registerLevels)
      scalarBelow = 0;
    if (scalarBelow > 0 && tile % scalarBelow != 0)
      return;
    bool autoBlock = blockRows == 0;
    if (autoBlock)
      blockRows = chooseBlockRows(target, tile, model.numOutputs);
    if (blockRows < tile || blockRows % tile != 0)
      return;
    // The raw-score scratch stays on the stack (unless one tile is wider).
    if (blockRows > tile &&
        blockRows * std::max<int64_t>(model.numOutputs, 1) > kMaxStackScratch)
      return;
    if (strategy == TraversalStrategy::vector_register_top) {
      if (registerLevels < 1 || registerLevels > 8)
        return;
      compareLevels = std::min<int64_t>({compareLevels, registerLevels, 4});
      // Wide rows: the largest block of whole tiles whose copy fits, as
      // selectSchedule shrinks its own.
      while (autoBlock && compareLevels > 0 && blockRows > tile &&
             featureMajorBlockBytes(blockRows, model.numFeatures,
                                    model.featureMajorCopies) >
                 kMaxFeatureMajorBlockBytes)
        blockRows -= tile;
      if (compareLevels > 0 &&
          featureMajorBlockBytes(blockRows, model.numFeatures,
                                 model.featureMajorCopies) >
              kMaxFeatureMajorBlockBytes)
        return;
    } else {
      registerLevels = compareLevels = 0;
    }
    // Walk steps read compact records where the cost model would use
    // them (unrolled trees step only in the rows no tile covers, as scalar
    // walks).
    RowWalk rowWalk = chooseRowWalk(target, model, strategy, lanes);
    NodeLayout layout = chooseNodeLayout(
        model, strategy == TraversalStrategy::unrolled ? 0 : lanes,
        registerLevels, scalarBelow, rowWalk);
    int64_t treeGroup = chooseTreeGroup(target, model, strategy);
    add(ScheduleAttr::get(target.getContext(), strategy, lanes, interleave,
                          treeGroup, blockRows, LoopOrder::tree_outer, layout,
                          chooseTreeOrder(model, treeGroup), registerLevels,
                          compareLevels, scalarBelow, rowWalk));
  }

  void addLinear(int64_t lanes, int64_t interleave) {
    if (interleave < 1 || lanes < 0)
      return;
    int64_t tile = lanes > 0 ? lanes * interleave : interleave;
    if (HW_KERNEL_ROW_ALIGNMENT % tile != 0)
      return;
    add(ScheduleAttr::get(
        target.getContext(), TraversalStrategy::linear_row_tiles, lanes,
        interleave, /*treeGroup (no trees)=*/kRowTreeGroup,
        /*blockRows=*/0, LoopOrder::tree_outer, NodeLayout::records16,
        TreeOrder::model, 0, 0, 0, RowWalk::tree_lanes));
  }

  void add(ScheduleAttr schedule) {
    if (!llvm::is_contained(schedules, schedule))
      schedules.push_back(schedule);
  }

  llvm::SmallVector<ScheduleAttr> take() { return std::move(schedules); }

private:
  TargetAttr target;
  const ModelStatistics &model;
  llvm::SmallVector<ScheduleAttr> schedules;
};
} // namespace

llvm::SmallVector<ScheduleAttr>
hardwood::enumerateCandidateSchedules(TargetAttr target,
                                      const ModelStatistics &model) {
  ScheduleAttr chosen = selectSchedule(target, model);
  CandidateSet set(target, model);
  set.add(chosen);
  int64_t interleave = chosen.getInterleave();
  if (model.isLinear) {
    // Rows in the lanes of full and half-width vectors (one output: 1-8
    // vectors per tile; several: 1 or 2), or rows per tile. Beyond
    // kMaxLinearVectorOutputs the kernel takes one row at a time whatever
    // the schedule says: nothing to vary.
    if (model.numOutputs > kMaxLinearVectorOutputs)
      return set.take();
    int64_t lanes = target.getVectorBits() / (model.isFloat32 ? 32 : 64);
    for (int64_t l : {lanes, lanes / 2}) {
      if (l < 2)
        continue;
      if (model.numOutputs == 1)
        for (int64_t i : {1, 2, 4, 8})
          set.addLinear(l, i);
      else
        for (int64_t i : {1, 2})
          set.addLinear(l, i);
    }
    for (int64_t i : {1, 2, 4, 8, 16})
      set.addLinear(0, i);
    return set.take();
  }

  // The other strategies, each with the cost model's parameters for it.
  int64_t scalarInterleave = target.getScalarInterleave();
  for (int64_t i :
       {scalarInterleave, scalarInterleave * 2, scalarInterleave * 4})
    set.addTrees(TraversalStrategy::scalar_interleaved, 0, i);
  int64_t lanes = target.getVectorBits() / 32;
  int64_t vectorInterleave = target.getVectorInterleave();
  if (target.hasGather())
    for (int64_t i :
         {vectorInterleave, vectorInterleave / 2, vectorInterleave * 2})
      set.addTrees(TraversalStrategy::vector_gather, lanes, i);
  bool registerTopLegal = hasRegisterImages(target) && model.isFloat32;
  if (registerTopLegal &&
      chosen.getStrategy() != TraversalStrategy::vector_register_top) {
    int64_t levels = std::clamp<int64_t>(model.maxDepth, 1, 6);
    set.addTrees(TraversalStrategy::vector_register_top, lanes,
                 vectorInterleave, 0, levels, std::min<int64_t>(levels, 3));
  }

  // Unrolled trees where the code stays bounded (twice the cost model's
  // own limit), in full and half vectors.
  if (target.hasGather() &&
      model.internalNodes <= 2 * kMaxUnrolledNodesChosen &&
      !model.hasLinearLeaves)
    for (int64_t i : {1, 2})
      for (int64_t l : {lanes, lanes / 2})
        if (l >= 2)
          set.addTrees(TraversalStrategy::unrolled, l, i);

  // The cost model's choice, one parameter changed at a time; the node
  // layout first.
  if (chosen.getNodeLayout() == NodeLayout::compact8)
    set.add(ScheduleAttr::get(
        target.getContext(), chosen.getStrategy(), chosen.getVectorLanes(),
        chosen.getInterleave(), chosen.getTreeGroup(), chosen.getBlockRows(),
        chosen.getLoopOrder(), NodeLayout::records16, chosen.getTreeOrder(),
        chosen.getRegisterLevels(), chosen.getCompareLevels(),
        chosen.getScalarBelow(), chosen.getRowWalk()));
  TraversalStrategy strategy = chosen.getStrategy();
  int64_t chosenLanes = chosen.getVectorLanes();
  int64_t blockRows = chosen.getBlockRows();
  int64_t registerLevels = chosen.getRegisterLevels();
  int64_t compareLevels = chosen.getCompareLevels();
  int64_t scalarBelow = chosen.getScalarBelow();
  for (int64_t i : {interleave / 4, interleave / 2, interleave * 2})
    set.addTrees(strategy, chosenLanes, i, 0, registerLevels, compareLevels,
                 scalarBelow);
  for (int64_t rows : {blockRows / 2, blockRows * 2})
    set.addTrees(strategy, chosenLanes, interleave, rows, registerLevels,
                 compareLevels, scalarBelow);
  if (strategy == TraversalStrategy::vector_register_top) {
    // Fewer levels in registers (more below, walked with gathers); more
    // only while the trees are deeper than the registers hold.
    for (int64_t l = registerLevels - 2; l <= registerLevels + 1; ++l)
      if (l != registerLevels && l >= 1 &&
          (l < registerLevels || l <= model.maxDepth))
        set.addTrees(strategy, chosenLanes, interleave, blockRows, l,
                     std::min(compareLevels, l), scalarBelow);
    for (int64_t c = 0; c <= std::min<int64_t>(registerLevels, 4); ++c)
      set.addTrees(strategy, chosenLanes, interleave, blockRows, registerLevels,
                   c, scalarBelow);
    // One-tile blocks: a smaller feature-major copy (it shares L1 with the
    // level images), with the chosen and with 3 compare levels.
    for (int64_t c : {compareLevels, std::min<int64_t>(registerLevels, 3)})
      set.addTrees(strategy, chosenLanes, interleave, chosenLanes * interleave,
                   registerLevels, c, scalarBelow);
    // Below the registers: vector steps, and scalar chains of 8 to 32 rows
    // (addTrees drops them where every tree ends within the registers).
    for (int64_t k : {0, 8, 16, 32})
      set.addTrees(strategy, chosenLanes, interleave, blockRows, registerLevels,
                   compareLevels, isNeonTarget(target) ? 0 : k);
  }
  return set.take();
}

std::string hardwood::explainSchedule(TargetAttr target,
                                      const ModelStatistics &model) {
  ScheduleAttr schedule = selectSchedule(target, model);
  std::string text;
  llvm::raw_string_ostream os(text);
  bool x86 = isX86Target(target);
  switch (schedule.getStrategy()) {
  case TraversalStrategy::linear_row_tiles:
    if (schedule.getVectorLanes() > 0) {
      os << "linear model, " << model.numOutputs
         << (model.numOutputs == 1 ? " output" : " outputs")
         << ": rows are the " << schedule.getVectorLanes() << " lanes of "
         << schedule.getVectorLanes() * (model.isFloat32 ? 32 : 64)
         << "-bit vectors"
         << (isZnver4(target) &&
                     schedule.getVectorLanes() * (model.isFloat32 ? 32 : 64) <
                         target.getVectorBits()
                 ? " (znver4 splits 512-bit instructions in halves: 256-bit "
                   "ones measured faster)"
                 : "")
         << ", " << schedule.getInterleave()
         << (schedule.getInterleave() == 1 ? " vector" : " vectors")
         << " in lockstep (dot products and transform in vector "
            "code, each row summed in feature order)";
      return text;
    }
    os << "linear model: rows in tiles of " << schedule.getInterleave()
       << (model.numOutputs > kMaxLinearVectorOutputs
               ? " (more than 32 outputs: one dot product per output)"
           : model.numOutputs == 1
               ? " (one output, rows of at least 1024 features: one "
                 "accumulator chain per row, each row read contiguously)"
               : " (each row's outputs fill a vector accumulator)");
    return text;
  case TraversalStrategy::scalar_interleaved:
    if (target.hasGather())
      os << "float64 trees that route NaN only by default direction, on "
            "znver5: "
         << schedule.getInterleave()
         << " interleaved scalar walks per tile (measured faster than "
            "gathering records, thresholds and inputs)";
    else
      os << "no hardware gathers (" << target.getTriple().getValue() << ", cpu "
         << target.getCpu().getValue() << "): " << schedule.getInterleave()
         << " interleaved scalar walks per tile";
    if (isNeonTarget(target) && model.isFloat32 &&
        model.maxDepth > kNeonRegisterLevels)
      os << " (NEON walks trees of depth <= " << kNeonRegisterLevels
         << "; below that its lanes would be loaded one by one)";
    break;
  case TraversalStrategy::vector_gather:
    os << "hardware gathers: rows are the " << schedule.getVectorLanes()
       << " lanes of " << target.getVectorBits() << "-bit vectors, "
       << schedule.getInterleave() << " vectors in lockstep";
    if (!model.isFloat32 && schedule.getVectorLanes() >= 16)
      os << " (float64 thresholds: a step gathers two registers of them per "
            "vector of rows)";
    if (!model.isFloat32)
      os << "; float64 thresholds live in their own table, so the top "
            "levels cannot be held in registers";
    else if (!x86 || !target.hasPermute())
      os << "; no one-instruction permute for the top levels";
    break;
  case TraversalStrategy::unrolled:
    os << "small model (" << model.internalNodes
       << " split nodes): each tree is straight-line code over constants, "
          "rows are the "
       << schedule.getVectorLanes() << " lanes of " << target.getVectorBits()
       << "-bit vectors, " << schedule.getInterleave()
       << (schedule.getInterleave() == 1 ? " vector" : " vectors")
       << " per tile; every split compares a contiguous vector of a "
          "feature-major copy of the tile, no node tables";
    break;
  case TraversalStrategy::vector_register_top:
    if (isNeonTarget(target)) {
      os << "NEON, float32 model of depth <= " << kNeonRegisterLevels
         << ": rows are the 4 lanes of 128-bit vectors, "
         << schedule.getInterleave() << " vectors in lockstep; the first "
         << schedule.getCompareLevels()
         << " levels decided by contiguous compares on a feature-major copy "
            "of the block";
      if (schedule.getRegisterLevels() > schedule.getCompareLevels())
        os << ", the next "
           << schedule.getRegisterLevels() - schedule.getCompareLevels()
           << " selected from registers with tbl (one load per lane for the "
              "input)";
      os << ", one load per lane for the leaf value";
      break;
    }
    os << "hardware gathers and permutes, float32 model: rows are the "
       << schedule.getVectorLanes() << " lanes of " << target.getVectorBits()
       << "-bit vectors, " << schedule.getInterleave()
       << " vectors in lockstep; the top " << schedule.getRegisterLevels()
       << " levels of each tree are held in registers";
    if (schedule.getCompareLevels() > 0)
      os << ", the first " << schedule.getCompareLevels()
         << " decided by contiguous compares on a feature-major copy of the "
            "block (no gathers)";
    else
      os << " (rows of " << model.numFeatures
         << " features are too wide for a feature-major copy of the block)";
    if (model.maxDepth <= schedule.getRegisterLevels())
      os << "; every tree ends within them: one leaf-value gather per tree, "
            "and one-tile blocks";
    else if (schedule.getScalarBelow() > 0)
      os << "; below them, " << schedule.getScalarBelow()
         << " rows at a time walk on as scalar chains with conditional moves "
            "(on AMD a gathered element costs about a cycle, a scalar load a "
            "third of one)";
    break;
  }
  if (schedule.getBlockRows() > target.getMaxBlockRows() &&
      schedule.getScalarBelow() > 0 && schedule.getCompareLevels() > 0)
    os << "; blocks of " << schedule.getBlockRows() << " rows (twice "
       << target.getMaxBlockRows()
       << ": the scalar chains reuse each tree's records across the block, "
          "and "
       << (model.featureMajorCopies == 1
               ? "one feature-major copy (every split sends NaN the same way)"
               : "two feature-major copies")
       << " of "
       << featureMajorBlockBytes(schedule.getBlockRows(), model.numFeatures,
                                 model.featureMajorCopies)
       << " bytes in all, within the " << target.getL1Bytes() << "-byte L1)";
  else
    os << "; blocks of " << schedule.getBlockRows() << " rows (at most "
       << target.getMaxBlockRows() << ", and rows x " << model.numOutputs
       << " outputs within the " << kMaxStackScratch
       << "-double stack scratch)";
  if (schedule.getRowWalk() == RowWalk::chains)
    os << "; single rows walk " << schedule.getTreeGroup()
       << " trees at a time as scalar chains"
       << (isZnver4(target) ? " (trees in vector lanes measured slower on "
                              "znver4)"
                            : "");
  if (schedule.getTreeGroup() == kWideRowTreeGroup)
    os << "; single rows walk " << kWideRowTreeGroup
       << " trees in lockstep (more load chains in flight, measured on "
          "znver5)";
  if (schedule.getTreeOrder() == TreeOrder::depth) {
    TreeWalkOrder order =
        orderTreesByDepth(model.treeDepths, schedule.getTreeGroup());
    os << "; single rows walk the trees grouped by depth ("
       << order.orderedSteps << " instead of " << order.modelOrderSteps
       << " lockstep steps per row; leaves still added in model order)";
  }
  if (schedule.getNodeLayout() == NodeLayout::compact8)
    os << "; walk steps read 8-byte node records (left child next, the right "
          "child's offset beside the feature)";
  else if (model.maxDepth > schedule.getRegisterLevels() &&
           !compactRecordsFit(model.numFeatures, model.maxTreeNodes - 1))
    os << "; 16-byte node records (a tree of " << model.maxTreeNodes
       << " nodes needs right-child offsets wider than the compact records "
          "hold beside "
       << model.numFeatures << " features)";
  return text;
}
