//===- LoweredModel.cpp - From #hardwood.lowered_model to plain data ------===//

#include "hardwood/Driver/LoweredModel.h"
#include "hardwood/Dialect/HardwoodAttrs.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
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
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return makeError(path + ": " + buffer.getError().message());
  std::array<uint8_t, 32> digest =
      llvm::SHA256::hash(llvm::arrayRefFromStringRef((*buffer)->getBuffer()));
  return "sha256:" + llvm::toHex(digest, /*LowerCase=*/true);
}
