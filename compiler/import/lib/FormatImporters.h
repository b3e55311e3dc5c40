//===- FormatImporters.h - One entry point per model format -----*- C++ -*-===//
//
// Called by Importer.cpp once the format is known. Each reports its errors
// through `errors` and returns a verified module.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_FORMATIMPORTERS_H
#define HARDWOOD_LIB_IMPORT_FORMATIMPORTERS_H

#include "ImportErrors.h"

#include "hardwood/Import/Importer.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/JSON.h"

namespace hardwood {

struct SplitJsonDocument;

using ImportResult = mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>;

/// Hardwood JSON v1 (docs/model-format.md), already parsed.
ImportResult importHardwoodJson(const llvm::json::Value &document,
                                ImportErrors &errors,
                                const ImportOptions &options);

/// The same from JSON text split at its top-level trees array
/// (splitJsonDocument): trees are parsed one at a time. `reportSyntaxError`
/// reports a tree that is not valid JSON, as parsing the whole document
/// would.
ImportResult
importHardwoodJsonSplit(const SplitJsonDocument &document,
                        llvm::function_ref<void()> reportSyntaxError,
                        ImportErrors &errors, const ImportOptions &options);

/// An XGBoost 1.x model as `Booster.save_model` writes it, parsed from JSON
/// or decoded from UBJSON (both give the same value tree).
ImportResult importXGBoost(const llvm::json::Value &document,
                           ImportErrors &errors, const ImportOptions &options);

/// The same from JSON text split at its trees array (splitJsonDocument):
/// trees are parsed one at a time. `reportSyntaxError` reports a tree that
/// is not valid JSON, as parsing the whole document would.
ImportResult importXGBoostSplit(const SplitJsonDocument &document,
                                llvm::function_ref<void()> reportSyntaxError,
                                ImportErrors &errors,
                                const ImportOptions &options);

/// A LightGBM model text file (`Booster.save_model`).
ImportResult importLightGBMText(llvm::StringRef text, ImportErrors &errors,
                                const ImportOptions &options);

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_FORMATIMPORTERS_H
