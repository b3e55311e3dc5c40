//===- XGBoostTreeText.cpp - Common XGBoost trees read from JSON text -----===//
//
// The fast path of the XGBoost JSON importer: a tree with scalar leaves and
// numerical splits only, read straight from its JSON text into TreeNodes,
// without llvm::json values (a 10,000-tree depth-8 model has 50 million
// numbers). It accepts a strict subset of what the general path accepts and
// reads it to the same values:
// - only plain JSON: ASCII strings without escapes, strict JSON numbers,
//   true/false/null, no duplicate keys, no bare NaN/Infinity literals;
// - integers as plain decimal integers (llvm::json reads them with strtoll),
//   other numbers through std::from_chars (correctly rounded, as strtod);
//   integers of more than 15 digits, and numbers from_chars reports out of
//   range, are left to the general path;
// - every field the general path checks present, of the expected length
//   and in range.
// Anything else returns false without a diagnostic, and the caller parses
// the tree and reads it the general way (XGBoostTrees.cpp), which reports
// errors by field. So the fast path can only make reading faster, never
// change what a model means or which errors it gets.
//
//===----------------------------------------------------------------------===//

#include "ModelLimits.h"
#include "XGBoostImporter.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

#include <charconv>

using namespace hardwood;
using namespace hardwood::xgboost;

namespace {

class TreeTextReader {
public:
  explicit TreeTextReader(llvm::StringRef text)
      : p(text.begin()), end(text.end()) {}

  bool read(TreeNodes &out, int64_t &numDeleted, int64_t &leafVectorSize);

private:
  enum Field {
    LeftChildren,
    RightChildren,
    SplitIndices,
    DefaultLeft,
    SplitType,
    SplitConditions,
    TreeParam,
    CategoriesNodes,
    CategoriesSegments,
    CategoriesSizes,
    Categories,
    NumFields,
    Other = NumFields
  };

  void space() {
    while (p != end && (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r'))
      ++p;
  }
  bool consume(char c) {
    space();
    if (p == end || *p != c)
      return false;
    ++p;
    return true;
  }
  bool peek(char c) {
    space();
    return p != end && *p == c;
  }

  /// A string of printable ASCII without escapes.
  bool string(llvm::StringRef &out) {
    if (!consume('"'))
      return false;
    const char *begin = p;
    for (; p != end && *p != '"'; ++p)
      if (*p == '\\' || static_cast<unsigned char>(*p) < 0x20 ||
          static_cast<unsigned char>(*p) >= 0x80)
        return false;
    if (p == end)
      return false;
    out = llvm::StringRef(begin, p - begin);
    ++p;
    return true;
  }

  /// A number in strict JSON form; `integral` when it has no fraction or
  /// exponent.
  bool numberToken(llvm::StringRef &token, bool &integral) {
    space();
    const char *begin = p;
    if (p != end && *p == '-')
      ++p;
    if (p == end || *p < '0' || *p > '9')
      return false;
    if (*p == '0') {
      ++p;
    } else {
      while (p != end && *p >= '0' && *p <= '9')
        ++p;
    }
    integral = true;
    if (p != end && *p == '.') {
      integral = false;
      ++p;
      const char *digits = p;
      while (p != end && *p >= '0' && *p <= '9')
        ++p;
      if (p == digits)
        return false;
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
      integral = false;
      ++p;
      if (p != end && (*p == '+' || *p == '-'))
        ++p;
      const char *digits = p;
      while (p != end && *p >= '0' && *p <= '9')
        ++p;
      if (p == digits)
        return false;
    }
    // llvm::json reads a number up to the next character that cannot be
    // part of one.
    if (p != end && (*p == '+' || *p == '-' || *p == '.' || *p == 'e' ||
                     *p == 'E' || (*p >= '0' && *p <= '9')))
      return false;
    token = llvm::StringRef(begin, p - begin);
    return true;
  }

  /// An integer as llvm::json reads it (strtoll), within 15 digits.
  bool integer(int64_t &value) {
    llvm::StringRef token;
    bool integral;
    if (!numberToken(token, integral) || !integral || token.size() > 15)
      return false;
    auto result = std::from_chars(token.begin(), token.end(), value);
    return result.ec == std::errc() && result.ptr == token.end();
  }

  /// Any number, as llvm::json's getAsNumber gives it.
  bool number(double &value) {
    llvm::StringRef token;
    bool integral;
    if (!numberToken(token, integral))
      return false;
    if (integral) {
      // strtoll, then the int64 converted: exact within 15 digits.
      int64_t parsed;
      if (token.size() > 15)
        return false;
      auto result = std::from_chars(token.begin(), token.end(), parsed);
      value = static_cast<double>(parsed);
      return result.ec == std::errc() && result.ptr == token.end();
    }
    auto result = std::from_chars(token.begin(), token.end(), value);
    return result.ec == std::errc() && result.ptr == token.end();
  }

  template <typename T, typename ReadFn>
  bool array(llvm::SmallVectorImpl<T> &out, ReadFn readElement) {
    if (!consume('['))
      return false;
    out.clear();
    if (consume(']'))
      return true;
    do {
      T value;
      if (!readElement(value))
        return false;
      out.push_back(value);
    } while (consume(','));
    return consume(']');
  }

  bool integers(llvm::SmallVectorImpl<int32_t> &out) {
    return array(out, [&](int32_t &value) {
      int64_t parsed;
      if (!integer(parsed) || parsed < INT32_MIN || parsed > INT32_MAX)
        return false;
      value = static_cast<int32_t>(parsed);
      return true;
    });
  }
  /// 0 or 1 (the general path also takes true and false).
  bool bools(llvm::SmallVectorImpl<uint8_t> &out) {
    return array(out, [&](uint8_t &value) {
      int64_t parsed;
      if (!integer(parsed) || (parsed != 0 && parsed != 1))
        return false;
      value = static_cast<uint8_t>(parsed);
      return true;
    });
  }
  bool numbers(llvm::SmallVectorImpl<double> &out) {
    return array(out, [&](double &value) { return number(value); });
  }

  /// Any value, checked and dropped (nested at most as deep as the splitter
  /// allowed).
  bool skip() {
    space();
    if (p == end)
      return false;
    switch (*p) {
    case '"': {
      llvm::StringRef ignored;
      return string(ignored);
    }
    case '[':
      ++p;
      if (consume(']'))
        return true;
      do {
        if (!skip())
          return false;
      } while (consume(','));
      return consume(']');
    case '{': {
      ++p;
      if (consume('}'))
        return true;
      llvm::SmallVector<llvm::StringRef, 8> keys;
      do {
        llvm::StringRef key;
        if (!string(key) || llvm::is_contained(keys, key) || !consume(':') ||
            !skip())
          return false;
        keys.push_back(key);
      } while (consume(','));
      return consume('}');
    }
    case 't':
    case 'f':
    case 'n':
      for (llvm::StringRef literal : {"true", "false", "null"}) {
        if (llvm::StringRef(p, end - p).starts_with(literal)) {
          p += literal.size();
          return p == end || !llvm::isAlnum(*p);
        }
      }
      return false;
    default: {
      llvm::StringRef token;
      bool integral;
      return numberToken(token, integral);
    }
    }
  }

  /// A decimal integer in a string, as stringInteger reads it.
  bool stringInteger(int64_t &value) {
    llvm::StringRef text;
    if (!string(text) || text.empty() || text.size() > 15 ||
        !llvm::all_of(text, [](char c) { return llvm::isDigit(c); }))
      return false;
    return !text.getAsInteger(10, value);
  }

  /// tree_param: num_nodes, and num_deleted and size_leaf_vector when
  /// present.
  bool treeParam(int64_t &numNodes, std::optional<int64_t> &numDeleted,
                 std::optional<int64_t> &leafVectorSize) {
    if (!consume('{'))
      return false;
    std::optional<int64_t> nodes;
    llvm::SmallVector<llvm::StringRef, 4> keys;
    if (!consume('}')) {
      do {
        llvm::StringRef key;
        if (!string(key) || llvm::is_contained(keys, key) || !consume(':'))
          return false;
        keys.push_back(key);
        int64_t value;
        if (key == "num_nodes" || key == "num_deleted" ||
            key == "size_leaf_vector") {
          if (!stringInteger(value))
            return false;
          (key == "num_nodes"     ? nodes
           : key == "num_deleted" ? numDeleted
                                  : leafVectorSize) = value;
        } else if (!skip()) {
          return false;
        }
      } while (consume(','));
      if (!consume('}'))
        return false;
    }
    if (!nodes)
      return false;
    numNodes = *nodes;
    return true;
  }

  static Field fieldOf(llvm::StringRef key) {
    return llvm::StringSwitch<Field>(key)
        .Case("left_children", LeftChildren)
        .Case("right_children", RightChildren)
        .Case("split_indices", SplitIndices)
        .Case("default_left", DefaultLeft)
        .Case("split_type", SplitType)
        .Case("split_conditions", SplitConditions)
        .Case("tree_param", TreeParam)
        .Case("categories_nodes", CategoriesNodes)
        .Case("categories_segments", CategoriesSegments)
        .Case("categories_sizes", CategoriesSizes)
        .Case("categories", Categories)
        .Default(Other);
  }

  const char *p;
  const char *end;
};

bool TreeTextReader::read(TreeNodes &out, int64_t &numDeleted,
                          int64_t &leafVectorSize) {
  if (!consume('{'))
    return false;
  bool seen[NumFields] = {};
  int64_t numNodes = 0;
  std::optional<int64_t> deleted, vectorSize;
  llvm::SmallVector<uint8_t> splitType;
  llvm::SmallVector<double> conditions;
  llvm::SmallVector<llvm::StringRef, 16> otherKeys;
  if (consume('}'))
    return false;
  do {
    llvm::StringRef key;
    if (!string(key) || !consume(':'))
      return false;
    Field field = fieldOf(key);
    if (field == Other) {
      if (llvm::is_contained(otherKeys, key) || !skip())
        return false;
      otherKeys.push_back(key);
      continue;
    }
    if (seen[field])
      return false;
    seen[field] = true;
    bool ok = false;
    llvm::SmallVector<int32_t> empty;
    switch (field) {
    case LeftChildren:
      ok = integers(out.left);
      break;
    case RightChildren:
      ok = integers(out.right);
      break;
    case SplitIndices:
      ok = integers(out.feature);
      break;
    case DefaultLeft:
      ok = bools(out.defaultLeft);
      break;
    case SplitType:
      ok = bools(splitType);
      break;
    case SplitConditions:
      ok = numbers(conditions);
      break;
    case TreeParam:
      ok = treeParam(numNodes, deleted, vectorSize);
      break;
    case CategoriesNodes:
    case CategoriesSegments:
    case CategoriesSizes:
    case Categories:
      // Only the empty lists of a model without categorical splits.
      ok = integers(empty) && empty.empty();
      break;
    case Other:
      break;
    }
    if (!ok)
      return false;
  } while (consume(','));
  if (!consume('}'))
    return false;

  // What readLeafVectorSize and readTree would check.
  if (!seen[TreeParam] || !seen[LeftChildren] || !seen[RightChildren] ||
      !seen[SplitIndices] || !seen[SplitConditions] || !seen[DefaultLeft])
    return false;
  bool anyCategories =
      seen[CategoriesSegments] || seen[CategoriesSizes] || seen[Categories];
  if (seen[CategoriesNodes] != anyCategories ||
      (anyCategories && !(seen[CategoriesSegments] && seen[CategoriesSizes] &&
                          seen[Categories])))
    return false;
  if (vectorSize && (*vectorSize < 0 || *vectorSize > 1))
    return false;
  leafVectorSize = 1;
  if (numNodes < 1 || numNodes > limits::kMaxNodesPerTree)
    return false;
  size_t n = numNodes;
  numDeleted = deleted.value_or(0);
  if (numDeleted < 0 || numDeleted > numNodes - 1)
    return false;
  if (out.left.size() != n || out.right.size() != n ||
      out.feature.size() != n || out.defaultLeft.size() != n ||
      conditions.size() != n || (seen[SplitType] && splitType.size() != n))
    return false;
  if (llvm::is_contained(splitType, 1))
    return false;
  out.threshold.assign(n, 0.0);
  out.leafValues.assign(n, 0.0);
  for (size_t node = 0; node < n; ++node) {
    std::optional<double> value = toFloat32(conditions[node]);
    if (!value)
      return false;
    (out.left[node] < 0 ? out.leafValues : out.threshold)[node] = *value;
  }
  out.strictLess = true;
  return true;
}

} // namespace

bool hardwood::xgboost::readScalarTreeText(llvm::StringRef text, TreeNodes &out,
                                           int64_t &numDeleted,
                                           int64_t &leafVectorSize) {
  return TreeTextReader(text).read(out, numDeleted, leafVectorSize);
}
