//===- JsonReader.cpp - Typed, path-checked access to JSON values ---------===//

#include "JsonReader.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace hardwood;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

/// Strings in messages are cut here so a hostile value cannot flood a log.
static constexpr size_t kMaxQuotedChars = 40;

std::string hardwood::describeJson(const Value &value) {
  switch (value.kind()) {
  case Value::Null:
    return "null";
  case Value::Boolean:
    return *value.getAsBoolean() ? "true" : "false";
  case Value::Number:
    return llvm::formatv("{0}", value).str();
  case Value::String: {
    llvm::StringRef text = *value.getAsString();
    std::string quoted = "\"" + text.take_front(kMaxQuotedChars).str();
    return quoted + (text.size() > kMaxQuotedChars ? "...\"" : "\"");
  }
  case Value::Array:
    return "an array of " + std::to_string(value.getAsArray()->size());
  case Value::Object:
    return "an object";
  }
  return "?";
}

const Value *JsonReader::require(const Object &object, llvm::StringRef key,
                                 const llvm::Twine &objectPath) {
  const Value *value = object.get(key);
  if (!value)
    errors.at(memberPath(objectPath, key)) << "required field is missing";
  return value;
}

mlir::LogicalResult
JsonReader::checkKeys(const Object &object, const llvm::Twine &path,
                      llvm::ArrayRef<llvm::StringRef> allowed) {
  std::optional<std::string> firstUnknown;
  for (const auto &entry : object) {
    llvm::StringRef key = entry.first;
    if (llvm::is_contained(allowed, key))
      continue;
    if (!firstUnknown || key < *firstUnknown)
      firstUnknown = key.str();
  }
  if (!firstUnknown)
    return mlir::success();
  std::string expected;
  for (llvm::StringRef key : allowed)
    expected += (expected.empty() ? "" : ", ") + key.str();
  errors.at(memberPath(path, *firstUnknown))
      << "unknown field; expected one of: " << expected;
  return mlir::failure();
}

const Object *JsonReader::asObject(const Value &value,
                                   const llvm::Twine &path) {
  const Object *object = value.getAsObject();
  if (!object)
    errors.at(path) << "expected an object, got " << describeJson(value);
  return object;
}

const Array *JsonReader::asArray(const Value &value, const llvm::Twine &path) {
  const Array *array = value.getAsArray();
  if (!array)
    errors.at(path) << "expected an array, got " << describeJson(value);
  return array;
}

std::optional<llvm::StringRef> JsonReader::asString(const Value &value,
                                                    const llvm::Twine &path) {
  std::optional<llvm::StringRef> text = value.getAsString();
  if (!text)
    errors.at(path) << "expected a string, got " << describeJson(value);
  return text;
}

std::optional<double> JsonReader::asNumber(const Value &value,
                                           const llvm::Twine &path) {
  std::optional<double> number = value.getAsNumber();
  if (!number || !std::isfinite(*number)) {
    errors.at(path) << "expected a finite number, got " << describeJson(value);
    return std::nullopt;
  }
  return number;
}

std::optional<int64_t> JsonReader::asInteger(const Value &value,
                                             const llvm::Twine &path,
                                             int64_t min, int64_t max) {
  // getAsInteger also accepts integral doubles such as 3.0, which JSON
  // writers produce for integers stored as floats.
  std::optional<int64_t> integer = value.getAsInteger();
  if (!integer || *integer < min || *integer > max) {
    errors.at(path) << "expected an integer in [" << min << ", " << max
                    << "], got " << describeJson(value);
    return std::nullopt;
  }
  return integer;
}

std::optional<bool> JsonReader::asBool(const Value &value,
                                       const llvm::Twine &path) {
  if (std::optional<bool> flag = value.getAsBoolean())
    return flag;
  std::optional<int64_t> integer = value.getAsInteger();
  if (integer && (*integer == 0 || *integer == 1))
    return *integer == 1;
  errors.at(path) << "expected true, false, 0 or 1, got "
                  << describeJson(value);
  return std::nullopt;
}

std::optional<size_t>
JsonReader::asChoice(const Value &value, const llvm::Twine &path,
                     llvm::ArrayRef<llvm::StringRef> choices) {
  std::optional<llvm::StringRef> text = value.getAsString();
  if (text)
    for (auto [index, choice] : llvm::enumerate(choices))
      if (*text == choice)
        return index;
  std::string expected;
  for (auto [index, choice] : llvm::enumerate(choices))
    expected += (index == 0                    ? "\""
                 : index + 1 == choices.size() ? " or \""
                                               : ", \"") +
                choice.str() + "\"";
  errors.at(path) << "expected " << expected << ", got " << describeJson(value);
  return std::nullopt;
}

const Array *JsonReader::asArrayOfLength(const Value &value,
                                         const llvm::Twine &path,
                                         std::optional<size_t> expected,
                                         size_t maxLength) {
  const Array *array = asArray(value, path);
  if (!array ||
      mlir::failed(checkLength(array->size(), path, expected, maxLength)))
    return nullptr;
  return array;
}

mlir::LogicalResult JsonReader::checkLength(size_t length,
                                            const llvm::Twine &path,
                                            std::optional<size_t> expected,
                                            size_t maxLength) {
  if (expected && length != *expected) {
    errors.at(path) << "expected " << *expected << " entries, got " << length;
    return mlir::failure();
  }
  if (length > maxLength) {
    errors.at(path) << "expected at most " << maxLength << " entries, got "
                    << length;
    return mlir::failure();
  }
  return mlir::success();
}

mlir::LogicalResult
JsonReader::readIntegers(const Value &value, const llvm::Twine &path,
                         std::optional<size_t> expected, int64_t min,
                         int64_t max, llvm::SmallVectorImpl<int32_t> &out) {
  const Array *array = asArrayOfLength(value, path, expected);
  if (!array)
    return mlir::failure();
  out.clear();
  out.reserve(array->size());
  for (const Value &element : *array) {
    std::optional<int64_t> integer = element.getAsInteger();
    if (!integer || *integer < min || *integer > max) {
      asInteger(element, indexPath(path, out.size()), min, max);
      return mlir::failure();
    }
    out.push_back(static_cast<int32_t>(*integer));
  }
  return mlir::success();
}

mlir::LogicalResult
JsonReader::readNumbers(const Value &value, const llvm::Twine &path,
                        std::optional<size_t> expected,
                        llvm::SmallVectorImpl<double> &out) {
  const Array *array = asArrayOfLength(value, path, expected);
  if (!array)
    return mlir::failure();
  out.clear();
  out.reserve(array->size());
  for (const Value &element : *array) {
    std::optional<double> number = element.getAsNumber();
    if (!number || !std::isfinite(*number)) {
      asNumber(element, indexPath(path, out.size()));
      return mlir::failure();
    }
    out.push_back(*number);
  }
  return mlir::success();
}

mlir::LogicalResult JsonReader::readBools(const Value &value,
                                          const llvm::Twine &path,
                                          std::optional<size_t> expected,
                                          llvm::SmallVectorImpl<uint8_t> &out) {
  const Array *array = asArrayOfLength(value, path, expected);
  if (!array)
    return mlir::failure();
  out.clear();
  out.reserve(array->size());
  for (const Value &element : *array) {
    std::optional<bool> flag = element.getAsBoolean();
    if (std::optional<int64_t> integer = element.getAsInteger();
        integer && (*integer == 0 || *integer == 1))
      flag = *integer == 1;
    if (!flag) {
      asBool(element, indexPath(path, out.size()));
      return mlir::failure();
    }
    out.push_back(*flag);
  }
  return mlir::success();
}
