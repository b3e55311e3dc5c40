//===- Pipeline.h - Hardwood pass pipelines ---------------------*- C++ -*-===//

#ifndef HARDWOOD_PASSES_PIPELINE_H
#define HARDWOOD_PASSES_PIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace mlir::hardwood {

/// What the kernel pipeline needs to know of the target.
struct KernelPipelineOptions {
  /// Rows walked as one vector; 0 for interleaved scalar walks. Chosen from
  /// the target description (vector width, hardware gathers).
  int64_t vectorLanes = 0;
};

/// Model-level rewrites on hardwood.ensemble (fold weights, narrow
/// thresholds) followed by the lowering to kernels in standard dialects.
void buildKernelPipeline(OpPassManager &pm,
                         const KernelPipelineOptions &options = {});

/// Standard dialects (scf, arith, math, memref, func) to the LLVM dialect.
void buildLLVMLoweringPipeline(OpPassManager &pm);

/// Registers `hardwood-to-kernels` and `hardwood-to-llvm` for hardwood-opt.
void registerHardwoodPipelines();

} // namespace mlir::hardwood

#endif // HARDWOOD_PASSES_PIPELINE_H
