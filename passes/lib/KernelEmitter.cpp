//===- KernelEmitter.cpp - Tables, kernel skeletons and epilogues ---------===//

#include "KernelEmitter.h"
#include "ExpExpansion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/SymbolTable.h"

using namespace mlir;
using namespace hardwood;

//===----------------------------------------------------------------------===//
// Tables
//===----------------------------------------------------------------------===//

Value TableEmitter::emit(ImplicitLocOpBuilder &b, StringRef name,
                         MemRefType type, DenseElementsAttr init) {
  std::string symbol = prefix + "_" + name.str();
  auto it = created.find(symbol);
  if (it == created.end()) {
    // Another emitter (kernels of other kinds of the same model) may have
    // made this table already: share it when it holds the same data.
    auto existing = module.lookupSymbol<memref::GlobalOp>(symbol);
    if (existing && existing.getType() == type &&
        existing.getInitialValueAttr() == init) {
      it = created.insert({symbol, existing}).first;
    } else {
      if (existing) {
        // Same name, different data: make the new table's name unique.
        unsigned suffix = 1;
        while (module.lookupSymbol(symbol + "_" + std::to_string(suffix)))
          ++suffix;
        symbol += "_" + std::to_string(suffix);
      }
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(module.getBody());
      auto global = b.create<memref::GlobalOp>(
          symbol, b.getStringAttr("private"), type, init, /*constant=*/true,
          /*alignment=*/b.getI64IntegerAttr(64));
      it = created.insert({prefix + "_" + name.str(), global}).first;
    }
  }
  return b.create<memref::GetGlobalOp>(type, it->second.getSymName());
}

/// A constant integer table; empty tables get one element to be a valid
/// global.
template <typename T>
static DenseElementsAttr integerTableData(ArrayRef<T> values,
                                          IntegerType type) {
  SmallVector<T> data(values.begin(), values.end());
  if (data.empty())
    data.push_back(0);
  auto tensor = RankedTensorType::get({(int64_t)data.size()}, type);
  return DenseElementsAttr::get(tensor, ArrayRef<T>(data));
}

Value TableEmitter::i32Table(ImplicitLocOpBuilder &b, StringRef name,
                             ArrayRef<int32_t> values) {
  DenseElementsAttr init = integerTableData(values, b.getI32Type());
  return emit(b, name,
              MemRefType::get(init.getType().getShape(), b.getI32Type()), init);
}

Value TableEmitter::i64Table(ImplicitLocOpBuilder &b, StringRef name,
                             ArrayRef<int64_t> values) {
  DenseElementsAttr init = integerTableData(values, b.getI64Type());
  return emit(b, name,
              MemRefType::get(init.getType().getShape(), b.getI64Type()), init);
}

Value TableEmitter::i8Table(ImplicitLocOpBuilder &b, StringRef name,
                            ArrayRef<int8_t> values) {
  DenseElementsAttr init = integerTableData(values, b.getI8Type());
  return emit(b, name,
              MemRefType::get(init.getType().getShape(), b.getI8Type()), init);
}

Value TableEmitter::floatTable(ImplicitLocOpBuilder &b, StringRef name,
                               FloatType type, ArrayRef<double> values) {
  SmallVector<double> data(values.begin(), values.end());
  if (data.empty())
    data.push_back(0.0);
  auto memrefType = MemRefType::get({(int64_t)data.size()}, type);
  auto tensor = RankedTensorType::get(memrefType.getShape(), type);
  DenseElementsAttr init;
  if (type.isF32()) {
    SmallVector<float> narrow(data.begin(), data.end());
    init = DenseElementsAttr::get(tensor, ArrayRef<float>(narrow));
  } else {
    init = DenseElementsAttr::get(tensor, ArrayRef<double>(data));
  }
  return emit(b, name, memrefType, init);
}

//===----------------------------------------------------------------------===//
// Kinds
//===----------------------------------------------------------------------===//

static bool hasProbabilities(const ScoreModel &model) {
  if (model.task != Task::classification)
    return false;
  // A classifier whose outputs are not probabilities (hinge losses) has no
  // predict_proba, as in sklearn; the modified Huber loss has one.
  return model.transform != Transform::binary_hinge &&
         !(model.transform == Transform::identity && model.numOutputs == 1);
}

uint32_t hardwood::supportedKinds(const ScoreModel &model) {
  uint32_t kinds = (1u << HW_KIND_PREDICT) | (1u << HW_KIND_DECISION);
  if (hasProbabilities(model))
    kinds |= 1u << HW_KIND_PROBA;
  if (model.task == Task::anomaly)
    kinds |= 1u << HW_KIND_SCORE;
  return kinds;
}

unsigned hardwood::outputWidth(const ScoreModel &model, hw_kind kind,
                               unsigned numTrees) {
  switch (kind) {
  case HW_KIND_LEAF:
    return numTrees;
  case HW_KIND_PROBA:
    return model.numOutputs == 1 ? 2 : model.numOutputs;
  case HW_KIND_PREDICT:
    return model.task == Task::classification ? 1 : model.numOutputs;
  default:
    return model.numOutputs;
  }
}

Type hardwood::outputElementType(const ScoreModel &model, hw_kind kind,
                                 MLIRContext *ctx) {
  if (kind == HW_KIND_LEAF)
    return IntegerType::get(ctx, 32);
  // Class labels are written as float64 whatever the model's precision:
  // float32 would round numeric labels above 2^24.
  if (kind == HW_KIND_PREDICT && model.task == Task::classification)
    return Float64Type::get(ctx);
  return model.valueType;
}

StringRef hardwood::kindName(hw_kind kind) {
  const char *name = hw_kind_table_name(kind);
  return name ? name : "unknown";
}

func::FuncOp hardwood::createKernelFunction(ImplicitLocOpBuilder &b,
                                            ModuleOp module,
                                            const ScoreModel &model,
                                            Type inputType, hw_kind kind) {
  MLIRContext *ctx = b.getContext();
  auto dynamic = ShapedType::kDynamic;
  Type xType = MemRefType::get({dynamic}, inputType);
  Type outType =
      MemRefType::get({dynamic}, outputElementType(model, kind, ctx));
  auto fnType =
      b.getFunctionType({xType, b.getI64Type(), b.getI64Type(), outType}, {});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  std::string name =
      ("__hw_" + model.name + "_" + kindName(kind) + model.kernelSuffix).str();
  auto fn = b.create<func::FuncOp>(name, fnType);
  if (model.kernelSuffix.empty()) {
    fn->setAttr(kKernelKindAttrName, b.getStringAttr(kindName(kind)));
    fn->setAttr(kKernelModelAttrName, b.getStringAttr(model.name));
  }
  fn.addEntryBlock();
  return fn;
}

//===----------------------------------------------------------------------===//
// Epilogue: raw score -> output of one kind
//===----------------------------------------------------------------------===//

namespace {
/// Small arithmetic vocabulary over f64 scalars.
struct F64Math {
  ImplicitLocOpBuilder &b;
  Value c(double v) {
    return b.create<arith::ConstantOp>(b.getF64FloatAttr(v));
  }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(x, y); }
  Value div(Value x, Value y) { return b.create<arith::DivFOp>(x, y); }
  /// Expanded in arith ops rather than math.exp (a libm call): the same
  /// bits on every target and in vector lanes.
  Value exp(Value x) { return emitExpF64(b, x); }
  Value sigmoid(Value x, double scale) { return emitSigmoid(b, x, scale); }
};
} // namespace

/// A float64 constant of `type` (f64 or a vector of f64).
static Value splatF64(ImplicitLocOpBuilder &b, Type type, double v) {
  if (auto vector = dyn_cast<VectorType>(type))
    return b.create<arith::ConstantOp>(
        DenseElementsAttr::get(vector, b.getF64FloatAttr(v)));
  return b.create<arith::ConstantOp>(b.getF64FloatAttr(v));
}

SmallVector<Value> hardwood::emitSigmoid(ImplicitLocOpBuilder &b,
                                         ArrayRef<Value> xs, double scale) {
  // 1 / (1 + exp(-s x)), the form sklearn's expit and LightGBM use.
  if (xs.empty())
    return {};
  Type type = xs.front().getType();
  SmallVector<Value> negated;
  for (Value x : xs) {
    Value scaled =
        scale == 1.0 ? x : b.create<arith::MulFOp>(splatF64(b, type, scale), x);
    negated.push_back(b.create<arith::NegFOp>(scaled));
  }
  Value one = splatF64(b, type, 1.0);
  SmallVector<Value> result;
  for (Value e : emitExpF64(b, negated))
    result.push_back(
        b.create<arith::DivFOp>(one, b.create<arith::AddFOp>(one, e)));
  return result;
}

Value hardwood::emitSigmoid(ImplicitLocOpBuilder &b, Value x, double scale) {
  return emitSigmoid(b, ArrayRef<Value>{x}, scale).front();
}

static Value idx(ImplicitLocOpBuilder &b, int64_t v) {
  return b.create<arith::ConstantIndexOp>(v);
}

static void store(ImplicitLocOpBuilder &b, Value value, Value out,
                  Value index) {
  auto elementType = cast<MemRefType>(out.getType()).getElementType();
  if (elementType != value.getType()) {
    if (isa<IntegerType>(elementType))
      value = b.create<arith::FPToSIOp>(elementType, value);
    else
      value = b.create<arith::TruncFOp>(elementType, value);
  }
  b.create<memref::StoreOp>(value, out, index);
}

/// Applies the probability transform to raw[base .. base+K) in place.
static void emitProbabilitiesInPlace(ImplicitLocOpBuilder &b,
                                     const ScoreModel &model, Value raw,
                                     Value base) {
  F64Math m{b};
  unsigned K = model.numOutputs;
  Value zero = idx(b, 0), one = idx(b, 1), count = idx(b, K);
  auto at = [&](Value k) { return b.create<arith::AddIOp>(base, k); };
  auto forEach = [&](llvm::function_ref<void(Value)> body) {
    auto loop = b.create<scf::ForOp>(zero, count, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    body(loop.getInductionVar());
  };
  switch (model.transform) {
  case Transform::sigmoid:
  case Transform::ovr_normalize: {
    double scale =
        model.transform == Transform::sigmoid ? model.transformScale : 1.0;
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      b.create<memref::StoreOp>(m.sigmoid(v, scale), raw, ValueRange{at(k)});
    });
    if (model.transform == Transform::sigmoid)
      return;
    auto sum = b.create<scf::ForOp>(zero, count, one, ValueRange{m.c(0.0)});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(sum.getBody());
      Value v =
          b.create<memref::LoadOp>(raw, ValueRange{at(sum.getInductionVar())});
      b.create<scf::YieldOp>(m.add(sum.getRegionIterArgs()[0], v));
    }
    Value total = sum.getResult(0);
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      b.create<memref::StoreOp>(m.div(v, total), raw, ValueRange{at(k)});
    });
    return;
  }
  case Transform::softmax: {
    auto maxLoop =
        b.create<scf::ForOp>(zero, count, one, ValueRange{m.c(-INFINITY)});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(maxLoop.getBody());
      Value v = b.create<memref::LoadOp>(
          raw, ValueRange{at(maxLoop.getInductionVar())});
      b.create<scf::YieldOp>(Value(
          b.create<arith::MaximumFOp>(maxLoop.getRegionIterArgs()[0], v)));
    }
    Value maxValue = maxLoop.getResult(0);
    auto sum = b.create<scf::ForOp>(zero, count, one, ValueRange{m.c(0.0)});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(sum.getBody());
      Value k = at(sum.getInductionVar());
      Value e =
          m.exp(m.sub(b.create<memref::LoadOp>(raw, ValueRange{k}), maxValue));
      b.create<memref::StoreOp>(e, raw, ValueRange{k});
      b.create<scf::YieldOp>(m.add(sum.getRegionIterArgs()[0], e));
    }
    Value total = sum.getResult(0);
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      b.create<memref::StoreOp>(m.div(v, total), raw, ValueRange{at(k)});
    });
    return;
  }
  case Transform::exp:
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      b.create<memref::StoreOp>(m.exp(v), raw, ValueRange{at(k)});
    });
    return;
  case Transform::modified_huber: {
    // sklearn SGDClassifier.predict_proba: p = (clip(r, -1, 1) + 1) / 2;
    // with K > 1 normalised by sum p, and 1/K each where all p are 0.
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      Value clipped = b.create<arith::MinimumFOp>(
          b.create<arith::MaximumFOp>(v, m.c(-1.0)), m.c(1.0));
      b.create<memref::StoreOp>(m.div(m.add(clipped, m.c(1.0)), m.c(2.0)), raw,
                                ValueRange{at(k)});
    });
    if (K == 1)
      return;
    auto sum = b.create<scf::ForOp>(zero, count, one, ValueRange{m.c(0.0)});
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(sum.getBody());
      Value v =
          b.create<memref::LoadOp>(raw, ValueRange{at(sum.getInductionVar())});
      b.create<scf::YieldOp>(m.add(sum.getRegionIterArgs()[0], v));
    }
    Value total = sum.getResult(0);
    Value allZero =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, total, m.c(0.0));
    Value divisor = b.create<arith::SelectOp>(allZero, m.c(K), total);
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      Value numerator = b.create<arith::SelectOp>(allZero, m.c(1.0), v);
      b.create<memref::StoreOp>(m.div(numerator, divisor), raw,
                                ValueRange{at(k)});
    });
    return;
  }
  case Transform::signed_square:
    forEach([&](Value k) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{at(k)});
      Value square = m.mul(v, v);
      Value negative =
          b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, v, m.c(0.0));
      b.create<memref::StoreOp>(
          Value(b.create<arith::SelectOp>(
              negative, b.create<arith::NegFOp>(square), square)),
          raw, ValueRange{at(k)});
    });
    return;
  default:
    return;
  }
}

/// Index of the largest of raw[base .. base+K); the first one on ties, as
/// numpy's argmax.
static Value emitArgMax(ImplicitLocOpBuilder &b, unsigned K, Value raw,
                        Value base) {
  Value zero = idx(b, 0);
  Value first = b.create<memref::LoadOp>(raw, ValueRange{base});
  auto loop = b.create<scf::ForOp>(idx(b, 1), idx(b, K), idx(b, 1),
                                   ValueRange{first, zero});
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVar();
  Value v = b.create<memref::LoadOp>(
      raw, ValueRange{b.create<arith::AddIOp>(base, k)});
  Value better = b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, v,
                                         loop.getRegionIterArgs()[0]);
  b.create<scf::YieldOp>(ValueRange{
      b.create<arith::SelectOp>(better, v, loop.getRegionIterArgs()[0]),
      b.create<arith::SelectOp>(better, k, loop.getRegionIterArgs()[1])});
  b.setInsertionPointAfter(loop);
  return loop.getResult(1);
}

/// Whether a classifier's predict decides on the raw score rather than the
/// transformed output: linear models (sklearn's LinearClassifierMixin) and
/// margin classifiers.
static bool decidesOnRawScore(const ScoreModel &model) {
  return model.transform == Transform::binary_hinge || model.isLinear;
}

void hardwood::emitRowEpilogue(ImplicitLocOpBuilder &b, const ScoreModel &model,
                               hw_kind kind, Value raw, Value rawBase,
                               Value out, Value row, Value classLabels) {
  F64Math m{b};
  unsigned K = model.numOutputs;
  Value zero = idx(b, 0), one = idx(b, 1);
  auto copyOut = [&](unsigned width) {
    Value outBase = b.create<arith::MulIOp>(row, idx(b, width));
    auto loop = b.create<scf::ForOp>(zero, idx(b, width), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value k = loop.getInductionVar();
    Value v = b.create<memref::LoadOp>(
        raw, ValueRange{b.create<arith::AddIOp>(rawBase, k)});
    store(b, v, out, b.create<arith::AddIOp>(outBase, k));
  };

  if (model.task == Task::anomaly) {
    // sklearn IsolationForest: score = -2^(-mean path / c(max_samples)).
    // c is 0 when max_samples is 1; sklearn then takes the ratio as 1.
    Value ratio;
    if (model.averagePathLength == 0.0) {
      ratio = m.c(1.0);
    } else {
      Value pathLength = b.create<memref::LoadOp>(raw, ValueRange{rawBase});
      ratio = m.div(pathLength, m.c(model.averagePathLength));
    }
    Value score = b.create<arith::NegFOp>(
        b.create<math::Exp2Op>(b.create<arith::NegFOp>(ratio)));
    Value decision = m.sub(score, m.c(model.scoreOffset));
    if (kind == HW_KIND_SCORE) {
      store(b, score, out, row);
    } else if (kind == HW_KIND_DECISION) {
      store(b, decision, out, row);
    } else {
      // sklearn: -1 where decision < 0, 1 elsewhere.
      Value outlier = b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT,
                                              decision, m.c(0.0));
      store(b, b.create<arith::SelectOp>(outlier, m.c(-1.0), m.c(1.0)), out,
            row);
    }
    return;
  }

  if (kind == HW_KIND_DECISION) {
    copyOut(K);
    return;
  }
  if (kind == HW_KIND_PROBA) {
    emitProbabilitiesInPlace(b, model, raw, rawBase);
    if (K == 1) {
      Value p = b.create<memref::LoadOp>(raw, ValueRange{rawBase});
      Value outBase = b.create<arith::MulIOp>(row, idx(b, 2));
      store(b, m.sub(m.c(1.0), p), out, outBase);
      store(b, p, out, b.create<arith::AddIOp>(outBase, one));
      return;
    }
    copyOut(K);
    return;
  }
  // HW_KIND_PREDICT.
  if (model.task != Task::classification) {
    emitProbabilitiesInPlace(b, model, raw, rawBase);
    copyOut(K);
    return;
  }
  Value classIndex;
  if (decidesOnRawScore(model)) {
    // sklearn's LinearClassifierMixin.predict: r > 0 for one score (so
    // r == 0 is class 0), the arg-max of r otherwise.
    if (K == 1) {
      Value v = b.create<memref::LoadOp>(raw, ValueRange{rawBase});
      Value positive =
          b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, v, m.c(0.0));
      classIndex = b.create<arith::SelectOp>(positive, one, zero);
    } else {
      classIndex = emitArgMax(b, K, raw, rawBase);
    }
  } else {
    // Tree ensembles: the arg-max of the transformed output, as sklearn's
    // argmax of predict_proba; for K = 1 of [1 - p, p].
    emitProbabilitiesInPlace(b, model, raw, rawBase);
    if (K == 1) {
      Value p = b.create<memref::LoadOp>(raw, ValueRange{rawBase});
      Value positive = b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, p,
                                               m.sub(m.c(1.0), p));
      classIndex = b.create<arith::SelectOp>(positive, one, zero);
    } else {
      classIndex = emitArgMax(b, K, raw, rawBase);
    }
  }
  Value label;
  if (!model.classLabels.empty())
    label = b.create<memref::LoadOp>(classLabels, ValueRange{classIndex});
  else
    label = b.create<arith::UIToFPOp>(
        b.getF64Type(),
        b.create<arith::IndexCastOp>(b.getI64Type(), classIndex));
  store(b, label, out, row);
}

void hardwood::recordModelMetadata(ModuleOp module, const ScoreModel &model,
                                   unsigned numFeatures, Type inputType,
                                   unsigned numTrees, StringRef family,
                                   int64_t treeParallelRows,
                                   ArrayRef<int64_t> depthOrderedSteps) {
  MLIRContext *ctx = module.getContext();
  // The kernels createKernelFunction made for this model, by kind: the
  // descriptor refers to these functions, not to names rebuilt elsewhere.
  SmallVector<KernelAttr> kernels(HW_KIND_COUNT);
  uint32_t kinds = supportedKinds(model) | (numTrees ? 1u << HW_KIND_LEAF : 0);
  for (auto fn : module.getOps<func::FuncOp>()) {
    auto kernelKind = fn->getAttrOfType<StringAttr>(kKernelKindAttrName);
    auto owner = fn->getAttrOfType<StringAttr>(kKernelModelAttrName);
    if (!kernelKind || !owner || owner.getValue() != model.name)
      continue;
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind) {
      auto k = static_cast<hw_kind>(kind);
      if (!(kinds & (1u << kind)) || kernelKind.getValue() != kindName(k))
        continue;
      kernels[kind] = KernelAttr::get(
          ctx, FlatSymbolRefAttr::get(fn.getSymNameAttr()),
          outputWidth(model, k, numTrees), outputElementType(model, k, ctx));
    }
  }
  DenseF64ArrayAttr labels;
  if (!model.classLabels.empty())
    labels = DenseF64ArrayAttr::get(ctx, model.classLabels);
  std::optional<ModelFamily> modelFamily = symbolizeModelFamily(family);
  assert(modelFamily && "LowerToKernels names a known family");
  module->setAttr(LoweredModelAttr::kAttrName,
                  LoweredModelAttr::get(
                      ctx, StringAttr::get(ctx, model.name), *modelFamily,
                      model.task, inputType, numFeatures, model.numClasses,
                      numTrees, labels, kernels[HW_KIND_PREDICT],
                      kernels[HW_KIND_PROBA], kernels[HW_KIND_DECISION],
                      kernels[HW_KIND_SCORE], kernels[HW_KIND_LEAF],
                      treeParallelRows,
                      depthOrderedSteps.empty()
                          ? DenseI64ArrayAttr()
                          : DenseI64ArrayAttr::get(ctx, depthOrderedSteps)));
}
