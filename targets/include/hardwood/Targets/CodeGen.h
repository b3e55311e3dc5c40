//===- CodeGen.h - LLVM dialect to native code ------------------*- C++ -*-===//

#ifndef HARDWOOD_TARGETS_CODEGEN_H
#define HARDWOOD_TARGETS_CODEGEN_H

#include "hardwood/Targets/TargetDescription.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <memory>

namespace hardwood {

/// Model metadata read off the lowered module (the `hardwood.model`
/// attribute LowerToKernels records), in the form the descriptor needs.
struct ModelMetadata {
  std::string name, family, task;
  unsigned numFeatures = 0, numClasses = 0, numTrees = 0;
  unsigned inputDtype = 0, kinds = 0;
  std::vector<double> classLabels;
  std::vector<unsigned> outputWidth, outputDtype;
};

llvm::Expected<ModelMetadata> readModelMetadata(mlir::ModuleOp module);

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetDescription &target);

/// Translates a module in the LLVM dialect to LLVM IR, adds the C entry
/// points (`<name>_<kind>` with the hw_kernel_fn signature and
/// `hardwood_model_<name>` returning the descriptor; also
/// `hardwood_model_descriptor` when `exportDefaultSymbol`) and optimises it
/// at -O3 for `tm`.
llvm::Expected<std::unique_ptr<llvm::Module>>
generateLLVMModule(mlir::ModuleOp module, const ModelMetadata &metadata,
                   const TargetDescription &target, llvm::TargetMachine &tm,
                   llvm::LLVMContext &context, bool exportDefaultSymbol);

/// Writes an object file or assembly for `module`.
llvm::Error emitMachineCode(llvm::Module &module, llvm::TargetMachine &tm,
                            llvm::StringRef path, bool assembly);

/// Links one object into a shared library with ld.lld.
llvm::Error linkSharedLibrary(llvm::StringRef objectPath,
                              llvm::StringRef outputPath,
                              const TargetDescription &target);

/// Packs one object into a static library as member `memberName`.
llvm::Error writeStaticLibrary(llvm::StringRef objectPath,
                               llvm::StringRef outputPath,
                               llvm::StringRef memberName);

/// The C header declaring the model's descriptor and kernels.
std::string generateHeader(const ModelMetadata &metadata,
                           const TargetDescription &target);

} // namespace hardwood

#endif // HARDWOOD_TARGETS_CODEGEN_H
