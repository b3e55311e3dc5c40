//===- KernelBuilder.h - Small IR-building helpers for kernels --*- C++ -*-===//

#ifndef HARDWOOD_PASSES_KERNELBUILDER_H
#define HARDWOOD_PASSES_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace mlir::hardwood {

inline Value cIdx(ImplicitLocOpBuilder &b, int64_t v) {
  return b.create<arith::ConstantIndexOp>(v);
}
inline Value cFloat(ImplicitLocOpBuilder &b, Type type, double v) {
  return b.create<arith::ConstantOp>(b.getFloatAttr(type, v));
}
inline Value toIndex(ImplicitLocOpBuilder &b, Value v) {
  return b.create<arith::IndexCastOp>(b.getIndexType(), v);
}
inline Value load(ImplicitLocOpBuilder &b, Value memref, Value index) {
  return b.create<memref::LoadOp>(memref, ValueRange{index});
}

} // namespace mlir::hardwood

#endif // HARDWOOD_PASSES_KERNELBUILDER_H
