//===- HardwoodJsonImporter.cpp - Hardwood JSON v1 reader -----------------===//
//
// Validates every field of docs/model-format.md with errors that name the
// field path (e.g. trees[3].left[7]) and what was expected, then builds the
// dialect ops; structural checks (children, cycles, reachability) are the
// op verifiers', run before the module is returned.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Import/Importer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/Support/JSON.h"

#include <cmath>

using namespace hardwood;
using namespace mlir::hardwood;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

// Limits from docs/model-format.md, checked before anything is allocated.
constexpr int64_t kMaxFeatures = 1000000;
constexpr int64_t kMaxOutputs = 100000;
constexpr int64_t kMaxTrees = 1000000;
constexpr int64_t kMaxNodesPerTree = 16777216;
constexpr int64_t kMaxTotalNodes = 2147483647;
constexpr int kMaxNesting = 64;
constexpr size_t kMaxCategoriesPerSplit = 65536;

/// Thrown-free error reporting: the first error wins and stops the import.
class Reader {
public:
  Reader(mlir::MLIRContext &context, llvm::StringRef file)
      : loc(mlir::FileLineColLoc::get(&context, file, 0, 0)) {}

  mlir::InFlightDiagnostic error(const llvm::Twine &path) {
    failed = true;
    return mlir::emitError(loc) << path << ": ";
  }
  bool ok() const { return !failed; }

  const Object *object(const Value *value, const llvm::Twine &path) {
    if (!value) {
      error(path) << "missing required field";
      return nullptr;
    }
    const Object *result = value->getAsObject();
    if (!result)
      error(path) << "expected an object";
    return result;
  }
  const Array *array(const Value *value, const llvm::Twine &path) {
    if (!value) {
      error(path) << "missing required field";
      return nullptr;
    }
    const Array *result = value->getAsArray();
    if (!result)
      error(path) << "expected an array";
    return result;
  }
  std::optional<llvm::StringRef> string(const Value *value,
                                        const llvm::Twine &path) {
    if (!value) {
      error(path) << "missing required field";
      return std::nullopt;
    }
    auto result = value->getAsString();
    if (!result)
      error(path) << "expected a string";
    return result;
  }
  std::optional<double> number(const Value *value, const llvm::Twine &path) {
    if (!value) {
      error(path) << "missing required field";
      return std::nullopt;
    }
    auto result = value->getAsNumber();
    if (!result)
      error(path) << "expected a number";
    return result;
  }
  std::optional<int64_t> integer(const Value *value, const llvm::Twine &path,
                                 int64_t min, int64_t max) {
    if (!value) {
      error(path) << "missing required field";
      return std::nullopt;
    }
    std::optional<int64_t> result = value->getAsInteger();
    if (!result) {
      // 3.0 is accepted as an integer; 3.5 is not.
      std::optional<double> asDouble = value->getAsNumber();
      if (asDouble && std::trunc(*asDouble) == *asDouble &&
          std::fabs(*asDouble) < 9.0e15)
        result = static_cast<int64_t>(*asDouble);
    }
    if (!result) {
      error(path) << "expected an integer";
      return std::nullopt;
    }
    if (*result < min || *result > max) {
      error(path) << "value " << *result << " is out of range [" << min << ", "
                  << max << "]";
      return std::nullopt;
    }
    return result;
  }
  bool checkKeys(const Object &object, const llvm::Twine &path,
                 std::initializer_list<llvm::StringRef> allowed) {
    for (const auto &entry : object) {
      llvm::StringRef key = entry.first;
      if (llvm::find(allowed, key) == allowed.end()) {
        error(path.isTriviallyEmpty() ? llvm::Twine(key) : path + "." + key)
            << "unknown field";
        return false;
      }
    }
    return true;
  }

private:
  mlir::Location loc;
  bool failed = false;
};

/// llvm::json::parse recurses per nesting level; refuse deep documents
/// before parsing so hostile input cannot exhaust the stack.
bool nestingWithinLimit(llvm::StringRef text, int limit) {
  int depth = 0;
  bool inString = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inString) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        inString = false;
      continue;
    }
    if (c == '"')
      inString = true;
    else if (c == '{' || c == '[') {
      if (++depth > limit)
        return false;
    } else if (c == '}' || c == ']')
      --depth;
  }
  return true;
}

std::optional<Transform> parseTransform(llvm::StringRef kind) {
  return symbolizeTransform(kind);
}

struct TreeArrays {
  llvm::SmallVector<int32_t> feature, left, right;
  llvm::SmallVector<double> threshold, leafValues;
  llvm::SmallVector<int8_t> flags;
  llvm::SmallVector<int32_t> categoricalNodes, categoryDomains;
  llvm::SmallVector<int8_t> categoryOutside;
  llvm::SmallVector<llvm::SmallVector<int32_t>> categorySets;
  int32_t group = 0;
  double weight = 1.0;
};

class HardwoodJsonImporter {
public:
  HardwoodJsonImporter(mlir::MLIRContext &context, llvm::StringRef file,
                       const ImportOptions &options)
      : context(context), reader(context, file), file(file), options(options),
        builder(&context) {}

  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> run(llvm::StringRef text);

private:
  bool readTree(const Object &tree, const std::string &path, int64_t leafWidth,
                int64_t numFeatures, TreeArrays &out);
  template <typename T>
  bool readNumberArray(const Object &object, llvm::StringRef key,
                       const std::string &path, size_t expected,
                       llvm::SmallVectorImpl<T> &out, bool integral,
                       int64_t min = INT32_MIN, int64_t max = INT32_MAX);
  mlir::ArrayAttr readClasses(const Value *value);

  mlir::MLIRContext &context;
  Reader reader;
  std::string file;
  const ImportOptions &options;
  mlir::OpBuilder builder;
};

template <typename T>
bool HardwoodJsonImporter::readNumberArray(
    const Object &object, llvm::StringRef key, const std::string &path,
    size_t expected, llvm::SmallVectorImpl<T> &out, bool integral, int64_t min,
    int64_t max) {
  std::string fieldPath = path + "." + key.str();
  const Array *values = reader.array(object.get(key), fieldPath);
  if (!values)
    return false;
  if (values->size() != expected) {
    reader.error(fieldPath)
        << "has " << values->size() << " entries, expected " << expected;
    return false;
  }
  out.reserve(expected);
  for (size_t i = 0; i < values->size(); ++i) {
    std::string elementPath = fieldPath + "[" + std::to_string(i) + "]";
    if (integral) {
      auto value = reader.integer(&(*values)[i], elementPath, min, max);
      if (!value)
        return false;
      out.push_back(static_cast<T>(*value));
    } else {
      auto value = reader.number(&(*values)[i], elementPath);
      if (!value)
        return false;
      out.push_back(static_cast<T>(*value));
    }
  }
  return true;
}

bool HardwoodJsonImporter::readTree(const Object &tree, const std::string &path,
                                    int64_t leafWidth, int64_t numFeatures,
                                    TreeArrays &out) {
  if (!reader.checkKeys(tree, path,
                        {"group", "weight", "left", "right", "feature",
                         "threshold", "comparison", "default_left", "missing",
                         "leaf_values", "categorical"}))
    return false;
  const Array *left = reader.array(tree.get("left"), path + ".left");
  if (!left)
    return false;
  size_t n = left->size();
  if (n == 0 || static_cast<int64_t>(n) > kMaxNodesPerTree) {
    reader.error(path + ".left")
        << "a tree needs 1 to " << kMaxNodesPerTree << " nodes, got " << n;
    return false;
  }
  if (const Value *group = tree.get("group")) {
    auto value = reader.integer(group, path + ".group", 0, kMaxOutputs - 1);
    if (!value)
      return false;
    out.group = *value;
  }
  if (const Value *weight = tree.get("weight")) {
    auto value = reader.number(weight, path + ".weight");
    if (!value)
      return false;
    out.weight = *value;
  }
  if (!readNumberArray(tree, "left", path, n, out.left, true, -1, n - 1) ||
      !readNumberArray(tree, "right", path, n, out.right, true, -1, n - 1) ||
      !readNumberArray(tree, "feature", path, n, out.feature, true, -1,
                       numFeatures - 1) ||
      !readNumberArray(tree, "threshold", path, n, out.threshold, false) ||
      !readNumberArray(tree, "leaf_values", path, n * leafWidth, out.leafValues,
                       false))
    return false;

  bool strict = false;
  if (const Value *comparison = tree.get("comparison")) {
    auto text = reader.string(comparison, path + ".comparison");
    if (!text)
      return false;
    if (*text != "<=" && *text != "<") {
      reader.error(path + ".comparison")
          << "expected \"<=\" or \"<\", got \"" << *text << "\"";
      return false;
    }
    strict = *text == "<";
  }
  llvm::SmallVector<bool> defaultLeft(n, false);
  if (const Value *value = tree.get("default_left")) {
    const Array *values = reader.array(value, path + ".default_left");
    if (!values)
      return false;
    if (values->size() != n) {
      reader.error(path + ".default_left")
          << "has " << values->size() << " entries, expected " << n;
      return false;
    }
    for (size_t i = 0; i < n; ++i) {
      const Value &entry = (*values)[i];
      if (auto b = entry.getAsBoolean())
        defaultLeft[i] = *b;
      else if (auto v = entry.getAsInteger(); v && (*v == 0 || *v == 1))
        defaultLeft[i] = *v == 1;
      else {
        reader.error(path + ".default_left[" + std::to_string(i) + "]")
            << "expected true, false, 0 or 1";
        return false;
      }
    }
  }
  llvm::SmallVector<MissingKind> missing(n, MissingKind::Nan);
  if (const Value *value = tree.get("missing")) {
    auto parseKind =
        [&](const Value &entry,
            const std::string &where) -> std::optional<MissingKind> {
      auto text = reader.string(&entry, where);
      if (!text)
        return std::nullopt;
      auto kind = llvm::StringSwitch<std::optional<MissingKind>>(*text)
                      .Case("nan", MissingKind::Nan)
                      .Case("nan_as_zero", MissingKind::NanAsZero)
                      .Case("zero_or_nan", MissingKind::ZeroOrNan)
                      .Default(std::nullopt);
      if (!kind)
        reader.error(where) << "expected \"nan\", \"nan_as_zero\" or "
                               "\"zero_or_nan\", got \""
                            << *text << "\"";
      return kind;
    };
    if (value->getAsString()) {
      auto kind = parseKind(*value, path + ".missing");
      if (!kind)
        return false;
      missing.assign(n, *kind);
    } else {
      const Array *values = reader.array(value, path + ".missing");
      if (!values)
        return false;
      if (values->size() != n) {
        reader.error(path + ".missing")
            << "has " << values->size() << " entries, expected " << n;
        return false;
      }
      for (size_t i = 0; i < n; ++i) {
        auto kind = parseKind((*values)[i],
                              path + ".missing[" + std::to_string(i) + "]");
        if (!kind)
          return false;
        missing[i] = *kind;
      }
    }
  }
  for (size_t i = 0; i < n; ++i) {
    bool leaf = out.left[i] < 0 && out.right[i] < 0;
    out.flags.push_back(
        leaf ? 0 : makeNodeFlags(defaultLeft[i], strict, missing[i]));
    if (leaf) {
      out.feature[i] = -1;
      out.threshold[i] = 0.0;
    } else if (!leaf && out.feature[i] < 0) {
      reader.error(path + ".feature[" + std::to_string(i) + "]")
          << "internal node needs a feature index in [0, " << numFeatures
          << ")";
      return false;
    }
  }
  if (const Value *value = tree.get("categorical")) {
    const Array *splits = reader.array(value, path + ".categorical");
    if (!splits)
      return false;
    for (size_t s = 0; s < splits->size(); ++s) {
      std::string where = path + ".categorical[" + std::to_string(s) + "]";
      const Object *split = reader.object(&(*splits)[s], where);
      if (!split ||
          !reader.checkKeys(*split, where,
                            {"node", "domain", "left_categories", "outside"}))
        return false;
      auto node = reader.integer(split->get("node"), where + ".node", 0, n - 1);
      auto domain =
          reader.integer(split->get("domain"), where + ".domain", 1, INT32_MAX);
      auto outside = reader.string(split->get("outside"), where + ".outside");
      const Array *categories = reader.array(split->get("left_categories"),
                                             where + ".left_categories");
      if (!node || !domain || !outside || !categories)
        return false;
      auto outsideCode =
          llvm::StringSwitch<std::optional<CategoryOutside>>(*outside)
              .Case("left", CategoryOutside::Left)
              .Case("right", CategoryOutside::Right)
              .Case("default", CategoryOutside::Default)
              .Default(std::nullopt);
      if (!outsideCode) {
        reader.error(where + ".outside")
            << "expected \"left\", \"right\" or \"default\"";
        return false;
      }
      if (categories->size() > kMaxCategoriesPerSplit) {
        reader.error(where + ".left_categories")
            << "has " << categories->size() << " entries, at most "
            << kMaxCategoriesPerSplit << " allowed";
        return false;
      }
      llvm::SmallVector<int32_t> set;
      for (size_t c = 0; c < categories->size(); ++c) {
        auto category = reader.integer(&(*categories)[c],
                                       where + ".left_categories[" +
                                           std::to_string(c) + "]",
                                       0, *domain - 1);
        if (!category)
          return false;
        set.push_back(*category);
      }
      llvm::sort(set);
      set.erase(std::unique(set.begin(), set.end()), set.end());
      out.categoricalNodes.push_back(*node);
      out.categoryDomains.push_back(*domain);
      out.categoryOutside.push_back(static_cast<int8_t>(*outsideCode));
      out.categorySets.push_back(std::move(set));
    }
  }
  return true;
}

mlir::ArrayAttr HardwoodJsonImporter::readClasses(const Value *value) {
  const Array *labels = reader.array(value, "classes");
  if (!labels)
    return nullptr;
  llvm::SmallVector<mlir::Attribute> attrs;
  for (size_t i = 0; i < labels->size(); ++i) {
    const Value &label = (*labels)[i];
    if (auto integer = label.getAsInteger())
      attrs.push_back(builder.getI64IntegerAttr(*integer));
    else if (auto number = label.getAsNumber())
      attrs.push_back(builder.getF64FloatAttr(*number));
    else if (auto text = label.getAsString())
      attrs.push_back(builder.getStringAttr(*text));
    else if (auto b = label.getAsBoolean())
      attrs.push_back(builder.getI64IntegerAttr(*b));
    else {
      reader.error("classes[" + std::to_string(i) + "]")
          << "expected a number or a string";
      return nullptr;
    }
  }
  return builder.getArrayAttr(attrs);
}

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
HardwoodJsonImporter::run(llvm::StringRef text) {
  mlir::Location loc = mlir::FileLineColLoc::get(&context, file, 0, 0);
  if (!nestingWithinLimit(text, kMaxNesting))
    return reader.error("(document)")
           << "JSON nesting deeper than " << kMaxNesting << " levels";
  llvm::Expected<Value> parsed = llvm::json::parse(text);
  if (!parsed)
    return reader.error("(document)")
           << "invalid JSON: " << llvm::toString(parsed.takeError());
  const Object *root = reader.object(&*parsed, "(document)");
  if (!root)
    return mlir::failure();
  if (!reader.checkKeys(*root, "",
                        {"format", "version", "family", "task", "name",
                         "source", "num_features", "num_outputs", "input_type",
                         "classes", "post_transform", "base_score", "trees",
                         "aggregation", "leaf_width", "zero_threshold",
                         "category_cast", "coefficients", "intercept"}))
    return mlir::failure();
  auto version = reader.integer(root->get("version"), "version", 1, 1);
  auto family = reader.string(root->get("family"), "family");
  auto taskText = reader.string(root->get("task"), "task");
  auto numFeatures = reader.integer(root->get("num_features"), "num_features",
                                    1, kMaxFeatures);
  auto numOutputs =
      reader.integer(root->get("num_outputs"), "num_outputs", 1, kMaxOutputs);
  auto inputText = reader.string(root->get("input_type"), "input_type");
  const Object *transformObject =
      reader.object(root->get("post_transform"), "post_transform");
  if (!reader.ok() || !version || !family || !taskText || !numFeatures ||
      !numOutputs || !inputText || !transformObject)
    return mlir::failure();

  std::optional<Task> task = symbolizeTask(*taskText);
  if (!task)
    return reader.error("task") << "expected \"regression\", "
                                   "\"classification\", \"anomaly\" or "
                                   "\"ranking\", got \""
                                << *taskText << "\"";
  mlir::Type inputType;
  if (*inputText == "float32")
    inputType = builder.getF32Type();
  else if (*inputText == "float64")
    inputType = builder.getF64Type();
  else
    return reader.error("input_type")
           << "expected \"float32\" or \"float64\", got \"" << *inputText
           << "\"";
  std::string name = "model";
  if (const Value *value = root->get("name")) {
    auto text = reader.string(value, "name");
    if (!text)
      return mlir::failure();
    name = text->str();
  }
  if (!options.modelName.empty())
    name = options.modelName;
  if (name.empty() || !(std::isalpha(name[0]) || name[0] == '_') ||
      !llvm::all_of(name, [](char c) { return std::isalnum(c) || c == '_'; }))
    return reader.error("name") << "\"" << name
                                << "\" is not a C identifier "
                                   "([A-Za-z_][A-Za-z0-9_]*)";

  // post_transform
  if (!reader.checkKeys(*transformObject, "post_transform",
                        {"kind", "scale", "average_path_length", "offset"}))
    return mlir::failure();
  auto kindText =
      reader.string(transformObject->get("kind"), "post_transform.kind");
  if (!kindText)
    return mlir::failure();
  std::optional<Transform> transform = parseTransform(*kindText);
  if (!transform)
    return reader.error("post_transform.kind")
           << "unknown transform \"" << *kindText
           << "\"; expected identity, sigmoid, softmax, ovr_normalize, exp, "
              "signed_square, isolation_forest or binary_hinge";

  mlir::ArrayAttr classes;
  if (const Value *value = root->get("classes")) {
    classes = readClasses(value);
    if (!classes)
      return mlir::failure();
  }
  llvm::SmallVector<double> baseScore;
  if (root->get("base_score") &&
      !readNumberArray(*root, "base_score", "", *numOutputs, baseScore, false))
    return mlir::failure();

  auto module = mlir::ModuleOp::create(loc);
  mlir::OwningOpRef<mlir::ModuleOp> owned(module);
  builder.setInsertionPointToEnd(module.getBody());
  auto f64Attr = [&](const char *key,
                     const llvm::Twine &path) -> mlir::FloatAttr {
    const Value *value = transformObject->get(key);
    if (!value)
      return nullptr;
    auto number = reader.number(value, path);
    return number ? builder.getF64FloatAttr(*number) : nullptr;
  };
  mlir::FloatAttr scale = f64Attr("scale", "post_transform.scale");
  if (!reader.ok())
    return mlir::failure();

  if (*family == "linear") {
    const Array *rows = reader.array(root->get("coefficients"), "coefficients");
    if (!rows)
      return mlir::failure();
    if (static_cast<int64_t>(rows->size()) != *numOutputs)
      return reader.error("coefficients")
             << "has " << rows->size()
             << " rows, expected num_outputs = " << *numOutputs;
    llvm::SmallVector<double> coefficients;
    for (size_t k = 0; k < rows->size(); ++k) {
      std::string path = "coefficients[" + std::to_string(k) + "]";
      const Array *row = reader.array(&(*rows)[k], path);
      if (!row)
        return mlir::failure();
      if (static_cast<int64_t>(row->size()) != *numFeatures)
        return reader.error(path)
               << "has " << row->size()
               << " entries, expected num_features = " << *numFeatures;
      for (size_t f = 0; f < row->size(); ++f) {
        auto value =
            reader.number(&(*row)[f], path + "[" + std::to_string(f) + "]");
        if (!value)
          return mlir::failure();
        coefficients.push_back(*value);
      }
    }
    llvm::SmallVector<double> intercept;
    if (!readNumberArray(*root, "intercept", "", *numOutputs, intercept, false))
      return mlir::failure();
    for (double value : baseScore)
      if (value != 0.0)
        return reader.error("base_score")
               << "linear models take their offset from 'intercept'";
    auto linear = builder.create<LinearOp>(
        loc, name, *task, *numFeatures, inputType, *numOutputs, *transform,
        builder.getDenseF64ArrayAttr(coefficients),
        builder.getDenseF64ArrayAttr(intercept), scale, classes);
    (void)linear;
  } else if (*family == "tree_ensemble") {
    auto aggregationText =
        reader.string(root->get("aggregation"), "aggregation");
    auto leafWidth =
        reader.integer(root->get("leaf_width"), "leaf_width", 1, kMaxOutputs);
    const Array *trees = reader.array(root->get("trees"), "trees");
    if (!aggregationText || !leafWidth || !trees)
      return mlir::failure();
    std::optional<Aggregation> aggregation =
        symbolizeAggregation(*aggregationText);
    if (!aggregation)
      return reader.error("aggregation")
             << "expected \"sum\" or \"average\", got \"" << *aggregationText
             << "\"";
    if (static_cast<int64_t>(trees->size()) > kMaxTrees)
      return reader.error("trees")
             << "has " << trees->size() << " trees, at most " << kMaxTrees;
    CategoryCast cast = CategoryCast::check_then_truncate;
    if (const Value *value = root->get("category_cast")) {
      auto text = reader.string(value, "category_cast");
      if (!text)
        return mlir::failure();
      auto parsedCast = symbolizeCategoryCast(*text);
      if (!parsedCast)
        return reader.error("category_cast")
               << "expected \"check_then_truncate\" or "
                  "\"truncate_then_check\", got \""
               << *text << "\"";
      cast = *parsedCast;
    }
    mlir::FloatAttr zeroThreshold;
    if (const Value *value = root->get("zero_threshold")) {
      auto number = reader.number(value, "zero_threshold");
      if (!number)
        return mlir::failure();
      if (*number > 0)
        zeroThreshold = builder.getF64FloatAttr(*number);
    }
    auto ensemble = builder.create<EnsembleOp>(
        loc, name, *task, *numFeatures, inputType, *numOutputs, *leafWidth,
        *aggregation, *transform,
        baseScore.empty() ? nullptr : builder.getDenseF64ArrayAttr(baseScore),
        scale,
        f64Attr("average_path_length", "post_transform.average_path_length"),
        f64Attr("offset", "post_transform.offset"), zeroThreshold, cast,
        classes);
    if (!reader.ok())
      return mlir::failure();
    mlir::Block *body = new mlir::Block();
    ensemble.getBody().push_back(body);
    mlir::OpBuilder treeBuilder = mlir::OpBuilder::atBlockEnd(body);
    int64_t totalNodes = 0;
    for (size_t t = 0; t < trees->size(); ++t) {
      std::string path = "trees[" + std::to_string(t) + "]";
      const Object *treeObject = reader.object(&(*trees)[t], path);
      if (!treeObject)
        return mlir::failure();
      TreeArrays arrays;
      if (!readTree(*treeObject, path, *leafWidth, *numFeatures, arrays))
        return mlir::failure();
      totalNodes += arrays.left.size();
      if (totalNodes > kMaxTotalNodes)
        return reader.error(path)
               << "the model exceeds " << kMaxTotalNodes << " nodes";
      mlir::Location treeLoc =
          mlir::NameLoc::get(builder.getStringAttr(file + ":" + path), loc);
      llvm::SmallVector<mlir::Attribute> sets;
      for (const auto &set : arrays.categorySets)
        sets.push_back(builder.getDenseI32ArrayAttr(set));
      bool categorical = !arrays.categoricalNodes.empty();
      treeBuilder.create<TreeOp>(
          treeLoc, arrays.group, llvm::APFloat(arrays.weight), arrays.feature,
          arrays.threshold, arrays.left, arrays.right, arrays.flags,
          arrays.leafValues,
          categorical ? builder.getDenseI32ArrayAttr(arrays.categoricalNodes)
                      : nullptr,
          categorical ? builder.getArrayAttr(sets) : nullptr,
          categorical ? builder.getDenseI32ArrayAttr(arrays.categoryDomains)
                      : nullptr,
          categorical ? builder.getDenseI8ArrayAttr(arrays.categoryOutside)
                      : nullptr);
    }
  } else {
    return reader.error("family") << "expected \"tree_ensemble\" or "
                                     "\"linear\", got \""
                                  << *family << "\"";
  }
  if (mlir::failed(mlir::verify(module)))
    return mlir::failure();
  return std::move(owned);
}

} // namespace

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
hardwood::importHardwoodJson(llvm::StringRef text, llvm::StringRef fileName,
                             mlir::MLIRContext &context,
                             const ImportOptions &options) {
  HardwoodJsonImporter importer(context, fileName, options);
  return importer.run(text);
}
