//===- EnsembleTables.h - Flattened node tables of an ensemble --*- C++ -*-===//
//
// The data layout the kernels walk. Leaves point to themselves, so every walk
// of tree t takes exactly depth[t] steps with no leaf test: the loop is
// branch-free and several rows can be walked in lockstep.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_ENSEMBLETABLES_H
#define HARDWOOD_PASSES_ENSEMBLETABLES_H

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace mlir::hardwood {

struct EnsembleTables {
  // Per node, over all trees, indices absolute.
  std::vector<int32_t> children;   ///< 2 per node: left, right; self at leaves.
  std::vector<int32_t> feature;    ///< 0 at leaves (any valid column).
  std::vector<double> threshold;   ///< 0 at leaves.
  std::vector<int8_t> flags;       ///< node_flags bits.
  std::vector<int32_t> leafOffset; ///< Index of the leaf's first value.
  std::vector<int32_t> categoryRecord; ///< -1 or index into category tables.
  // Per tree.
  std::vector<int32_t> root, depth, group, nodeBase;
  // Leaf values, leafWidth per leaf, weights already folded.
  std::vector<double> leafValues;
  // Categorical records.
  std::vector<int32_t> categoryDomain, categoryWordBase;
  std::vector<int8_t> categoryOutside;
  std::vector<int32_t> categoryWords; ///< Bitsets, bit c = category c left.

  // Facts that let the kernel skip work for the common cases.
  bool anyStrictLess = false, anyNonStrict = false;
  bool anyNanAsZero = false, anyZeroOrNan = false;
  bool hasCategorical() const { return !categoryDomain.empty(); }
  int32_t maxDepth = 0;
};

/// Flattens `ensemble`. Fails (with a diagnostic on the op) when the model
/// exceeds the 32-bit table indices or a float32 model still has thresholds
/// that are not float32 values (run hardwood-narrow-thresholds first).
FailureOr<EnsembleTables> buildEnsembleTables(EnsembleOp ensemble);

} // namespace mlir::hardwood

#endif // HARDWOOD_PASSES_ENSEMBLETABLES_H
