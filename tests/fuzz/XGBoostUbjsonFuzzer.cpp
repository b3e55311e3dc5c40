//===- XGBoostUbjsonFuzzer.cpp - Fuzz the UBJSON decoder and importer -----===//

#include "FuzzImport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  using namespace hardwood;
  return fuzz::runImport(data, size,
                         [](llvm::StringRef bytes, ImportErrors &errors,
                            const ImportOptions &options) -> ImportResult {
                           std::optional<llvm::json::Value> document =
                               decodeUbjsonDocument(bytes, errors);
                           if (!document)
                             return mlir::failure();
                           return importXGBoost(*document, errors, options);
                         });
}
