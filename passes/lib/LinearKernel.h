//===- LinearKernel.h - Kernels of hardwood.linear --------------*- C++ -*-===//

#ifndef HARDWOOD_PASSES_LINEARKERNEL_H
#define HARDWOOD_PASSES_LINEARKERNEL_H

#include "KernelEmitter.h"

namespace mlir::hardwood {

/// Emits the kernel of `kind` for `linear` as `schedule` (strategy
/// linear_row_tiles) says.
void emitLinearKernel(LinearOp linear, const ScoreModel &model, ModuleOp module,
                      ScheduleAttr schedule, hw_kind kind);

} // namespace mlir::hardwood

#endif // HARDWOOD_PASSES_LINEARKERNEL_H
