//===- KernelBuilder.h - Small IR-building helpers for kernels --*- C++ -*-===//

#ifndef HARDWOOD_PASSES_KERNELBUILDER_H
#define HARDWOOD_PASSES_KERNELBUILDER_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace hardwood {

inline mlir::Value cIdx(mlir::ImplicitLocOpBuilder &b, int64_t v) {
  return b.create<mlir::arith::ConstantIndexOp>(v);
}
inline mlir::Value cFloat(mlir::ImplicitLocOpBuilder &b, mlir::Type type,
                          double v) {
  return b.create<mlir::arith::ConstantOp>(b.getFloatAttr(type, v));
}
inline mlir::Value toIndex(mlir::ImplicitLocOpBuilder &b, mlir::Value v) {
  return b.create<mlir::arith::IndexCastOp>(b.getIndexType(), v);
}
inline mlir::Value load(mlir::ImplicitLocOpBuilder &b, mlir::Value memref,
                        mlir::Value index) {
  return b.create<mlir::memref::LoadOp>(memref, mlir::ValueRange{index});
}

} // namespace hardwood

#endif // HARDWOOD_PASSES_KERNELBUILDER_H
