//===- HardwoodOps.h - Hardwood operations ----------------------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_HARDWOODOPS_H
#define HARDWOOD_DIALECT_HARDWOODOPS_H

#include "hardwood/Dialect/HardwoodDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/SymbolTable.h"

#include "hardwood/Dialect/HardwoodAttrs.h"

namespace hardwood {
class TreeOp;

/// Bits of TreeOp's per-node `flags` array.
namespace node_flags {
constexpr int8_t kDefaultLeft = 1 << 0;
constexpr int8_t kStrictLess = 1 << 1;
constexpr int kMissingShift = 2;
constexpr int8_t kMissingMask = 3 << kMissingShift;
} // namespace node_flags

/// What counts as a missing value at a numerical node.
enum class MissingKind : int8_t {
  Nan = 0,       ///< NaN takes the default direction.
  NanAsZero = 1, ///< NaN is compared as 0.0 (LightGBM missing type None).
  ZeroOrNan = 2, ///< NaN and +-0.0 take the default direction.
};

/// Where a categorical value outside the split's domain goes.
enum class CategoryOutside : int8_t { Left = 0, Right = 1, Default = 2 };

inline MissingKind getMissingKind(int8_t flags) {
  return static_cast<MissingKind>((flags & node_flags::kMissingMask) >>
                                  node_flags::kMissingShift);
}
inline int8_t makeNodeFlags(bool defaultLeft, bool strictLess,
                            MissingKind missing) {
  return static_cast<int8_t>(
      (defaultLeft ? node_flags::kDefaultLeft : 0) |
      (strictLess ? node_flags::kStrictLess : 0) |
      (static_cast<int8_t>(missing) << node_flags::kMissingShift));
}
} // namespace hardwood

#define GET_OP_CLASSES
#include "hardwood/Dialect/HardwoodOps.h.inc"

#endif // HARDWOOD_DIALECT_HARDWOODOPS_H
