//===- HardwoodDialect.h - Hardwood dialect ---------------------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_HARDWOODDIALECT_H
#define HARDWOOD_DIALECT_HARDWOODDIALECT_H

#include "mlir/IR/Dialect.h"

#include "hardwood/Dialect/HardwoodDialect.h.inc"

#endif // HARDWOOD_DIALECT_HARDWOODDIALECT_H
