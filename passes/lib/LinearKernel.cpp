//===- LinearKernel.cpp - Kernels of hardwood.linear ----------------------===//
//
// decision = x . w^T + b in tiles of rows with vector accumulators; the
// summation order is that of a plain dot product, so results are the same
// bits on every target.
//
//===----------------------------------------------------------------------===//

#include "LinearKernel.h"
#include "KernelBuilder.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace hardwood;

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
      for (int64_t r = 0; r < tile; ++r) {
        Value sum = features.getResult(r);
        if (!inputType.isF64())
          sum = b.create<arith::ExtFOp>(wideType, sum);
        b.create<vector::StoreOp>(b.create<arith::AddFOp>(sum, interceptVector),
                                  scratch, ValueRange{cIdx(b, r * width)});
      }
      for (int64_t r = 0; r < tile; ++r)
        emitRowEpilogue(b, model, kind, scratch, cIdx(b, r * width), out,
                        b.create<arith::AddIOp>(first, cIdx(b, r)), labels);
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
