//===- TestSupport.h - Helpers shared by the importer tests -----*- C++ -*-===//

#ifndef HARDWOOD_TESTS_UNIT_IMPORT_TESTSUPPORT_H
#define HARDWOOD_TESTS_UNIT_IMPORT_TESTSUPPORT_H

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Import/Importer.h"

#include "mlir/IR/MLIRContext.h"

#include <string>
#include <vector>

namespace hardwood::test {

/// The file name every in-memory import is reported under.
constexpr const char *kTestFileName = "model-under-test.json";

/// Imports `content` and keeps the diagnostics, one string per error, each
/// as "FILE: MESSAGE" so tests can check the file is named.
struct ImportAttempt {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<std::string> errors;

  bool ok() const { return static_cast<bool>(module); }
  /// All diagnostics joined by newlines.
  std::string message() const;
  /// The printed module, or "errors: " and the message: one string to
  /// compare two imports by.
  std::string outcome() const;
  hardwood::EnsembleOp ensemble();
  hardwood::LinearOp linear();
};

ImportAttempt importText(mlir::MLIRContext &context, llvm::StringRef content,
                         const ImportOptions &options = {});
ImportAttempt importFile(mlir::MLIRContext &context, llvm::StringRef path,
                         const ImportOptions &options = {});

/// Path of a file in tests/fixtures/xgboost.
std::string inputPath(llvm::StringRef name);
/// Path of a file in tests/fixtures (e.g. "hardwood/hardwood_example.json").
std::string fixturePath(llvm::StringRef name);

/// The example model of docs/model-format.md, as a string to edit.
std::string exampleModel();

/// `text` with the first occurrence of `from` replaced by `to`; fails the
/// test when `from` is absent so a stale edit cannot pass silently.
std::string replaceOnce(std::string text, llvm::StringRef from,
                        llvm::StringRef to);

} // namespace hardwood::test

#endif // HARDWOOD_TESTS_UNIT_IMPORT_TESTSUPPORT_H
