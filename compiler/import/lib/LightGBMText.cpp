//===- LightGBMText.cpp - Sections and fields of LightGBM model text ------===//

#include "LightGBMText.h"

#include "llvm/ADT/StringExtras.h"

#include <charconv>

using namespace hardwood;
using namespace hardwood::lightgbm;

static constexpr llvm::StringLiteral kTreePrefix = "Tree=";
static constexpr llvm::StringLiteral kEndOfTrees = "end of trees";
/// Older writers (v2 files before `end of trees` existed) go straight from
/// the last tree to this section; LightGBM stops reading trees at any line
/// that is not `Tree=`, so both end the trees.
static constexpr llvm::StringLiteral kFeatureImportances =
    "feature importances:";
/// LightGBM writes at most 22 lines per tree; leave room for new fields.
static constexpr size_t kMaxTreeFields = 64;
/// Longest excerpt of an unexpected line quoted in a message.
static constexpr size_t kMaxQuotedChars = 40;

static bool isSeparator(char c) { return c == ' ' || c == '\t'; }

static bool isEndOfTrees(llvm::StringRef line) {
  line = line.rtrim();
  return line == kEndOfTrees || line == kFeatureImportances;
}

/// Calls `fn(index, token)` for each token of `value` until it returns
/// false; returns false when it did.
template <typename Fn> static bool forEachToken(llvm::StringRef value, Fn fn) {
  for (size_t index = 0;; ++index) {
    value = value.drop_while(isSeparator);
    if (value.empty())
      return true;
    llvm::StringRef token = value.take_until(isSeparator);
    value = value.drop_front(token.size());
    if (!fn(index, token))
      return false;
  }
}

size_t lightgbm::countTokens(llvm::StringRef value) {
  size_t count = 0;
  forEachToken(value, [&](size_t, llvm::StringRef) {
    ++count;
    return true;
  });
  return count;
}

llvm::SmallVector<llvm::StringRef>
lightgbm::splitTokens(llvm::StringRef value) {
  llvm::SmallVector<llvm::StringRef> tokens;
  forEachToken(value, [&](size_t, llvm::StringRef token) {
    tokens.push_back(token);
    return true;
  });
  return tokens;
}

std::optional<int64_t> lightgbm::parseInteger(llvm::StringRef token) {
  int64_t value = 0;
  const char *end = token.data() + token.size();
  auto [stop, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || stop != end)
    return std::nullopt;
  return value;
}

std::optional<double> lightgbm::parseDouble(llvm::StringRef token) {
  double value = 0.0;
  const char *end = token.data() + token.size();
  auto [stop, ec] = std::from_chars(token.data(), end, value);
  if (ec != std::errc() || stop != end)
    return std::nullopt;
  return value;
}

std::string lightgbm::shortestDecimal(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  return ec == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string lightgbm::quote(llvm::StringRef text) {
  std::string result = "\"";
  for (char c : text.take_front(kMaxQuotedChars))
    result += llvm::isPrint(c) ? c : '?';
  if (text.size() > kMaxQuotedChars)
    result += "...";
  return result + "\"";
}

//===----------------------------------------------------------------------===//
// Lines and sections
//===----------------------------------------------------------------------===//

llvm::StringRef TextReader::nextLine() {
  auto [line, tail] = rest.split('\n');
  rest = tail;
  ++number;
  return line.rtrim('\r');
}

llvm::StringRef TextReader::peekLine() const {
  return rest.split('\n').first.rtrim('\r');
}

NextLine TextReader::skipBlankLines() {
  while (!rest.empty()) {
    llvm::StringRef line = peekLine();
    if (!line.trim().empty()) {
      if (line.starts_with(kTreePrefix))
        return NextLine::Tree;
      return isEndOfTrees(line) ? NextLine::EndOfTrees : NextLine::Other;
    }
    nextLine();
  }
  return NextLine::EndOfFile;
}

/// Reads `key=value` lines up to a blank line, a `Tree=` line or the end of
/// the trees.
mlir::LogicalResult TextReader::readFields(Section &section, size_t maxFields,
                                           bool allowBareKeys) {
  while (!rest.empty()) {
    llvm::StringRef line = peekLine();
    if (line.starts_with(kTreePrefix) || isEndOfTrees(line))
      return mlir::success();
    if (line.trim().empty()) {
      if (!allowBareKeys) // A blank line ends a tree, not the header.
        return mlir::success();
      nextLine();
      continue;
    }
    nextLine();
    llvm::StringRef where = section.prefix.empty()
                                ? "header"
                                : llvm::StringRef(section.prefix).drop_back(2);
    if (section.fields.size() >= maxFields)
      return error(number, where)
             << "has more than " << maxFields
             << " lines; expected a blank line after its fields";
    auto [key, value] = line.split('=');
    bool bare = key.size() == line.size();
    key = key.trim();
    if (key.empty() || (bare && !allowBareKeys))
      return error(number, where)
             << "expected a `key=value` line, got " << quote(line);
    auto [it, inserted] =
        section.fields.try_emplace(key, Field{value.trim(), number});
    if (!inserted)
      return error(number, section.prefix + key)
             << "appears twice (first on line " << it->second.line << ")";
  }
  return mlir::success();
}

mlir::LogicalResult TextReader::readHeader(Section &header) {
  header.prefix.clear();
  header.line = 1;
  return readFields(header, SIZE_MAX, /*allowBareKeys=*/true);
}

mlir::LogicalResult TextReader::readTree(int64_t index, Section &tree) {
  llvm::StringRef title = nextLine().rtrim();
  tree.line = number;
  tree.prefix = (kTreePrefix + llvm::Twine(index) + ": ").str();
  std::optional<int64_t> written =
      parseInteger(title.drop_front(kTreePrefix.size()).trim());
  if (!written)
    return error(number, "trees")
           << "expected `Tree=N` with an integer N, got " << quote(title);
  if (*written != index)
    return error(number, title) << "expected Tree=" << index
                                << " (trees are numbered in file order)";
  return readFields(tree, kMaxTreeFields, /*allowBareKeys=*/false);
}

//===----------------------------------------------------------------------===//
// Typed fields
//===----------------------------------------------------------------------===//

mlir::InFlightDiagnostic TextReader::error(const Section &section,
                                           llvm::StringRef key) {
  auto it = section.fields.find(key);
  unsigned line = it == section.fields.end() ? section.line : it->second.line;
  return error(line, section.prefix + key);
}

mlir::InFlightDiagnostic TextReader::error(const Section &section,
                                           llvm::StringRef key, size_t index) {
  auto it = section.fields.find(key);
  unsigned line = it == section.fields.end() ? section.line : it->second.line;
  return error(line, indexPath(section.prefix + key, index));
}

const Field *TextReader::find(const Section &section, llvm::StringRef key,
                              bool required) {
  auto it = section.fields.find(key);
  if (it != section.fields.end())
    return &it->second;
  if (required) {
    if (section.prefix.empty())
      error(section, key) << "missing from the header; expected a `" << key
                          << "=` line before the first tree";
    else
      error(section, key) << "missing from the tree";
  }
  return nullptr;
}

mlir::LogicalResult TextReader::readInteger(const Section &section,
                                            llvm::StringRef key, int64_t min,
                                            int64_t max, int64_t &value) {
  const Field *field = find(section, key, true);
  if (!field)
    return mlir::failure();
  std::optional<int64_t> parsed = parseInteger(field->value);
  if (!parsed)
    return error(section, key)
           << "expected an integer, got " << quote(field->value);
  if (*parsed < min || *parsed > max)
    return error(section, key) << "expected an integer in [" << min << ", "
                               << max << "], got " << *parsed;
  value = *parsed;
  return mlir::success();
}

mlir::LogicalResult TextReader::checkCount(const Section &section,
                                           llvm::StringRef key,
                                           const Field &field, size_t count) {
  size_t actual = countTokens(field.value);
  if (actual == count)
    return mlir::success();
  return error(section, key)
         << "expected " << count << " values, got " << actual;
}

mlir::LogicalResult
TextReader::readIntegers(const Section &section, llvm::StringRef key,
                         size_t count, int64_t min, int64_t max,
                         llvm::SmallVectorImpl<int64_t> &values) {
  const Field *field = find(section, key, true);
  if (!field || mlir::failed(checkCount(section, key, *field, count)))
    return mlir::failure();
  values.reserve(count);
  bool ok = forEachToken(field->value, [&](size_t i, llvm::StringRef token) {
    std::optional<int64_t> value = parseInteger(token);
    if (!value) {
      error(section, key, i) << "expected an integer, got " << quote(token);
      return false;
    }
    if (*value < min || *value > max) {
      error(section, key, i) << "expected an integer in [" << min << ", " << max
                             << "], got " << *value;
      return false;
    }
    values.push_back(*value);
    return true;
  });
  return mlir::success(ok);
}

mlir::LogicalResult
TextReader::readDoubles(const Section &section, llvm::StringRef key,
                        size_t count, llvm::SmallVectorImpl<double> &values) {
  const Field *field = find(section, key, true);
  if (!field || mlir::failed(checkCount(section, key, *field, count)))
    return mlir::failure();
  values.reserve(count);
  bool ok = forEachToken(field->value, [&](size_t i, llvm::StringRef token) {
    std::optional<double> value = parseDouble(token);
    if (!value) {
      error(section, key, i) << "expected a number, got " << quote(token);
      return false;
    }
    values.push_back(*value);
    return true;
  });
  return mlir::success(ok);
}
