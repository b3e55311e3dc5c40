//===- JsonDocument.cpp - JSON text with bounded nesting ------------------===//

#include "DocumentParsers.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Error.h"

#include <array>
#include <set>

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

/// Parses text whose nesting is known to be within kMaxNesting, quoting
/// bare non-finite literals when there may be some; no diagnostic.
static std::optional<llvm::json::Value> parseQuietly(llvm::StringRef text,
                                                     bool quote) {
  std::string quoted;
  if (quote) {
    quoted = quoteNonFiniteLiterals(text);
    text = quoted;
  }
  llvm::Expected<llvm::json::Value> parsed = llvm::json::parse(text);
  if (!parsed) {
    llvm::consumeError(parsed.takeError());
    return std::nullopt;
  }
  return std::move(*parsed);
}

std::optional<llvm::json::Value>
hardwood::parseJsonElement(const JsonElement &element) {
  return parseQuietly(element.text, element.mayHaveNonFiniteLiterals);
}

/// The characters that end a JSON number or literal.
static bool isDelimiter(char c) {
  static constexpr auto kTable = [] {
    std::array<bool, 256> table{};
    for (char d : {',', ']', '}', '[', '{', '"', ' ', '\n', '\t', '\r', ':'})
      table[static_cast<unsigned char>(d)] = true;
    return table;
  }();
  return kTable[static_cast<unsigned char>(c)];
}

namespace {
/// Walks JSON text for its structure only (strings and scalars are skipped,
/// never decoded), recursing at most kMaxNesting levels, and cuts out the
/// first array found at a deferrable path. Anything it is unsure of fails
/// the split; llvm::json::parse has the last word on each piece.
class DocumentSplitter {
public:
  DocumentSplitter(llvm::StringRef text,
                   llvm::ArrayRef<llvm::ArrayRef<llvm::StringRef>> paths)
      : text(text), paths(paths) {}

  bool run() {
    if (!value(1, !paths.empty()))
      return false;
    skipSpace();
    return pos == text.size();
  }

  /// Byte offsets of the deferred array's brackets, when one was found.
  std::optional<std::pair<size_t, size_t>> deferred;
  llvm::SmallVector<llvm::StringRef> deferredPath;
  std::vector<JsonElement> elements;
  /// A scalar with N or I was seen (since the current element began).
  bool sawLiteral = false;

private:
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' ||
                                 text[pos] == '\t' || text[pos] == '\r'))
      ++pos;
  }

  bool at(char c) const { return pos < text.size() && text[pos] == c; }

  /// A string's raw contents; false when unterminated.
  bool string(llvm::StringRef &contents, bool &escaped) {
    size_t begin = ++pos;
    escaped = false;
    for (; pos < text.size(); ++pos) {
      if (text[pos] == '\\') {
        escaped = true;
        ++pos;
      } else if (text[pos] == '"') {
        contents = text.slice(begin, pos++);
        return true;
      }
    }
    return false;
  }

  /// Whether `keys` is a prefix of a deferrable path; `whole` when it is
  /// one.
  bool isPrefix(bool &whole) const {
    whole = false;
    bool any = false;
    for (llvm::ArrayRef<llvm::StringRef> path : paths) {
      if (path.size() < keys.size() ||
          !std::equal(keys.begin(), keys.end(), path.begin()))
        continue;
      any = true;
      whole |= path.size() == keys.size();
    }
    return any;
  }

  /// `onPath`: the keys leading here are a prefix of a deferrable path
  /// (paths lead through objects only).
  bool value(unsigned depth, bool onPath) {
    skipSpace();
    if (pos >= text.size())
      return false;
    char c = text[pos];
    if (c == '"') {
      llvm::StringRef contents;
      bool escaped;
      return string(contents, escaped);
    }
    if (c == '{' || c == '[') {
      if (depth > kMaxNesting)
        return false;
      return c == '{' ? object(depth, onPath) : elementsOf(depth, nullptr);
    }
    // A number or literal (true, false, null, NaN, Infinity): anything up to
    // the next delimiter; llvm::json::parse checks it later.
    size_t begin = pos;
    while (pos < text.size() && !isDelimiter(text[pos])) {
      // NaN, Infinity and -Infinity, wherever quoteNonFiniteLiterals would
      // find them.
      sawLiteral |= text[pos] == 'N' || text[pos] == 'I';
      ++pos;
    }
    return pos > begin;
  }

  bool object(unsigned depth, bool onPath) {
    ++pos;
    skipSpace();
    if (at('}')) {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      if (!at('"'))
        return false;
      llvm::StringRef key;
      bool escaped;
      if (!string(key, escaped))
        return false;
      skipSpace();
      if (!at(':'))
        return false;
      ++pos;
      // Keys of an object on a deferrable path must be plain (an escaped
      // key could spell one) and unique on the path (which duplicate wins
      // is llvm::json's business).
      bool childOnPath = false, whole = false;
      if (onPath) {
        if (escaped)
          return false;
        keys.push_back(key);
        childOnPath = isPrefix(whole);
        if (childOnPath && !seenPaths.insert(llvm::join(keys, "\x1f")).second)
          return false;
        if (!childOnPath)
          keys.pop_back();
      }
      skipSpace();
      bool ok = whole && !deferred && at('[') ? deferArray(depth + 1)
                                              : value(depth + 1, childOnPath);
      if (childOnPath)
        keys.pop_back();
      if (!ok)
        return false;
      skipSpace();
      if (at('}')) {
        ++pos;
        return true;
      }
      if (!at(','))
        return false;
      ++pos;
    }
  }

  /// Walks the array at `pos`, appending each element's text to `out`.
  bool elementsOf(unsigned depth, std::vector<JsonElement> *out) {
    ++pos;
    skipSpace();
    if (at(']')) {
      ++pos;
      return true;
    }
    while (true) {
      skipSpace();
      size_t begin = pos;
      bool outerLiteral = sawLiteral;
      sawLiteral = false;
      if (!value(depth + 1, /*onPath=*/false))
        return false;
      if (out)
        out->push_back({text.slice(begin, pos), sawLiteral});
      sawLiteral |= outerLiteral;
      skipSpace();
      if (at(']')) {
        ++pos;
        return true;
      }
      if (!at(','))
        return false;
      ++pos;
    }
  }

  bool deferArray(unsigned depth) {
    if (depth > kMaxNesting)
      return false;
    size_t open = pos;
    if (!elementsOf(depth, &elements))
      return false;
    deferredPath.assign(keys.begin(), keys.end());
    deferred = std::make_pair(open, pos - 1);
    return true;
  }

  llvm::StringRef text;
  llvm::ArrayRef<llvm::ArrayRef<llvm::StringRef>> paths;
  size_t pos = 0;
  llvm::SmallVector<llvm::StringRef> keys;
  std::set<std::string> seenPaths;
};
} // namespace

std::optional<SplitJsonDocument> hardwood::splitJsonDocument(
    llvm::StringRef text,
    llvm::ArrayRef<llvm::ArrayRef<llvm::StringRef>> deferrablePaths) {
  DocumentSplitter splitter(text, deferrablePaths);
  if (!splitter.run())
    return std::nullopt;
  SplitJsonDocument split;
  std::string skeleton;
  llvm::StringRef skeletonText = text;
  if (splitter.deferred) {
    auto [open, close] = *splitter.deferred;
    skeleton.reserve(text.size() - (close - open - 1));
    skeleton.append(text.data(), open + 1);
    skeleton.append(text.data() + close, text.size() - close);
    skeletonText = skeleton;
    split.deferredPath = std::move(splitter.deferredPath);
    split.elements = std::move(splitter.elements);
  }
  std::optional<llvm::json::Value> parsed =
      parseQuietly(skeletonText, splitter.sawLiteral);
  if (!parsed)
    return std::nullopt;
  split.skeleton = std::move(*parsed);
  return split;
}
