//===- FuzzImport.h - Shared harness of the importer fuzz targets -*- C++
//-*-===//
//
// Each importer fuzz target feeds one format's bytes to that format's parser
// and importer (the functions importModelBuffer dispatches to once it has
// recognised the format), so libFuzzer's time goes to the format named by
// the target and its seed corpus. A fresh single-threaded MLIRContext per
// input keeps the run's memory flat (attributes are uniqued per context and
// never freed); diagnostics are swallowed, since rejecting bad input is the
// expected outcome. Only crashes, sanitizer reports, leaks and timeouts are
// failures.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TESTS_FUZZ_FUZZIMPORT_H
#define HARDWOOD_TESTS_FUZZ_FUZZIMPORT_H

#include "DocumentParsers.h"
#include "FormatImporters.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

namespace hardwood::fuzz {

/// Runs `import(text, errors, options)` on the input in a fresh context; a
/// model it accepts is printed (to nowhere) to exercise the dialect's
/// printers on whatever values the importer let through.
template <typename ImportFn>
int runImport(const uint8_t *data, size_t size, ImportFn import) {
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.getOrLoadDialect<hardwood::HardwoodDialect>();
  mlir::ScopedDiagnosticHandler quiet(
      &context, [](mlir::Diagnostic &) { return mlir::success(); });
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  ImportErrors errors(context, "fuzz-input");
  ImportOptions options;
  ImportResult module = import(text, errors, options);
  if (mlir::succeeded(module))
    (*module)->print(llvm::nulls());
  return 0;
}

/// JSON text through the bounded parser, then `importDocument`.
template <typename ImportDocumentFn>
int runJsonImport(const uint8_t *data, size_t size,
                  ImportDocumentFn importDocument) {
  return runImport(data, size,
                   [&](llvm::StringRef text, ImportErrors &errors,
                       const ImportOptions &options) -> ImportResult {
                     std::optional<llvm::json::Value> document =
                         parseJsonDocument(text, errors);
                     if (!document)
                       return mlir::failure();
                     return importDocument(*document, errors, options);
                   });
}

} // namespace hardwood::fuzz

#endif // HARDWOOD_TESTS_FUZZ_FUZZIMPORT_H
