//===- Pipeline.h - Hardwood pass pipelines ---------------------*- C++ -*-===//

#ifndef HARDWOOD_PASSES_PIPELINE_H
#define HARDWOOD_PASSES_PIPELINE_H

#include "mlir/Pass/PassManager.h"

#include <string>

namespace hardwood {

/// Choices the kernel pipeline takes from its caller. The target is not
/// one of them: it is the module's `hardwood.target` attribute.
struct KernelPipelineOptions {
  /// A #hardwood.schedule for every model op instead of the cost model's
  /// (empty: let hardwood-select-schedule choose).
  std::string schedule;
  /// A #hardwood.schedule for the float32-row kernels of float64 ensembles
  /// (empty: the cost model chooses).
  std::string float32RowsSchedule;
};

/// Model-level rewrites on hardwood.ensemble (fold weights, narrow
/// thresholds), then a #hardwood.schedule on every model op.
void buildSchedulePipeline(mlir::OpPassManager &pm,
                           const KernelPipelineOptions &options = {});

/// Model ops, as their schedules say, to kernels in standard dialects.
void buildKernelLoweringPipeline(mlir::OpPassManager &pm);

/// Model-level rewrites on hardwood.ensemble (fold weights, narrow
/// thresholds), schedule selection for the module's target, then the
/// lowering to kernels in standard dialects.
void buildKernelPipeline(mlir::OpPassManager &pm,
                         const KernelPipelineOptions &options = {});

/// Standard dialects (scf, arith, math, memref, func) to the LLVM dialect.
void buildLLVMLoweringPipeline(mlir::OpPassManager &pm);

/// Registers `hardwood-to-kernels` and `hardwood-to-llvm` for hardwood-opt.
void registerHardwoodPipelines();

} // namespace hardwood

#endif // HARDWOOD_PASSES_PIPELINE_H
