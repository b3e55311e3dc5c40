//===- HardwoodEnums.h - Hardwood enumerations ------------------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_HARDWOODENUMS_H
#define HARDWOOD_DIALECT_HARDWOODENUMS_H

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectImplementation.h"

#include "hardwood/Dialect/HardwoodEnums.h.inc"

#endif // HARDWOOD_DIALECT_HARDWOODENUMS_H
