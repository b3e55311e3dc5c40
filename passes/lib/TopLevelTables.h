//===- TopLevelTables.h - Register images of the top tree levels -*- C++
//-*-===//
//
// The data vector_register_top walks in registers: per tree, the record
// words of its top levels in breadth-first (implicit) order, position k's
// children at 2k + 1 and 2k + 2, and where each position of the first level
// below them continues in the node table.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_TOPLEVELTABLES_H
#define HARDWOOD_PASSES_TOPLEVELTABLES_H

#include "EnsembleTables.h"

namespace hardwood {

struct TopLevelTables {
  /// Per tree, `width` words: the info / aux word of breadth-first node k
  /// of the top levels, 0 for padding (positions under a leaf, and k >=
  /// 2^levels - 1).
  llvm::SmallVector<int32_t> info, aux;
  /// Per tree, 2^levels absolute node indices: where position k of level
  /// `levels` continues in the node table. Every position under a leaf
  /// above that level exits to the leaf, so any route through padding ends
  /// where the node-table walk ends.
  llvm::SmallVector<int32_t> exit;
};

/// Register images of the top `levels` levels of every tree of `tables`,
/// `width` >= 2^levels - 1 words per tree and word.
TopLevelTables buildTopLevelTables(const EnsembleTables &tables, int64_t width,
                                   int64_t levels);

class EnsembleKernel;

/// Whether the compare levels may decide each node of the kernel's model
/// with one ordered compare on the feature-major copies that read NaN as
/// +infinity and -infinity (EnsembleKernel::emitFeatureMajorBlock).
bool canReadNanAsInfinity(EnsembleKernel &kernel);

} // namespace hardwood

#endif // HARDWOOD_PASSES_TOPLEVELTABLES_H
