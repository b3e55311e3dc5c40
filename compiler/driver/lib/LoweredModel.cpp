//===- LoweredModel.cpp - From #hardwood.lowered_model to plain data ------===//

#include "hardwood/Driver/LoweredModel.h"
#include "hardwood/Dialect/HardwoodAttrs.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SHA256.h"

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The dtype of a kernel's input or output elements (the attribute's
/// verifier admits only these three types).
static hw_dtype dtypeOf(mlir::Type type) {
  if (type.isF32())
    return HW_DTYPE_F32;
  if (type.isInteger(32))
    return HW_DTYPE_I32;
  return HW_DTYPE_F64;
}

llvm::Expected<ModelMetadata>
hardwood::readLoweredModel(mlir::ModuleOp module) {
  auto model = hardwood::LoweredModelAttr::lookup(module);
  if (!model)
    return makeError("module has no lowered Hardwood model (no '" +
                     hardwood::LoweredModelAttr::kAttrName +
                     "' attribute: run hardwood-lower-to-kernels first)");
  ModelMetadata m;
  m.name = model.getName().str();
  m.family = hardwood::stringifyModelFamily(model.getFamily()).str();
  m.task = hardwood::stringifyTask(model.getTask()).str();
  m.numFeatures = model.getNumFeatures();
  m.numClasses = model.getNumClasses();
  m.numTrees = model.getNumTrees();
  m.treeParallelRows = model.getTreeParallelRows();
  if (mlir::DenseI64ArrayAttr steps = model.getDepthOrderedSteps())
    m.depthOrderedSteps.assign(steps.asArrayRef().begin(),
                               steps.asArrayRef().end());
  m.inputDtype = dtypeOf(model.getInputType());
  if (mlir::DenseF64ArrayAttr labels = model.getClassLabels())
    m.classLabels.assign(labels.asArrayRef().begin(),
                         labels.asArrayRef().end());
  for (int kind = 0; kind < HW_KIND_COUNT; ++kind) {
    hardwood::KernelAttr kernel = model.getKernel(kind);
    if (!kernel)
      continue;
    m.kernels[kind] = kernel.getFunction().getValue().str();
    m.outputWidth[kind] = kernel.getWidth();
    m.outputDtype[kind] = dtypeOf(kernel.getElementType());
  }
  return m;
}

llvm::Expected<std::string> hardwood::hashModelFile(llvm::StringRef path) {
  // Read in chunks rather than mapped: the compiler may hash a model of
  // hundreds of MB while it compiles it, and mapped pages would add to its
  // resident memory.
  llvm::Expected<llvm::sys::fs::file_t> file =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!file)
    return makeError(path + ": " + llvm::toString(file.takeError()));
  llvm::SHA256 hasher;
  std::vector<char> chunk(1 << 20);
  while (true) {
    llvm::Expected<size_t> count =
        llvm::sys::fs::readNativeFile(*file, llvm::MutableArrayRef(chunk));
    if (!count) {
      llvm::sys::fs::closeFile(*file);
      return makeError(path + ": " + llvm::toString(count.takeError()));
    }
    if (*count == 0)
      break;
    hasher.update(llvm::ArrayRef(
        reinterpret_cast<const uint8_t *>(chunk.data()), *count));
  }
  llvm::sys::fs::closeFile(*file);
  std::array<uint8_t, 32> digest = hasher.final();
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
}
