//===- NeonTarget.cpp - AArch64 NEON facts and tbl permutes ---------------===//

#include "NeonTarget.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/StringRef.h"

using namespace mlir;
using namespace hardwood;

bool hardwood::isNeonTarget(TargetAttr target) {
  return target &&
         StringRef(target.getTriple().getValue()).starts_with("aarch64") &&
         target.hasPermute();
}

bool hardwood::isNeonSchedulable(TargetAttr target,
                                 const ModelStatistics &model) {
  // Deeper trees would walk their lower levels with 4-lane gathers that
  // LLVM loads lane by lane: 8.8 cycles per row and step on neoverse-n1
  // (llvm-mca) against about 3.9 for the interleaved scalar walk.
  return isNeonTarget(target) && !model.isLinear && model.isFloat32 &&
         model.numTrees > 0 && model.maxDepth <= kNeonRegisterLevels &&
         target.getVectorBits() == 128;
}

Value hardwood::emitNeonTablePermute(ImplicitLocOpBuilder &b, TargetAttr target,
                                     Value table, Value index) {
  auto indexType = dyn_cast<VectorType>(index.getType());
  auto tableType = dyn_cast<VectorType>(table.getType());
  if (!isNeonTarget(target) || !indexType || !tableType ||
      indexType.getNumElements() != 4 ||
      !indexType.getElementType().isInteger(32) ||
      !tableType.getElementType().isInteger(32))
    return Value();
  int64_t width = tableType.getNumElements();
  if (width % 4 != 0 || width > kMaxNeonTableWords ||
      (width > 16 && width % 16 != 0))
    return Value();
  auto bytes = VectorType::get({16}, b.getI8Type());
  // Word k is bytes 4k .. 4k + 3 (little endian): the byte index vector is
  // k * 0x04040404 + 0x03020100 per word lane.
  Value byteIndex = b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(
          index, b.create<arith::ConstantOp>(
                     DenseElementsAttr::get(indexType, int32_t(0x04040404)))),
      b.create<arith::ConstantOp>(
          DenseElementsAttr::get(indexType, int32_t(0x03020100))));
  auto registers = [&](int64_t from, int64_t count) {
    SmallVector<Value> parts;
    for (int64_t word = from; word < from + count; word += 4)
      parts.push_back(b.create<vector::BitCastOp>(
          bytes, b.create<vector::ExtractStridedSliceOp>(
                     table, ArrayRef<int64_t>{word}, ArrayRef<int64_t>{4},
                     ArrayRef<int64_t>{1})));
    return parts;
  };
  auto call = [&](StringRef intrinsic, ValueRange args) -> Value {
    return b
        .create<LLVM::CallIntrinsicOp>(bytes, b.getStringAttr(intrinsic), args)
        .getResult(0);
  };
  static const char *const kTbl[] = {
      "llvm.aarch64.neon.tbl1", "llvm.aarch64.neon.tbl2",
      "llvm.aarch64.neon.tbl3", "llvm.aarch64.neon.tbl4"};
  // The first (up to) 16 words: out-of-range bytes read 0.
  int64_t first = std::min<int64_t>(width, 16);
  SmallVector<Value> args = registers(0, first);
  Value selector = b.create<vector::BitCastOp>(bytes, byteIndex);
  args.push_back(selector);
  Value result = call(kTbl[first / 4 - 1], args);
  // Each further 16 words: tbx keeps the bytes already selected where the
  // index, lowered by the chunk's first byte, is out of its range (indices
  // of earlier chunks wrap around to 192 and above).
  for (int64_t word = 16; word < width; word += 16) {
    Value shifted = b.create<arith::SubIOp>(
        selector,
        b.create<arith::ConstantOp>(DenseElementsAttr::get(
            bytes, b.getI8IntegerAttr(static_cast<int8_t>(word * 4)))));
    SmallVector<Value> more = {result};
    llvm::append_range(more, registers(word, 16));
    more.push_back(shifted);
    result = call("llvm.aarch64.neon.tbx4", more);
  }
  return b.create<vector::BitCastOp>(indexType, result);
}
