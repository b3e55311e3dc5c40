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

#include "DocumentParsers.h"
#include "ModelLimits.h"
#include "XGBoostImporter.h"

using namespace hardwood;
using namespace hardwood::xgboost;
using llvm::json::Array;

namespace {

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

} // namespace

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
  // The trees array is the document's bulk: when the JSON text was split at
  // it, each tree is parsed when its turn comes and dropped after.
  static constexpr llvm::StringRef kGbtreeTrees[] = {
      "learner", "gradient_booster", "model", "trees"};
  static constexpr llvm::StringRef kDartTrees[] = {
      "learner", "gradient_booster", "gbtree", "model", "trees"};
  llvm::ArrayRef<llvm::StringRef> treesKeys =
      *kind == 1 ? llvm::ArrayRef(kDartTrees) : llvm::ArrayRef(kGbtreeTrees);
  bool lazy = deferred && llvm::equal(deferred->path, treesKeys);
  const Array *treeList =
      lazy ? reader.asArray(*trees->get("trees"), treesPath)
           : reader.asArrayOfLength(*trees->get("trees"), treesPath, *numTrees);
  if (treeList && lazy &&
      mlir::failed(
          reader.checkLength(deferred->elements.size(), treesPath, *numTrees)))
    treeList = nullptr;
  auto treeAt = [&](int64_t t) -> const Value * {
    if (!lazy)
      return &(*treeList)[t];
    if (parsedTree && parsedIndex == static_cast<size_t>(t))
      return &*parsedTree;
    parsedTree = parseJsonElement(deferred->elements[t]);
    parsedIndex = t;
    if (!parsedTree) {
      deferred->reportSyntaxError();
      return nullptr;
    }
    return &*parsedTree;
  };
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
  const Value *firstTree = treeAt(0);
  if (!firstTree)
    return mlir::failure();
  std::optional<int64_t> leafWidth = readLeafVectorSize(*firstTree, firstPath);
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
    TreeNodes nodes;
    // Common trees are read straight from their text (XGBoostTreeText.cpp);
    // the rest, and anything that would be an error, the general way.
    int64_t numDeleted = 0, fastWidth = 0;
    bool fast = lazy && !vectorLeaves &&
                !deferred->elements[t].mayHaveNonFiniteLiterals &&
                readScalarTreeText(deferred->elements[t].text, nodes,
                                   numDeleted, fastWidth);
    const Object *tree = nullptr;
    if (!fast) {
      nodes = TreeNodes();
      const Value *treeValue = treeAt(t);
      if (!treeValue)
        return mlir::failure();
      std::optional<int64_t> width = readLeafVectorSize(*treeValue, path);
      if (!width)
        return mlir::failure();
      if (*width != *leafWidth)
        return errors.at(memberPath(memberPath(path, "tree_param"),
                                    "size_leaf_vector"))
               << "expected "
               << (vectorLeaves ? std::to_string(*leafWidth)
                                : std::string("0 or 1"))
               << " as in trees[0] (Hardwood does not mix vector-leaf and "
                  "scalar trees), got "
               << *width;
      tree = treeValue->getAsObject();
    }
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
    if (mlir::failed(fast ? dropDeletedNodes(nodes, numDeleted)
                          : readTree(*tree, path, *leafWidth, nodes)) ||
        mlir::failed(builder.addTree(nodes, path,
                                     vectorLeaves ? kXGBoostVectorLeafFields
                                                  : kXGBoostFields)))
      return mlir::failure();
  }
  return builder.finish();
}

ImportResult hardwood::importXGBoost(const Value &document,
                                     ImportErrors &errors,
                                     const ImportOptions &options) {
  return XGBoostImporter(errors, options).run(document);
}

ImportResult
hardwood::importXGBoostSplit(const SplitJsonDocument &document,
                             llvm::function_ref<void()> reportSyntaxError,
                             ImportErrors &errors,
                             const ImportOptions &options) {
  DeferredTrees trees{document.deferredPath, document.elements,
                      reportSyntaxError};
  return XGBoostImporter(errors, options, &trees).run(document.skeleton);
}
