//===- ScheduleSelectionTest.cpp - The cost model's rules per target ------===//
//
// Properties of every schedule the selector makes for every target and a
// range of model shapes: it verifies, its tiles divide the runtime's row
// alignment (so thread count never changes which rows share a tile), its
// blocks fit the stack scratch, and its strategy matches the target facts.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Passes/ScheduleSelection.h"

#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/Driver/TargetAttribute.h"
#include "hardwood/model_abi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>
#include <set>

using namespace mlir;
using namespace hardwood;

namespace {

TargetAttr attrOf(MLIRContext &context,
                  llvm::Expected<::hardwood::TargetDescription> description,
                  const std::string &what) {
  EXPECT_TRUE(static_cast<bool>(description)) << what;
  if (!description) {
    llvm::consumeError(description.takeError());
    return getDefaultTarget(&context);
  }
  return ::hardwood::buildTargetAttr(context, *description);
}

/// The named target (`--target NAME`).
TargetAttr namedTarget(MLIRContext &context, const std::string &name) {
  return attrOf(context, ::hardwood::lookupTarget(name), name);
}

/// The target of `--mtriple TRIPLE --mcpu CPU`.
TargetAttr cpuTarget(MLIRContext &context, const char *triple,
                     const char *cpu) {
  ::hardwood::TargetSelection selection;
  selection.cpu = cpu;
  selection.triple = triple;
  return attrOf(context, ::hardwood::resolveTarget(selection), cpu);
}

/// Float32 trees over 28 features.
ModelStatistics float32Trees(int64_t trees, int64_t depth,
                             int64_t internalNodes) {
  ModelStatistics model;
  model.isFloat32 = true;
  model.numFeatures = 28;
  model.numTrees = trees;
  model.maxDepth = depth;
  model.internalNodes = internalNodes;
  return model;
}

TraversalStrategy strategyOf(TargetAttr target, const ModelStatistics &model) {
  return selectSchedule(target, model).getStrategy();
}

/// `model` with one of its bool facts set.
ModelStatistics with(ModelStatistics model, bool ModelStatistics::*fact) {
  model.*fact = true;
  return model;
}

TEST(ScheduleSelectionTest, EveryTargetAndModelShapeGetsAConsistentSchedule) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  for (const std::string &name : ::hardwood::knownTargetNames()) {
    llvm::Expected<::hardwood::TargetDescription> description =
        ::hardwood::lookupTarget(name);
    ASSERT_TRUE(static_cast<bool>(description)) << name;
    TargetAttr target = ::hardwood::buildTargetAttr(context, *description);
    for (bool linear : {false, true}) {
      for (bool float32 : {true, false}) {
        for (int64_t outputs : {1, 2, 3, 7, 26, 33, 100, 1000, 9000}) {
          ModelStatistics model;
          model.isLinear = linear;
          model.isFloat32 = float32;
          model.numOutputs = outputs;
          model.numTrees = linear ? 0 : 100;
          // 100 complete depth-6 trees: too big for unrolled code.
          model.internalNodes = linear ? 0 : 100 * 63;
          ScheduleAttr schedule = selectSchedule(target, model);
          std::string where = name + (linear ? " linear" : " trees") +
                              (float32 ? " f32 " : " f64 ") +
                              std::to_string(outputs) + " outputs";
          auto diagnose = [&] {
            return mlir::emitError(UnknownLoc::get(&context));
          };
          EXPECT_TRUE(succeeded(ScheduleAttr::verify(
              diagnose, schedule.getStrategy(), schedule.getVectorLanes(),
              schedule.getInterleave(), schedule.getTreeGroup(),
              schedule.getBlockRows(), schedule.getLoopOrder(),
              schedule.getNodeLayout(), schedule.getTreeOrder(),
              schedule.getRegisterLevels(), schedule.getCompareLevels(),
              schedule.getScalarBelow(), schedule.getRowWalk())))
              << where;
          EXPECT_EQ(HW_KERNEL_ROW_ALIGNMENT % schedule.getTileRows(), 0)
              << where;
          if (linear) {
            EXPECT_EQ(schedule.getStrategy(),
                      TraversalStrategy::linear_row_tiles)
                << where;
            continue;
          }
          int64_t tile = schedule.getTileRows();
          EXPECT_GE(schedule.getBlockRows(), tile) << where;
          EXPECT_LE(schedule.getBlockRows(), target.getMaxBlockRows()) << where;
          // The scratch fits the stack unless even one tile does not.
          if (tile * outputs <= kMaxStackScratch)
            EXPECT_LE(schedule.getBlockRows() * outputs, kMaxStackScratch)
                << where;
          bool vector = schedule.getVectorLanes() > 0;
          // AArch64 NEON walks float32 trees (depth 0 here) in vectors
          // without gathers (NeonRegisterTopWalk.cpp).
          bool aarch64 =
              StringRef(target.getTriple().getValue()).starts_with("aarch64");
          bool neon = aarch64 && target.hasPermute() && float32;
          // On znver5, float64 trees with plain NaN routing walk as
          // scalar chains (ScheduleSelection.cpp).
          bool scalarFloat64 =
              !float32 && target.getCpu().getValue() == "znver5";
          EXPECT_EQ(vector, (target.hasGather() && !scalarFloat64) || neon)
              << where;
          if (vector)
            EXPECT_EQ(schedule.getVectorLanes() * 32, target.getVectorBits())
                << where;
          bool registerTop =
              schedule.getStrategy() == TraversalStrategy::vector_register_top;
          EXPECT_EQ(registerTop,
                    vector && float32 && target.hasPermute() &&
                        (aarch64 || StringRef(target.getTriple().getValue())
                                        .starts_with("x86_64")))
              << where;
        }
      }
    }
  }
}

// AArch64: NEON for float32 trees of depth <= 6 (every level in registers,
// up to 4 compare levels), the catalog's vector interleave per CPU (8 on
// Neoverse V1), scalar walks for deeper trees and float64 models.
TEST(ScheduleSelectionTest, NeonForShallowFloat32TreesOnAArch64) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  auto targetFor = [&](const char *cpu) {
    return cpuTarget(context, "aarch64-linux-gnu", cpu);
  };
  ModelStatistics model;
  model.isFloat32 = true;
  model.numTrees = 100;
  model.numFeatures = 28;
  for (int64_t depth = 1; depth <= 8; ++depth) {
    model.maxDepth = depth;
    for (const char *cpu : {"generic", "neoverse-n1", "neoverse-v1"}) {
      ScheduleAttr schedule = selectSchedule(targetFor(cpu), model);
      std::string where = std::string(cpu) + " depth " + std::to_string(depth);
      if (depth > 6) {
        EXPECT_EQ(schedule.getStrategy(), TraversalStrategy::scalar_interleaved)
            << where;
        continue;
      }
      EXPECT_EQ(schedule.getStrategy(), TraversalStrategy::vector_register_top)
          << where;
      EXPECT_EQ(schedule.getVectorLanes(), 4) << where;
      EXPECT_EQ(schedule.getInterleave(),
                StringRef(cpu) == "neoverse-v1" ? 8 : 4)
          << where;
      EXPECT_EQ(schedule.getRegisterLevels(), depth) << where;
      EXPECT_EQ(schedule.getCompareLevels(), std::min<int64_t>(depth, 4))
          << where;
    }
  }
  model.maxDepth = 6;
  model.isFloat32 = false;
  EXPECT_EQ(selectSchedule(targetFor("neoverse-n1"), model).getStrategy(),
            TraversalStrategy::scalar_interleaved);
}

TEST(ScheduleSelectionTest, ExplicitScheduleIsKeptAndOnlyBlockRowsChosen) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  TargetAttr target = getDefaultTarget(&context);
  ModelStatistics model;
  model.numOutputs = 100;
  auto given =
      ScheduleAttr::get(&context, TraversalStrategy::scalar_interleaved, 0, 16,
                        2, 0, LoopOrder::tree_outer, NodeLayout::records16,
                        TreeOrder::model, 0, 0, 0, RowWalk::tree_lanes);
  ScheduleAttr completed = completeSchedule(given, target, model);
  EXPECT_EQ(completed.getInterleave(), 16);
  EXPECT_EQ(completed.getTreeGroup(), 2);
  // 8192 doubles / 100 outputs = 81 rows, down to the 16-row tile.
  EXPECT_EQ(completed.getBlockRows(), 80);
  auto withBlocks =
      ScheduleAttr::get(&context, TraversalStrategy::scalar_interleaved, 0, 16,
                        2, 32, LoopOrder::tree_outer, NodeLayout::records16,
                        TreeOrder::model, 0, 0, 0, RowWalk::tree_lanes);
  EXPECT_EQ(completeSchedule(withBlocks, target, model), withBlocks);
}

TEST(ScheduleSelectionTest, TuneCandidatesAreLegalAndStartWithTheChoice) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  // Verifier messages are expected to stay empty; collect them for the
  // failure message instead of printing them.
  std::string diagnostics;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    diagnostics += diag.str() + "\n";
    return success();
  });
  for (const std::string &name : ::hardwood::knownTargetNames()) {
    llvm::Expected<::hardwood::TargetDescription> description =
        ::hardwood::lookupTarget(name);
    ASSERT_TRUE(static_cast<bool>(description)) << name;
    TargetAttr target = ::hardwood::buildTargetAttr(context, *description);
    bool x86 = StringRef(target.getTriple().getValue()).starts_with("x86_64");
    for (bool linear : {false, true})
      for (bool float32 : {true, false})
        for (int64_t outputs : {1, 2, 7, 26, 33, 1000})
          for (int64_t features : {4, 28, 90, 2000})
            for (int64_t depth : {1, 3, 6, 8, 12, 30})
              for (int64_t copies : {1, 2}) {
                if (linear && (depth != 1 || copies != 1))
                  continue;
                ModelStatistics model;
                model.featureMajorCopies = copies;
                model.isLinear = linear;
                model.isFloat32 = float32;
                model.numOutputs = outputs;
                model.numFeatures = features;
                model.numTrees = linear ? 0 : 100;
                model.maxDepth = linear ? 0 : depth;
                std::string where = name + (linear ? " linear" : " trees") +
                                    (float32 ? " f32 " : " f64 ") +
                                    std::to_string(outputs) + " outputs " +
                                    std::to_string(features) +
                                    " features depth " + std::to_string(depth) +
                                    " copies " + std::to_string(copies);
                llvm::SmallVector<ScheduleAttr> candidates =
                    enumerateCandidateSchedules(target, model);
                ASSERT_FALSE(candidates.empty()) << where;
                EXPECT_EQ(candidates.front(), selectSchedule(target, model))
                    << where;
                // Something to choose from, except for linear models too
                // wide for any other tile.
                if (!linear || outputs <= kMaxLinearVectorOutputs)
                  EXPECT_GT(candidates.size(), 1u) << where;
                for (auto [i, schedule] : llvm::enumerate(candidates)) {
                  std::string which = where + ": " + std::to_string(i);
                  for (size_t j = 0; j < i; ++j)
                    EXPECT_NE(candidates[j], schedule) << which << " repeats";
                  auto diagnose = [&] {
                    return mlir::emitError(UnknownLoc::get(&context));
                  };
                  EXPECT_TRUE(succeeded(ScheduleAttr::verify(
                      diagnose, schedule.getStrategy(),
                      schedule.getVectorLanes(), schedule.getInterleave(),
                      schedule.getTreeGroup(), schedule.getBlockRows(),
                      schedule.getLoopOrder(), schedule.getNodeLayout(),
                      schedule.getTreeOrder(), schedule.getRegisterLevels(),
                      schedule.getCompareLevels(), schedule.getScalarBelow(),
                      schedule.getRowWalk())))
                      << which << ": " << diagnostics;
                  EXPECT_EQ(HW_KERNEL_ROW_ALIGNMENT % schedule.getTileRows(), 0)
                      << which;
                  EXPECT_EQ(schedule.getStrategy() ==
                                TraversalStrategy::linear_row_tiles,
                            linear)
                      << which;
                  if (linear)
                    continue;
                  // What the kernel lowering accepts (LowerToKernels.cpp) and
                  // what the target has.
                  int64_t tile = schedule.getTileRows();
                  EXPECT_GE(schedule.getBlockRows(), tile) << which;
                  if (tile * outputs <= kMaxStackScratch)
                    EXPECT_LE(schedule.getBlockRows() * outputs,
                              kMaxStackScratch)
                        << which;
                  // NEON has no gather; its walk selects levels with tbl.
                  bool neon = !x86 && target.hasPermute();
                  if (schedule.getVectorLanes() > 0)
                    EXPECT_TRUE(target.hasGather() || neon) << which;
                  if (schedule.getStrategy() ==
                      TraversalStrategy::vector_register_top) {
                    EXPECT_TRUE(float32 && target.hasPermute() &&
                                (x86 || schedule.getVectorLanes() == 4))
                        << which;
                    EXPECT_GE(schedule.getRegisterLevels(), 1) << which;
                    if (schedule.getCompareLevels() > 0)
                      EXPECT_LE(featureMajorBlockBytes(schedule.getBlockRows(),
                                                       features, copies),
                                kMaxFeatureMajorBlockBytes)
                          << which;
                  }
                }
              }
  }
}

TEST(ScheduleSelectionTest, TuneCandidatesVaryTheRegisterTopLevels) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  TargetAttr target = namedTarget(context, "x86-64-v4");
  ModelStatistics model = float32Trees(100, 6, 100 * 63);
  llvm::SmallVector<ScheduleAttr> candidates =
      enumerateCandidateSchedules(target, model);
  auto has = [&](TraversalStrategy strategy, int64_t registerLevels,
                 int64_t compareLevels) {
    return llvm::any_of(candidates, [&](ScheduleAttr s) {
      return s.getStrategy() == strategy &&
             s.getRegisterLevels() == registerLevels &&
             s.getCompareLevels() == compareLevels;
    });
  };
  EXPECT_TRUE(has(TraversalStrategy::scalar_interleaved, 0, 0));
  EXPECT_TRUE(has(TraversalStrategy::vector_gather, 0, 0));
  for (int64_t compare = 0; compare <= 4; ++compare)
    EXPECT_TRUE(has(TraversalStrategy::vector_register_top, 6, compare))
        << compare;
  EXPECT_TRUE(has(TraversalStrategy::vector_register_top, 5, 4));
  // No more levels than the trees have.
  EXPECT_FALSE(llvm::any_of(
      candidates, [](ScheduleAttr s) { return s.getRegisterLevels() > 6; }));
}

// Small float32 models on znver5 (AVX-512): every tree unrolled (measured
// there); bigger models, float64 models, categorical splits, linear leaves
// and other CPUs keep their walks. --tune lists unrolled where the code
// stays bounded.
TEST(ScheduleSelectionTest, UnrolledForSmallFloat32ModelsOnZnver5) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  TargetAttr znver5 = cpuTarget(context, "x86_64-unknown-linux-gnu", "znver5");
  ModelStatistics model = float32Trees(50, 4, 750);
  ScheduleAttr chosen = selectSchedule(znver5, model);
  EXPECT_EQ(chosen.getStrategy(), TraversalStrategy::unrolled);
  EXPECT_EQ(chosen.getVectorLanes(), 16);
  EXPECT_EQ(chosen.getInterleave(), 1);
  EXPECT_EQ(chosen.getBlockRows() % 16, 0);
  ModelStatistics big = model;
  big.internalNodes = 3073;
  EXPECT_NE(strategyOf(znver5, big), TraversalStrategy::unrolled);
  ModelStatistics wide = model;
  wide.isFloat32 = false;
  EXPECT_NE(strategyOf(znver5, wide), TraversalStrategy::unrolled);
  for (bool ModelStatistics::*fact :
       {&ModelStatistics::hasCategorical, &ModelStatistics::hasLinearLeaves})
    EXPECT_NE(strategyOf(znver5, with(model, fact)),
              TraversalStrategy::unrolled);
  for (const char *name : {"x86-64-v4", "x86-64-v3", "generic", "aarch64"})
    EXPECT_NE(strategyOf(namedTarget(context, name), model),
              TraversalStrategy::unrolled)
        << name;
  // --tune: unrolled in full and half vectors on a target that is not
  // choosing it, none beyond twice the cost model's limit.
  auto unrolledCandidates = [&](TargetAttr target, ModelStatistics stats) {
    return llvm::count_if(
        enumerateCandidateSchedules(target, stats), [](ScheduleAttr s) {
          return s.getStrategy() == TraversalStrategy::unrolled;
        });
  };
  EXPECT_GE(unrolledCandidates(namedTarget(context, "x86-64-v3"), model), 2);
  big.internalNodes = 6145;
  EXPECT_EQ(unrolledCandidates(znver5, big), 0);
}

TEST(ScheduleSelectionTest, ScalarWalksForPlainFloat64TreesOnZnver5) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  TargetAttr znver5 = cpuTarget(context, "x86_64-unknown-linux-gnu", "znver5");
  // sklearn HistGradientBoosting's shape: float64 thresholds, NaN routed by
  // the default direction only.
  ModelStatistics model = float32Trees(700, 16, 42700);
  model.isFloat32 = false;
  ScheduleAttr chosen = selectSchedule(znver5, model);
  EXPECT_EQ(chosen.getStrategy(), TraversalStrategy::scalar_interleaved);
  EXPECT_EQ(chosen.getInterleave(), 8);
  EXPECT_EQ(chosen.getNodeLayout(), NodeLayout::compact8);
  // The reason names the measurement, not a missing gather.
  std::string reason = explainSchedule(znver5, model);
  EXPECT_NE(reason.find("on znver5: 8 interleaved scalar walks per tile"),
            std::string::npos)
      << reason;
  EXPECT_EQ(reason.find("no hardware gathers"), std::string::npos) << reason;
  // LightGBM's zero snapping, zero-as-missing routing, categorical splits
  // and linear leaves keep the vectors; so do other CPUs (not measured).
  for (bool ModelStatistics::*fact :
       {&ModelStatistics::snapsToZero, &ModelStatistics::hasMissingRouting,
        &ModelStatistics::hasCategorical, &ModelStatistics::hasLinearLeaves})
    EXPECT_EQ(strategyOf(znver5, with(model, fact)),
              TraversalStrategy::vector_gather);
  for (const char *name : {"x86-64-v4", "x86-64-v3"})
    EXPECT_EQ(strategyOf(namedTarget(context, name), model),
              TraversalStrategy::vector_gather)
        << name;
  // Float32 trees are not affected.
  model.isFloat32 = true;
  EXPECT_NE(strategyOf(znver5, model), TraversalStrategy::scalar_interleaved);
}

/// Lockstep steps of one row over the whole groups of `order`.
static int64_t groupSteps(const std::vector<int32_t> &depths,
                          const std::vector<int32_t> &order, int64_t group) {
  int64_t steps = 0;
  for (size_t first = 0; first + group <= order.size(); first += group) {
    int32_t deepest = 0;
    for (int64_t lane = 0; lane < group; ++lane)
      deepest = std::max(deepest, depths[order[first + lane]]);
    steps += group * deepest;
  }
  return steps;
}

TEST(TreeOrderTest, DepthOrderSortsEachWindowStably) {
  std::mt19937 rng(7);
  std::vector<int32_t> depths;
  for (int t = 0; t < 43; ++t)
    depths.push_back(std::uniform_int_distribution<int>(1, 12)(rng));
  constexpr int64_t kGroup = 4, kWindow = 16;
  TreeWalkOrder order = orderTreesByDepth(depths, kGroup, kWindow);
  ASSERT_EQ(order.trees.size(), depths.size());
  std::vector<int32_t> modelOrder(depths.size());
  std::iota(modelOrder.begin(), modelOrder.end(), 0);
  for (size_t begin = 0; begin < order.trees.size(); begin += kWindow) {
    size_t end = std::min<size_t>(begin + kWindow, order.trees.size());
    // A window holds its own trees (its leaves are summed before the next
    // window's), by depth, ties in model order.
    std::set<int32_t> trees(order.trees.begin() + begin,
                            order.trees.begin() + end);
    EXPECT_EQ(trees.size(), end - begin);
    EXPECT_EQ(*trees.begin(), int32_t(begin));
    EXPECT_EQ(*trees.rbegin(), int32_t(end - 1));
    for (size_t i = begin + 1; i < end; ++i) {
      int32_t a = order.trees[i - 1], b = order.trees[i];
      EXPECT_TRUE(depths[a] < depths[b] || (depths[a] == depths[b] && a < b))
          << "positions " << i - 1 << ", " << i;
    }
  }
  EXPECT_EQ(order.window, kWindow);
  EXPECT_EQ(order.modelOrderSteps, groupSteps(depths, modelOrder, kGroup));
  EXPECT_EQ(order.orderedSteps, groupSteps(depths, order.trees, kGroup));
  EXPECT_LT(order.orderedSteps, order.modelOrderSteps);
  ASSERT_EQ(order.groupDepth.size(), depths.size() / kGroup);
  EXPECT_EQ(kGroup * std::accumulate(order.groupDepth.begin(),
                                     order.groupDepth.end(), int64_t(0)),
            order.orderedSteps);
  // A tree_group that does not divide the window: windows of whole groups.
  EXPECT_EQ(orderTreesByDepth(depths, 3, kWindow).window, 18);
  EXPECT_EQ(orderTreesByDepth(depths, 3).window, 66);
}

TEST(TreeOrderTest, CostModelSortsWhereItSavesASixteenth) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  ModelStatistics model;
  model.numFeatures = 8;
  model.isFloat32 = true;
  auto select = [&] {
    model.numTrees = model.treeDepths.size();
    model.maxDepth =
        *std::max_element(model.treeDepths.begin(), model.treeDepths.end());
    model.maxTreeNodes = (2 << model.maxDepth) - 1;
    return selectSchedule(getDefaultTarget(&context), model);
  };
  // One depth throughout: nothing to save.
  model.treeDepths.assign(64, 6);
  EXPECT_EQ(chooseTreeOrder(model, 8), TreeOrder::model);
  EXPECT_EQ(select().getTreeOrder(), TreeOrder::model);
  // One deeper tree in 7 of the 8 groups of 8: sorted, the 7 deep trees
  // share one group, 392 lockstep steps instead of 440 (more than 1/16).
  for (int t = 0; t < 56; t += 8)
    model.treeDepths[t] = 7;
  TreeWalkOrder order = orderTreesByDepth(model.treeDepths, 8);
  EXPECT_EQ(order.modelOrderSteps, 440);
  EXPECT_EQ(order.orderedSteps, 392);
  EXPECT_EQ(chooseTreeOrder(model, 8), TreeOrder::depth);
  EXPECT_EQ(select().getTreeOrder(), TreeOrder::depth);
  EXPECT_NE(explainSchedule(getDefaultTarget(&context), model)
                .find("grouped by depth (392 instead of 440 lockstep steps"),
            std::string::npos);
  // One deeper tree in 1 group: 8 of 392 steps, under 1/16.
  model.treeDepths.assign(64, 6);
  model.treeDepths[3] = 7;
  EXPECT_EQ(chooseTreeOrder(model, 8), TreeOrder::model);
  // Fewer trees than a group: no group walks, nothing to order.
  model.treeDepths = {1, 9, 3};
  EXPECT_EQ(chooseTreeOrder(model, 8), TreeOrder::model);
  // Linear models have no trees to order.
  ModelStatistics linear;
  linear.isLinear = true;
  EXPECT_EQ(chooseTreeOrder(linear, 8), TreeOrder::model);
}

TEST(ScheduleSelectionTest, SixteenTreesInLockstepOnZnver5) {
  MLIRContext context;
  context.loadDialect<HardwoodDialect>();
  TargetAttr znver5 = cpuTarget(context, "x86_64-unknown-linux-gnu", "znver5");
  // Deep float32 trees (vector_register_top, scalar single rows) and plain
  // float64 trees (scalar_interleaved): 16 trees of a row in lockstep.
  ModelStatistics deep = float32Trees(500, 12, 500 * 1000);
  ScheduleAttr chosen = selectSchedule(znver5, deep);
  EXPECT_EQ(chosen.getStrategy(), TraversalStrategy::vector_register_top);
  EXPECT_EQ(chosen.getTreeGroup(), 16);
  EXPECT_NE(explainSchedule(znver5, deep).find("16 trees in lockstep"),
            std::string::npos);
  ModelStatistics float64 = deep;
  float64.isFloat32 = false;
  chosen = selectSchedule(znver5, float64);
  EXPECT_EQ(chosen.getStrategy(), TraversalStrategy::scalar_interleaved);
  EXPECT_EQ(chosen.getTreeGroup(), 16);
  // Not measured, so 8: vector_gather (LightGBM's zero snapping), fewer than
  // 64 trees, other CPUs.
  EXPECT_EQ(selectSchedule(znver5, with(float64, &ModelStatistics::snapsToZero))
                .getTreeGroup(),
            8);
  EXPECT_EQ(
      selectSchedule(znver5, float32Trees(63, 12, 63 * 1000)).getTreeGroup(),
      8);
  for (const char *name : {"x86-64-v4", "x86-64-v3", "generic", "aarch64"})
    EXPECT_EQ(selectSchedule(namedTarget(context, name), deep).getTreeGroup(),
              8)
        << name;
  // --tune's candidates keep the cost model's group.
  for (ScheduleAttr candidate : enumerateCandidateSchedules(znver5, deep))
    if (candidate.getStrategy() != TraversalStrategy::vector_gather &&
        candidate.getStrategy() != TraversalStrategy::unrolled)
      EXPECT_EQ(candidate.getTreeGroup(), 16);
}

} // namespace
