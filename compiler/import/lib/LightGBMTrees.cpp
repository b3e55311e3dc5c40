//===- LightGBMTrees.cpp - LightGBM model text trees ----------------------===//
//
// One Tree= section of LightGBM's model text to TreeNodes, checked in
// LightGBM's own terms: decision_type bits, categorical bitsets, linear
// leaves and the node numbering that keeps leaf numbers recoverable.
//
//===----------------------------------------------------------------------===//

#include "LightGBMTextImporter.h"

#include "llvm/ADT/BitVector.h"

#include <cmath>

using namespace hardwood;
using namespace hardwood::lightgbm;

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
