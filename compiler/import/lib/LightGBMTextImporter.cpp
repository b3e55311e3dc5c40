//===- LightGBMTextImporter.cpp - LightGBM model text files ---------------===//
//
// Maps the model text of LightGBM's Booster.save_model onto the dialect with
// LightGBM's prediction rules: objectives to transforms, decision_type bits
// to missing kinds and default directions, bitsets to category sets, and a
// node numbering that keeps LightGBM's leaf numbers recoverable. The rules
// and the numbering are listed in docs/lightgbm.md; LightGBMText.h reads the
// syntax. Trees are checked in LightGBM's own terms (left_child, leaf ~j)
// before EnsembleBuilder sees them.
//
//===----------------------------------------------------------------------===//

#include "EnsembleBuilder.h"
#include "FormatImporters.h"
#include "LightGBMText.h"
#include "ModelLimits.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace hardwood;
using namespace hardwood::lightgbm;

/// LightGBM's kZeroThreshold is the float literal 1e-35f compared in double:
/// inputs with |x| <= it are read as 0.0.
static constexpr double kLightGBMZeroThreshold = static_cast<double>(1e-35f);
/// A tree of L leaves has 2L - 1 nodes.
static constexpr int64_t kMaxLeaves = (limits::kMaxNodesPerTree + 1) / 2;
static constexpr int64_t kBitsPerWord = 32;

// Bits of LightGBM's decision_type.
static constexpr int64_t kCategoricalMask = 1;
static constexpr int64_t kDefaultLeftMask = 2;
static constexpr int kMissingTypeShift = 2;
static constexpr int64_t kKnownDecisionBits = 15;
static constexpr int64_t kMissingNone = 0;
static constexpr int64_t kMissingZero = 1;
static constexpr int64_t kMissingNaN = 2;

/// Node ids in the dialect: internal nodes keep LightGBM's numbers (the root
/// stays 0) and leaf j follows them as node L - 1 + j. `leaf_ids` maps the
/// node back to j for the leaf kind.
static int32_t internalNodeId(int64_t internal) {
  return static_cast<int32_t>(internal);
}
static int32_t leafNodeId(int64_t numLeaves, int64_t leaf) {
  return static_cast<int32_t>(numLeaves - 1 + leaf);
}

namespace {

/// A tree in LightGBM's own arrays: internal nodes 0..L-2; a child >= 0 is
/// an internal node, a child < 0 is leaf ~child.
struct LightGBMTree {
  int64_t numLeaves = 1;
  int64_t numCategorical = 0;
  llvm::SmallVector<int64_t> splitFeature, decisionType, leftChild, rightChild;
  llvm::SmallVector<int64_t> catBoundaries, catThreshold;
  llvm::SmallVector<double> threshold, leafValue;
  /// Linear trees: per leaf a constant and leafNumFeatures[leaf] terms
  /// (leafFeatures/leafCoeff, concatenated in leaf order).
  bool isLinear = false;
  llvm::SmallVector<double> leafConst, leafCoeff;
  llvm::SmallVector<int64_t> leafNumFeatures, leafFeatures;
};

class LightGBMTextImporter {
public:
  LightGBMTextImporter(llvm::StringRef text, ImportErrors &errors,
                       const ImportOptions &options)
      : reader(text, errors), errors(errors), options(options) {}

  ImportResult run();

private:
  std::optional<int64_t> headerInteger(llvm::StringRef key, int64_t min,
                                       int64_t max);
  mlir::LogicalResult checkFeatureList(llvm::StringRef key);
  mlir::LogicalResult readModelInfo(ModelInfo &model, EnsembleInfo &ensemble);
  mlir::LogicalResult readObjective(ModelInfo &model);

  mlir::LogicalResult readTree(const Section &section, LightGBMTree &tree);
  mlir::LogicalResult readCategorical(const Section &section,
                                      LightGBMTree &tree);
  mlir::LogicalResult readLinear(const Section &section, LightGBMTree &tree);
  mlir::LogicalResult checkTreeShape(const Section &section,
                                     const LightGBMTree &tree);
  mlir::LogicalResult convertTree(const Section &section, int64_t index,
                                  const LightGBMTree &tree, TreeNodes &nodes);

  TextReader reader;
  ImportErrors &errors;
  const ImportOptions &options;
  Section header;
  int64_t numFeatures = 0;
  int64_t numOutputs = 1;
};

} // namespace

//===----------------------------------------------------------------------===//
// Header
//===----------------------------------------------------------------------===//

std::optional<int64_t> LightGBMTextImporter::headerInteger(llvm::StringRef key,
                                                           int64_t min,
                                                           int64_t max) {
  int64_t value = 0;
  if (mlir::failed(reader.readInteger(header, key, min, max, value)))
    return std::nullopt;
  return value;
}

/// feature_names and feature_infos, when present, hold one entry per
/// feature.
mlir::LogicalResult
LightGBMTextImporter::checkFeatureList(llvm::StringRef key) {
  const Field *field = reader.find(header, key, false);
  if (!field)
    return mlir::success();
  size_t count = countTokens(field->value);
  if (static_cast<int64_t>(count) != numFeatures)
    return reader.error(header, key)
           << "expected " << numFeatures
           << " entries (max_feature_idx + 1), got " << count;
  return mlir::success();
}

mlir::LogicalResult
LightGBMTextImporter::readModelInfo(ModelInfo &model, EnsembleInfo &ensemble) {
  if (const Field *version = reader.find(header, "version", false))
    if (version->value != "v2" && version->value != "v3" &&
        version->value != "v4")
      return reader.error(header, "version")
             << "expected v2, v3 or v4 (the text formats this importer "
                "knows), got "
             << quote(version->value);
  std::optional<int64_t> numClass =
      headerInteger("num_class", 1, limits::kMaxOutputs);
  if (!numClass)
    return mlir::failure();
  // Equal for every objective LightGBM has; the raw score has num_class
  // entries and tree t adds to entry t % num_class.
  if (reader.find(header, "num_tree_per_iteration", false)) {
    std::optional<int64_t> perIteration =
        headerInteger("num_tree_per_iteration", 1, limits::kMaxOutputs);
    if (!perIteration)
      return mlir::failure();
    if (*perIteration != *numClass)
      return reader.error(header, "num_tree_per_iteration")
             << "expected num_class (" << *numClass
             << ") trees per iteration, got " << *perIteration;
  }
  std::optional<int64_t> maxFeature =
      headerInteger("max_feature_idx", 0, limits::kMaxFeatures - 1);
  if (!maxFeature)
    return mlir::failure();
  numFeatures = *maxFeature + 1;
  numOutputs = *numClass;
  if (mlir::failed(checkFeatureList("feature_names")) ||
      mlir::failed(checkFeatureList("feature_infos")))
    return mlir::failure();

  model.numFeatures = numFeatures;
  model.numOutputs = numOutputs;
  model.float64Input = true;
  if (mlir::failed(readObjective(model)))
    return mlir::failure();
  std::optional<std::string> name =
      resolveModelName(errors, "model", "", options);
  if (!name)
    return mlir::failure();
  model.name = *name;

  ensemble.leafWidth = 1;
  // rf mode: LightGBM's prediction (GBDT::Predict) divides the sum by the
  // number of iterations before the transform; its raw score
  // (GBDT::PredictRaw, predict_raw_score) is the undivided sum, and so is
  // the decision kind.
  bool rfMode = reader.find(header, "average_output", false);
  ensemble.aggregation = rfMode ? Aggregation::average : Aggregation::sum;
  ensemble.decisionIsSum = rfMode;
  ensemble.zeroThreshold = kLightGBMZeroThreshold;
  ensemble.categoryCast = CategoryCast::truncate_then_check;
  return mlir::success();
}

/// `objective=NAME PARAM...` as each objective's ToString() writes it, e.g.
/// `binary sigmoid:1`, `multiclassova num_class:3 sigmoid:1`,
/// `regression sqrt`.
mlir::LogicalResult LightGBMTextImporter::readObjective(ModelInfo &model) {
  const Field *field = reader.find(header, "objective", false);
  if (!field)
    return mlir::success(); // Custom objective: the raw score is the output.
  auto fail = [&]() { return reader.error(header, "objective"); };
  llvm::SmallVector<llvm::StringRef> words = splitTokens(field->value);
  if (words.empty())
    return fail() << "expected an objective name";
  llvm::StringRef name = words.front();

  enum class Kind {
    Identity,
    L2Family,
    Huber,
    Exp,
    Binary,
    Multiclass,
    MulticlassOva,
    CrossEntropy,
    Ranking,
    Unsupported,
    Unknown
  };
  Kind kind = llvm::StringSwitch<Kind>(name)
                  .Cases("regression", "regression_l1", "fair", "quantile",
                         "mape", Kind::L2Family)
                  .Case("huber", Kind::Huber)
                  .Cases("poisson", "gamma", "tweedie", Kind::Exp)
                  .Case("binary", Kind::Binary)
                  .Case("multiclass", Kind::Multiclass)
                  .Case("multiclassova", Kind::MulticlassOva)
                  .Case("cross_entropy", Kind::CrossEntropy)
                  .Cases("lambdarank", "rank_xendcg", Kind::Ranking)
                  .Case("custom", Kind::Identity)
                  .Case("cross_entropy_lambda", Kind::Unsupported)
                  .Default(Kind::Unknown);
  if (kind == Kind::Unknown)
    return fail() << "unknown objective " << quote(name)
                  << "; expected one LightGBM writes (regression, "
                     "regression_l1, huber, fair, quantile, mape, poisson, "
                     "gamma, tweedie, binary, multiclass, multiclassova, "
                     "cross_entropy, lambdarank, rank_xendcg, custom)";
  if (kind == Kind::Unsupported)
    return fail() << "objective cross_entropy_lambda (output log(1 + "
                     "exp(raw))) is not supported yet";

  bool sigmoidObjective = kind == Kind::Binary || kind == Kind::MulticlassOva;
  bool multiclass = kind == Kind::Multiclass || kind == Kind::MulticlassOva;
  std::optional<double> sigmoid;
  std::optional<int64_t> objectiveClasses;
  bool sqrt = false;
  for (llvm::StringRef word : llvm::drop_begin(words)) {
    auto [key, value] = word.split(':');
    // Not for Huber: LightGBM never writes `huber sqrt` (Huber disables
    // reg_sqrt) and its versions disagree on what such a line would mean.
    if (word == "sqrt" && kind == Kind::L2Family) {
      sqrt = true;
    } else if (key == "sigmoid" && sigmoidObjective) {
      sigmoid = parseDouble(value);
      if (!sigmoid || !std::isfinite(*sigmoid) || *sigmoid <= 0.0)
        return fail() << "expected a finite sigmoid parameter > 0, got "
                      << quote(value);
    } else if (key == "num_class" && multiclass) {
      objectiveClasses = parseInteger(value);
      if (!objectiveClasses)
        return fail() << "expected an integer num_class, got " << quote(value);
    } else {
      return fail() << "unexpected parameter " << quote(word)
                    << " for objective " << name;
    }
  }

  if (multiclass) {
    if (!objectiveClasses || *objectiveClasses != numOutputs)
      return fail() << "expected num_class:" << numOutputs
                    << " (the header's num_class) in the objective";
    if (numOutputs < 2)
      return fail() << "objective " << name << " needs num_class >= 2";
  } else if (kind != Kind::Identity && numOutputs != 1) {
    return fail() << "objective " << name
                  << " has one output, but num_class is " << numOutputs;
  }
  if (sigmoidObjective && !sigmoid)
    return fail() << "expected a sigmoid:VALUE parameter for objective "
                  << name;

  switch (kind) {
  case Kind::L2Family:
    // reg_sqrt trains on sign(y) sqrt|y|; predictions square back.
    model.transform = sqrt ? Transform::signed_square : Transform::identity;
    break;
  case Kind::Exp:
    model.transform = Transform::exp;
    break;
  case Kind::Binary:
  case Kind::MulticlassOva:
    // One sigmoid per class, not normalised, as LightGBM.
    model.task = Task::classification;
    model.transform = Transform::sigmoid;
    model.transformScale = *sigmoid;
    break;
  case Kind::Multiclass:
    model.task = Task::classification;
    model.transform = Transform::softmax;
    break;
  case Kind::CrossEntropy:
    // Labels are probabilities in [0, 1]; the output is one, not a class.
    model.transform = Transform::sigmoid;
    model.transformScale = 1.0;
    break;
  case Kind::Ranking:
    model.task = Task::ranking;
    break;
  default:
    break;
  }
  if (model.task == Task::classification)
    model.classes = makeIndexClassLabels(errors.getContext(),
                                         numOutputs == 1 ? 2 : numOutputs);
  return mlir::success();
}

//===----------------------------------------------------------------------===//
// Trees
//===----------------------------------------------------------------------===//

mlir::LogicalResult LightGBMTextImporter::readTree(const Section &section,
                                                   LightGBMTree &tree) {
  if (mlir::failed(reader.readInteger(section, "num_leaves", 1, kMaxLeaves,
                                      tree.numLeaves)) ||
      mlir::failed(reader.readInteger(section, "num_cat", 0, tree.numLeaves - 1,
                                      tree.numCategorical)))
    return mlir::failure();
  if (const Field *linear = reader.find(section, "is_linear", false)) {
    std::optional<int64_t> value = parseInteger(linear->value);
    if (!value || (*value != 0 && *value != 1))
      return reader.error(section, "is_linear")
             << "expected 0 or 1, got " << quote(linear->value);
    tree.isLinear = *value == 1;
  }
  // Informational: LightGBM has already multiplied it into leaf_value.
  if (const Field *shrinkage = reader.find(section, "shrinkage", false))
    if (!parseDouble(shrinkage->value))
      return reader.error(section, "shrinkage")
             << "expected a number, got " << quote(shrinkage->value);
  if (mlir::failed(reader.readDoubles(section, "leaf_value", tree.numLeaves,
                                      tree.leafValue)))
    return mlir::failure();
  for (auto [leaf, value] : llvm::enumerate(tree.leafValue))
    if (!std::isfinite(value))
      return reader.error(section, "leaf_value", leaf)
             << "expected a finite leaf value, got " << shortestDecimal(value);
  // Linear trees carry their leaf models even with one leaf.
  if (tree.isLinear && mlir::failed(readLinear(section, tree)))
    return mlir::failure();
  // A leaf value (and a linear model) is all LightGBM reads of a one-leaf
  // tree.
  if (tree.numLeaves == 1)
    return mlir::success();

  size_t numInternal = tree.numLeaves - 1;
  int64_t lastInternal = tree.numLeaves - 2;
  if (mlir::failed(reader.readIntegers(section, "split_feature", numInternal, 0,
                                       numFeatures - 1, tree.splitFeature)) ||
      mlir::failed(reader.readDoubles(section, "threshold", numInternal,
                                      tree.threshold)) ||
      mlir::failed(reader.readIntegers(section, "left_child", numInternal,
                                       -tree.numLeaves, lastInternal,
                                       tree.leftChild)) ||
      mlir::failed(reader.readIntegers(section, "right_child", numInternal,
                                       -tree.numLeaves, lastInternal,
                                       tree.rightChild)))
    return mlir::failure();
  // LightGBM reads a missing decision_type as all zeros (numerical splits,
  // missing type None).
  if (!reader.find(section, "decision_type", false))
    tree.decisionType.assign(numInternal, 0);
  else if (mlir::failed(reader.readIntegers(section, "decision_type",
                                            numInternal, 0, kKnownDecisionBits,
                                            tree.decisionType)))
    return mlir::failure();
  for (auto [node, type] : llvm::enumerate(tree.decisionType))
    if ((type >> kMissingTypeShift) > kMissingNaN)
      return reader.error(section, "decision_type", node)
             << "missing type 3 (decision_type " << type
             << ") is not one of None (0), Zero (1), NaN (2)";
  if (mlir::failed(readCategorical(section, tree)))
    return mlir::failure();

  for (size_t node = 0; node < numInternal; ++node) {
    double threshold = tree.threshold[node];
    if (!(tree.decisionType[node] & kCategoricalMask)) {
      // +inf does occur: a NaN-missing split with every number going left.
      if (std::isnan(threshold))
        return reader.error(section, "threshold", node)
               << "expected a number at a numerical split, got NaN";
      continue;
    }
    // A categorical split's threshold is the index of its bitset.
    if (!(threshold >= 0.0 && threshold < tree.numCategorical &&
          std::trunc(threshold) == threshold))
      return reader.error(section, "threshold", node)
             << "expected the index of a categorical bitset in [0, "
             << tree.numCategorical << ") at a categorical split, got "
             << shortestDecimal(threshold);
  }
  return checkTreeShape(section, tree);
}

/// Bitset i is cat_threshold[cat_boundaries[i] .. cat_boundaries[i + 1]).
mlir::LogicalResult
LightGBMTextImporter::readCategorical(const Section &section,
                                      LightGBMTree &tree) {
  if (tree.numCategorical == 0)
    return mlir::success();
  if (mlir::failed(reader.readIntegers(section, "cat_boundaries",
                                       tree.numCategorical + 1, 0, INT32_MAX,
                                       tree.catBoundaries)))
    return mlir::failure();
  if (tree.catBoundaries.front() != 0)
    return reader.error(section, "cat_boundaries", 0)
           << "expected 0, got " << tree.catBoundaries.front();
  for (size_t i = 1; i < tree.catBoundaries.size(); ++i) {
    int64_t words = tree.catBoundaries[i] - tree.catBoundaries[i - 1];
    if (words < 0)
      return reader.error(section, "cat_boundaries", i)
             << "expected a value >= " << tree.catBoundaries[i - 1]
             << " (boundaries are non-decreasing), got "
             << tree.catBoundaries[i];
    if (words * kBitsPerWord > limits::kMaxCategoryDomain)
      return reader.error(section, "cat_boundaries", i)
             << "bitset " << i - 1 << " has " << words
             << " words; expected at most "
             << limits::kMaxCategoryDomain / kBitsPerWord;
  }
  return reader.readIntegers(section, "cat_threshold",
                             tree.catBoundaries.back(), 0, UINT32_MAX,
                             tree.catThreshold);
}

/// Every internal node but the root and every leaf has exactly one parent,
/// and the walk from the root reaches every internal node: with L - 1 nodes
/// of two children each, this is exactly "one tree over all nodes".
mlir::LogicalResult
LightGBMTextImporter::checkTreeShape(const Section &section,
                                     const LightGBMTree &tree) {
  size_t numInternal = tree.numLeaves - 1;
  llvm::SmallVector<int64_t> internalParent(numInternal, -1);
  llvm::SmallVector<int64_t> leafParent(tree.numLeaves, -1);
  for (size_t node = 0; node < numInternal; ++node) {
    for (bool left : {true, false}) {
      llvm::StringRef key = left ? "left_child" : "right_child";
      int64_t child = left ? tree.leftChild[node] : tree.rightChild[node];
      if (child == 0)
        return reader.error(section, key, node)
               << "child 0 is the root; expected a leaf ~j (-1 .. -"
               << tree.numLeaves << ") or an internal node 1 .. "
               << tree.numLeaves - 2;
      int64_t &parent = child > 0 ? internalParent[child] : leafParent[~child];
      if (parent >= 0)
        return reader.error(section, key, node)
               << (child > 0 ? "internal node " : "leaf ")
               << (child > 0 ? child : ~child) << " is already a child of node "
               << parent << "; expected each node to have one parent";
      parent = node;
    }
  }
  // With one parent each, the walk visits every reachable node once.
  llvm::BitVector reached(numInternal);
  llvm::SmallVector<int64_t> stack = {0};
  while (!stack.empty()) {
    int64_t node = stack.pop_back_val();
    reached.set(node);
    for (int64_t child : {tree.leftChild[node], tree.rightChild[node]})
      if (child > 0)
        stack.push_back(child);
  }
  int unreached = reached.find_first_unset();
  if (unreached >= 0)
    return reader.error(section, "left_child")
           << "internal node " << unreached
           << " is not reachable from the root (its parents form a cycle)";
  return mlir::success();
}

/// Linear leaves (linear_tree=true) output leaf_const + sum(coeff * x) over
/// their leaf_features, or leaf_value when one of those features is NaN.
/// LightGBM writes all four fields for every linear tree; a file without
/// them was edited, so their absence is an error rather than LightGBM's
/// silent zeros.
mlir::LogicalResult LightGBMTextImporter::readLinear(const Section &section,
                                                     LightGBMTree &tree) {
  if (mlir::failed(reader.readDoubles(section, "leaf_const", tree.numLeaves,
                                      tree.leafConst)) ||
      mlir::failed(reader.readIntegers(section, "num_features", tree.numLeaves,
                                       0, numFeatures, tree.leafNumFeatures)))
    return mlir::failure();
  for (auto [leaf, value] : llvm::enumerate(tree.leafConst))
    if (!std::isfinite(value))
      return reader.error(section, "leaf_const", leaf)
             << "expected a finite constant, got " << shortestDecimal(value);
  int64_t numTerms = 0;
  for (int64_t count : tree.leafNumFeatures)
    numTerms += count;
  if (mlir::failed(reader.readIntegers(section, "leaf_features", numTerms, 0,
                                       numFeatures - 1, tree.leafFeatures)) ||
      mlir::failed(
          reader.readDoubles(section, "leaf_coeff", numTerms, tree.leafCoeff)))
    return mlir::failure();
  for (auto [term, value] : llvm::enumerate(tree.leafCoeff))
    if (!std::isfinite(value))
      return reader.error(section, "leaf_coeff", term)
             << "expected a finite coefficient, got " << shortestDecimal(value);
  return mlir::success();
}

mlir::LogicalResult LightGBMTextImporter::convertTree(const Section &section,
                                                      int64_t index,
                                                      const LightGBMTree &tree,
                                                      TreeNodes &nodes) {
  int64_t numLeaves = tree.numLeaves;
  size_t numNodes = 2 * numLeaves - 1;
  nodes.group = index % numOutputs;
  nodes.left.assign(numNodes, -1);
  nodes.right.assign(numNodes, -1);
  nodes.feature.assign(numNodes, -1);
  nodes.threshold.assign(numNodes, 0.0);
  nodes.leafValues.assign(numNodes, 0.0);
  nodes.defaultLeft.assign(numNodes, 0);
  nodes.missing.assign(numNodes, MissingKind::Nan);
  // The leaf kind reports LightGBM's leaf numbers (pred_leaf).
  nodes.leafIds.assign(numNodes, -1);
  for (int64_t leaf = 0; leaf < numLeaves; ++leaf) {
    nodes.leafValues[leafNodeId(numLeaves, leaf)] = tree.leafValue[leaf];
    nodes.leafIds[leafNodeId(numLeaves, leaf)] = static_cast<int32_t>(leaf);
  }
  if (tree.isLinear) {
    // Per node in node order; leaf j is node L - 1 + j, after the internal
    // nodes, so the terms stay in LightGBM's leaf order.
    TreeNodes::LinearLeaves &linear = nodes.linear;
    linear.constants.assign(numNodes, 0.0);
    linear.offsets.assign(numLeaves, 0);
    size_t term = 0;
    for (int64_t leaf = 0; leaf < numLeaves; ++leaf) {
      linear.constants[leafNodeId(numLeaves, leaf)] = tree.leafConst[leaf];
      for (int64_t i = 0; i < tree.leafNumFeatures[leaf]; ++i, ++term) {
        linear.features.push_back(
            static_cast<int32_t>(tree.leafFeatures[term]));
        linear.coefficients.push_back(tree.leafCoeff[term]);
      }
      linear.offsets.push_back(static_cast<int32_t>(term));
    }
  }
  auto childId = [&](int64_t child) {
    return child >= 0 ? internalNodeId(child) : leafNodeId(numLeaves, ~child);
  };
  for (int64_t node = 0; node + 1 < numLeaves; ++node) {
    int32_t id = internalNodeId(node);
    nodes.left[id] = childId(tree.leftChild[node]);
    nodes.right[id] = childId(tree.rightChild[node]);
    nodes.feature[id] = static_cast<int32_t>(tree.splitFeature[node]);
    int64_t type = tree.decisionType[node];
    if (!(type & kCategoricalMask)) {
      nodes.threshold[id] = tree.threshold[node];
      nodes.defaultLeft[id] = (type & kDefaultLeftMask) != 0;
      int64_t missingType = type >> kMissingTypeShift;
      nodes.missing[id] = missingType == kMissingNone   ? MissingKind::NanAsZero
                          : missingType == kMissingZero ? MissingKind::ZeroOrNan
                                                        : MissingKind::Nan;
      continue;
    }
    // The bitset lists the categories that go left. NaN, negative
    // categories and categories beyond the bitset go right, whatever the
    // node's default_left bit says (defaultLeft stays false).
    auto bitset = static_cast<size_t>(tree.threshold[node]);
    int64_t firstWord = tree.catBoundaries[bitset];
    int64_t numWords = tree.catBoundaries[bitset + 1] - firstWord;
    CategoricalSplit split;
    split.node = id;
    // An empty bitset sends everything right: domain 1, nothing listed.
    split.domain = std::max<int64_t>(numWords * kBitsPerWord, 1);
    split.outside = CategoryOutside::Right;
    for (int64_t word = 0; word < numWords; ++word) {
      auto bits = static_cast<uint32_t>(tree.catThreshold[firstWord + word]);
      for (int64_t bit = 0; bit < kBitsPerWord; ++bit) {
        if (!((bits >> bit) & 1))
          continue;
        if (static_cast<int64_t>(split.leftCategories.size()) >=
            limits::kMaxLeftCategories)
          return reader.error(section, "cat_threshold")
                 << "bitset " << bitset << " sends more than "
                 << limits::kMaxLeftCategories
                 << " categories left; expected at most that many";
        split.leftCategories.push_back(
            static_cast<int32_t>(word * kBitsPerWord + bit));
      }
    }
    nodes.categorical.push_back(std::move(split));
  }
  return mlir::success();
}

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

ImportResult LightGBMTextImporter::run() {
  ModelInfo model;
  EnsembleInfo ensemble;
  if (mlir::failed(reader.readHeader(header)) ||
      mlir::failed(readModelInfo(model, ensemble)))
    return mlir::failure();

  // LightGBM's num_iteration: 0 (or none) keeps every iteration.
  int64_t keptTrees = limits::kMaxTrees;
  if (options.numIterations && *options.numIterations > 0)
    keptTrees = static_cast<int64_t>(*options.numIterations) * numOutputs;

  EnsembleBuilder builder(errors, model, ensemble);
  TreeFieldNames names;
  names.left = "left_child";
  names.right = "right_child";
  names.feature = "split_feature";
  names.leafValues = "leaf_value";
  names.categorical = "cat_threshold";
  int64_t numTrees = 0;
  for (NextLine next = reader.skipBlankLines(); next != NextLine::EndOfTrees;
       next = reader.skipBlankLines()) {
    if (next == NextLine::EndOfFile)
      return reader.error(reader.lineNumber(), "trees")
             << "expected `end of trees` after the last tree, but the file "
                "ends (truncated?)";
    if (next == NextLine::Other)
      return reader.error(reader.nextLineNumber(), "trees")
             << "expected `Tree=" << numTrees << "` or `end of trees`, got "
             << quote(reader.peekLine());
    if (numTrees >= limits::kMaxTrees)
      return reader.error(reader.nextLineNumber(), "trees")
             << "expected at most " << limits::kMaxTrees << " trees";
    Section section;
    LightGBMTree tree;
    if (mlir::failed(reader.readTree(numTrees, section)) ||
        mlir::failed(readTree(section, tree)))
      return mlir::failure();
    if (numTrees < keptTrees) {
      TreeNodes nodes;
      if (mlir::failed(convertTree(section, numTrees, tree, nodes)) ||
          mlir::failed(
              builder.addTree(nodes, "Tree=" + llvm::Twine(numTrees), names)))
        return mlir::failure();
    }
    ++numTrees;
  }
  // LightGBM predicts with whole iterations only.
  if (numTrees % numOutputs != 0)
    return reader.error(reader.nextLineNumber(), "trees")
           << "expected a multiple of num_tree_per_iteration (" << numOutputs
           << ") trees, got " << numTrees;
  if (const Field *sizes = reader.find(header, "tree_sizes", false)) {
    size_t listed = countTokens(sizes->value);
    if (static_cast<int64_t>(listed) != numTrees)
      return reader.error(header, "tree_sizes")
             << "expected one size per `Tree=` block (" << numTrees << "), got "
             << listed;
  }
  return builder.finish();
}

ImportResult hardwood::importLightGBMText(llvm::StringRef text,
                                          ImportErrors &errors,
                                          const ImportOptions &options) {
  return LightGBMTextImporter(text, errors, options).run();
}
