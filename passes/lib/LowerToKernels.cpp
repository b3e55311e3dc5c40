//===- LowerToKernels.cpp - Model ops to node tables and kernels ----------===//
//
// Tree ensembles: rows are processed in tiles of kLanes; for each tree the
// tile's rows walk in lockstep for exactly depth[t] steps
// (node = children[2 node + !goLeft]), leaves pointing to themselves. The
// lanes' walks are independent, so their loads overlap instead of forming
// one long dependent chain. Linear models: one dot product per output.
//
//===----------------------------------------------------------------------===//

#include "EnsembleTables.h"
#include "KernelEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"

namespace mlir::hardwood {
#define GEN_PASS_DEF_LOWERTOKERNELS
#include "hardwood/Passes/Passes.h.inc"
} // namespace mlir::hardwood

using namespace mlir;
using namespace mlir::hardwood;

/// Rows walked in lockstep per tree: enough independent load chains to
/// cover the L1 latency of each step on current out-of-order cores.
static constexpr int64_t kLanes = 4;

/// Largest raw-score scratch kept on the stack (per kernel call); wider
/// models use the heap once per call.
static constexpr int64_t kMaxStackScratch = 8192;

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

namespace {

Value cIdx(ImplicitLocOpBuilder &b, int64_t v) {
  return b.create<arith::ConstantIndexOp>(v);
}
Value cI32(ImplicitLocOpBuilder &b, int32_t v) {
  return b.create<arith::ConstantIntOp>(v, 32);
}
Value cFloat(ImplicitLocOpBuilder &b, Type type, double v) {
  return b.create<arith::ConstantOp>(b.getFloatAttr(type, v));
}
Value toIndex(ImplicitLocOpBuilder &b, Value v) {
  return b.create<arith::IndexCastOp>(b.getIndexType(), v);
}
Value load(ImplicitLocOpBuilder &b, Value memref, Value index) {
  return b.create<memref::LoadOp>(memref, ValueRange{index});
}

/// Generates the kernels of one hardwood.ensemble.
class EnsembleKernelEmitter {
public:
  EnsembleKernelEmitter(EnsembleOp ensemble, const EnsembleTables &tables,
                        const ScoreModel &model, ModuleOp module)
      : ensemble(ensemble), t(tables), model(model), module(module),
        tableEmitter(module, "__hw_" + model.name) {}

  void emitKernel(hw_kind kind);

private:
  struct Tables {
    Value children, feature, threshold, flags, leafOffset, leafValues;
    Value root, depth, group, nodeBase;
    Value categoryRecord, categoryDomain, categoryWordBase, categoryOutside,
        categoryWords;
    Value classLabels;
  };
  void loadTables(ImplicitLocOpBuilder &b);
  /// One walk step of one lane; returns the next node (i32).
  Value emitStep(ImplicitLocOpBuilder &b, Value x, Value rowBase, Value node);
  Value emitCategoricalGoLeft(ImplicitLocOpBuilder &b, Value xValue,
                              Value record, Value defaultLeft);
  /// Processes rows [row0, row0 + lanes).
  void emitTile(ImplicitLocOpBuilder &b, hw_kind kind, int64_t lanes,
                Value row0, Value x, Value stride, Value out, Value scratch);

  EnsembleOp ensemble;
  const EnsembleTables &t;
  const ScoreModel &model;
  ModuleOp module;
  TableEmitter tableEmitter;
  Tables tab;
  FloatType inputType;
};

void EnsembleKernelEmitter::loadTables(ImplicitLocOpBuilder &b) {
  inputType = cast<FloatType>(ensemble.getInputType());
  TableEmitter &e = tableEmitter;
  tab.children = e.i32Table(b, "children", t.children);
  tab.feature = e.i32Table(b, "feature", t.feature);
  tab.threshold = e.floatTable(b, "threshold", inputType, t.threshold);
  tab.flags = e.i8Table(b, "flags", t.flags);
  tab.leafOffset = e.i32Table(b, "leaf_offset", t.leafOffset);
  tab.leafValues = e.floatTable(b, "leaf_values", b.getF64Type(), t.leafValues);
  tab.root = e.i32Table(b, "root", t.root);
  tab.depth = e.i32Table(b, "depth", t.depth);
  tab.group = e.i32Table(b, "group", t.group);
  tab.nodeBase = e.i32Table(b, "node_base", t.nodeBase);
  if (t.hasCategorical()) {
    tab.categoryRecord = e.i32Table(b, "category_record", t.categoryRecord);
    tab.categoryDomain = e.i32Table(b, "category_domain", t.categoryDomain);
    tab.categoryWordBase =
        e.i32Table(b, "category_word_base", t.categoryWordBase);
    tab.categoryOutside = e.i8Table(b, "category_outside", t.categoryOutside);
    tab.categoryWords = e.i32Table(b, "category_words", t.categoryWords);
  }
  tab.classLabels =
      e.floatTable(b, "class_labels", b.getF64Type(), model.classLabels);
}

Value EnsembleKernelEmitter::emitCategoricalGoLeft(ImplicitLocOpBuilder &b,
                                                   Value xValue, Value record,
                                                   Value defaultLeft) {
  // Numerical nodes have record -1; they read record 0 harmlessly and the
  // caller discards the result.
  Value safeRecord = toIndex(b, b.create<arith::MaxSIOp>(record, cI32(b, 0)));
  Value domain = load(b, tab.categoryDomain, safeRecord);
  Value domainF = b.create<arith::SIToFPOp>(inputType, domain);
  Value zero = cFloat(b, inputType, 0.0);
  Value x = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, xValue, xValue), zero,
      xValue);
  // trunc(x) >= domain iff x >= domain, for x >= 0 and an integral domain.
  Value tooLarge =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OGE, x, domainF);
  bool truncateFirst =
      ensemble.getCategoryCast() == CategoryCast::truncate_then_check;
  // LightGBM casts first (-0.5 is category 0); XGBoost and sklearn reject
  // any negative value.
  Value negative = b.create<arith::CmpFOp>(
      truncateFirst ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT, x,
      cFloat(b, inputType, truncateFirst ? -1.0 : 0.0));
  Value outside = b.create<arith::OrIOp>(tooLarge, negative);
  Value clamped = b.create<arith::MinimumFOp>(
      b.create<arith::MaximumFOp>(x, zero),
      b.create<arith::SubFOp>(domainF, cFloat(b, inputType, 1.0)));
  Value category = b.create<arith::FPToSIOp>(b.getI32Type(), clamped);
  Value wordBase = load(b, tab.categoryWordBase, safeRecord);
  Value word = load(
      b, tab.categoryWords,
      toIndex(b, b.create<arith::AddIOp>(wordBase, b.create<arith::ShRUIOp>(
                                                       category, cI32(b, 5)))));
  Value bit = b.create<arith::AndIOp>(
      b.create<arith::ShRUIOp>(word,
                               b.create<arith::AndIOp>(category, cI32(b, 31))),
      cI32(b, 1));
  Value listed =
      b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, bit, cI32(b, 0));
  Value outsideCode = b.create<arith::ExtSIOp>(
      b.getI32Type(), load(b, tab.categoryOutside, safeRecord));
  Value outsideLeft = b.create<arith::SelectOp>(
      b.create<arith::CmpIOp>(
          arith::CmpIPredicate::eq, outsideCode,
          cI32(b, static_cast<int>(CategoryOutside::Default))),
      defaultLeft,
      b.create<arith::CmpIOp>(
          arith::CmpIPredicate::eq, outsideCode,
          cI32(b, static_cast<int>(CategoryOutside::Left))));
  return b.create<arith::SelectOp>(outside, outsideLeft, listed);
}

Value EnsembleKernelEmitter::emitStep(ImplicitLocOpBuilder &b, Value x,
                                      Value rowBase, Value node) {
  Value nodeIdx = toIndex(b, node);
  Value feature = toIndex(b, load(b, tab.feature, nodeIdx));
  Value threshold = load(b, tab.threshold, nodeIdx);
  Value value = load(b, x, b.create<arith::AddIOp>(rowBase, feature));
  if (std::optional<APFloat> zt = ensemble.getZeroThreshold();
      zt && !zt->isZero()) {
    // LightGBM snaps |x| <= kZeroThreshold to 0 on input.
    Value small = b.create<arith::CmpFOp>(
        arith::CmpFPredicate::OLE, b.create<math::AbsFOp>(value),
        cFloat(b, inputType, zt->convertToDouble()));
    value = b.create<arith::SelectOp>(small, cFloat(b, inputType, 0.0), value);
  }
  Value isNan =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, value, value);
  Value missing = isNan;
  Value flagsI32 =
      b.create<arith::ExtSIOp>(b.getI32Type(), load(b, tab.flags, nodeIdx));
  if (t.anyNanAsZero || t.anyZeroOrNan) {
    Value kind = b.create<arith::AndIOp>(
        b.create<arith::ShRUIOp>(flagsI32, cI32(b, node_flags::kMissingShift)),
        cI32(b, 3));
    Value nanAsZero = b.create<arith::CmpIOp>(
        arith::CmpIPredicate::eq, kind,
        cI32(b, static_cast<int>(MissingKind::NanAsZero)));
    Value zeroOrNan = b.create<arith::CmpIOp>(
        arith::CmpIPredicate::eq, kind,
        cI32(b, static_cast<int>(MissingKind::ZeroOrNan)));
    value = b.create<arith::SelectOp>(b.create<arith::AndIOp>(isNan, nanAsZero),
                                      cFloat(b, inputType, 0.0), value);
    Value isZero = b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, value,
                                           cFloat(b, inputType, 0.0));
    Value notAsZero = b.create<arith::XOrIOp>(
        nanAsZero, b.create<arith::ConstantIntOp>(1, 1));
    missing =
        b.create<arith::OrIOp>(b.create<arith::AndIOp>(isNan, notAsZero),
                               b.create<arith::AndIOp>(isZero, zeroOrNan));
  }
  Value lessEqual =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OLE, value, threshold);
  Value compare = lessEqual;
  if (t.anyStrictLess) {
    Value less =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, value, threshold);
    if (!t.anyNonStrict) {
      compare = less;
    } else {
      Value strict = b.create<arith::CmpIOp>(
          arith::CmpIPredicate::ne,
          b.create<arith::AndIOp>(flagsI32, cI32(b, node_flags::kStrictLess)),
          cI32(b, 0));
      compare = b.create<arith::SelectOp>(strict, less, lessEqual);
    }
  }
  Value defaultLeft = b.create<arith::CmpIOp>(
      arith::CmpIPredicate::ne,
      b.create<arith::AndIOp>(flagsI32, cI32(b, node_flags::kDefaultLeft)),
      cI32(b, 0));
  Value goLeft = b.create<arith::SelectOp>(missing, defaultLeft, compare);
  if (t.hasCategorical()) {
    Value record = load(b, tab.categoryRecord, nodeIdx);
    Value isCategorical =
        b.create<arith::CmpIOp>(arith::CmpIPredicate::sge, record, cI32(b, 0));
    Value rawValue = load(b, x, b.create<arith::AddIOp>(rowBase, feature));
    Value categoricalLeft =
        emitCategoricalGoLeft(b, rawValue, record, defaultLeft);
    Value nanCategorical =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, rawValue, rawValue);
    categoricalLeft =
        b.create<arith::SelectOp>(nanCategorical, defaultLeft, categoricalLeft);
    goLeft = b.create<arith::SelectOp>(isCategorical, categoricalLeft, goLeft);
  }
  // children[2 node + (goLeft ? 0 : 1)]
  Value goRight = b.create<arith::IndexCastUIOp>(
      b.getIndexType(),
      b.create<arith::XOrIOp>(goLeft, b.create<arith::ConstantIntOp>(1, 1)));
  Value slot = b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(nodeIdx, cIdx(b, 2)), goRight);
  return load(b, tab.children, slot);
}

void EnsembleKernelEmitter::emitTile(ImplicitLocOpBuilder &b, hw_kind kind,
                                     int64_t lanes, Value row0, Value x,
                                     Value stride, Value out, Value scratch) {
  unsigned K = model.numOutputs;
  unsigned numTrees = t.root.size();
  bool average = ensemble.getAggregation() == Aggregation::average;
  SmallVector<Value> rows, rowBases;
  for (int64_t lane = 0; lane < lanes; ++lane) {
    Value row = b.create<arith::AddIOp>(row0, cIdx(b, lane));
    rows.push_back(row);
    rowBases.push_back(b.create<arith::MulIOp>(row, stride));
  }
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  if (kind != HW_KIND_LEAF) {
    // scratch[lane * K + k] starts at the base score (sums) or 0 (averages,
    // whose base is added after dividing).
    auto init = b.create<scf::ForOp>(zero, cIdx(b, K), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(init.getBody());
    Value k = init.getInductionVar();
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value start = cFloat(b, b.getF64Type(), 0.0);
      if (!average && ensemble.getBaseScore()) {
        Value base = tableEmitter.floatTable(b, "base_score", b.getF64Type(),
                                             *ensemble.getBaseScore());
        start = load(b, base, k);
      }
      b.create<memref::StoreOp>(
          start, scratch,
          ValueRange{b.create<arith::AddIOp>(cIdx(b, lane * K), k)});
    }
  }

  auto treeLoop = b.create<scf::ForOp>(zero, cIdx(b, numTrees), one);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(treeLoop.getBody());
    Value tree = treeLoop.getInductionVar();
    Value root = load(b, tab.root, tree);
    Value depth = toIndex(b, load(b, tab.depth, tree));
    SmallVector<Value> start(lanes, root);
    auto walk = b.create<scf::ForOp>(zero, depth, one, start);
    {
      OpBuilder::InsertionGuard walkGuard(b);
      b.setInsertionPointToStart(walk.getBody());
      SmallVector<Value> next;
      for (int64_t lane = 0; lane < lanes; ++lane)
        next.push_back(
            emitStep(b, x, rowBases[lane], walk.getRegionIterArgs()[lane]));
      b.create<scf::YieldOp>(next);
    }
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value leaf = walk.getResult(lane);
      if (kind == HW_KIND_LEAF) {
        Value id = b.create<arith::SubIOp>(leaf, load(b, tab.nodeBase, tree));
        Value slot = b.create<arith::AddIOp>(
            b.create<arith::MulIOp>(rows[lane], cIdx(b, numTrees)), tree);
        b.create<memref::StoreOp>(id, out, ValueRange{slot});
        continue;
      }
      Value offset = toIndex(b, load(b, tab.leafOffset, toIndex(b, leaf)));
      auto accumulate = [&](Value output, Value valueIndex) {
        Value slot = b.create<arith::AddIOp>(cIdx(b, lane * K), output);
        Value sum = b.create<arith::AddFOp>(
            load(b, scratch, slot), load(b, tab.leafValues, valueIndex));
        b.create<memref::StoreOp>(sum, scratch, ValueRange{slot});
      };
      if (ensemble.getLeafWidth() == 1) {
        accumulate(toIndex(b, load(b, tab.group, tree)), offset);
      } else {
        auto loop = b.create<scf::ForOp>(zero, cIdx(b, K), one);
        OpBuilder::InsertionGuard kGuard(b);
        b.setInsertionPointToStart(loop.getBody());
        Value k = loop.getInductionVar();
        accumulate(k, b.create<arith::AddIOp>(offset, k));
      }
    }
  }
  if (kind == HW_KIND_LEAF)
    return;
  for (int64_t lane = 0; lane < lanes; ++lane) {
    Value laneBase = cIdx(b, lane * K);
    if (average) {
      // sklearn divides the sum of the trees' outputs by their count.
      Value count = cFloat(b, b.getF64Type(), std::max(numTrees, 1u));
      auto loop = b.create<scf::ForOp>(zero, cIdx(b, K), one);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(loop.getBody());
      Value slot = b.create<arith::AddIOp>(laneBase, loop.getInductionVar());
      Value mean = b.create<arith::DivFOp>(load(b, scratch, slot), count);
      if (ensemble.getBaseScore()) {
        Value base = tableEmitter.floatTable(b, "base_score", b.getF64Type(),
                                             *ensemble.getBaseScore());
        mean = b.create<arith::AddFOp>(load(b, base, loop.getInductionVar()),
                                       mean);
      }
      b.create<memref::StoreOp>(mean, scratch, ValueRange{slot});
    }
    emitRowEpilogue(b, model, kind, scratch, laneBase, out, rows[lane],
                    tab.classLabels);
  }
}

void EnsembleKernelEmitter::emitKernel(hw_kind kind) {
  ImplicitLocOpBuilder b(ensemble.getLoc(), module.getContext());
  func::FuncOp fn =
      createKernelFunction(b, module, model, ensemble.getInputType(), kind);
  b.setInsertionPointToStart(&fn.front());
  Value x = fn.getArgument(0);
  Value rows = toIndex(b, fn.getArgument(1));
  Value stride = toIndex(b, fn.getArgument(2));
  Value out = fn.getArgument(3);
  loadTables(b);

  unsigned K = model.numOutputs;
  int64_t scratchSize = std::max<int64_t>(kLanes * K, 1);
  auto scratchType = MemRefType::get({scratchSize}, b.getF64Type());
  bool onHeap = scratchSize > kMaxStackScratch;
  Value scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                         : Value(b.create<memref::AllocaOp>(scratchType));

  Value lanes = cIdx(b, kLanes);
  Value fullRows =
      b.create<arith::MulIOp>(b.create<arith::DivUIOp>(rows, lanes), lanes);
  auto tiles = b.create<scf::ForOp>(cIdx(b, 0), fullRows, lanes);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tiles.getBody());
    emitTile(b, kind, kLanes, tiles.getInductionVar(), x, stride, out, scratch);
  }
  auto tail = b.create<scf::ForOp>(fullRows, rows, cIdx(b, 1));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.getBody());
    emitTile(b, kind, 1, tail.getInductionVar(), x, stride, out, scratch);
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}

/// Kernels of a hardwood.linear: decision = x . w^T + b in the input type's
/// precision (sklearn computes in float64).
void emitLinearKernel(LinearOp linear, const ScoreModel &model, ModuleOp module,
                      hw_kind kind) {
  ImplicitLocOpBuilder b(linear.getLoc(), module.getContext());
  TableEmitter tables(module, "__hw_" + model.name);
  func::FuncOp fn =
      createKernelFunction(b, module, model, linear.getInputType(), kind);
  b.setInsertionPointToStart(&fn.front());
  auto inputType = cast<FloatType>(linear.getInputType());
  Value x = fn.getArgument(0);
  Value rows = toIndex(b, fn.getArgument(1));
  Value stride = toIndex(b, fn.getArgument(2));
  Value out = fn.getArgument(3);
  Value weights =
      tables.floatTable(b, "coefficients", inputType, linear.getCoefficients());
  Value intercept =
      tables.floatTable(b, "intercept", b.getF64Type(), linear.getIntercept());
  Value labels =
      tables.floatTable(b, "class_labels", b.getF64Type(), model.classLabels);
  unsigned K = model.numOutputs, F = linear.getNumFeatures();
  auto scratchType = MemRefType::get({std::max<int64_t>(K, 1)}, b.getF64Type());
  bool onHeap = K > kMaxStackScratch;
  Value scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                         : Value(b.create<memref::AllocaOp>(scratchType));
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  auto rowLoop = b.create<scf::ForOp>(zero, rows, one);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value row = rowLoop.getInductionVar();
    Value rowBase = b.create<arith::MulIOp>(row, stride);
    auto outLoop = b.create<scf::ForOp>(zero, cIdx(b, K), one);
    {
      OpBuilder::InsertionGuard outGuard(b);
      b.setInsertionPointToStart(outLoop.getBody());
      Value k = outLoop.getInductionVar();
      Value weightBase = b.create<arith::MulIOp>(k, cIdx(b, F));
      auto dot = b.create<scf::ForOp>(zero, cIdx(b, F), one,
                                      ValueRange{cFloat(b, inputType, 0.0)});
      {
        OpBuilder::InsertionGuard dotGuard(b);
        b.setInsertionPointToStart(dot.getBody());
        Value f = dot.getInductionVar();
        Value product = b.create<arith::MulFOp>(
            load(b, x, b.create<arith::AddIOp>(rowBase, f)),
            load(b, weights, b.create<arith::AddIOp>(weightBase, f)));
        b.create<scf::YieldOp>(Value(
            b.create<arith::AddFOp>(dot.getRegionIterArgs()[0], product)));
      }
      Value sum = dot.getResult(0);
      if (!inputType.isF64())
        sum = b.create<arith::ExtFOp>(b.getF64Type(), sum);
      b.create<memref::StoreOp>(
          Value(b.create<arith::AddFOp>(sum, load(b, intercept, k))), scratch,
          ValueRange{k});
    }
    emitRowEpilogue(b, model, kind, scratch, zero, out, row, labels);
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}

struct LowerToKernelsPass
    : public hardwood::impl::LowerToKernelsBase<LowerToKernelsPass> {
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
  }

  LogicalResult lowerEnsemble(EnsembleOp ensemble) {
    FailureOr<EnsembleTables> tables = buildEnsembleTables(ensemble);
    if (failed(tables))
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
    ModuleOp module = getOperation();
    EnsembleKernelEmitter emitter(ensemble, *tables, model, module);
    uint32_t kinds = supportedKinds(model) | (1u << HW_KIND_LEAF);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        emitter.emitKernel(static_cast<hw_kind>(kind));
    recordModelMetadata(module, model, ensemble.getNumFeatures(),
                        ensemble.getInputType(), tables->root.size(),
                        "tree_ensemble");
    return success();
  }

  LogicalResult lowerLinear(LinearOp linear) {
    ScoreModel model = makeScoreModel(
        linear, linear.getSymName(), linear.getTask(), linear.getTransform(),
        linear.getNumOutputs(), linear.getTransformScale(), linear.getClasses(),
        linear.getInputType());
    ModuleOp module = getOperation();
    uint32_t kinds = supportedKinds(model);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        emitLinearKernel(linear, model, module, static_cast<hw_kind>(kind));
    recordModelMetadata(module, model, linear.getNumFeatures(),
                        linear.getInputType(), 0, "linear");
    return success();
  }
};
} // namespace
