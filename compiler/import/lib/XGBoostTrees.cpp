//===- XGBoostTrees.cpp - XGBoost tree arrays -----------------------------===//
//
// One tree of XGBoost's schema to TreeNodes: node arrays, vector leaves,
// categorical splits (the categories listed go right) and the renumbering
// of pruned trees.
//
//===----------------------------------------------------------------------===//

#include "ModelLimits.h"
#include "XGBoostImporter.h"

#include "llvm/ADT/BitVector.h"

using namespace hardwood;
using namespace hardwood::xgboost;
using llvm::json::Array;

/// XGBoost rejects categories at or above 2^24 (they are not exact in
/// float32) and sends them left, as Hardwood does for values outside the
/// domain.
static constexpr int64_t kMaxXGBoostCategory = (int64_t(1) << 24) - 1;

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
