//===- HardwoodJsonImporter.cpp - Hardwood JSON v1 reader -----------------===//
//
// Validates every field of docs/model-format.md (keys, types, integrality,
// lengths, ranges) with errors naming the field path, then hands the trees to
// the shared EnsembleBuilder, which checks their structure. Mirrors the
// executable specification in python/hardwood/_reference.py.
//
//===----------------------------------------------------------------------===//

#include "DocumentParsers.h"
#include "EnsembleBuilder.h"
#include "FormatImporters.h"
#include "JsonReader.h"
#include "ModelLimits.h"

#include "hardwood/Dialect/Verification.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/MathExtras.h"

#include <cmath>
#include <limits>

using namespace hardwood;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

constexpr llvm::StringLiteral kFormatName = "hardwood-model";
constexpr int64_t kFormatVersion = 1;

const llvm::StringRef kTopLevelKeys[] = {
    "format",        "version",      "family",         "task",
    "name",          "source",       "num_features",   "num_outputs",
    "input_type",    "classes",      "post_transform", "base_score",
    "trees",         "aggregation",  "leaf_width",     "zero_threshold",
    "category_cast", "coefficients", "intercept"};
const llvm::StringRef kTreeOnlyKeys[] = {"trees", "aggregation", "leaf_width",
                                         "zero_threshold", "category_cast"};
const llvm::StringRef kLinearOnlyKeys[] = {"coefficients", "intercept"};
const llvm::StringRef kTreeKeys[] = {"group",       "weight",       "left",
                                     "right",       "feature",      "threshold",
                                     "comparison",  "default_left", "missing",
                                     "leaf_values", "categorical"};
const llvm::StringRef kCategoricalKeys[] = {"node", "domain", "left_categories",
                                            "outside"};
const llvm::StringRef kMissingKinds[] = {"nan", "nan_as_zero", "zero_or_nan"};
const MissingKind kMissingKindValues[] = {
    MissingKind::Nan, MissingKind::NanAsZero, MissingKind::ZeroOrNan};
const llvm::StringRef kOutsideNames[] = {"left", "right", "default"};
const CategoryOutside kOutsideValues[] = {
    CategoryOutside::Left, CategoryOutside::Right, CategoryOutside::Default};

/// Every transform the dialect knows, by its JSON name.
llvm::SmallVector<llvm::StringRef> transformNames() {
  llvm::SmallVector<llvm::StringRef> names;
  for (uint64_t i = 0; i <= getMaxEnumValForTransform(); ++i)
    if (std::optional<Transform> kind = symbolizeTransform(i))
      names.push_back(stringifyTransform(*kind));
  return names;
}

class HardwoodJsonImporter {
public:
  HardwoodJsonImporter(ImportErrors &errors, const ImportOptions &options,
                       const DeferredTrees *deferred = nullptr)
      : errors(errors), reader(errors), options(options), deferred(deferred) {}

  ImportResult run(const Value &document);

private:
  mlir::LogicalResult readHeader(const Object &root, ModelInfo &model);
  mlir::ArrayAttr readClasses(const Value &value, int64_t expected);
  mlir::LogicalResult readPostTransform(const Value &value, ModelInfo &model,
                                        EnsembleInfo &ensemble);
  ImportResult readLinear(const Object &root, const ModelInfo &model,
                          llvm::ArrayRef<double> baseScore);
  ImportResult readEnsemble(const Object &root, const ModelInfo &model,
                            EnsembleInfo &ensemble);
  mlir::LogicalResult readTree(const Object &tree, const std::string &path,
                               const ModelInfo &model, int64_t leafWidth,
                               TreeNodes &out);
  mlir::LogicalResult readThresholds(const Value &value,
                                     const std::string &path, size_t numNodes,
                                     TreeNodes &out);
  mlir::LogicalResult readMissing(const Value &value, const std::string &path,
                                  size_t numNodes, TreeNodes &out);
  mlir::LogicalResult readCategorical(const Value &value,
                                      const std::string &path, size_t numNodes,
                                      TreeNodes &out);

  ImportErrors &errors;
  JsonReader reader;
  const ImportOptions &options;
  /// The trees as text when the document was split at them (one parsed at
  /// a time); null when the whole document was parsed.
  const DeferredTrees *deferred;
};

mlir::LogicalResult HardwoodJsonImporter::readHeader(const Object &root,
                                                     ModelInfo &model) {
  for (llvm::StringRef key :
       {"format", "version", "family", "task", "num_features", "num_outputs",
        "input_type", "post_transform"})
    if (!reader.require(root, key, ""))
      return mlir::failure();
  std::optional<llvm::StringRef> format =
      reader.asString(*root.get("format"), "format");
  if (!format)
    return mlir::failure();
  if (*format != kFormatName)
    return errors.at("format")
           << "expected \"" << kFormatName << "\", got \"" << *format << "\"";
  if (!reader.asInteger(*root.get("version"), "version", kFormatVersion,
                        kFormatVersion))
    return mlir::failure();
  std::optional<size_t> task =
      reader.asChoice(*root.get("task"), "task",
                      {"regression", "classification", "anomaly", "ranking"});
  if (!task)
    return mlir::failure();
  model.task = *symbolizeTask(*task);

  llvm::StringRef fileName = "model";
  if (const Value *name = root.get("name")) {
    std::optional<llvm::StringRef> text = reader.asString(*name, "name");
    if (!text)
      return mlir::failure();
    fileName = *text;
  }
  std::optional<std::string> name =
      resolveModelName(errors, fileName, "name", options);
  if (!name)
    return mlir::failure();
  model.name = std::move(*name);
  // `source` is free-form provenance; only its type is part of the format.
  if (const Value *source = root.get("source"))
    if (!reader.asObject(*source, "source"))
      return mlir::failure();

  std::optional<int64_t> numFeatures = reader.asInteger(
      *root.get("num_features"), "num_features", 1, limits::kMaxFeatures);
  std::optional<int64_t> numOutputs = reader.asInteger(
      *root.get("num_outputs"), "num_outputs", 1, limits::kMaxOutputs);
  std::optional<size_t> inputType = reader.asChoice(
      *root.get("input_type"), "input_type", {"float32", "float64"});
  if (!numFeatures || !numOutputs || !inputType)
    return mlir::failure();
  model.numFeatures = *numFeatures;
  model.numOutputs = *numOutputs;
  model.float64Input = *inputType == 1;

  const Value *classes = root.get("classes");
  if (model.task == Task::classification) {
    if (!reader.require(root, "classes", ""))
      return mlir::failure();
    model.classes =
        readClasses(*classes, model.numOutputs == 1 ? 2 : model.numOutputs);
    if (!model.classes)
      return mlir::failure();
  } else if (classes) {
    return errors.at("classes")
           << "only classification models have classes; task is \""
           << stringifyTask(model.task) << "\"";
  }
  return mlir::success();
}

mlir::ArrayAttr HardwoodJsonImporter::readClasses(const Value &value,
                                                  int64_t expected) {
  const Array *labels = reader.asArrayOfLength(value, "classes", expected);
  if (!labels)
    return nullptr;
  mlir::Builder builder(&errors.getContext());
  // All labels share the kind of the first one; integral numbers stay
  // integers unless another label needs a fraction.
  Value::Kind kind = (*labels)[0].kind();
  bool allIntegral = true;
  llvm::StringSet<> seenStrings;
  llvm::DenseSet<uint64_t> seenNumbers;
  for (auto [i, label] : llvm::enumerate(*labels)) {
    std::string path = indexPath("classes", i);
    bool sameKind = label.kind() == kind;
    if (kind != Value::Number && kind != Value::String &&
        kind != Value::Boolean) {
      errors.at(path) << "expected a number, string or boolean label, got "
                      << describeJson(label);
      return nullptr;
    }
    if (!sameKind) {
      errors.at(path) << "expected all labels to be numbers, all strings or "
                         "all booleans like classes[0], got "
                      << describeJson(label);
      return nullptr;
    }
    bool fresh = true;
    if (kind == Value::String) {
      fresh = seenStrings.insert(*label.getAsString()).second;
    } else if (kind == Value::Boolean) {
      fresh = seenNumbers.insert(*label.getAsBoolean()).second;
    } else {
      std::optional<double> number = reader.asNumber(label, path);
      if (!number)
        return nullptr;
      allIntegral &= label.getAsInteger().has_value();
      // +0.0 and -0.0 are the same label.
      fresh =
          seenNumbers.insert(llvm::bit_cast<uint64_t>(*number + 0.0)).second;
    }
    if (!fresh) {
      errors.at(path) << "label " << describeJson(label)
                      << " is repeated; expected distinct labels";
      return nullptr;
    }
  }
  llvm::SmallVector<mlir::Attribute> attrs;
  for (const Value &label : *labels) {
    if (kind == Value::String)
      attrs.push_back(builder.getStringAttr(*label.getAsString()));
    else if (kind == Value::Boolean)
      attrs.push_back(builder.getI64IntegerAttr(*label.getAsBoolean()));
    else if (allIntegral)
      attrs.push_back(builder.getI64IntegerAttr(*label.getAsInteger()));
    else
      attrs.push_back(builder.getF64FloatAttr(*label.getAsNumber()));
  }
  return builder.getArrayAttr(attrs);
}

mlir::LogicalResult
HardwoodJsonImporter::readPostTransform(const Value &value, ModelInfo &model,
                                        EnsembleInfo &ensemble) {
  const Object *object = reader.asObject(value, "post_transform");
  if (!object)
    return mlir::failure();
  const Value *kindValue = reader.require(*object, "kind", "post_transform");
  if (!kindValue)
    return mlir::failure();
  llvm::SmallVector<llvm::StringRef> names = transformNames();
  std::optional<size_t> kindIndex =
      reader.asChoice(*kindValue, "post_transform.kind", names);
  if (!kindIndex)
    return mlir::failure();
  model.transform = *symbolizeTransform(names[*kindIndex]);

  llvm::SmallVector<llvm::StringRef> allowed = {"kind"};
  if (model.transform == Transform::sigmoid)
    allowed.push_back("scale");
  if (model.transform == Transform::isolation_forest)
    allowed.append({"average_path_length", "offset"});
  if (mlir::failed(reader.checkKeys(*object, "post_transform", allowed)))
    return mlir::failure();

  if (const Value *scale = object->get("scale")) {
    std::optional<double> number =
        reader.asNumber(*scale, "post_transform.scale");
    if (!number)
      return mlir::failure();
    if (!(*number > 0))
      return errors.at("post_transform.scale")
             << "expected a positive number, got " << formatNumber(*number);
    model.transformScale = *number;
  }
  if (model.transform == Transform::isolation_forest) {
    for (llvm::StringRef key : {"average_path_length", "offset"})
      if (!reader.require(*object, key, "post_transform"))
        return mlir::failure();
    ensemble.averagePathLength =
        reader.asNumber(*object->get("average_path_length"),
                        "post_transform.average_path_length");
    if (!ensemble.averagePathLength)
      return mlir::failure();
    ensemble.scoreOffset =
        reader.asNumber(*object->get("offset"), "post_transform.offset");
    if (!ensemble.scoreOffset)
      return mlir::failure();
    if (*ensemble.averagePathLength < 0)
      return errors.at("post_transform.average_path_length")
             << "expected a number >= 0, got "
             << formatNumber(*ensemble.averagePathLength);
  }
  // The dialect's own rules for transform, task and outputs, reported here
  // so the message names the field rather than an op.
  std::optional<llvm::APFloat> scale;
  if (model.transformScale)
    scale = llvm::APFloat(*model.transformScale);
  return verifyTransform([&] { return errors.at("post_transform"); },
                         model.transform, model.task, model.numOutputs, scale,
                         model.classes ? std::optional(model.classes)
                                       : std::nullopt);
}

ImportResult
HardwoodJsonImporter::readLinear(const Object &root, const ModelInfo &model,
                                 llvm::ArrayRef<double> baseScore) {
  for (llvm::StringRef key : {"coefficients", "intercept"})
    if (!reader.require(root, key, ""))
      return mlir::failure();
  const Array *rows = reader.asArrayOfLength(*root.get("coefficients"),
                                             "coefficients", model.numOutputs);
  if (!rows)
    return mlir::failure();
  llvm::SmallVector<double> coefficients, row;
  for (auto [k, rowValue] : llvm::enumerate(*rows)) {
    if (mlir::failed(reader.readNumbers(rowValue, indexPath("coefficients", k),
                                        model.numFeatures, row)))
      return mlir::failure();
    coefficients.append(row.begin(), row.end());
  }
  llvm::SmallVector<double> intercept;
  if (mlir::failed(reader.readNumbers(*root.get("intercept"), "intercept",
                                      model.numOutputs, intercept)))
    return mlir::failure();
  for (auto [i, value] : llvm::enumerate(baseScore))
    if (value != 0.0)
      return errors.at(indexPath("base_score", i))
             << "expected 0: linear models take their offset from "
                "'intercept', got "
             << formatNumber(value);
  return buildLinearModel(errors, model, coefficients, intercept);
}

mlir::LogicalResult HardwoodJsonImporter::readMissing(const Value &value,
                                                      const std::string &path,
                                                      size_t numNodes,
                                                      TreeNodes &out) {
  std::string field = memberPath(path, "missing");
  if (value.getAsString()) {
    std::optional<size_t> kind = reader.asChoice(value, field, kMissingKinds);
    if (!kind)
      return mlir::failure();
    out.missing.assign(numNodes, kMissingKindValues[*kind]);
    return mlir::success();
  }
  const Array *kinds = reader.asArrayOfLength(value, field, numNodes);
  if (!kinds)
    return mlir::failure();
  out.missing.reserve(numNodes);
  for (auto [i, entry] : llvm::enumerate(*kinds)) {
    std::optional<size_t> kind =
        reader.asChoice(entry, indexPath(field, i), kMissingKinds);
    if (!kind)
      return mlir::failure();
    out.missing.push_back(kMissingKindValues[*kind]);
  }
  return mlir::success();
}

mlir::LogicalResult
HardwoodJsonImporter::readCategorical(const Value &value,
                                      const std::string &path, size_t numNodes,
                                      TreeNodes &out) {
  std::string field = memberPath(path, "categorical");
  const Array *splits =
      reader.asArrayOfLength(value, field, std::nullopt, numNodes);
  if (!splits)
    return mlir::failure();
  for (auto [s, splitValue] : llvm::enumerate(*splits)) {
    std::string where = indexPath(field, s);
    const Object *split = reader.asObject(splitValue, where);
    if (!split ||
        mlir::failed(reader.checkKeys(*split, where, kCategoricalKeys)))
      return mlir::failure();
    for (llvm::StringRef key : kCategoricalKeys)
      if (!reader.require(*split, key, where))
        return mlir::failure();
    CategoricalSplit result;
    std::optional<int64_t> node = reader.asInteger(
        *split->get("node"), memberPath(where, "node"), 0, numNodes - 1);
    std::optional<int64_t> domain =
        reader.asInteger(*split->get("domain"), memberPath(where, "domain"), 1,
                         limits::kMaxCategoryDomain);
    std::optional<size_t> outside = reader.asChoice(
        *split->get("outside"), memberPath(where, "outside"), kOutsideNames);
    if (!node || !domain || !outside)
      return mlir::failure();
    std::string categoriesPath = memberPath(where, "left_categories");
    const Array *categories =
        reader.asArrayOfLength(*split->get("left_categories"), categoriesPath,
                               std::nullopt, limits::kMaxLeftCategories);
    if (!categories)
      return mlir::failure();
    for (auto [c, category] : llvm::enumerate(*categories)) {
      std::optional<int64_t> index = reader.asInteger(
          category, indexPath(categoriesPath, c), 0, *domain - 1);
      if (!index)
        return mlir::failure();
      result.leftCategories.push_back(*index);
    }
    result.node = *node;
    result.domain = *domain;
    result.outside = kOutsideValues[*outside];
    out.categorical.push_back(std::move(result));
  }
  return mlir::success();
}

/// `threshold`: finite numbers, or the strings "inf" and "-inf" (JSON has
/// no Infinity; a HistGradientBoosting split that sends every number left
/// and NaN right has threshold +inf). NaN is refused by the EnsembleBuilder.
mlir::LogicalResult
HardwoodJsonImporter::readThresholds(const Value &value,
                                     const std::string &path, size_t numNodes,
                                     TreeNodes &out) {
  std::string field = memberPath(path, "threshold");
  const Array *array = reader.asArrayOfLength(value, field, numNodes);
  if (!array)
    return mlir::failure();
  out.threshold.clear();
  out.threshold.reserve(array->size());
  for (const Value &element : *array) {
    std::optional<double> number = element.getAsNumber();
    if (std::optional<llvm::StringRef> text = element.getAsString()) {
      if (*text == "inf")
        number = std::numeric_limits<double>::infinity();
      else if (*text == "-inf")
        number = -std::numeric_limits<double>::infinity();
    } else if (number && !std::isfinite(*number)) {
      number = std::nullopt;
    }
    if (!number)
      return errors.at(indexPath(field, out.threshold.size()))
             << "expected a finite number, \"inf\" or \"-inf\", got "
             << describeJson(element);
    out.threshold.push_back(*number);
  }
  return mlir::success();
}

mlir::LogicalResult HardwoodJsonImporter::readTree(const Object &tree,
                                                   const std::string &path,
                                                   const ModelInfo &model,
                                                   int64_t leafWidth,
                                                   TreeNodes &out) {
  if (mlir::failed(reader.checkKeys(tree, path, kTreeKeys)))
    return mlir::failure();
  for (llvm::StringRef key :
       {"left", "right", "feature", "threshold", "leaf_values"})
    if (!reader.require(tree, key, path))
      return mlir::failure();
  const Array *left =
      reader.asArrayOfLength(*tree.get("left"), memberPath(path, "left"),
                             std::nullopt, limits::kMaxNodesPerTree);
  if (!left)
    return mlir::failure();
  size_t n = left->size();
  if (n == 0)
    return errors.at(memberPath(path, "left"))
           << "expected at least one node (a tree is a root leaf at least)";

  // Children and features are only type-checked here; the EnsembleBuilder
  // explains what is wrong with the structure.
  if (mlir::failed(reader.readIntegers(*tree.get("left"),
                                       memberPath(path, "left"), n, INT32_MIN,
                                       INT32_MAX, out.left)) ||
      mlir::failed(reader.readIntegers(*tree.get("right"),
                                       memberPath(path, "right"), n, INT32_MIN,
                                       INT32_MAX, out.right)) ||
      mlir::failed(reader.readIntegers(*tree.get("feature"),
                                       memberPath(path, "feature"), n,
                                       INT32_MIN, INT32_MAX, out.feature)) ||
      mlir::failed(readThresholds(*tree.get("threshold"), path, n, out)) ||
      mlir::failed(reader.readNumbers(*tree.get("leaf_values"),
                                      memberPath(path, "leaf_values"),
                                      n * leafWidth, out.leafValues)))
    return mlir::failure();

  if (const Value *group = tree.get("group")) {
    int64_t maxGroup = leafWidth == 1 ? model.numOutputs - 1 : 0;
    std::optional<int64_t> value =
        reader.asInteger(*group, memberPath(path, "group"), 0, maxGroup);
    if (!value)
      return mlir::failure();
    out.group = *value;
  }
  if (const Value *weight = tree.get("weight")) {
    std::optional<double> value =
        reader.asNumber(*weight, memberPath(path, "weight"));
    if (!value)
      return mlir::failure();
    out.weight = *value;
  }
  if (const Value *comparison = tree.get("comparison")) {
    std::optional<size_t> choice = reader.asChoice(
        *comparison, memberPath(path, "comparison"), {"<=", "<"});
    if (!choice)
      return mlir::failure();
    out.strictLess = *choice == 1;
  }
  if (const Value *defaultLeft = tree.get("default_left"))
    if (mlir::failed(reader.readBools(*defaultLeft,
                                      memberPath(path, "default_left"), n,
                                      out.defaultLeft)))
      return mlir::failure();
  if (const Value *missing = tree.get("missing"))
    if (mlir::failed(readMissing(*missing, path, n, out)))
      return mlir::failure();
  if (const Value *categorical = tree.get("categorical"))
    if (mlir::failed(readCategorical(*categorical, path, n, out)))
      return mlir::failure();
  return mlir::success();
}

ImportResult HardwoodJsonImporter::readEnsemble(const Object &root,
                                                const ModelInfo &model,
                                                EnsembleInfo &ensemble) {
  for (llvm::StringRef key : {"aggregation", "leaf_width", "trees"})
    if (!reader.require(root, key, ""))
      return mlir::failure();
  std::optional<size_t> aggregation = reader.asChoice(
      *root.get("aggregation"), "aggregation", {"sum", "average"});
  std::optional<int64_t> leafWidth = reader.asInteger(
      *root.get("leaf_width"), "leaf_width", 1, model.numOutputs);
  if (!aggregation || !leafWidth)
    return mlir::failure();
  if (*leafWidth != 1 && *leafWidth != model.numOutputs)
    return errors.at("leaf_width")
           << "expected 1 or num_outputs (" << model.numOutputs << "), got "
           << *leafWidth;
  ensemble.aggregation =
      *aggregation == 0 ? Aggregation::sum : Aggregation::average;
  if (model.transform == Transform::isolation_forest &&
      ensemble.aggregation != Aggregation::average)
    return errors.at("aggregation")
           << "expected \"average\" with transform isolation_forest (leaves "
              "hold path lengths), got \"sum\"";
  ensemble.leafWidth = *leafWidth;
  if (const Value *zero = root.get("zero_threshold")) {
    std::optional<double> value = reader.asNumber(*zero, "zero_threshold");
    if (!value)
      return mlir::failure();
    if (*value < 0)
      return errors.at("zero_threshold")
             << "expected a number >= 0, got " << formatNumber(*value);
    // 0 is the default and means "no replacement": keep the IR canonical.
    if (*value > 0)
      ensemble.zeroThreshold = *value;
  }
  if (const Value *cast = root.get("category_cast")) {
    std::optional<size_t> choice = reader.asChoice(
        *cast, "category_cast", {"check_then_truncate", "truncate_then_check"});
    if (!choice)
      return mlir::failure();
    ensemble.categoryCast = *choice == 0 ? CategoryCast::check_then_truncate
                                         : CategoryCast::truncate_then_check;
  }
  // The trees array is the document's bulk: when the JSON text was split
  // at it, each tree is parsed when its turn comes and dropped after.
  const Array *trees =
      deferred ? reader.asArray(*root.get("trees"), "trees")
               : reader.asArrayOfLength(*root.get("trees"), "trees",
                                        std::nullopt, limits::kMaxTrees);
  if (!trees)
    return mlir::failure();
  size_t numTrees = deferred ? deferred->elements.size() : trees->size();
  if (deferred && mlir::failed(reader.checkLength(
                      numTrees, "trees", std::nullopt, limits::kMaxTrees)))
    return mlir::failure();
  if (numTrees == 0)
    return errors.at("trees") << "expected at least one tree";

  EnsembleBuilder builder(errors, model, ensemble);
  std::optional<Value> parsedTree;
  for (size_t t = 0; t < numTrees; ++t) {
    const Value *treeValue = nullptr;
    if (deferred) {
      parsedTree = parseJsonElement(deferred->elements[t]);
      if (!parsedTree) {
        deferred->reportSyntaxError();
        return mlir::failure();
      }
      treeValue = &*parsedTree;
    } else {
      treeValue = &(*trees)[t];
    }
    std::string path = indexPath("trees", t);
    const Object *tree = reader.asObject(*treeValue, path);
    if (!tree)
      return mlir::failure();
    TreeNodes nodes;
    if (mlir::failed(readTree(*tree, path, model, ensemble.leafWidth, nodes)) ||
        mlir::failed(builder.addTree(nodes, path)))
      return mlir::failure();
  }
  return builder.finish();
}

ImportResult HardwoodJsonImporter::run(const Value &document) {
  const Object *root = reader.asObject(document, "");
  if (!root || mlir::failed(reader.checkKeys(*root, "", kTopLevelKeys)))
    return mlir::failure();
  ModelInfo model;
  EnsembleInfo ensemble;
  if (mlir::failed(readHeader(*root, model)) ||
      mlir::failed(
          readPostTransform(*root->get("post_transform"), model, ensemble)))
    return mlir::failure();
  if (const Value *baseScore = root->get("base_score"))
    if (mlir::failed(reader.readNumbers(*baseScore, "base_score",
                                        model.numOutputs, ensemble.baseScore)))
      return mlir::failure();

  std::optional<size_t> family = reader.asChoice(*root->get("family"), "family",
                                                 {"tree_ensemble", "linear"});
  if (!family)
    return mlir::failure();
  bool linear = *family == 1;
  for (llvm::StringRef key :
       linear ? llvm::ArrayRef(kTreeOnlyKeys) : llvm::ArrayRef(kLinearOnlyKeys))
    if (root->get(key))
      return errors.at(key) << "not allowed for family \""
                            << (linear ? "linear" : "tree_ensemble") << "\"";
  if (linear)
    return readLinear(*root, model, ensemble.baseScore);
  return readEnsemble(*root, model, ensemble);
}

} // namespace

ImportResult hardwood::importHardwoodJson(const Value &document,
                                          ImportErrors &errors,
                                          const ImportOptions &options) {
  return HardwoodJsonImporter(errors, options).run(document);
}

ImportResult
hardwood::importHardwoodJsonSplit(const SplitJsonDocument &document,
                                  llvm::function_ref<void()> reportSyntaxError,
                                  ImportErrors &errors,
                                  const ImportOptions &options) {
  DeferredTrees trees{document.deferredPath, document.elements,
                      reportSyntaxError};
  return HardwoodJsonImporter(errors, options, &trees).run(document.skeleton);
}
