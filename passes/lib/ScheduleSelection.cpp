//===- ScheduleSelection.cpp - The cost model behind schedules ------------===//

#include "hardwood/Passes/ScheduleSelection.h"
#include "NeonTarget.h"
#include "hardwood/model_abi.h"

#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir;
using namespace hardwood;

ModelStatistics ModelStatistics::of(EnsembleOp ensemble) {
  ModelStatistics stats;
  stats.numFeatures = ensemble.getNumFeatures();
  stats.numOutputs = ensemble.getNumOutputs();
  stats.leafWidth = ensemble.getLeafWidth();
  stats.isFloat32 = ensemble.getInputType().isF32();
  for (TreeOp tree : ensemble.getTrees()) {
    ++stats.numTrees;
    int64_t depth = tree.computeDepth();
    stats.maxDepth = std::max(stats.maxDepth, depth);
    if (static_cast<int64_t>(stats.depthHistogram.size()) <= depth)
      stats.depthHistogram.resize(depth + 1, 0);
    ++stats.depthHistogram[depth];
    stats.hasCategorical |= tree.getCategoricalNodes().has_value() &&
                            !tree.getCategoricalNodes()->empty();
    stats.hasLinearLeaves |= tree.isLinear();
    for (auto [node, flags] : llvm::enumerate(tree.getFlags()))
      if (!tree.isLeaf(node) && getMissingKind(flags) != MissingKind::Nan)
        stats.hasMissingRouting = true;
  }
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

/// Rows per tile of a linear kernel: one output gives each row one
/// accumulator, so 8 rows make 8 independent add chains; several outputs
/// fill vectors already and 4 rows suffice; beyond kMaxLinearVectorOutputs
/// the kernel takes one dot product per output and row.
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

/// Vector lanes of a one-output linear kernel: a row per lane, as many as
/// the target's vectors hold in the input's precision. Rows in lanes make
/// the sigmoid vector code as well as the dot product; several outputs
/// fill the lanes themselves (vectorLanes 0).
static int64_t chooseLinearLanes(TargetAttr target,
                                 const ModelStatistics &model) {
  if (model.numOutputs != 1)
    return 0;
  return target.getVectorBits() / (model.isFloat32 ? 32 : 64);
}

/// The schedule of targets without a vector walk: interleaved scalar walks.
static ScheduleAttr selectScalarSchedule(TargetAttr target,
                                         const ModelStatistics &model) {
  int64_t interleave = target.getScalarInterleave();
  return ScheduleAttr::get(
      target.getContext(), TraversalStrategy::scalar_interleaved,
      /*vectorLanes=*/0, interleave, /*treeGroup=*/interleave,
      chooseBlockRows(target, interleave, model.numOutputs),
      LoopOrder::tree_outer, NodeLayout::records16, TreeOrder::model,
      /*registerLevels=*/0, /*compareLevels=*/0);
}

ScheduleAttr hardwood::selectSchedule(TargetAttr target,
                                      const ModelStatistics &model) {
  MLIRContext *context = target.getContext();
  if (model.isLinear) {
    int64_t lanes = chooseLinearLanes(target, model);
    // With rows in lanes, 4 vectors of rows make 4 independent add chains.
    return ScheduleAttr::get(
        context, TraversalStrategy::linear_row_tiles, lanes,
        lanes > 0 ? 4 : chooseLinearTileRows(model.numOutputs),
        /*treeGroup (no trees)=*/4, /*blockRows=*/0, LoopOrder::tree_outer,
        NodeLayout::records16, TreeOrder::model, /*registerLevels=*/0,
        /*compareLevels=*/0);
  }
  // Trees: rows become vector lanes (one 32-bit node index per row across
  // the register) where the target gathers in hardware; elsewhere a gather
  // would be emulated lane by lane and interleaved scalar walks win.
  int64_t interleave = target.getScalarInterleave();
  int64_t lanes = 0, registerLevels = 0, compareLevels = 0;
  TraversalStrategy strategy = TraversalStrategy::scalar_interleaved;
  if (target.hasGather()) {
    strategy = TraversalStrategy::vector_gather;
    lanes = target.getVectorBits() / 32;
    interleave = target.getVectorInterleave();
    // With a one-instruction permute across the register (x86 vpermd), the
    // top log2(lanes) levels of every tree come from two registers: those
    // steps gather only the input instead of three node words and the
    // input. Float32 models only (their records hold the thresholds).
    bool x86 = StringRef(target.getTriple().getValue()).starts_with("x86_64");
    if (x86 && target.hasPermute() && model.isFloat32) {
      strategy = TraversalStrategy::vector_register_top;
      // Each level's image is selected with permutes (one vpermi2d per 32
      // words on AVX-512, one vpermd per 8 on AVX2, then blends), far
      // cheaper than the node gathers a step otherwise takes. Trees of
      // depth <= 8 are held whole: they end at an exit, whose leaf value is
      // one gather, and take no node-table step at all (measured on the
      // 500 x depth-8 XGBoost model: 8 levels beat 7 by 1.3-1.5x on both
      // ISAs). Deeper trees keep 7 levels (AVX-512) or 6 (AVX2): wider
      // images there cost more registers than the steps they save (a
      // depth-12 forest ran 2x slower with 8).
      bool avx512 = lanes == 16 && target.getVectorBits() >= 512;
      bool endsInRegisters = model.maxDepth <= 8;
      registerLevels = endsInRegisters ? std::max<int64_t>(model.maxDepth, 1)
                                       : (avx512 ? 7 : 6);
      // The top levels need no gather at all: every node compares one
      // contiguous vector of a feature-major copy of the block (15 nodes
      // of 4 levels cost less than 4 dependent gathers). Deeper trees keep
      // the registers for the levels below: 3 levels there.
      compareLevels =
          std::min<int64_t>(registerLevels, endsInRegisters ? 4 : 3);
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
  if (neon && featureMajorBlockBytes(blockRows, model.numFeatures) >
                  kMaxFeatureMajorBlockBytes) {
    // Every NEON level reads the feature-major copy: smaller blocks, or
    // scalar walks for rows too wide for one tile's copy.
    if (featureMajorBlockBytes(tileRows, model.numFeatures) <=
        kMaxFeatureMajorBlockBytes)
      blockRows = tileRows;
    else
      return selectScalarSchedule(target, model);
  }
  if (compareLevels > 0 &&
      featureMajorBlockBytes(blockRows, model.numFeatures) >
          kMaxFeatureMajorBlockBytes) {
    // Wide rows: smaller blocks keep the copy on the stack, else no copy.
    if (featureMajorBlockBytes(tileRows, model.numFeatures) <=
        kMaxFeatureMajorBlockBytes)
      blockRows = tileRows;
    else
      compareLevels = 0;
  }
  return ScheduleAttr::get(context, strategy, lanes, interleave,
                           /*treeGroup=*/target.getScalarInterleave(),
                           blockRows, LoopOrder::tree_outer,
                           NodeLayout::records16, TreeOrder::model,
                           registerLevels, compareLevels);
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
      given.getRegisterLevels(), given.getCompareLevels());
}

std::string hardwood::explainSchedule(TargetAttr target,
                                      const ModelStatistics &model) {
  ScheduleAttr schedule = selectSchedule(target, model);
  std::string text;
  llvm::raw_string_ostream os(text);
  bool x86 = StringRef(target.getTriple().getValue()).starts_with("x86_64");
  switch (schedule.getStrategy()) {
  case TraversalStrategy::linear_row_tiles:
    if (schedule.getVectorLanes() > 0) {
      os << "linear model, one output: rows are the "
         << schedule.getVectorLanes() << " lanes of " << target.getVectorBits()
         << "-bit vectors, " << schedule.getInterleave()
         << " vectors in lockstep (dot products and sigmoid in vector code, "
            "each row summed in feature order)";
      return text;
    }
    os << "linear model: rows in tiles of " << schedule.getInterleave()
       << (model.numOutputs > kMaxLinearVectorOutputs
               ? " (more than 32 outputs: one dot product per output)"
           : model.numOutputs == 1
               ? " (one output: independent accumulator chains)"
               : " (each row's outputs fill a vector accumulator)");
    return text;
  case TraversalStrategy::scalar_interleaved:
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
    if (!model.isFloat32)
      os << "; float64 thresholds live in their own table, so the top "
            "levels cannot be held in registers";
    else if (!x86 || !target.hasPermute())
      os << "; no one-instruction permute for the top levels";
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
      os << "; every tree ends within them: one leaf-value gather per tree";
    break;
  }
  os << "; blocks of " << schedule.getBlockRows() << " rows (at most "
     << target.getMaxBlockRows() << ", and rows x " << model.numOutputs
     << " outputs within the " << kMaxStackScratch << "-double stack scratch)";
  return text;
}
