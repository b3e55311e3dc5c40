//===- ImportErrors.h - One-line, field-named import diagnostics -*- C++
//-*-===//
//
// Every importer error is one diagnostic located at the model file whose
// message starts with the field path, so a user can find the bad value
// without a debugger: `model.json: trees[3].left[7]: child 12 is out of ...`.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_IMPORTERRORS_H
#define HARDWOOD_LIB_IMPORT_IMPORTERRORS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/ADT/Twine.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace hardwood {

class ImportErrors {
public:
  ImportErrors(mlir::MLIRContext &context, llvm::StringRef file)
      : context(context), file(file.str()),
        loc(mlir::FileLineColLoc::get(&context, file, 0, 0)) {}

  /// Starts an error about the field at `path` ("" for the whole document).
  mlir::InFlightDiagnostic at(const llvm::Twine &path) {
    failed = true;
    mlir::InFlightDiagnostic diag = mlir::emitError(loc);
    std::string text = path.str();
    diag << (text.empty() ? "(document)" : text) << ": ";
    return diag;
  }
  /// Starts an error at a known line and column of a text format.
  mlir::InFlightDiagnostic atLine(unsigned line, unsigned column,
                                  const llvm::Twine &path) {
    failed = true;
    mlir::InFlightDiagnostic diag = mlir::emitError(
        mlir::FileLineColLoc::get(&context, file, line, column));
    diag << path << ": ";
    return diag;
  }

  bool hasFailed() const { return failed; }
  mlir::MLIRContext &getContext() const { return context; }
  llvm::StringRef getFile() const { return file; }
  mlir::Location getLoc() const { return loc; }

private:
  mlir::MLIRContext &context;
  std::string file;
  mlir::Location loc;
  bool failed = false;
};

/// The shortest decimal that reads back as `value` ("0.5", not the
/// "5.000000e-01" a diagnostic would print).
inline std::string formatNumber(double value) {
  char buffer[32];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", digits, value);
    if (std::strtod(buffer, nullptr) == value)
      break;
  }
  return buffer;
}

/// `base.key`, or `key` at the top level.
inline std::string memberPath(const llvm::Twine &base, llvm::StringRef key) {
  std::string prefix = base.str();
  return prefix.empty() ? key.str() : prefix + "." + key.str();
}

/// `base[index]`.
inline std::string indexPath(const llvm::Twine &base, uint64_t index) {
  return (base + "[" + llvm::Twine(index) + "]").str();
}

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_IMPORTERRORS_H
