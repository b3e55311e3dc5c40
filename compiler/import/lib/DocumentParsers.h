//===- DocumentParsers.h - Bounded JSON and UBJSON parsing ------*- C++ -*-===//
//
// Model files are untrusted: both parsers refuse documents nested deeper than
// kMaxNesting before recursing, and the UBJSON decoder checks every count
// against the bytes left before allocating for it.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_DOCUMENTPARSERS_H
#define HARDWOOD_LIB_IMPORT_DOCUMENTPARSERS_H

#include "ImportErrors.h"

#include "llvm/Support/JSON.h"

#include <optional>

namespace hardwood {

/// Deepest nesting of objects and arrays accepted (docs/model-format.md).
constexpr unsigned kMaxNesting = 64;

/// Parses JSON text; llvm::json::parse recurses once per nesting level, so
/// the nesting is measured first without recursion. The bare literals NaN,
/// Infinity and -Infinity (written by XGBoost) are read as the strings
/// "NaN", "Infinity" and "-Infinity".
std::optional<llvm::json::Value> parseJsonDocument(llvm::StringRef text,
                                                   ImportErrors &errors);

/// True when `bytes` starts like a UBJSON object rather than a JSON one.
bool looksLikeUbjson(llvm::StringRef bytes);

/// Decodes UBJSON (draft 12, as XGBoost writes it) into the value JSON text
/// of the same document would parse to.
std::optional<llvm::json::Value> decodeUbjsonDocument(llvm::StringRef bytes,
                                                      ImportErrors &errors);

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_DOCUMENTPARSERS_H
