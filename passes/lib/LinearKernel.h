//===- LinearKernel.h - Kernels of hardwood.linear --------------*- C++ -*-===//

#ifndef HARDWOOD_PASSES_LINEARKERNEL_H
#define HARDWOOD_PASSES_LINEARKERNEL_H

#include "KernelEmitter.h"

namespace hardwood {

/// Emits the kernel of `kind` for `linear` as `schedule` (strategy
/// linear_row_tiles) says.
void emitLinearKernel(LinearOp linear, const ScoreModel &model,
                      mlir::ModuleOp module, ScheduleAttr schedule,
                      hw_kind kind);

} // namespace hardwood

#endif // HARDWOOD_PASSES_LINEARKERNEL_H
