//===- TreeOp.cpp - hardwood.tree verification ----------------------------===//
//
// A tree is accepted only if every walk from the root ends at a leaf after
// at most num_nodes steps: children in range, one parent per node, every node
// reachable. Code generation relies on this and never re-checks it.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallVector.h"

#include <cmath>

using namespace mlir;
using namespace hardwood;

int TreeOp::findCategorical(unsigned node) {
  std::optional<ArrayRef<int32_t>> nodes = getCategoricalNodes();
  if (!nodes)
    return -1;
  for (auto [i, candidate] : llvm::enumerate(*nodes))
    if (candidate == static_cast<int32_t>(node))
      return i;
  return -1;
}

unsigned TreeOp::computeDepth() {
  ArrayRef<int32_t> left = getLeft(), right = getRight();
  unsigned maxDepth = 0;
  SmallVector<std::pair<int32_t, unsigned>> stack = {{0, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.pop_back_val();
    maxDepth = std::max(maxDepth, depth);
    if (left[node] >= 0) {
      stack.push_back({left[node], depth + 1});
      stack.push_back({right[node], depth + 1});
    }
  }
  return maxDepth;
}

/// Checks the categorical side tables of `tree`.
static LogicalResult verifyCategorical(TreeOp tree) {
  std::optional<ArrayRef<int32_t>> nodes = tree.getCategoricalNodes();
  std::optional<ArrayAttr> sets = tree.getCategorySets();
  std::optional<ArrayRef<int32_t>> domains = tree.getCategoryDomains();
  std::optional<ArrayRef<int8_t>> outside = tree.getCategoryOutside();
  bool any = nodes || sets || domains || outside;
  if (!any)
    return success();
  if (!nodes || !sets || !domains || !outside)
    return tree.emitOpError()
           << "categorical splits need all of 'categorical_nodes', "
              "'category_sets', 'category_domains' and 'category_outside'";
  size_t count = nodes->size();
  if (sets->size() != count || domains->size() != count ||
      outside->size() != count)
    return tree.emitOpError()
           << "categorical arrays differ in length: " << count << " nodes, "
           << sets->size() << " sets, " << domains->size() << " domains, "
           << outside->size() << " outside directions";
  llvm::DenseSet<int32_t> seen;
  for (size_t i = 0; i < count; ++i) {
    int32_t node = (*nodes)[i];
    if (node < 0 || node >= static_cast<int32_t>(tree.getNumNodes()) ||
        tree.isLeaf(node))
      return tree.emitOpError() << "categorical node " << node
                                << " is not an internal node of the tree";
    if (!seen.insert(node).second)
      return tree.emitOpError()
             << "node " << node << " is listed as categorical twice";
    int32_t domain = (*domains)[i];
    if (domain <= 0)
      return tree.emitOpError() << "category domain of node " << node
                                << " must be positive, got " << domain;
    if ((*outside)[i] < 0 || (*outside)[i] > 2)
      return tree.emitOpError() << "category outside direction of node " << node
                                << " must be 0, 1 or 2";
    auto set = dyn_cast<DenseI32ArrayAttr>((*sets)[i]);
    if (!set)
      return tree.emitOpError()
             << "category set of node " << node << " must be an array<i32>";
    for (int32_t category : set.asArrayRef())
      if (category < 0 || category >= domain)
        return tree.emitOpError()
               << "category " << category << " of node " << node
               << " is outside its domain [0, " << domain << ")";
  }
  return success();
}

/// Checks the linear-leaf arrays of `tree`: code generation indexes them
/// without bounds checks.
static LogicalResult verifyLinear(TreeOp tree, unsigned leafWidth,
                                  int32_t numFeatures) {
  std::optional<ArrayRef<int32_t>> offsets = tree.getLinearOffsets();
  std::optional<ArrayRef<double>> constants = tree.getLinearConstants();
  std::optional<ArrayRef<int32_t>> features = tree.getLinearFeatures();
  std::optional<ArrayRef<double>> coefficients = tree.getLinearCoefficients();
  if (!offsets && !constants && !features && !coefficients)
    return success();
  if (!offsets || !constants || !features || !coefficients)
    return tree.emitOpError() << "linear leaves need all of 'linear_offsets', "
                                 "'linear_constants', 'linear_features' and "
                                 "'linear_coefficients'";
  if (leafWidth != 1)
    return tree.emitOpError()
           << "linear leaves need leaf_width 1, got " << leafWidth;
  size_t numNodes = tree.getNumNodes();
  if (constants->size() != numNodes)
    return tree.emitOpError()
           << "linear_constants has " << constants->size()
           << " entries, expected one per node (" << numNodes << ")";
  if (offsets->size() != numNodes + 1)
    return tree.emitOpError() << "linear_offsets has " << offsets->size()
                              << " entries, expected one per node plus one ("
                              << numNodes + 1 << ")";
  if (features->size() != coefficients->size())
    return tree.emitOpError()
           << "linear_features has " << features->size()
           << " entries but linear_coefficients has " << coefficients->size();
  if (offsets->front() != 0 ||
      offsets->back() != static_cast<int32_t>(features->size()))
    return tree.emitOpError()
           << "linear_offsets must run from 0 to " << features->size()
           << " (the number of terms), got " << offsets->front() << " .. "
           << offsets->back();
  // Monotone offsets between 0 and the term count keep every range in
  // bounds.
  for (size_t node = 0; node < numNodes; ++node)
    if ((*offsets)[node + 1] < (*offsets)[node])
      return tree.emitOpError()
             << "linear_offsets decrease at node " << node << " ("
             << (*offsets)[node] << " then " << (*offsets)[node + 1] << ")";
  for (size_t node = 0; node < numNodes; ++node) {
    int32_t begin = (*offsets)[node], end = (*offsets)[node + 1];
    if (!tree.isLeaf(node) && end != begin)
      return tree.emitOpError()
             << "internal node " << node << " has linear terms";
    if (tree.isLeaf(node) && !std::isfinite((*constants)[node]))
      return tree.emitOpError()
             << "linear constant of leaf " << node << " is not finite";
    for (int32_t term = begin; term < end; ++term) {
      int32_t feature = (*features)[term];
      if (feature < 0 || feature >= numFeatures)
        return tree.emitOpError()
               << "linear feature " << feature << " of leaf " << node
               << " exceeds input width " << numFeatures;
      if (!std::isfinite((*coefficients)[term]))
        return tree.emitOpError() << "linear coefficient of x[" << feature
                                  << "] at leaf " << node << " is not finite";
    }
  }
  return success();
}

LogicalResult TreeOp::verify() {
  auto ensemble = (*this)->getParentOfType<EnsembleOp>();
  size_t numNodes = getLeft().size();
  if (numNodes == 0)
    return emitOpError() << "has no nodes";
  if (getRight().size() != numNodes || getFeature().size() != numNodes ||
      getThreshold().size() != numNodes || getFlags().size() != numNodes)
    return emitOpError() << "node arrays differ in length: left " << numNodes
                         << ", right " << getRight().size() << ", feature "
                         << getFeature().size() << ", threshold "
                         << getThreshold().size() << ", flags "
                         << getFlags().size();
  unsigned leafWidth = ensemble.getLeafWidth();
  if (getLeafValues().size() != numNodes * leafWidth)
    return emitOpError() << "has " << getLeafValues().size()
                         << " leaf values, expected " << numNodes
                         << " nodes x leaf_width " << leafWidth;
  if (leafWidth == 1 && getGroup() >= ensemble.getNumOutputs())
    return emitOpError() << "group " << getGroup() << " is out of range for "
                         << ensemble.getNumOutputs() << " output(s)";
  if (leafWidth > 1 && getGroup() != 0)
    return emitOpError() << "group must be 0 when leaves are vectors";
  if (!std::isfinite(getWeight().convertToDouble()))
    return emitOpError() << "weight is not finite";

  int32_t numFeatures = ensemble.getNumFeatures();
  ArrayRef<int32_t> left = getLeft(), right = getRight();
  SmallVector<int32_t> parent(numNodes, -1);
  for (size_t node = 0; node < numNodes; ++node) {
    int8_t flags = getFlags()[node];
    if ((flags & ~(node_flags::kDefaultLeft | node_flags::kStrictLess |
                   node_flags::kMissingMask)) != 0 ||
        static_cast<int>(getMissingKind(flags)) > 2)
      return emitOpError() << "node " << node << " has unknown flag bits "
                           << static_cast<int>(flags);
    if (left[node] < 0 || right[node] < 0) {
      if (left[node] != -1 || right[node] != -1)
        return emitOpError()
               << "node " << node << " must have two children or none (left "
               << left[node] << ", right " << right[node] << ")";
      for (unsigned k = 0; k < leafWidth; ++k)
        if (!std::isfinite(getLeafValues()[node * leafWidth + k]))
          return emitOpError()
                 << "leaf value of node " << node << " is not finite";
      continue;
    }
    for (int32_t child : {left[node], right[node]}) {
      if (child >= static_cast<int32_t>(numNodes))
        return emitOpError() << "child index " << child << " of node " << node
                             << " is out of range for " << numNodes << " nodes";
      if (child == 0)
        return emitOpError()
               << "node " << node << " points back to the root: cycle";
      if (parent[child] >= 0)
        return emitOpError() << "node " << child << " is a child of both node "
                             << parent[child] << " and node " << node
                             << ": trees must not share or cycle";
      parent[child] = node;
    }
    int32_t feature = getFeature()[node];
    if (feature < 0 || feature >= numFeatures)
      return emitOpError() << "feature index " << feature << " of node " << node
                           << " exceeds input width " << numFeatures;
    if (std::isnan(getThreshold()[node]))
      return emitOpError() << "threshold of node " << node << " is NaN";
  }
  // One parent per node plus reachability from the root rules out cycles.
  SmallVector<bool> reached(numNodes, false);
  SmallVector<int32_t> stack = {0};
  while (!stack.empty()) {
    int32_t node = stack.pop_back_val();
    reached[node] = true;
    if (left[node] >= 0) {
      stack.push_back(left[node]);
      stack.push_back(right[node]);
    }
  }
  for (size_t node = 0; node < numNodes; ++node)
    if (!reached[node])
      return emitOpError() << "node " << node
                           << " is unreachable from the root (orphan or cycle)";
  if (std::optional<ArrayRef<int32_t>> leafIds = getLeafIds()) {
    if (leafIds->size() != numNodes)
      return emitOpError() << "leaf_ids has " << leafIds->size()
                           << " entries, expected one per node (" << numNodes
                           << ")";
    for (size_t node = 0; node < numNodes; ++node)
      if (isLeaf(node) && (*leafIds)[node] < 0)
        return emitOpError() << "leaf_ids of leaf " << node << " is negative";
  }
  if (failed(verifyLinear(*this, leafWidth, numFeatures)))
    return failure();
  return verifyCategorical(*this);
}
