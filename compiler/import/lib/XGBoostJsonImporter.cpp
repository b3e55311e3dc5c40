//===- XGBoostJsonImporter.cpp - XGBoost JSON/UBJSON models ---------------===//
//
// Reads the schema of XGBoost 1.7's Booster.save_model (gbtree and dart) from
// the value tree that JSON and UBJSON both decode to. XGBoost semantics in
// Hardwood terms: float32 thresholds and leaves, `x < t` goes left, NaN takes
// `default_left`, categorical splits list the categories that go right (so
// the complement goes left, see docs/model-format.md), tree_info gives each
// tree's output, dart's weight_drop gives tree weights.
//
// XGBoost 2.0's multi_output_tree writes vector-leaf trees: size_leaf_vector
// is the number of outputs K, base_weights holds K values per node
// (node-major) and a leaf adds its K values to outputs 0..K-1 whatever its
// tree_info (MultiTargetTree::SaveModel, cpu_predictor.cc's
// multi::PredValueByOneTree). They become an ensemble of leaf width K.
//
//===----------------------------------------------------------------------===//

#include "EnsembleBuilder.h"
#include "FormatImporters.h"
#include "JsonReader.h"
#include "ModelLimits.h"
#include "XGBoostObjectives.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/BitVector.h"

#include <cmath>
#include <limits>

using namespace hardwood;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

/// XGBoost rejects categories at or above 2^24 (they are not exact in
/// float32) and sends them left, as Hardwood does for values outside the
/// domain.
constexpr int64_t kMaxXGBoostCategory = (int64_t(1) << 24) - 1;

const TreeFieldNames kXGBoostFields = {
    /*left=*/"left_children",
    /*right=*/"right_children",
    /*feature=*/"split_indices",
    /*threshold=*/"split_conditions",
    /*leafValues=*/"split_conditions",
    /*group=*/"tree_info",
    /*weight=*/"weight_drop",
    /*categorical=*/"categories_nodes"};

/// Vector-leaf trees keep their leaf values in base_weights; split_conditions
/// holds 0 (or NaN) at their leaves.
const TreeFieldNames kXGBoostVectorLeafFields = {
    /*left=*/"left_children",
    /*right=*/"right_children",
    /*feature=*/"split_indices",
    /*threshold=*/"split_conditions",
    /*leafValues=*/"base_weights",
    /*group=*/"tree_info",
    /*weight=*/"weight_drop",
    /*categorical=*/"categories_nodes"};

/// The value exactly as XGBoost holds it, a float32; nullopt when it is not
/// finite in float32 (converting such a double is undefined behaviour).
std::optional<double> toFloat32(double value) {
  if (!(std::fabs(value) <= std::numeric_limits<float>::max()))
    return std::nullopt;
  return static_cast<double>(static_cast<float>(value));
}

class XGBoostImporter {
public:
  XGBoostImporter(ImportErrors &errors, const ImportOptions &options)
      : errors(errors), reader(errors), options(options) {}

  ImportResult run(const Value &document);

private:
  const Object *member(const Object &object, llvm::StringRef key,
                       const std::string &path);
  std::optional<int64_t> stringInteger(const Object &object,
                                       llvm::StringRef key,
                                       const std::string &path, int64_t min,
                                       int64_t max);
  std::optional<llvm::SmallVector<float>> stringFloats(const Object &object,
                                                       llvm::StringRef key,
                                                       const std::string &path);
  mlir::LogicalResult readModelParams(const Object &learner, ModelInfo &model,
                                      EnsembleInfo &ensemble);
  std::optional<int64_t> readLeafVectorSize(const Value &tree,
                                            const std::string &path);
  mlir::LogicalResult readTree(const Object &tree, const std::string &path,
                               int64_t leafWidth, TreeNodes &out);
  mlir::LogicalResult readLeafVectors(const Object &tree,
                                      const std::string &path,
                                      int64_t leafWidth, TreeNodes &out);
  mlir::LogicalResult readCategories(const Object &tree,
                                     const std::string &path,
                                     llvm::ArrayRef<uint8_t> isCategorical,
                                     TreeNodes &out);
  mlir::LogicalResult dropDeletedNodes(TreeNodes &tree, int64_t numDeleted);

  ImportErrors &errors;
  JsonReader reader;
  const ImportOptions &options;
};

const Object *XGBoostImporter::member(const Object &object, llvm::StringRef key,
                                      const std::string &path) {
  const Value *value = reader.require(object, key, path);
  return value ? reader.asObject(*value, memberPath(path, key)) : nullptr;
}

/// XGBoost stores parameters as strings ("num_class": "3").
std::optional<int64_t> XGBoostImporter::stringInteger(const Object &object,
                                                      llvm::StringRef key,
                                                      const std::string &path,
                                                      int64_t min,
                                                      int64_t max) {
  const Value *value = reader.require(object, key, path);
  if (!value)
    return std::nullopt;
  std::string field = memberPath(path, key);
  if (std::optional<llvm::StringRef> text = value->getAsString()) {
    int64_t parsed;
    if (text->getAsInteger(10, parsed) || parsed < min || parsed > max) {
      errors.at(field) << "expected an integer in [" << min << ", " << max
                       << "], got " << describeJson(*value);
      return std::nullopt;
    }
    return parsed;
  }
  return reader.asInteger(*value, field, min, max);
}

/// Decimal text to float32 directly, as XGBoost parses it: going through
/// double could round twice.
static std::optional<float> parseFloat32(llvm::StringRef text) {
  llvm::APFloat parsed(llvm::APFloat::IEEEsingle());
  auto status =
      parsed.convertFromString(text.trim(), llvm::APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return std::nullopt;
  }
  if (!parsed.isFinite())
    return std::nullopt;
  return parsed.convertToFloat();
}

std::optional<llvm::SmallVector<float>>
XGBoostImporter::stringFloats(const Object &object, llvm::StringRef key,
                              const std::string &path) {
  const Value *value = reader.require(object, key, path);
  if (!value)
    return std::nullopt;
  llvm::SmallVector<float> result;
  std::optional<double> number = value->getAsNumber();
  if (std::optional<llvm::StringRef> text = value->getAsString()) {
    // XGBoost 1.x writes one number ("5E-1"); 2.1+ a list ("[5E-1]").
    llvm::StringRef list = text->trim();
    bool bracketed = list.consume_front("[") && list.consume_back("]");
    llvm::SmallVector<llvm::StringRef> parts;
    if (bracketed)
      list.split(parts, ',');
    else
      parts.push_back(list);
    for (llvm::StringRef part : parts) {
      std::optional<float> parsed = parseFloat32(part);
      if (!parsed) {
        result.clear();
        break;
      }
      result.push_back(*parsed);
    }
  } else if (std::optional<double> exact = toFloat32(number.value_or(NAN))) {
    result.push_back(static_cast<float>(*exact));
  }
  if (result.empty()) {
    errors.at(memberPath(path, key))
        << "expected a finite float32 number, got " << describeJson(*value);
    return std::nullopt;
  }
  return result;
}

mlir::LogicalResult XGBoostImporter::readModelParams(const Object &learner,
                                                     ModelInfo &model,
                                                     EnsembleInfo &ensemble) {
  const std::string paramsPath = "learner.learner_model_param";
  const Object *params = member(learner, "learner_model_param", "learner");
  const Object *objective = member(learner, "objective", "learner");
  if (!params || !objective)
    return mlir::failure();
  const Value *nameValue =
      reader.require(*objective, "name", "learner.objective");
  if (!nameValue)
    return mlir::failure();
  std::optional<llvm::StringRef> name =
      reader.asString(*nameValue, "learner.objective.name");
  if (!name)
    return mlir::failure();
  std::optional<XGBoostObjective> meaning = lookupXGBoostObjective(*name);
  if (!meaning)
    return errors.at("learner.objective.name")
           << "unsupported objective \"" << *name
           << "\"; expected one of: " << listXGBoostObjectives();

  std::optional<int64_t> numFeatures = stringInteger(
      *params, "num_feature", paramsPath, 1, limits::kMaxFeatures);
  std::optional<int64_t> numClass =
      stringInteger(*params, "num_class", paramsPath, 0, limits::kMaxOutputs);
  std::optional<llvm::SmallVector<float>> baseScores =
      stringFloats(*params, "base_score", paramsPath);
  if (!numFeatures || !numClass || !baseScores)
    return mlir::failure();
  // num_target appeared in 1.6 for multi-output regression.
  int64_t numTarget = 1;
  if (params->get("num_target")) {
    std::optional<int64_t> value = stringInteger(
        *params, "num_target", paramsPath, 1, limits::kMaxOutputs);
    if (!value)
      return mlir::failure();
    numTarget = *value;
  }
  if (*numClass > 1 && numTarget > 1)
    return errors.at(memberPath(paramsPath, "num_target"))
           << "expected 1 with num_class " << *numClass << ", got "
           << numTarget;

  model.numFeatures = *numFeatures;
  model.numOutputs = std::max<int64_t>({*numClass, numTarget, 1});
  model.float64Input = false;
  model.task = meaning->task;
  model.transform = meaning->transform;
  if (model.task == Task::classification) {
    bool multiClass = model.transform == Transform::softmax;
    if (multiClass != (model.numOutputs > 1))
      return errors.at(memberPath(paramsPath, "num_class"))
             << "objective \"" << *name << "\" expects "
             << (multiClass ? "num_class >= 2" : "a single output") << ", got "
             << model.numOutputs << " output(s)";
    model.classes = makeIndexClassLabels(errors.getContext(),
                                         multiClass ? model.numOutputs : 2);
  }
  // One base_score applies to every output; newer versions may give one
  // per output.
  if (baseScores->size() != 1 &&
      static_cast<int64_t>(baseScores->size()) != model.numOutputs)
    return errors.at(memberPath(paramsPath, "base_score"))
           << "expected 1 or " << model.numOutputs << " values, got "
           << baseScores->size();
  for (int64_t k = 0; k < model.numOutputs; ++k) {
    float baseScore = (*baseScores)[baseScores->size() == 1 ? 0 : k];
    std::optional<float> margin =
        baseScoreToMargin(baseScore, meaning->baseScoreSpace);
    if (!margin || !std::isfinite(*margin))
      return errors.at(memberPath(paramsPath, "base_score"))
             << "base_score " << formatNumber(baseScore)
             << " is outside the domain of " << *name
             << "'s link function (expected "
             << (meaning->baseScoreSpace == BaseScoreSpace::Probability
                     ? "a value in (0, 1)"
                     : "a positive value")
             << ")";
    ensemble.baseScore.push_back(static_cast<double>(*margin));
  }
  return mlir::success();
}

mlir::LogicalResult
XGBoostImporter::readCategories(const Object &tree, const std::string &path,
                                llvm::ArrayRef<uint8_t> isCategorical,
                                TreeNodes &out) {
  size_t n = isCategorical.size();
  // Models without categorical splits may predate these fields.
  if (!llvm::is_contained(isCategorical, 1) && !tree.get("categories_nodes"))
    return mlir::success();
  llvm::SmallVector<int32_t> nodes, segments, sizes, categories;
  auto readField = [&](llvm::StringRef key, std::optional<size_t> length,
                       int64_t min, int64_t max,
                       llvm::SmallVectorImpl<int32_t> &values) {
    const Value *value = reader.require(tree, key, path);
    return value &&
           mlir::succeeded(reader.readIntegers(*value, memberPath(path, key),
                                               length, min, max, values));
  };
  if (!readField("categories_nodes", std::nullopt, 0, n - 1, nodes) ||
      !readField("categories_segments", nodes.size(), 0, INT32_MAX, segments) ||
      !readField("categories_sizes", nodes.size(), 0, INT32_MAX, sizes) ||
      !readField("categories", std::nullopt, 0, kMaxXGBoostCategory,
                 categories))
    return mlir::failure();

  llvm::BitVector listed(n);
  for (auto [j, node] : llvm::enumerate(nodes)) {
    std::string where = indexPath(memberPath(path, "categories_nodes"), j);
    if (!isCategorical[node])
      return errors.at(where) << "node " << node
                              << " has split_type 0 (numerical); expected "
                                 "only categorical nodes";
    listed.set(node);
    uint64_t begin = segments[j], size = sizes[j];
    if (begin + size > categories.size())
      return errors.at(indexPath(memberPath(path, "categories_segments"), j))
             << "segment [" << begin << ", " << begin + size << ") exceeds the "
             << categories.size() << " categories";
    llvm::SmallVector<int32_t> right(categories.begin() + begin,
                                     categories.begin() + begin + size);
    llvm::sort(right);
    right.erase(std::unique(right.begin(), right.end()), right.end());
    // XGBoost sends listed categories right and everything else, including
    // categories past the largest listed one, left: list the complement
    // within [0, max] and send values outside it left.
    int64_t domain = right.empty() ? 1 : int64_t(right.back()) + 1;
    int64_t numLeft = domain - static_cast<int64_t>(right.size());
    if (numLeft > limits::kMaxLeftCategories)
      return errors.at(where) << "node " << node << " would send " << numLeft
                              << " categories left; Hardwood supports at most "
                              << limits::kMaxLeftCategories << " per split";
    CategoricalSplit split;
    split.node = node;
    split.domain = domain;
    split.outside = CategoryOutside::Left;
    split.leftCategories.reserve(numLeft);
    for (int32_t category = 0, next = 0; category < domain; ++category) {
      if (next < static_cast<int32_t>(right.size()) &&
          right[next] == category) {
        ++next;
        continue;
      }
      split.leftCategories.push_back(category);
    }
    out.categorical.push_back(std::move(split));
  }
  for (size_t node = 0; node < n; ++node)
    if (isCategorical[node] && out.left[node] >= 0 && !listed.test(node))
      return errors.at(indexPath(memberPath(path, "split_type"), node))
             << "categorical node " << node
             << " has no entry in categories_nodes";
  return mlir::success();
}

/// The number of values per leaf: 1 for scalar trees, which XGBoost 1.x
/// writes as size_leaf_vector 0 and 2.x as 1 (older files may omit it).
std::optional<int64_t>
XGBoostImporter::readLeafVectorSize(const Value &tree,
                                    const std::string &path) {
  const Object *object = reader.asObject(tree, path);
  if (!object)
    return std::nullopt;
  const Object *param = member(*object, "tree_param", path);
  if (!param)
    return std::nullopt;
  if (!param->get("size_leaf_vector"))
    return 1;
  std::optional<int64_t> size =
      stringInteger(*param, "size_leaf_vector", memberPath(path, "tree_param"),
                    0, limits::kMaxOutputs);
  if (!size)
    return std::nullopt;
  return std::max<int64_t>(*size, 1);
}

mlir::LogicalResult XGBoostImporter::readTree(const Object &tree,
                                              const std::string &path,
                                              int64_t leafWidth,
                                              TreeNodes &out) {
  const std::string paramPath = memberPath(path, "tree_param");
  const Object *param = member(tree, "tree_param", path);
  if (!param)
    return mlir::failure();
  std::optional<int64_t> numNodes = stringInteger(
      *param, "num_nodes", paramPath, 1, limits::kMaxNodesPerTree);
  if (!numNodes)
    return mlir::failure();
  int64_t numDeleted = 0;
  if (param->get("num_deleted")) {
    std::optional<int64_t> value =
        stringInteger(*param, "num_deleted", paramPath, 0, *numNodes - 1);
    if (!value)
      return mlir::failure();
    numDeleted = *value;
  }
  size_t n = *numNodes;
  for (llvm::StringRef key :
       {"left_children", "right_children", "split_indices", "split_conditions",
        "default_left"})
    if (!reader.require(tree, key, path))
      return mlir::failure();
  // Children and features are type-checked here; the EnsembleBuilder
  // explains structural errors. Deleted nodes carry feature 2^31-1.
  if (mlir::failed(reader.readIntegers(*tree.get("left_children"),
                                       memberPath(path, "left_children"), n,
                                       INT32_MIN, INT32_MAX, out.left)) ||
      mlir::failed(reader.readIntegers(*tree.get("right_children"),
                                       memberPath(path, "right_children"), n,
                                       INT32_MIN, INT32_MAX, out.right)) ||
      mlir::failed(reader.readIntegers(*tree.get("split_indices"),
                                       memberPath(path, "split_indices"), n,
                                       INT32_MIN, INT32_MAX, out.feature)) ||
      mlir::failed(reader.readBools(*tree.get("default_left"),
                                    memberPath(path, "default_left"), n,
                                    out.defaultLeft)))
    return mlir::failure();

  llvm::SmallVector<uint8_t> isCategorical(n, 0);
  if (const Value *splitType = tree.get("split_type")) {
    if (mlir::failed(reader.readBools(
            *splitType, memberPath(path, "split_type"), n, isCategorical)))
      return mlir::failure();
  }

  // split_conditions holds the threshold at splits and, in scalar trees,
  // the leaf value at leaves; categorical splits have NaN there, which
  // XGBoost's JSON writes as a bare NaN literal.
  std::string conditionsPath = memberPath(path, "split_conditions");
  const Array *conditions =
      reader.asArrayOfLength(*tree.get("split_conditions"), conditionsPath, n);
  if (!conditions)
    return mlir::failure();
  bool vectorLeaves = leafWidth > 1;
  out.threshold.assign(n, 0.0);
  out.leafValues.assign(n * leafWidth, 0.0);
  for (size_t node = 0; node < n; ++node) {
    const Value &entry = (*conditions)[node];
    bool isLeaf = out.left[node] < 0;
    bool categoricalSplit = isCategorical[node] && !isLeaf;
    // A vector-leaf tree's leaves hold 0 there, or NaN for a lone root.
    if (categoricalSplit || (isLeaf && vectorLeaves))
      continue;
    std::optional<double> value = toFloat32(entry.getAsNumber().value_or(NAN));
    if (!value) {
      errors.at(indexPath(conditionsPath, node))
          << "expected a finite float32 number, got " << describeJson(entry);
      return mlir::failure();
    }
    (isLeaf ? out.leafValues : out.threshold)[node] = *value;
  }
  if (vectorLeaves && mlir::failed(readLeafVectors(tree, path, leafWidth, out)))
    return mlir::failure();
  out.strictLess = true;
  if (mlir::failed(readCategories(tree, path, isCategorical, out)))
    return mlir::failure();
  return dropDeletedNodes(out, numDeleted);
}

/// A vector-leaf tree's leaf values: base_weights[node * K .. node * K + K).
/// Internal nodes' entries are the split's weights, unused by prediction.
mlir::LogicalResult XGBoostImporter::readLeafVectors(const Object &tree,
                                                     const std::string &path,
                                                     int64_t leafWidth,
                                                     TreeNodes &out) {
  std::string weightsPath = memberPath(path, "base_weights");
  const Value *value = reader.require(tree, "base_weights", path);
  if (!value)
    return mlir::failure();
  const Array *weights = reader.asArray(*value, weightsPath);
  if (!weights)
    return mlir::failure();
  size_t n = out.left.size();
  if (weights->size() != n * leafWidth)
    return errors.at(weightsPath)
           << "expected " << n * leafWidth << " entries (" << n
           << " nodes x size_leaf_vector " << leafWidth << "), got "
           << weights->size();
  for (size_t node = 0; node < n; ++node) {
    if (out.left[node] >= 0)
      continue;
    for (int64_t k = 0; k < leafWidth; ++k) {
      size_t index = node * leafWidth + k;
      const Value &entry = (*weights)[index];
      std::optional<double> weight =
          toFloat32(entry.getAsNumber().value_or(NAN));
      if (!weight)
        return errors.at(indexPath(weightsPath, index))
               << "expected a finite float32 leaf value, got "
               << describeJson(entry);
      out.leafValues[index] = *weight;
    }
  }
  return mlir::success();
}

/// Pruning leaves deleted nodes in XGBoost's arrays, unreachable from the
/// root; Hardwood trees have none, so the live nodes are renumbered in their
/// original order. `leafIds` keeps each leaf's XGBoost node id so the `leaf`
/// kind still reports what XGBoost's pred_leaf does.
mlir::LogicalResult XGBoostImporter::dropDeletedNodes(TreeNodes &tree,
                                                      int64_t numDeleted) {
  if (numDeleted == 0)
    return mlir::success();
  size_t n = tree.left.size();
  size_t leafWidth = tree.leafValues.size() / n;
  llvm::BitVector reached(n);
  llvm::SmallVector<int32_t> stack = {0};
  size_t numReached = 0;
  while (!stack.empty()) {
    int32_t node = stack.pop_back_val();
    // A malformed tree is left to the EnsembleBuilder to explain.
    if (node < 0 || static_cast<size_t>(node) >= n || reached.test(node))
      return mlir::success();
    reached.set(node);
    ++numReached;
    if (tree.left[node] >= 0 || tree.right[node] >= 0) {
      stack.push_back(tree.left[node]);
      stack.push_back(tree.right[node]);
    }
  }
  if (static_cast<int64_t>(n - numReached) != numDeleted)
    return mlir::success();
  llvm::SmallVector<int32_t> newIndex(n, -1);
  int32_t next = 0;
  for (size_t node = 0; node < n; ++node)
    if (reached.test(node))
      newIndex[node] = next++;
  TreeNodes live;
  live.group = tree.group;
  live.weight = tree.weight;
  live.strictLess = tree.strictLess;
  for (size_t node = 0; node < n; ++node) {
    if (!reached.test(node))
      continue;
    bool isLeaf = tree.left[node] < 0;
    live.leafIds.push_back(isLeaf ? static_cast<int32_t>(node) : -1);
    auto remap = [&](int32_t child) {
      return child < 0 ? child : newIndex[child];
    };
    live.left.push_back(remap(tree.left[node]));
    live.right.push_back(remap(tree.right[node]));
    live.feature.push_back(tree.feature[node]);
    live.threshold.push_back(tree.threshold[node]);
    live.leafValues.append(tree.leafValues.begin() + node * leafWidth,
                           tree.leafValues.begin() + (node + 1) * leafWidth);
    live.defaultLeft.push_back(tree.defaultLeft[node]);
  }
  for (CategoricalSplit &split : tree.categorical) {
    if (!reached.test(split.node))
      continue;
    split.node = newIndex[split.node];
    live.categorical.push_back(std::move(split));
  }
  tree = std::move(live);
  return mlir::success();
}

ImportResult XGBoostImporter::run(const Value &document) {
  const Object *root = reader.asObject(document, "");
  if (!root)
    return mlir::failure();
  const Object *learner = member(*root, "learner", "");
  if (!learner)
    return mlir::failure();
  ModelInfo model;
  EnsembleInfo ensemble;
  if (mlir::failed(readModelParams(*learner, model, ensemble)))
    return mlir::failure();
  std::optional<std::string> name =
      resolveModelName(errors, "model", "", options);
  if (!name)
    return mlir::failure();
  model.name = *name;

  const Object *booster = member(*learner, "gradient_booster", "learner");
  if (!booster)
    return mlir::failure();
  std::string boosterPath = "learner.gradient_booster";
  const Value *boosterName = reader.require(*booster, "name", boosterPath);
  if (!boosterName)
    return mlir::failure();
  std::optional<size_t> kind = reader.asChoice(
      *boosterName, memberPath(boosterPath, "name"), {"gbtree", "dart"});
  if (!kind)
    return mlir::failure();
  // dart wraps a gbtree and adds one weight per tree.
  const Array *weightDrop = nullptr;
  std::string gbtreePath = boosterPath;
  const Object *gbtree = booster;
  if (*kind == 1) {
    gbtreePath = memberPath(boosterPath, "gbtree");
    gbtree = member(*booster, "gbtree", boosterPath);
    const Value *weights = reader.require(*booster, "weight_drop", boosterPath);
    if (!gbtree || !weights)
      return mlir::failure();
    weightDrop =
        reader.asArray(*weights, memberPath(boosterPath, "weight_drop"));
    if (!weightDrop)
      return mlir::failure();
  }
  std::string modelPath = memberPath(gbtreePath, "model");
  const Object *trees = member(*gbtree, "model", gbtreePath);
  if (!trees)
    return mlir::failure();
  const Object *treeParams = member(*trees, "gbtree_model_param", modelPath);
  if (!treeParams)
    return mlir::failure();
  std::string treeParamsPath = memberPath(modelPath, "gbtree_model_param");
  std::optional<int64_t> numTrees = stringInteger(
      *treeParams, "num_trees", treeParamsPath, 0, limits::kMaxTrees);
  // JSON saved before XGBoost 1.6 has no num_parallel_tree; XGBoost reads
  // such files with its default, 1.
  std::optional<int64_t> numParallel = 1;
  if (treeParams->get("num_parallel_tree"))
    numParallel = stringInteger(*treeParams, "num_parallel_tree",
                                treeParamsPath, 1, limits::kMaxTrees);
  if (!numTrees || !numParallel)
    return mlir::failure();
  for (llvm::StringRef key : {"trees", "tree_info"})
    if (!reader.require(*trees, key, modelPath))
      return mlir::failure();
  std::string treesPath = memberPath(modelPath, "trees");
  const Array *treeList =
      reader.asArrayOfLength(*trees->get("trees"), treesPath, *numTrees);
  llvm::SmallVector<int32_t> treeInfo;
  if (!treeList ||
      mlir::failed(reader.readIntegers(
          *trees->get("tree_info"), memberPath(modelPath, "tree_info"),
          *numTrees, 0, model.numOutputs - 1, treeInfo)))
    return mlir::failure();
  llvm::SmallVector<double> weights;
  if (weightDrop &&
      mlir::failed(reader.readNumbers(*booster->get("weight_drop"),
                                      memberPath(boosterPath, "weight_drop"),
                                      *numTrees, weights)))
    return mlir::failure();
  if (*numTrees == 0)
    return errors.at(treesPath) << "the model has no trees; expected at "
                                   "least one boosting round";

  // The first tree decides the leaf width: the ensemble holds one.
  std::string firstPath = indexPath(treesPath, 0);
  std::optional<int64_t> leafWidth =
      readLeafVectorSize((*treeList)[0], firstPath);
  if (!leafWidth)
    return mlir::failure();
  std::string firstSizePath =
      memberPath(memberPath(firstPath, "tree_param"), "size_leaf_vector");
  if (*leafWidth > 1 && weightDrop)
    return errors.at(firstSizePath)
           << "expected 0 or 1 with dart (XGBoost does not predict dart "
              "models with vector leaves), got "
           << *leafWidth;
  if (*leafWidth > 1 && *leafWidth != model.numOutputs) {
    if (model.numOutputs == 1)
      return errors.at(firstSizePath)
             << "expected 0 or 1 (the model has one output), got "
             << *leafWidth;
    return errors.at(firstSizePath)
           << "expected 0 or 1 (scalar leaves) or " << model.numOutputs
           << " (one value per output), got " << *leafWidth;
  }
  ensemble.leafWidth = *leafWidth;
  bool vectorLeaves = *leafWidth > 1;

  // A boosting round adds num_parallel_tree trees per output, or
  // num_parallel_tree vector-leaf trees that cover every output.
  int64_t treesPerRound = *numParallel * (vectorLeaves ? 1 : model.numOutputs);
  int64_t keptTrees = *numTrees;
  if (options.numIterations) {
    int64_t rounds = *numTrees / treesPerRound;
    if (*options.numIterations < 1 || *options.numIterations > rounds)
      return errors.at(treesPath)
             << "cannot keep " << *options.numIterations
             << " boosting rounds; expected 1 to " << rounds;
    keptTrees = *options.numIterations * treesPerRound;
  }

  EnsembleBuilder builder(errors, model, ensemble);
  for (int64_t t = 0; t < keptTrees; ++t) {
    std::string path = indexPath(treesPath, t);
    std::optional<int64_t> width = readLeafVectorSize((*treeList)[t], path);
    if (!width)
      return mlir::failure();
    if (*width != *leafWidth)
      return errors.at(
                 memberPath(memberPath(path, "tree_param"), "size_leaf_vector"))
             << "expected "
             << (vectorLeaves ? std::to_string(*leafWidth)
                              : std::string("0 or 1"))
             << " as in trees[0] (Hardwood does not mix vector-leaf and "
                "scalar trees), got "
             << *width;
    const Object *tree = (*treeList)[t].getAsObject();
    TreeNodes nodes;
    // XGBoost's predictor ignores tree_info for vector-leaf trees (it
    // writes 0 there).
    nodes.group = vectorLeaves ? 0 : treeInfo[t];
    if (weightDrop) {
      std::optional<double> weight = toFloat32(weights[t]);
      if (!weight)
        return errors.at(indexPath(memberPath(boosterPath, "weight_drop"), t))
               << "expected a finite float32 number, got "
               << formatNumber(weights[t]);
      nodes.weight = *weight;
    }
    if (mlir::failed(readTree(*tree, path, *leafWidth, nodes)) ||
        mlir::failed(builder.addTree(nodes, path,
                                     vectorLeaves ? kXGBoostVectorLeafFields
                                                  : kXGBoostFields)))
      return mlir::failure();
  }
  return builder.finish();
}

} // namespace

ImportResult hardwood::importXGBoost(const Value &document,
                                     ImportErrors &errors,
                                     const ImportOptions &options) {
  return XGBoostImporter(errors, options).run(document);
}
