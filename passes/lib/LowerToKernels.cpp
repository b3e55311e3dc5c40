//===- LowerToKernels.cpp - Model ops to node tables and kernels ----------===//
//
// Lowers each model op as its #hardwood.schedule says: an ensemble through
// EnsembleKernel with the schedule's traversal strategy, a linear model
// through LinearKernel. The pass checks legality at the end: no hardwood
// op survives it.
//
//===----------------------------------------------------------------------===//

#include "EnsembleKernel.h"
#include "LinearKernel.h"
#include "NeonTarget.h"
#include "WalkStrategy.h"
#include "hardwood/Passes/Float32Rows.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "llvm/ADT/ScopeExit.h"

namespace hardwood {
#define GEN_PASS_DEF_LOWERTOKERNELS
#include "hardwood/Passes/Passes.h.inc"
} // namespace hardwood

using namespace mlir;
using namespace hardwood;

/// vector_register_top on NEON: 4 float32 lanes, images tbl reaches, and
/// the feature-major copy of the block every level reads.
static FailureOr<std::unique_ptr<WalkStrategy>>
createNeonStrategy(ScheduleAttr schedule, EnsembleOp ensemble) {
  if (schedule.getVectorLanes() != 4)
    return ensemble.emitOpError()
           << "strategy vector_register_top on NEON needs vector_lanes = 4 "
              "(float32 lanes of a q register), not "
           << schedule.getVectorLanes();
  if (schedule.getScalarBelow() != 0)
    return ensemble.emitOpError()
           << "scalar_below " << schedule.getScalarBelow()
           << " on NEON: its walk always goes on below the register levels as "
              "scalar chains of the whole tile; use scalar_below = 0";
  if (schedule.getRegisterLevels() > kMaxNeonRegisterLevels)
    return ensemble.emitOpError()
           << "register_levels " << schedule.getRegisterLevels()
           << " on NEON: tbl reaches images of at most " << kMaxNeonTableWords
           << " words, register_levels <= " << kMaxNeonRegisterLevels;
  int64_t copies = featureMajorCopies(ensemble);
  int64_t bytes = featureMajorBlockBytes(schedule.getBlockRows(),
                                         ensemble.getNumFeatures(), copies);
  if (bytes > kMaxFeatureMajorBlockBytes)
    return ensemble.emitOpError()
           << "vector_register_top on NEON reads " << copies
           << " feature-major copies of block_rows (" << schedule.getBlockRows()
           << ") x num_features (" << ensemble.getNumFeatures()
           << ") float32 values on the stack, " << bytes << " bytes, more than "
           << kMaxFeatureMajorBlockBytes
           << "; lower block_rows or use scalar_interleaved";
  return createNeonRegisterTopStrategy();
}

FailureOr<std::unique_ptr<WalkStrategy>>
hardwood::createWalkStrategy(ScheduleAttr schedule, Operation *op) {
  if (schedule.getNodeLayout() == NodeLayout::compact8) {
    auto ensemble = cast<EnsembleOp>(op);
    int64_t maxTreeNodes = 0;
    for (TreeOp tree : ensemble.getTrees())
      maxTreeNodes = std::max<int64_t>(maxTreeNodes, tree.getNumNodes());
    // A right child's offset is below its tree's node count.
    if (!compactRecordsFit(ensemble.getNumFeatures(), maxTreeNodes - 1))
      return op->emitOpError()
             << "node_layout compact8 holds right-child offsets below 2^"
             << kInfoFlagsShift - compactFeatureBits(ensemble.getNumFeatures())
             << " beside " << ensemble.getNumFeatures()
             << " features, but a tree has " << maxTreeNodes
             << " nodes; use node_layout = records16";
  }
  switch (schedule.getStrategy()) {
  case TraversalStrategy::scalar_interleaved:
    return createScalarInterleavedStrategy();
  case TraversalStrategy::vector_gather:
    return createVectorGatherStrategy();
  case TraversalStrategy::vector_register_top:
    // The registers hold float32 thresholds in the aux words.
    if (!cast<EnsembleOp>(op).getInputType().isF32())
      return op->emitOpError() << "strategy vector_register_top needs float32 "
                                  "input; use vector_gather";
    if (isNeonTarget(TargetAttr::lookup(op->getParentOfType<ModuleOp>())))
      return createNeonStrategy(schedule, cast<EnsembleOp>(op));
    if (schedule.getCompareLevels() > 0) {
      auto ensemble = cast<EnsembleOp>(op);
      int64_t copies = featureMajorCopies(ensemble);
      int64_t bytes = featureMajorBlockBytes(schedule.getBlockRows(),
                                             ensemble.getNumFeatures(), copies);
      if (bytes > kMaxFeatureMajorBlockBytes)
        return op->emitOpError()
               << "compare_levels needs " << copies
               << " feature-major copies of block_rows ("
               << schedule.getBlockRows() << ") x num_features ("
               << ensemble.getNumFeatures() << ") float32 values on the stack, "
               << bytes << " bytes, more than " << kMaxFeatureMajorBlockBytes
               << "; lower block_rows or set compare_levels = 0";
    }
    return createVectorRegisterTopStrategy();
  case TraversalStrategy::unrolled: {
    auto ensemble = cast<EnsembleOp>(op);
    int64_t internalNodes = ModelStatistics::of(ensemble).internalNodes;
    if (internalNodes > kMaxUnrolledNodes)
      return op->emitOpError()
             << "strategy unrolled emits straight-line code per split node, "
                "and this model has "
             << internalNodes << " of them, more than " << kMaxUnrolledNodes
             << "; use a tree-walk strategy";
    if (llvm::any_of(ensemble.getTrees(),
                     [](TreeOp tree) { return tree.isLinear(); }))
      return op->emitOpError() << "strategy unrolled does not evaluate linear "
                                  "leaves; use a tree-walk strategy";
    return createUnrolledStrategy();
  }
  case TraversalStrategy::linear_row_tiles:
    break;
  }
  return op->emitOpError() << "strategy "
                           << stringifyTraversalStrategy(schedule.getStrategy())
                           << " does not walk trees";
}

static ScoreModel makeScoreModel(Operation *op, StringRef name, Task task,
                                 Transform transform, unsigned numOutputs,
                                 std::optional<APFloat> scale,
                                 std::optional<ArrayAttr> classes,
                                 Type inputType) {
  ScoreModel model;
  model.name = name.str();
  model.task = task;
  model.transform = transform;
  model.numOutputs = numOutputs;
  if (scale)
    model.transformScale = scale->convertToDouble();
  model.valueType = cast<FloatType>(inputType);
  if (classes) {
    model.numClasses = classes->size();
    bool numeric = true;
    for (Attribute label : *classes) {
      if (auto i = dyn_cast<IntegerAttr>(label))
        model.classLabels.push_back(static_cast<double>(i.getInt()));
      else if (auto f = dyn_cast<FloatAttr>(label))
        model.classLabels.push_back(f.getValueAsDouble());
      else
        numeric = false;
    }
    if (!numeric)
      model.classLabels.clear();
  }
  return model;
}

/// The op's schedule; lowering without one would silently pick a strategy
/// the target may not have.
static FailureOr<ScheduleAttr> requireSchedule(Operation *op,
                                               ScheduleAttr schedule) {
  if (!schedule)
    return op->emitOpError()
           << "has no #hardwood.schedule; run hardwood-select-schedule first";
  return schedule;
}

namespace {
struct LowerToKernelsPass
    : public hardwood::impl::LowerToKernelsBase<LowerToKernelsPass> {
  using LowerToKernelsBase::LowerToKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> models;
    for (Operation &op : *module.getBody())
      if (isa<EnsembleOp, LinearOp>(op))
        models.push_back(&op);
    if (models.size() > 1) {
      models[1]->emitOpError()
          << "a module may hold one model; found another before it";
      return signalPassFailure();
    }
    for (Operation *op : models) {
      if (auto ensemble = dyn_cast<EnsembleOp>(op)) {
        if (failed(lowerEnsemble(ensemble)))
          return signalPassFailure();
      } else if (failed(lowerLinear(cast<LinearOp>(op)))) {
        return signalPassFailure();
      }
      op->erase();
    }
    // Legality: every hardwood op is lowered (tree ops lived inside the
    // ensembles erased above).
    WalkResult leftover = module.walk([](Operation *op) {
      if (isa<HardwoodDialect>(op->getDialect())) {
        op->emitOpError() << "was not lowered to kernels";
        return WalkResult::interrupt();
      }
      return WalkResult::advance();
    });
    if (leftover.wasInterrupted())
      signalPassFailure();
  }

  LogicalResult lowerEnsemble(EnsembleOp ensemble) {
    FailureOr<ScheduleAttr> schedule =
        requireSchedule(ensemble, ensemble.getScheduleAttr());
    if (failed(schedule))
      return failure();
    ScoreModel model =
        makeScoreModel(ensemble, ensemble.getSymName(), ensemble.getTask(),
                       ensemble.getTransform(), ensemble.getNumOutputs(),
                       ensemble.getTransformScale(), ensemble.getClasses(),
                       ensemble.getInputType());
    if (auto c = ensemble.getAveragePathLength())
      model.averagePathLength = c->convertToDouble();
    if (auto offset = ensemble.getScoreOffset())
      model.scoreOffset = offset->convertToDouble();
    SmallVector<int64_t, 2> depthOrderedSteps;
    FailureOr<int64_t> numTrees =
        emitKernels(ensemble, *schedule, model, &depthOrderedSteps);
    if (failed(numTrees))
      return failure();
    if (ScheduleAttr rowsSchedule = ensemble.getFloat32RowsScheduleAttr())
      if (failed(lowerFloat32Rows(ensemble, rowsSchedule, model)))
        return failure();
    // Tree-parallel evaluation pays where the kernel walks rows one by one:
    // below a tile its rows take the single-row walks (17 against 12 ns
    // per tree walk for XGBoost 1000 x 8 on znver5), from a tile on its
    // tiles (2.5 ns), which the tree walks cannot match.
    int64_t treeParallelRows = *numTrees > 1 ? schedule->getTileRows() : 0;
    recordModelMetadata(getOperation(), model, ensemble.getNumFeatures(),
                        ensemble.getInputType(), *numTrees, "tree_ensemble",
                        treeParallelRows, depthOrderedSteps);
    return success();
  }

  /// `ensemble`'s kernel of every kind `model` supports (and leaf), walked
  /// as `schedule` says; returns the number of trees. `depthOrderedSteps`,
  /// when given, receives the steps of the depth-ordered walk (empty when
  /// the trees walk in model order).
  FailureOr<int64_t>
  emitKernels(EnsembleOp ensemble, ScheduleAttr schedule,
              const ScoreModel &model,
              SmallVectorImpl<int64_t> *depthOrderedSteps = nullptr) {
    FailureOr<std::unique_ptr<WalkStrategy>> strategy =
        createWalkStrategy(schedule, ensemble);
    if (failed(strategy))
      return failure();
    FailureOr<EnsembleTables> tables = buildEnsembleTables(ensemble);
    if (failed(tables))
      return failure();
    EnsembleKernel kernel(ensemble, *tables, model, getOperation(), schedule);
    const TreeWalkOrder &order = kernel.getWalkOrder();
    if (depthOrderedSteps && order.orderedSteps < order.modelOrderSteps)
      depthOrderedSteps->assign({order.modelOrderSteps, order.orderedSteps});
    uint32_t kinds = supportedKinds(model) | (1u << HW_KIND_LEAF);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        kernel.emit(static_cast<hw_kind>(kind), **strategy);
    // Tree-parallel evaluation of small batches (hw_walk_trees_fn): for
    // the model's own kernels (float32 rows of a float64 model are
    // widened first on that path) and ensembles of more than one tree.
    if (model.kernelSuffix.empty() && tables->root.size() > 1) {
      kernel.emitTreeRangeWalk();
      for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
        if (kinds & (1u << kind))
          kernel.emitLeafSum(static_cast<hw_kind>(kind));
    }
    return static_cast<int64_t>(tables->root.size());
  }

  /// The float32-row kernels of a float64 ensemble, from its narrowed copy
  /// (Float32Rows.h): the same kinds, outputs and leaf values, names with
  /// HW_F32_ROWS_KERNEL_SUFFIX.
  LogicalResult lowerFloat32Rows(EnsembleOp ensemble, ScheduleAttr schedule,
                                 ScoreModel model) {
    if (!hasExactFloat32RowsCopy(ensemble))
      return ensemble.emitOpError()
             << "has a float32_rows_schedule but no exact float32 copy "
                "(categorical splits, linear leaves or zero snapping)";
    EnsembleOp copy = createFloat32RowsCopy(ensemble, schedule);
    auto eraseCopy = llvm::make_scope_exit([&] { copy.erase(); });
    model.kernelSuffix = HW_F32_ROWS_KERNEL_SUFFIX;
    return failure(failed(emitKernels(copy, schedule, model)));
  }

  LogicalResult lowerLinear(LinearOp linear) {
    FailureOr<ScheduleAttr> schedule =
        requireSchedule(linear, linear.getScheduleAttr());
    if (failed(schedule))
      return failure();
    if (schedule->getStrategy() != TraversalStrategy::linear_row_tiles)
      return linear.emitOpError()
             << "strategy "
             << stringifyTraversalStrategy(schedule->getStrategy())
             << " does not evaluate linear models";
    ScoreModel model = makeScoreModel(
        linear, linear.getSymName(), linear.getTask(), linear.getTransform(),
        linear.getNumOutputs(), linear.getTransformScale(), linear.getClasses(),
        linear.getInputType());
    model.isLinear = true;
    ModuleOp module = getOperation();
    uint32_t kinds = supportedKinds(model);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        emitLinearKernel(linear, model, module, *schedule,
                         static_cast<hw_kind>(kind));
    recordModelMetadata(module, model, linear.getNumFeatures(),
                        linear.getInputType(), 0, "linear");
    return success();
  }
};
} // namespace
