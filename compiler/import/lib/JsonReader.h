//===- JsonReader.h - Typed, path-checked access to JSON values -*- C++ -*-===//
//
// The JSON-based importers read every field through this class so that type,
// range and length errors are uniform and name the field. Paths of array
// elements are only built when an element is wrong: models have millions of
// nodes.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_JSONREADER_H
#define HARDWOOD_LIB_IMPORT_JSONREADER_H

#include "ImportErrors.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/JSON.h"

#include <optional>

namespace hardwood {

/// A short description of a JSON value for messages ("got \"7\"").
std::string describeJson(const llvm::json::Value &value);

class JsonReader {
public:
  explicit JsonReader(ImportErrors &errors) : errors(errors) {}

  ImportErrors &getErrors() { return errors; }

  /// The value of `key`, or an error naming `objectPath.key` when absent.
  const llvm::json::Value *require(const llvm::json::Object &object,
                                   llvm::StringRef key,
                                   const llvm::Twine &objectPath);
  /// Rejects keys outside `allowed`, naming the first unknown key in sorted
  /// order so the message does not depend on hash order.
  mlir::LogicalResult checkKeys(const llvm::json::Object &object,
                                const llvm::Twine &path,
                                llvm::ArrayRef<llvm::StringRef> allowed);

  const llvm::json::Object *asObject(const llvm::json::Value &value,
                                     const llvm::Twine &path);
  const llvm::json::Array *asArray(const llvm::json::Value &value,
                                   const llvm::Twine &path);
  std::optional<llvm::StringRef> asString(const llvm::json::Value &value,
                                          const llvm::Twine &path);
  /// A finite number.
  std::optional<double> asNumber(const llvm::json::Value &value,
                                 const llvm::Twine &path);
  /// An integral number (3 or 3.0, not true) in [min, max].
  std::optional<int64_t> asInteger(const llvm::json::Value &value,
                                   const llvm::Twine &path, int64_t min,
                                   int64_t max);
  /// true, false, 0 or 1.
  std::optional<bool> asBool(const llvm::json::Value &value,
                             const llvm::Twine &path);
  /// One of `choices`, returned as its index.
  std::optional<size_t> asChoice(const llvm::json::Value &value,
                                 const llvm::Twine &path,
                                 llvm::ArrayRef<llvm::StringRef> choices);

  /// Checks the length of an array at `path` as asArrayOfLength does.
  mlir::LogicalResult checkLength(size_t length, const llvm::Twine &path,
                                  std::optional<size_t> expected,
                                  size_t maxLength = SIZE_MAX);
  /// An array whose length is `expected` (any length when unset) and at most
  /// `maxLength`; checked before anything is allocated for its elements.
  const llvm::json::Array *asArrayOfLength(const llvm::json::Value &value,
                                           const llvm::Twine &path,
                                           std::optional<size_t> expected,
                                           size_t maxLength = SIZE_MAX);

  mlir::LogicalResult readIntegers(const llvm::json::Value &value,
                                   const llvm::Twine &path,
                                   std::optional<size_t> expected, int64_t min,
                                   int64_t max,
                                   llvm::SmallVectorImpl<int32_t> &out);
  mlir::LogicalResult readNumbers(const llvm::json::Value &value,
                                  const llvm::Twine &path,
                                  std::optional<size_t> expected,
                                  llvm::SmallVectorImpl<double> &out);
  mlir::LogicalResult readBools(const llvm::json::Value &value,
                                const llvm::Twine &path,
                                std::optional<size_t> expected,
                                llvm::SmallVectorImpl<uint8_t> &out);

private:
  ImportErrors &errors;
};

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_JSONREADER_H
