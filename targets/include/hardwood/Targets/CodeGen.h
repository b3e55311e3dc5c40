//===- CodeGen.h - LLVM dialect to native code ------------------*- C++ -*-===//

#ifndef HARDWOOD_TARGETS_CODEGEN_H
#define HARDWOOD_TARGETS_CODEGEN_H

#include "hardwood/Targets/TargetDescription.h"
#include "hardwood/model_abi.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

#include <array>
#include <memory>

namespace hardwood {

/// What the descriptor and the header say of a model, as plain data: the
/// driver fills it from the lowered module's #hardwood.lowered_model (this
/// library knows nothing of the dialect).
struct ModelMetadata {
  std::string name, family, task;
  unsigned numFeatures = 0, numClasses = 0, numTrees = 0;
  hw_dtype inputDtype = HW_DTYPE_F64;
  std::vector<double> classLabels;
  /// Per kind (indexed by hw_kind): the lowered kernel's function, empty
  /// when the model lacks the kind; its output width and dtype.
  std::array<std::string, HW_KIND_COUNT> kernels;
  std::array<unsigned, HW_KIND_COUNT> outputWidth{};
  std::array<hw_dtype, HW_KIND_COUNT> outputDtype{};
  /// "sha256:<hex>" of the model file, or empty.
  std::string contentHash;
  /// How the model was built, as JSON (Hardwood and LLVM versions, triple,
  /// CPU, features, schedule): exported as the C string
  /// `hardwood_build_info_<name>` next to the descriptor, for `hardwood
  /// inspect`. Outside the descriptor, so the ABI does not change.
  std::string buildInfo;
  /// hw_model_descriptor.tree_parallel_rows.
  unsigned treeParallelRows = 0;
  /// LoweredModelAttr's depth_ordered_steps (empty: the trees walk in model
  /// order), for the build info.
  std::vector<int64_t> depthOrderedSteps;

  bool hasKind(unsigned kind) const { return !kernels[kind].empty(); }
  /// Bit (1 << kind) per kind the model has: the descriptor's
  /// supported_kinds.
  uint32_t kinds() const;
};

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
createTargetMachine(const TargetDescription &target);

/// The LLVM type of hw_model_descriptor (model_abi.h), field by field; the
/// descriptor generated for a model has this type.
llvm::StructType *getDescriptorType(llvm::LLVMContext &context);

/// Bits (1 << HW_CPU_*) of the HW_CPU_FEATURE_TABLE features `tm` generates
/// code for (its CPU's implied features and its feature string): what the
/// host must have to run the code.
uint64_t requiredCpuFeatures(const llvm::TargetMachine &tm);

/// The names of the features in `bits`, in bit order, comma-separated.
std::string cpuFeatureNames(uint64_t bits);

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

/// The C header declaring the model's descriptor and kernels; the CPU
/// features `cpuFeatures` (requiredCpuFeatures) are named in its comment.
std::string generateHeader(const ModelMetadata &metadata,
                           const TargetDescription &target,
                           uint64_t cpuFeatures);

} // namespace hardwood

#endif // HARDWOOD_TARGETS_CODEGEN_H
