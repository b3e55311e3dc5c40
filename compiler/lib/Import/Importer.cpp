//===- Importer.cpp - Format detection ------------------------------------===//

#include "hardwood/Import/Importer.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace hardwood;

/// Model files above this size are refused before reading them.
static constexpr uint64_t kMaxModelFileBytes = uint64_t(4) << 30;

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
hardwood::importModelFile(llvm::StringRef path, mlir::MLIRContext &context,
                          const ImportOptions &options) {
  mlir::Location loc = mlir::FileLineColLoc::get(&context, path, 0, 0);
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return mlir::emitError(loc)
           << "cannot read: " << buffer.getError().message();
  llvm::StringRef text = (*buffer)->getBuffer();
  if (text.size() > kMaxModelFileBytes)
    return mlir::emitError(loc) << "file is larger than 4 GiB";
  llvm::StringRef head = text.ltrim().take_front(4096);
  if (head.empty())
    return mlir::emitError(loc) << "file is empty; expected a Hardwood JSON, "
                                   "XGBoost or LightGBM model";
  if (head.starts_with("{") && head.contains("\"hardwood-model\""))
    return importHardwoodJson(text, path, context, options);
  if (head.starts_with("{") && head.contains("\"learner\""))
    return mlir::emitError(loc)
           << "XGBoost models are not supported by this build yet; export "
              "the model to Hardwood JSON";
  if (head.starts_with("tree") || head.contains("version=v"))
    return mlir::emitError(loc)
           << "LightGBM models are not supported by this build yet";
  return mlir::emitError(loc)
         << "unrecognised model format; expected Hardwood JSON (\"format\": "
            "\"hardwood-model\"), XGBoost JSON/UBJSON or LightGBM text";
}
