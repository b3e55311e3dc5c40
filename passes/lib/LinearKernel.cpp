//===- LinearKernel.cpp - Kernels of hardwood.linear ----------------------===//
//
// decision = x . w^T + b in tiles of rows with vector accumulators; the
// summation order is that of a plain dot product, so results are the same
// bits on every target.
//
//===----------------------------------------------------------------------===//

#include "LinearKernel.h"
#include "ExpExpansion.h"
#include "KernelBuilder.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace hardwood;

namespace {
/// Transposes a square block held as L row vectors (v[r][c]) into L column
/// vectors (t[c][r]): log2(L) rounds of two-input shuffles, each swapping
/// the off-diagonal sub-blocks of one size (unpck/permute on x86, zip on
/// AArch64).
SmallVector<Value> transposeSquare(ImplicitLocOpBuilder &b,
                                   SmallVector<Value> v) {
  int64_t L = v.size();
  for (int64_t h = 1; h < L; h *= 2) {
    SmallVector<int64_t> lowMask, highMask;
    for (int64_t j = 0; j < L; ++j) {
      lowMask.push_back((j & h) == 0 ? j : L + j - h);
      highMask.push_back((j & h) == 0 ? j + h : L + j);
    }
    for (int64_t i = 0; i < L; ++i) {
      if (i & h)
        continue;
      Value low = b.create<vector::ShuffleOp>(v[i], v[i + h], lowMask);
      Value high = b.create<vector::ShuffleOp>(v[i], v[i + h], highMask);
      v[i] = low;
      v[i + h] = high;
    }
  }
  return v;
}

/// A float64 vector constant.
Value splat(ImplicitLocOpBuilder &b, VectorType type, double v) {
  return b.create<arith::ConstantOp>(
      DenseElementsAttr::get(type, b.getFloatAttr(type.getElementType(), v)));
}

/// Multiplies each of `values` by 1 / `sum` (lane-wise): the normalisation
/// of softmax and OvR probabilities. One division and K multiplications
/// instead of K divisions: on AMD EPYC znver4 a 512-bit vdivpd issues
/// about once per 8 cycles, and the suite's multinomial LogisticRegression
/// (26 classes, 8 rows per vector) ran 55.8-56.4 against 60.8-64.5 ns/row
/// (hardwood bench, 100,000 rows, three rounds). Within 1.5 ulp of the
/// quotient (sklearn divides; the parity tolerance is 1e-9), and every
/// form of the linear kernel takes this same step, so their bytes agree.
void scaleByReciprocal(ImplicitLocOpBuilder &b, MutableArrayRef<Value> values,
                       Value sum) {
  Value one;
  if (auto type = dyn_cast<VectorType>(sum.getType()))
    one = splat(b, type, 1.0);
  else
    one = b.create<arith::ConstantOp>(b.getFloatAttr(sum.getType(), 1.0));
  Value reciprocal = b.create<arith::DivFOp>(one, sum);
  for (Value &v : values)
    v = b.create<arith::MulFOp>(v, reciprocal);
}

/// Rows in vector lanes: lane j of a vector holds row j's dot product(s), so
/// the transform and the stores of the epilogue are vector code too. The
/// rows are read contiguously, L features at a time, and turned
/// feature-major in registers (transposeSquare). Each lane adds its row's
/// products in feature order from 0, exactly as a plain dot product: the
/// bits do not depend on L, so every target (and the one-row remainder,
/// L = 1) gives the same. With K > 1 outputs each vector of rows has K
/// accumulators (no padding of K), the softmax's maximum, sum and division
/// are lane-wise across those K vectors, and the K x L results are
/// transposed back to rows in L x L blocks before the stores.
struct RowLaneKernel {
  ImplicitLocOpBuilder &b;
  const ScoreModel &model;
  hw_kind kind;
  FloatType inputType;
  unsigned numFeatures, numOutputs;
  Value x, stride, out, weights, labels, scratch;
  ArrayRef<double> intercepts;

  /// Element type of the rows x holds: the input type, or float32 rows of
  /// a float64 model (the widening kernel), widened exactly when loaded.
  FloatType rowType() {
    return cast<FloatType>(cast<MemRefType>(x.getType()).getElementType());
  }
  Value widen(Value v) {
    Type type = inputType;
    if (auto vector = dyn_cast<VectorType>(v.getType()))
      type = VectorType::get(vector.getShape(), inputType);
    return v.getType() == type ? v : b.create<arith::ExtFOp>(type, v);
  }

  /// w[k][f] of the row-major K x F table, in every lane.
  Value weightAt(VectorType type, Value f, int64_t k) {
    Value index = f;
    if (k > 0)
      index = b.create<arith::AddIOp>(f, cIdx(b, k * numFeatures));
    return b.create<vector::BroadcastOp>(type, load(b, weights, index));
  }

  /// `groups` vectors of `lanes` rows from row `first`.
  void emitTile(Value first, int64_t lanes, int64_t groups) {
    auto accType = VectorType::get({lanes}, inputType);
    auto wideType = VectorType::get({lanes}, b.getF64Type());
    int64_t F = numFeatures, K = numOutputs;
    SmallVector<SmallVector<Value>> rowBases(groups);
    for (int64_t g = 0; g < groups; ++g)
      for (int64_t j = 0; j < lanes; ++j)
        rowBases[g].push_back(b.create<arith::MulIOp>(
            b.create<arith::AddIOp>(first, cIdx(b, g * lanes + j)), stride));
    // accs[g * K + k]: output k of the rows of group g.
    SmallVector<Value> accs(groups * K, splat(b, accType, 0.0));
    // Adds columns[c] * w[k][f0 + c] for c in [from, lanes) to the
    // accumulators of group g, feature by feature.
    auto addColumns = [&](MutableArrayRef<Value> acc, ArrayRef<Value> columns,
                          ArrayRef<Value> w, int64_t from) {
      for (int64_t c = from; c < lanes; ++c)
        for (int64_t k = 0; k < K; ++k)
          acc[k] = b.create<arith::AddFOp>(
              acc[k], b.create<arith::MulFOp>(columns[c], w[c * K + k]));
    };
    auto loadColumns = [&](int64_t g, Value f0) {
      SmallVector<Value> rowVectors;
      for (int64_t j = 0; j < lanes; ++j)
        rowVectors.push_back(widen(b.create<vector::LoadOp>(
            VectorType::get({lanes}, rowType()), x,
            ValueRange{b.create<arith::AddIOp>(rowBases[g][j], f0)})));
      return transposeSquare(b, rowVectors);
    };
    int64_t chunked = F / lanes * lanes;
    if (chunked > 0) {
      auto chunks = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, chunked),
                                         cIdx(b, lanes), accs);
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(chunks.getBody());
      Value f0 = chunks.getInductionVar();
      SmallVector<Value> w;
      for (int64_t c = 0; c < lanes; ++c)
        for (int64_t k = 0; k < K; ++k)
          w.push_back(
              weightAt(accType, b.create<arith::AddIOp>(f0, cIdx(b, c)), k));
      SmallVector<Value> next(chunks.getRegionIterArgs());
      for (int64_t g = 0; g < groups; ++g)
        addColumns(MutableArrayRef<Value>(next).slice(g * K, K),
                   loadColumns(g, f0), w, 0);
      b.create<scf::YieldOp>(next);
      b.setInsertionPointAfter(chunks);
      accs = SmallVector<Value>(chunks.getResults());
    }
    int64_t tail = F - chunked;
    if (tail > 0 && chunked > 0) {
      // The last F mod L features: the last L features of each row (a full
      // vector, still inside the row), transposed, of which the last `tail`
      // columns are new.
      Value f0 = cIdx(b, F - lanes);
      SmallVector<Value> w(lanes * K);
      for (int64_t c = lanes - tail; c < lanes; ++c)
        for (int64_t k = 0; k < K; ++k)
          w[c * K + k] = weightAt(accType, cIdx(b, F - lanes + c), k);
      for (int64_t g = 0; g < groups; ++g)
        addColumns(MutableArrayRef<Value>(accs).slice(g * K, K),
                   loadColumns(g, f0), w, lanes - tail);
    } else {
      // Rows narrower than a vector: lane by lane.
      for (int64_t f = chunked; f < F; ++f) {
        SmallVector<Value> w;
        for (int64_t k = 0; k < K; ++k)
          w.push_back(weightAt(accType, cIdx(b, f), k));
        for (int64_t g = 0; g < groups; ++g) {
          SmallVector<Value> values;
          for (int64_t j = 0; j < lanes; ++j)
            values.push_back(widen(load(
                b, x, b.create<arith::AddIOp>(rowBases[g][j], cIdx(b, f)))));
          Value column = b.create<vector::FromElementsOp>(accType, values);
          for (int64_t k = 0; k < K; ++k)
            accs[g * K + k] = b.create<arith::AddFOp>(
                accs[g * K + k], b.create<arith::MulFOp>(column, w[k]));
        }
      }
    }
    SmallVector<Value> scores, firsts;
    for (int64_t g = 0; g < groups; ++g) {
      for (int64_t k = 0; k < K; ++k) {
        Value z = accs[g * K + k];
        if (!inputType.isF64())
          z = b.create<arith::ExtFOp>(wideType, z);
        scores.push_back(
            b.create<arith::AddFOp>(z, splat(b, wideType, intercepts[k])));
      }
      firsts.push_back(b.create<arith::AddIOp>(first, cIdx(b, g * lanes)));
    }
    if (K == 1) {
      emitEpilogue(firsts, scores);
      return;
    }
    for (int64_t g = 0; g < groups; ++g)
      emitOutputsEpilogue(firsts[g], ArrayRef<Value>(scores).slice(g * K, K));
  }

  /// Several outputs: the output of `kind` for the rows [first, first +
  /// lanes) whose K raw scores are the vectors `z` (one per output, a row
  /// per lane). Bit for bit the output-lane epilogue of the tile kernel
  /// (emitOutputLaneEpilogue): the maximum is exact in any order, and the
  /// sums follow the same halving tree over K padded to a power of two,
  /// here across vectors (a padding term is +0, and x + 0 = x for every
  /// x these sums see: exps and sigmoids are never -0).
  void emitOutputsEpilogue(Value first, ArrayRef<Value> z) {
    auto type = cast<VectorType>(z.front().getType());
    int64_t lanes = type.getNumElements(), K = numOutputs;
    bool softmax = model.transform == Transform::softmax;
    bool ovr = model.transform == Transform::ovr_normalize;
    bool sigmoid = model.transform == Transform::sigmoid;
    auto sumTree = [&](ArrayRef<Value> terms) -> Value {
      SmallVector<Value> part(terms);
      part.resize(llvm::PowerOf2Ceil(K), Value());
      for (int64_t n = part.size(); n > 1; n /= 2)
        for (int64_t j = 0; j < n / 2; ++j)
          if (Value high = part[j + n / 2])
            part[j] = b.create<arith::AddFOp>(part[j], high);
      return part[0];
    };
    SmallVector<Value> results(z);
    if (kind == HW_KIND_PROBA && softmax) {
      // max(a, b) as compare and select: a NaN score makes every output of
      // its row NaN either way (through the sum), as with a NaN maximum.
      Value maxValue = z[0];
      for (int64_t k = 1; k < K; ++k)
        maxValue = b.create<arith::SelectOp>(
            b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, z[k], maxValue),
            z[k], maxValue);
      SmallVector<Value> shifted;
      for (Value v : z)
        shifted.push_back(b.create<arith::SubFOp>(v, maxValue));
      results = emitExpF64(b, shifted);
      scaleByReciprocal(b, results, sumTree(results));
    } else if (kind == HW_KIND_PROBA && (ovr || sigmoid)) {
      results = emitSigmoid(b, z, sigmoid ? model.transformScale : 1.0);
      if (ovr)
        scaleByReciprocal(b, results, sumTree(results));
    } else if (kind != HW_KIND_DECISION) {
      // Other kinds (labels): the scores back to rows in the scratch, then
      // the scalar epilogue row by row.
      int64_t padded = llvm::alignTo(K, lanes);
      forEachRowBlock(z, [&](int64_t j, int64_t k0, Value v) {
        b.create<vector::StoreOp>(v, scratch,
                                  ValueRange{cIdx(b, j * padded + k0)});
      });
      for (int64_t j = 0; j < lanes; ++j)
        emitRowEpilogue(b, model, kind, scratch, cIdx(b, j * padded), out,
                        b.create<arith::AddIOp>(first, cIdx(b, j)), labels);
      return;
    }
    auto elementType = cast<MemRefType>(out.getType()).getElementType();
    forEachRowBlock(results, [&](int64_t j, int64_t k0, Value v) {
      if (elementType != type.getElementType())
        v = b.create<arith::TruncFOp>(VectorType::get({lanes}, elementType), v);
      Value index = b.create<arith::AddIOp>(
          b.create<arith::MulIOp>(b.create<arith::AddIOp>(first, cIdx(b, j)),
                                  cIdx(b, K)),
          cIdx(b, k0));
      int64_t n = std::min<int64_t>(lanes, K - k0);
      if (n == lanes) {
        b.create<vector::StoreOp>(v, out, ValueRange{index});
        return;
      }
      SmallVector<bool> used(lanes, false);
      for (int64_t i = 0; i < n; ++i)
        used[i] = true;
      Value mask = b.create<arith::ConstantOp>(DenseElementsAttr::get(
          VectorType::get({lanes}, b.getI1Type()), ArrayRef<bool>(used)));
      b.create<vector::MaskedStoreOp>(out, ValueRange{index}, mask, v);
    });
  }

  /// Transposes K vectors of `lanes` rows back to rows, `lanes` outputs at
  /// a time: calls fn(j, k0, v) with v = outputs [k0, k0 + lanes) of row j
  /// (the lanes past K are zero).
  void forEachRowBlock(ArrayRef<Value> vectors,
                       llvm::function_ref<void(int64_t, int64_t, Value)> fn) {
    auto type = cast<VectorType>(vectors.front().getType());
    int64_t lanes = type.getNumElements(), K = vectors.size();
    for (int64_t k0 = 0; k0 < K; k0 += lanes) {
      SmallVector<Value> block;
      for (int64_t i = 0; i < lanes; ++i)
        block.push_back(k0 + i < K ? vectors[k0 + i] : splat(b, type, 0.0));
      SmallVector<Value> rowVectors = transposeSquare(b, block);
      for (int64_t j = 0; j < lanes; ++j)
        fn(j, k0, rowVectors[j]);
    }
  }

  /// Stores `values` (f64 lanes) at out[index ...), narrowed to the
  /// output's element type.
  void store(Value values, Value index) {
    auto elementType = cast<MemRefType>(out.getType()).getElementType();
    auto vectorType = cast<VectorType>(values.getType());
    if (elementType != vectorType.getElementType())
      values = b.create<arith::TruncFOp>(
          VectorType::get(vectorType.getShape(), elementType), values);
    b.create<vector::StoreOp>(values, out, ValueRange{index});
  }

  /// The output of `kind` for the rows [firsts[g], firsts[g] + lanes)
  /// whose raw scores are the lanes of `scores[g]`.
  void emitEpilogue(ArrayRef<Value> firsts, ArrayRef<Value> scores) {
    auto type = cast<VectorType>(scores.front().getType());
    int64_t lanes = type.getNumElements();
    if (kind == HW_KIND_DECISION) {
      for (auto [first, z] : llvm::zip(firsts, scores))
        store(z, first);
      return;
    }
    if (kind == HW_KIND_PROBA && model.transform == Transform::sigmoid) {
      // [1 - p, p] per row: interleave the two vectors. The sigmoids of
      // all groups go in lockstep.
      SmallVector<Value> ps = emitSigmoid(b, scores, model.transformScale);
      SmallVector<int64_t> mask;
      for (int64_t j = 0; j < lanes; ++j)
        mask.append({j, lanes + j});
      for (auto [first, p] : llvm::zip(firsts, ps)) {
        Value q = b.create<arith::SubFOp>(splat(b, type, 1.0), p);
        store(b.create<vector::ShuffleOp>(q, p, mask),
              b.create<arith::MulIOp>(first, cIdx(b, 2)));
      }
      return;
    }
    if (kind == HW_KIND_PREDICT && model.task == Task::classification) {
      // sklearn's LinearClassifierMixin: class 1 where r > 0.
      double label0 = model.classLabels.empty() ? 0.0 : model.classLabels[0];
      double label1 = model.classLabels.empty() ? 1.0 : model.classLabels[1];
      for (auto [first, z] : llvm::zip(firsts, scores)) {
        Value positive = b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, z,
                                                 splat(b, type, 0.0));
        store(b.create<arith::SelectOp>(positive, splat(b, type, label1),
                                        splat(b, type, label0)),
              first);
      }
      return;
    }
    if (kind == HW_KIND_PREDICT && model.transform == Transform::identity) {
      for (auto [first, z] : llvm::zip(firsts, scores))
        store(z, first);
      return;
    }
    if (kind == HW_KIND_PREDICT && model.transform == Transform::exp) {
      for (auto [first, e] : llvm::zip(firsts, emitExpF64(b, scores)))
        store(e, first);
      return;
    }
    // Other transforms: the scalar epilogue, row by row (the same
    // operations, so the same bits).
    for (auto [first, z] : llvm::zip(firsts, scores)) {
      b.create<vector::StoreOp>(z, scratch, ValueRange{cIdx(b, 0)});
      for (int64_t j = 0; j < lanes; ++j)
        emitRowEpilogue(b, model, kind, scratch, cIdx(b, j), out,
                        b.create<arith::AddIOp>(first, cIdx(b, j)), labels);
    }
  }
};
} // namespace

/// The output of `kind` for rows whose K raw scores are the first K lanes
/// of `scores[r]` (vector<W x f64>, W >= K, the lanes past K padding),
/// written as vector code: softmax, sigmoid and OvR-normalised sigmoids
/// (proba) and the raw scores (decision). The operations are the scalar
/// epilogue's (exp from ExpExpansion) except for the order of the sum, a
/// fixed tree over the padded width; the rows' exps go in lockstep. Returns
/// false, having emitted nothing, for the kinds and transforms left to the
/// scalar epilogue.
static bool emitOutputLaneEpilogue(ImplicitLocOpBuilder &b,
                                   const ScoreModel &model, hw_kind kind,
                                   ArrayRef<Value> scores, Value out,
                                   ArrayRef<Value> rows) {
  auto type = cast<VectorType>(scores.front().getType());
  int64_t width = type.getNumElements(), K = model.numOutputs;
  bool softmax = model.transform == Transform::softmax;
  bool ovr = model.transform == Transform::ovr_normalize;
  bool sigmoid = model.transform == Transform::sigmoid;
  // One sigmoid output is a binary proba, [1 - p, p] per row: the scalar
  // epilogue writes it (this one would store p alone).
  if (!(kind == HW_KIND_DECISION ||
        (kind == HW_KIND_PROBA && (softmax || ovr || (sigmoid && K > 1)))))
    return false;
  // A binary model's proba is two values per row, [1 - p, p], from its one
  // score: the scalar epilogue writes them (this one writes K per row).
  if (kind == HW_KIND_PROBA && sigmoid && K == 1)
    return false;
  SmallVector<bool> used(width, false);
  for (int64_t k = 0; k < K; ++k)
    used[k] = true;
  auto maskType = VectorType::get({width}, b.getI1Type());
  Value mask = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(maskType, ArrayRef<bool>(used)));
  auto onlyUsed = [&](Value v, double padding) -> Value {
    if (width == K)
      return v;
    return b.create<arith::SelectOp>(mask, v, splat(b, type, padding));
  };
  // Reductions over the W lanes as a fixed halving tree (lanes [0, W/2)
  // combined with [W/2, W), then again): log2(W) vector steps rather than
  // W - 1 dependent scalar ones. The tree depends only on W, the model's
  // padded output count, so every target sums in the same order; the
  // padding lanes hold -inf (maximum) or +0 (sum).
  auto reduceTree = [&](Value v, auto combine) -> Value {
    for (int64_t n = width; n > 1; n /= 2) {
      SmallVector<int64_t> low, high;
      for (int64_t j = 0; j < n / 2; ++j) {
        low.push_back(j);
        high.push_back(n / 2 + j);
      }
      v = combine(b.create<vector::ShuffleOp>(v, v, low),
                  b.create<vector::ShuffleOp>(v, v, high));
    }
    return b.create<vector::ExtractOp>(v, ArrayRef<int64_t>{0});
  };
  auto sumTree = [&](Value v) -> Value {
    return reduceTree(
        v, [&](Value x, Value y) { return b.create<arith::AddFOp>(x, y); });
  };
  auto divideBySum = [&](Value v, Value counted) -> Value {
    SmallVector<Value> values{v};
    scaleByReciprocal(b, values,
                      b.create<vector::BroadcastOp>(type, sumTree(counted)));
    return values.front();
  };
  SmallVector<Value> results(scores);
  if (kind == HW_KIND_PROBA && softmax) {
    SmallVector<Value> shifted;
    for (Value z : scores) {
      Value masked = onlyUsed(z, -INFINITY);
      Value maxValue = reduceTree(masked, [&](Value x, Value y) {
        return b.create<arith::MaximumFOp>(x, y);
      });
      shifted.push_back(b.create<arith::SubFOp>(
          masked, b.create<vector::BroadcastOp>(type, maxValue)));
    }
    results = emitExpF64(b, shifted);
    for (Value &e : results)
      e = divideBySum(e, e);
  } else if (kind == HW_KIND_PROBA) {
    results = emitSigmoid(b, scores, sigmoid ? model.transformScale : 1.0);
    if (ovr)
      for (Value &s : results)
        s = divideBySum(s, onlyUsed(s, 0.0));
  }
  auto elementType = cast<MemRefType>(out.getType()).getElementType();
  for (auto [row, result] : llvm::zip(rows, results)) {
    if (elementType != type.getElementType())
      result = b.create<arith::TruncFOp>(
          VectorType::get(type.getShape(), elementType), result);
    Value index = b.create<arith::MulIOp>(row, cIdx(b, K));
    if (width == K)
      b.create<vector::StoreOp>(result, out, ValueRange{index});
    else
      b.create<vector::MaskedStoreOp>(out, ValueRange{index}, mask, result);
  }
  return true;
}

/// The kernel `fn` again with float32 rows: `fn`'s name plus
/// HW_F32_ROWS_KERNEL_SUFFIX, its signature with memref<?xf32> for x. Not
/// marked as a kernel of its kind (recordModelMetadata records the one
/// kernel per kind); code generation finds it by its name.
static func::FuncOp createWideningKernelFunction(ImplicitLocOpBuilder &b,
                                                 ModuleOp module,
                                                 func::FuncOp fn) {
  FunctionType type = fn.getFunctionType();
  SmallVector<Type> inputs(type.getInputs());
  inputs[0] = MemRefType::get({ShapedType::kDynamic}, b.getF32Type());
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToEnd(module.getBody());
  auto widening = b.create<func::FuncOp>(
      (fn.getSymName() + HW_F32_ROWS_KERNEL_SUFFIX).str(),
      b.getFunctionType(inputs, type.getResults()));
  widening.addEntryBlock();
  return widening;
}

/// Kernels of a hardwood.linear: decision = x . w^T + b, the dot products in
/// the input type's precision (sklearn computes in float64) and summed in
/// feature order from 0, then widened and added to the intercept in
/// float64.
///
/// Rows are taken in tiles; for each feature the tile's rows add
/// x[r][f] * w[f][0..K) to one vector of K accumulators each. Every
/// accumulator still sums in feature order (the same bits as a plain dot
/// product on every target, no reassociation), but the K outputs share the
/// vector lanes and the rows of a tile are independent chains, so the loop
/// is neither scalar nor latency-bound.
void hardwood::emitLinearKernel(LinearOp linear, const ScoreModel &model,
                                ModuleOp module, ScheduleAttr schedule,
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
  unsigned K = model.numOutputs, F = linear.getNumFeatures();
  Value labels =
      tables.floatTable(b, "class_labels", b.getF64Type(), model.classLabels);
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  if (schedule.getVectorLanes() > 0) {
    // Rows in vector lanes (one output, or several with K accumulators per
    // vector of rows).
    int64_t lanes = schedule.getVectorLanes();
    auto scratchType =
        MemRefType::get({lanes * static_cast<int64_t>(llvm::alignTo(K, lanes))},
                        b.getF64Type());
    Value weights = tables.floatTable(b, "coefficients", inputType,
                                      linear.getCoefficients());
    auto emitBody = [&](func::FuncOp body) {
      b.setInsertionPointToEnd(&body.front());
      Value rows = toIndex(b, body.getArgument(1));
      RowLaneKernel kernel{
          b,
          model,
          kind,
          inputType,
          F,
          K,
          body.getArgument(0),
          toIndex(b, body.getArgument(2)),
          body.getArgument(3),
          b.create<memref::GetGlobalOp>(
              cast<MemRefType>(weights.getType()),
              weights.getDefiningOp<memref::GetGlobalOp>().getNameAttr()),
          b.create<memref::GetGlobalOp>(
              cast<MemRefType>(labels.getType()),
              labels.getDefiningOp<memref::GetGlobalOp>().getNameAttr()),
          b.create<memref::AllocaOp>(scratchType),
          linear.getIntercept()};
      Value zero = cIdx(b, 0), one = cIdx(b, 1);
      Value tileStep = cIdx(b, lanes * schedule.getInterleave());
      Value fullRows = b.create<arith::MulIOp>(
          b.create<arith::DivUIOp>(rows, tileStep), tileStep);
      auto tiles = b.create<scf::ForOp>(zero, fullRows, tileStep);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(tiles.getBody());
        kernel.emitTile(tiles.getInductionVar(), lanes,
                        schedule.getInterleave());
      }
      // The rows no tile covers, one at a time (one lane, same arithmetic).
      auto rest = b.create<scf::ForOp>(fullRows, rows, one);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(rest.getBody());
        kernel.emitTile(rest.getInductionVar(), 1, 1);
      }
      b.create<func::ReturnOp>();
    };
    emitBody(fn);
    // A float64 model also gets a kernel that reads float32 rows and widens
    // them as it loads them (exact, so the same bits as converting the rows
    // first): the runtime calls it for float32 input instead of writing a
    // float64 copy of the rows (hw_model_descriptor.kernels_f32).
    if (inputType.isF64())
      emitBody(createWideningKernelFunction(b, module, fn));
    return;
  }
  bool vectorOutputs = K <= kMaxLinearVectorOutputs;
  // Rows per tile: the schedule's (independent accumulator chains); wider
  // models take one dot product per output and row.
  int64_t tileRows = vectorOutputs ? schedule.getInterleave() : 1;
  // Accumulators are padded to a power of two (zero weights): an odd width
  // such as 10 x f64 splits into unequal registers that LLVM repacks on
  // every iteration.
  int64_t width = vectorOutputs ? llvm::PowerOf2Ceil(K) : K;
  auto scratchType =
      MemRefType::get({std::max<int64_t>(tileRows * width, 1)}, b.getF64Type());
  bool onHeap = tileRows * width > kMaxStackScratch;
  Value scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                         : Value(b.create<memref::AllocaOp>(scratchType));

  if (!vectorOutputs) {
    // Row-major K x F weights, one dot product per output.
    Value weights = tables.floatTable(b, "coefficients", inputType,
                                      linear.getCoefficients());
    Value intercept = tables.floatTable(b, "intercept", b.getF64Type(),
                                        linear.getIntercept());
    auto rowLoop = b.create<scf::ForOp>(zero, rows, one);
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
  } else {
    // Feature-major F x width weights (zeros past K): one vector load per
    // feature.
    ArrayRef<double> coefficients = linear.getCoefficients();
    SmallVector<double> byFeature(F * width, 0.0);
    for (unsigned k = 0; k < K; ++k)
      for (unsigned f = 0; f < F; ++f)
        byFeature[f * width + k] = coefficients[k * F + f];
    Value weights =
        tables.floatTable(b, "coefficients_by_feature", inputType, byFeature);
    SmallVector<double> paddedIntercept(linear.getIntercept());
    paddedIntercept.resize(width, 0.0);
    Value intercept =
        tables.floatTable(b, "intercept", b.getF64Type(), paddedIntercept);
    auto accType = VectorType::get({width}, inputType);
    auto wideType = VectorType::get({width}, b.getF64Type());
    Value zeroAcc = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(accType, b.getFloatAttr(inputType, 0.0)));
    Value interceptVector =
        b.create<vector::LoadOp>(wideType, intercept, ValueRange{zero});
    auto emitTile = [&](Value first, int64_t tile) {
      SmallVector<Value> rowBases;
      for (int64_t r = 0; r < tile; ++r)
        rowBases.push_back(b.create<arith::MulIOp>(
            b.create<arith::AddIOp>(first, cIdx(b, r)), stride));
      SmallVector<Value> init(tile, zeroAcc);
      auto features = b.create<scf::ForOp>(zero, cIdx(b, F), one, init);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(features.getBody());
        Value f = features.getInductionVar();
        Value w = b.create<vector::LoadOp>(
            accType, weights,
            ValueRange{b.create<arith::MulIOp>(f, cIdx(b, width))});
        SmallVector<Value> next;
        for (int64_t r = 0; r < tile; ++r) {
          Value xValue = load(b, x, b.create<arith::AddIOp>(rowBases[r], f));
          Value product = b.create<arith::MulFOp>(
              b.create<vector::BroadcastOp>(accType, xValue), w);
          next.push_back(b.create<arith::AddFOp>(
              features.getRegionIterArgs()[r], product));
        }
        b.create<scf::YieldOp>(next);
      }
      SmallVector<Value> scores, tileRowIndices;
      for (int64_t r = 0; r < tile; ++r) {
        Value sum = features.getResult(r);
        if (!inputType.isF64())
          sum = b.create<arith::ExtFOp>(wideType, sum);
        scores.push_back(b.create<arith::AddFOp>(sum, interceptVector));
        tileRowIndices.push_back(b.create<arith::AddIOp>(first, cIdx(b, r)));
      }
      if (emitOutputLaneEpilogue(b, model, kind, scores, out, tileRowIndices))
        return;
      for (int64_t r = 0; r < tile; ++r) {
        b.create<vector::StoreOp>(scores[r], scratch,
                                  ValueRange{cIdx(b, r * width)});
        emitRowEpilogue(b, model, kind, scratch, cIdx(b, r * width), out,
                        tileRowIndices[r], labels);
      }
    };
    Value tileStep = cIdx(b, tileRows);
    Value fullRows = b.create<arith::MulIOp>(
        b.create<arith::DivUIOp>(rows, tileStep), tileStep);
    auto tiles = b.create<scf::ForOp>(zero, fullRows, tileStep);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(tiles.getBody());
      emitTile(tiles.getInductionVar(), tileRows);
    }
    auto rest = b.create<scf::ForOp>(fullRows, rows, one);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(rest.getBody());
      emitTile(rest.getInductionVar(), 1);
    }
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}
