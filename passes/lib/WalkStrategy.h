//===- WalkStrategy.h - How an ensemble kernel walks trees ------*- C++ -*-===//
//
// A strategy generates the walks inside EnsembleKernel's loop nest: the walk
// of one tree by a tile of rows, and the walks of the rows no tile covers.
// Adding a strategy is one file implementing this interface, one case in
// createWalkStrategy and one selector rule (docs/developing.md).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_WALKSTRATEGY_H
#define HARDWOOD_PASSES_WALKSTRATEGY_H

#include "EnsembleKernel.h"

#include <memory>

namespace hardwood {

class WalkStrategy {
public:
  virtual ~WalkStrategy() = default;

  /// Prepares a block whose tiles cover block rows [0, fullRows), before
  /// its tree loop (e.g. a copy of the rows in another layout).
  virtual void emitBlockPrologue(EnsembleKernel &kernel,
                                 mlir::ImplicitLocOpBuilder &b,
                                 mlir::Value fullRows) {}

  /// Walks tree `tree` for the schedule's tile of block rows from `first`
  /// and adds the leaves (EnsembleKernel::emitLeafUpdate and friends).
  virtual void emitTileWalk(EnsembleKernel &kernel,
                            mlir::ImplicitLocOpBuilder &b, mlir::Value tree,
                            mlir::Value first) = 0;

  /// Walks every tree for block rows [fullRows, blockSize), the rows that
  /// fill no tile. Each row must add its trees in model order, as the tiles
  /// do, so results do not depend on tiling.
  virtual void emitRemainder(EnsembleKernel &kernel,
                             mlir::ImplicitLocOpBuilder &b,
                             mlir::Value fullRows, mlir::Value blockSize) = 0;

  /// Whether the tree loop is unrolled at compile time (each tree its own
  /// code). The kernel then has no runtime tree loop over tiles: it loops
  /// over the block's full tiles calling emitUnrolledTile, then calls
  /// emitRemainder; emitBlockPrologue and emitTileWalk are not called.
  virtual bool unrollsTrees() const { return false; }
  /// Walks every tree, in model order, for the full tile of block rows
  /// from `first`.
  virtual void emitUnrolledTile(EnsembleKernel &kernel,
                                mlir::ImplicitLocOpBuilder &b,
                                mlir::Value first) {}
};

std::unique_ptr<WalkStrategy> createScalarInterleavedStrategy();
std::unique_ptr<WalkStrategy> createVectorGatherStrategy();
std::unique_ptr<WalkStrategy> createVectorRegisterTopStrategy();
/// vector_register_top's walks of the rows no tile covers, with register
/// images of `imageLevels` levels whatever the schedule says (for
/// strategies without images of their own; only emitRemainder is used).
std::unique_ptr<WalkStrategy> createRegisterImageRemainder(int64_t imageLevels);
std::unique_ptr<WalkStrategy> createUnrolledStrategy();
/// vector_register_top on an AArch64 NEON target (NeonRegisterTopWalk.cpp).
std::unique_ptr<WalkStrategy> createNeonRegisterTopStrategy();

/// The strategy `schedule` names; fails with a diagnostic on `op` when it
/// is not a tree-walk strategy.
mlir::FailureOr<std::unique_ptr<WalkStrategy>>
createWalkStrategy(ScheduleAttr schedule, mlir::Operation *op);

} // namespace hardwood

#endif // HARDWOOD_PASSES_WALKSTRATEGY_H
