//===- Passes.h - Hardwood passes -------------------------------*- C++ -*-===//

#ifndef HARDWOOD_PASSES_PASSES_H
#define HARDWOOD_PASSES_PASSES_H

#include "hardwood/Dialect/HardwoodOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace hardwood {

#define GEN_PASS_DECL
#include "hardwood/Passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "hardwood/Passes/Passes.h.inc"

} // namespace hardwood

#endif // HARDWOOD_PASSES_PASSES_H
