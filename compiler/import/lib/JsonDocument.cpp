//===- JsonDocument.cpp - JSON text with bounded nesting ------------------===//

#include "DocumentParsers.h"

#include "llvm/Support/Error.h"

using namespace hardwood;

namespace {
/// What a scan of JSON text outside its strings found.
struct TextScan {
  unsigned deepestNesting = 0;
  /// NaN, Infinity or -Infinity appear as bare literals.
  bool hasNonFiniteLiterals = false;
};
} // namespace

static constexpr llvm::StringLiteral kNonFiniteLiterals[] = {"NaN", "Infinity",
                                                             "-Infinity"};

/// The non-standard literal starting at `text`, if any.
static std::optional<llvm::StringRef> nonFiniteLiteralAt(llvm::StringRef text) {
  for (llvm::StringRef literal : kNonFiniteLiterals)
    if (text.starts_with(literal))
      return literal;
  return std::nullopt;
}

/// Scans `text` without recursion; stops early once the nesting exceeds
/// `limit`.
static TextScan scanText(llvm::StringRef text, unsigned limit) {
  TextScan scan;
  unsigned depth = 0;
  bool inString = false;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i; // The escaped character cannot end the string.
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"') {
      inString = true;
    } else if (c == '{' || c == '[') {
      scan.deepestNesting = std::max(scan.deepestNesting, ++depth);
      if (scan.deepestNesting > limit)
        return scan;
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    } else if (c == 'N' || c == 'I' || c == '-') {
      scan.hasNonFiniteLiterals |=
          nonFiniteLiteralAt(text.substr(i)).has_value();
    }
  }
  return scan;
}

/// XGBoost writes NaN (e.g. thresholds of categorical splits) and infinities
/// as bare literals, which are not JSON. They become strings such as "NaN":
/// importers that allow them say where, and elsewhere they are reported as a
/// string where a number was expected, never silently read as a number.
static std::string quoteNonFiniteLiterals(llvm::StringRef text) {
  std::string result;
  result.reserve(text.size() + 64);
  bool inString = false;
  for (size_t i = 0, e = text.size(); i < e; ++i) {
    char c = text[i];
    if (inString) {
      result += c;
      if (c == '\\' && i + 1 < e)
        result += text[++i];
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    if (std::optional<llvm::StringRef> literal =
            nonFiniteLiteralAt(text.substr(i))) {
      result += '"';
      result += *literal;
      result += '"';
      i += literal->size() - 1;
      continue;
    }
    result += c;
  }
  return result;
}

std::optional<llvm::json::Value>
hardwood::parseJsonDocument(llvm::StringRef text, ImportErrors &errors) {
  TextScan scan = scanText(text, kMaxNesting);
  if (scan.deepestNesting > kMaxNesting) {
    errors.at("") << "JSON nesting is deeper than " << kMaxNesting
                  << " levels; expected a model document";
    return std::nullopt;
  }
  std::string quoted;
  if (scan.hasNonFiniteLiterals) {
    quoted = quoteNonFiniteLiterals(text);
    text = quoted;
  }
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed) {
    // llvm::json reports "[line:column, byte=offset]: reason", the column
    // usually just past the offending character (so 1-based for it) and 0
    // at the start of a line.
    std::string message = llvm::toString(parsed.takeError());
    llvm::StringRef rest = message, position;
    if (rest.consume_front("["))
      std::tie(position, rest) = rest.split("]: ");
    auto [line, columnText] = position.split(',').first.split(':');
    unsigned column;
    if (!rest.empty() && !columnText.getAsInteger(10, column))
      errors.at("") << "invalid JSON at line " << line << ", column "
                    << std::max(column, 1u) << ": " << rest;
    else
      errors.at("") << "invalid JSON: " << message;
    return std::nullopt;
  }
  return std::move(*parsed);
}
