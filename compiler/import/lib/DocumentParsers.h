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

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <vector>

namespace hardwood {

/// Deepest nesting of objects and arrays accepted (docs/model-format.md).
constexpr unsigned kMaxNesting = 64;

/// Parses JSON text; llvm::json::parse recurses once per nesting level, so
/// the nesting is measured first without recursion. The bare literals NaN,
/// Infinity and -Infinity (written by XGBoost) are read as the strings
/// "NaN", "Infinity" and "-Infinity".
std::optional<llvm::json::Value> parseJsonDocument(llvm::StringRef text,
                                                   ImportErrors &errors);

/// One element of an array kept as text by splitJsonDocument.
struct JsonElement {
  llvm::StringRef text;
  /// Bare NaN/Infinity literals may appear in it (then they are quoted
  /// before parsing, as parseJsonDocument does).
  bool mayHaveNonFiniteLiterals = false;
};

/// A JSON document whose largest array is kept as text: `skeleton` is the
/// document with that array emptied (`[]`), `elements` the text of each of
/// its elements in order, to be parsed one at a time with
/// parseJsonElement. A model's trees are most of its file; parsing them one
/// by one bounds the memory to one tree's values instead of the whole
/// document's (a 300 MB XGBoost model decodes to several GB of
/// llvm::json::Value).
struct SplitJsonDocument {
  llvm::json::Value skeleton = nullptr;
  /// The object keys leading to the deferred array from the root; empty
  /// when none of the requested paths was found (the skeleton is then the
  /// whole document).
  llvm::SmallVector<llvm::StringRef> deferredPath;
  std::vector<JsonElement> elements;
};

/// Splits `text` at the first array found at one of `deferrablePaths` (each
/// a sequence of object keys from the root). Returns nullopt, without a
/// diagnostic, whenever the fast path cannot be sure to read the document
/// as parseJsonDocument would (invalid JSON, nesting beyond kMaxNesting,
/// escaped or duplicate keys on a deferrable path): the caller then parses
/// the whole document with parseJsonDocument, whose messages locate the
/// error in the file.
std::optional<SplitJsonDocument> splitJsonDocument(
    llvm::StringRef text,
    llvm::ArrayRef<llvm::ArrayRef<llvm::StringRef>> deferrablePaths);

/// The trees of a JSON model left as text by splitJsonDocument: parsed one
/// at a time, so only one tree's llvm::json values live at once.
struct DeferredTrees {
  /// The object keys leading to the array in the document.
  llvm::ArrayRef<llvm::StringRef> path;
  /// Each tree's JSON text.
  llvm::ArrayRef<JsonElement> elements;
  /// Reports a syntax error in a tree as parsing the whole document would.
  llvm::function_ref<void()> reportSyntaxError;
};

/// Parses one element of a split document as parseJsonDocument would parse
/// it in place (bare NaN/Infinity literals become strings); nullopt,
/// without a diagnostic, when it is not valid JSON. The splitter has
/// checked its nesting.
std::optional<llvm::json::Value> parseJsonElement(const JsonElement &element);

/// True when `bytes` starts like a UBJSON object rather than a JSON one.
bool looksLikeUbjson(llvm::StringRef bytes);

/// Decodes UBJSON (draft 12, as XGBoost writes it) into the value JSON text
/// of the same document would parse to.
std::optional<llvm::json::Value> decodeUbjsonDocument(llvm::StringRef bytes,
                                                      ImportErrors &errors);

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_DOCUMENTPARSERS_H
