//===- Pipeline.cpp - Hardwood pass pipelines -----------------------------===//

#include "hardwood/Passes/Pipeline.h"
#include "hardwood/Passes/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/MemRef/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace hardwood;

void hardwood::buildSchedulePipeline(OpPassManager &pm,
                                     const KernelPipelineOptions &options) {
  OpPassManager &ensemble = pm.nest<EnsembleOp>();
  ensemble.addPass(createFoldTreeWeights());
  ensemble.addPass(createNarrowThresholds());
  SelectScheduleOptions selection;
  selection.schedule = options.schedule;
  selection.float32RowsSchedule = options.float32RowsSchedule;
  pm.addPass(createSelectSchedule(selection));
}

void hardwood::buildKernelLoweringPipeline(OpPassManager &pm) {
  pm.addPass(createLowerToKernels());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
}

void hardwood::buildKernelPipeline(OpPassManager &pm,
                                   const KernelPipelineOptions &options) {
  buildSchedulePipeline(pm, options);
  buildKernelLoweringPipeline(pm);
}

void hardwood::buildLLVMLoweringPipeline(OpPassManager &pm) {
  // Subviews (vector walks read the input through one) become plain
  // pointer arithmetic first.
  pm.addPass(memref::createExpandStridedMetadataPass());
  pm.addPass(createLowerAffinePass());
  pm.addPass(createConvertSCFToCFPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createFinalizeMemRefToLLVMConversionPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  pm.addPass(createCanonicalizerPass());
}

void hardwood::registerHardwoodPipelines() {
  PassPipelineRegistration<>(
      "hardwood-to-kernels",
      "Fold, narrow and lower Hardwood models to kernels in standard "
      "dialects",
      [](OpPassManager &pm) { buildKernelPipeline(pm); });
  PassPipelineRegistration<>(
      "hardwood-to-llvm",
      "Lower Hardwood models all the way to the LLVM dialect",
      [](OpPassManager &pm) {
        buildKernelPipeline(pm);
        buildLLVMLoweringPipeline(pm);
      });
}
