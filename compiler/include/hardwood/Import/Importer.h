//===- Importer.h - Model files to the Hardwood dialect ---------*- C++ -*-===//

#ifndef HARDWOOD_IMPORT_IMPORTER_H
#define HARDWOOD_IMPORT_IMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"

#include <string>

namespace hardwood {

struct ImportOptions {
  /// Overrides the model's name (the C symbol prefix) when not empty.
  std::string modelName;
};

/// Reads a model file, detecting its format by content, into a module
/// holding one verified hardwood.ensemble or hardwood.linear. Errors are
/// emitted as diagnostics naming the file, the field and the expectation.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importModelFile(llvm::StringRef path, mlir::MLIRContext &context,
                const ImportOptions &options);

/// Hardwood JSON v1 (docs/model-format.md) from memory.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importHardwoodJson(llvm::StringRef text, llvm::StringRef fileName,
                   mlir::MLIRContext &context, const ImportOptions &options);

} // namespace hardwood

#endif // HARDWOOD_IMPORT_IMPORTER_H
