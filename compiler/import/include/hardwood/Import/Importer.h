//===- Importer.h - Model files to the Hardwood dialect ---------*- C++ -*-===//
//
// One entry point for every model format: the format is detected from the
// content (Hardwood JSON, XGBoost JSON or UBJSON, LightGBM text), never from
// the file name.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_IMPORT_IMPORTER_H
#define HARDWOOD_IMPORT_IMPORTER_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/MemoryBufferRef.h"

#include <cstdint>
#include <optional>
#include <string>

namespace hardwood {

struct ImportOptions {
  /// Overrides the model's name (the C symbol prefix) when not empty.
  std::string modelName;
  /// Keeps only the first N boosting rounds (XGBoost's
  /// `iteration_range=(0, N)`, LightGBM's `num_iteration`); all when unset.
  std::optional<uint32_t> numIterations;
};

/// Reads a model file, detecting its format by content, into a module
/// holding one verified hardwood.ensemble or hardwood.linear. Every error is
/// one diagnostic located at the file, whose message starts with the field
/// path (e.g. `trees[3].left[7]: ...`) and says what was expected.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importModelFile(llvm::StringRef path, mlir::MLIRContext &context,
                const ImportOptions &options);

/// As importModelFile, from memory; the buffer identifier names the file in
/// diagnostics.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
importModelBuffer(llvm::MemoryBufferRef buffer, mlir::MLIRContext &context,
                  const ImportOptions &options);

} // namespace hardwood

#endif // HARDWOOD_IMPORT_IMPORTER_H
