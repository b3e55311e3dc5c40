//===- HardwoodAttrs.h - Target and schedule attributes ---------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_HARDWOODATTRS_H
#define HARDWOOD_DIALECT_HARDWOODATTRS_H

#include "hardwood/Dialect/HardwoodEnums.h"

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"

#define GET_ATTRDEF_CLASSES
#include "hardwood/Dialect/HardwoodAttrs.h.inc"

#endif // HARDWOOD_DIALECT_HARDWOODATTRS_H
