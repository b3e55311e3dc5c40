//===- EnsembleBuilder.cpp - Shared construction of model ops -------------===//
//
// Structural errors are reported here rather than left to the TreeOp
// verifier so they name the input's field (`trees[2].right[5]`) instead of
// an op, and say which rule of a tree the input breaks.
//
//===----------------------------------------------------------------------===//

#include "EnsembleBuilder.h"
#include "ModelLimits.h"

#include "mlir/IR/Verifier.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

#include <cmath>

using namespace hardwood;

/// Nodes of a cycle printed in a message before eliding the rest.
static constexpr size_t kMaxCycleNodesShown = 8;

static bool isCIdentifier(llvm::StringRef name) {
  auto isStart = [](char c) { return llvm::isAlpha(c) || c == '_'; };
  auto isRest = [](char c) { return llvm::isAlnum(c) || c == '_'; };
  return !name.empty() && isStart(name.front()) &&
         llvm::all_of(name.drop_front(), isRest);
}

std::optional<std::string>
hardwood::resolveModelName(ImportErrors &errors, llvm::StringRef fromFile,
                           llvm::StringRef fromFilePath,
                           const ImportOptions &options) {
  if (!isCIdentifier(fromFile)) {
    errors.at(fromFilePath) << "expected a C identifier "
                               "([A-Za-z_][A-Za-z0-9_]*), got \""
                            << fromFile << "\"";
    return std::nullopt;
  }
  if (options.modelName.empty())
    return fromFile.str();
  if (!isCIdentifier(options.modelName)) {
    errors.at("") << "the model name override \"" << options.modelName
                  << "\" is not a C identifier ([A-Za-z_][A-Za-z0-9_]*)";
    return std::nullopt;
  }
  return options.modelName;
}

mlir::ArrayAttr hardwood::makeIndexClassLabels(mlir::MLIRContext &context,
                                               int64_t count) {
  mlir::Builder builder(&context);
  llvm::SmallVector<mlir::Attribute> labels;
  for (int64_t label = 0; label < count; ++label)
    labels.push_back(builder.getI64IntegerAttr(label));
  return builder.getArrayAttr(labels);
}

static mlir::OwningOpRef<mlir::ModuleOp> createModule(ImportErrors &errors) {
  return mlir::ModuleOp::create(errors.getLoc());
}

static mlir::Type inputTypeOf(mlir::Builder &builder, const ModelInfo &model) {
  return model.float64Input ? mlir::Type(builder.getF64Type())
                            : mlir::Type(builder.getF32Type());
}

EnsembleBuilder::EnsembleBuilder(ImportErrors &errors, const ModelInfo &model,
                                 const EnsembleInfo &ensemble)
    : errors(errors), builder(&errors.getContext()),
      module(createModule(errors)), numFeatures(model.numFeatures),
      numOutputs(model.numOutputs), leafWidth(ensemble.leafWidth) {
  builder.setInsertionPointToEnd(module->getBody());
  auto f64 = [&](std::optional<double> value) -> mlir::FloatAttr {
    return value ? builder.getF64FloatAttr(*value) : nullptr;
  };
  auto op = builder.create<EnsembleOp>(
      errors.getLoc(), model.name, model.task, model.numFeatures,
      inputTypeOf(builder, model), model.numOutputs, ensemble.leafWidth,
      ensemble.aggregation, model.transform,
      ensemble.baseScore.empty()
          ? nullptr
          : builder.getDenseF64ArrayAttr(ensemble.baseScore),
      f64(model.transformScale), f64(ensemble.averagePathLength),
      f64(ensemble.scoreOffset), f64(ensemble.zeroThreshold),
      ensemble.categoryCast, model.classes, /*schedule=*/nullptr,
      /*float32_rows_schedule=*/nullptr,
      /*decision_sum=*/ensemble.decisionIsSum);
  op.getBody().push_back(new mlir::Block());
  builder.setInsertionPointToEnd(&op.getBody().front());
}

mlir::LogicalResult
EnsembleBuilder::checkStructure(const TreeNodes &tree, const std::string &path,
                                const TreeFieldNames &names) {
  size_t n = tree.left.size();
  auto field = [&](llvm::StringRef name) { return memberPath(path, name); };
  auto element = [&](llvm::StringRef name, size_t index) {
    return indexPath(memberPath(path, name), index);
  };
  if (n == 0 || static_cast<int64_t>(n) > limits::kMaxNodesPerTree)
    return errors.at(field(names.left))
           << "expected 1 to " << limits::kMaxNodesPerTree << " nodes, got "
           << n;
  auto checkLength = [&](llvm::StringRef name, size_t size, size_t expected,
                         bool optional) {
    if (size == expected || (optional && size == 0))
      return true;
    errors.at(field(name)) << "expected " << expected << " entries (one per "
                           << (expected == n ? "node" : "node and output")
                           << "), got " << size;
    return false;
  };
  if (!checkLength(names.right, tree.right.size(), n, false) ||
      !checkLength(names.feature, tree.feature.size(), n, false) ||
      !checkLength(names.threshold, tree.threshold.size(), n, false) ||
      !checkLength(names.leafValues, tree.leafValues.size(), n * leafWidth,
                   false) ||
      !checkLength("default_left", tree.defaultLeft.size(), n, true) ||
      !checkLength("missing", tree.missing.size(), n, true))
    return mlir::failure();
  int64_t maxGroup = leafWidth == 1 ? numOutputs - 1 : 0;
  if (tree.group < 0 || tree.group > maxGroup)
    return errors.at(field(names.group)) << "expected an output index in [0, "
                                         << maxGroup << "], got " << tree.group;
  if (!std::isfinite(tree.weight))
    return errors.at(field(names.weight))
           << "expected a finite number, got " << formatNumber(tree.weight);

  llvm::BitVector categorical(n);
  for (const CategoricalSplit &split : tree.categorical)
    if (split.node >= 0 && split.node < static_cast<int64_t>(n))
      categorical.set(split.node);

  llvm::SmallVector<int32_t> parent(n, -1);
  for (size_t node = 0; node < n; ++node) {
    int32_t left = tree.left[node], right = tree.right[node];
    if (left == -1 && right == -1) {
      for (int64_t k = 0; k < leafWidth; ++k)
        if (!std::isfinite(tree.leafValues[node * leafWidth + k]))
          return errors.at(element(names.leafValues, node * leafWidth + k))
                 << "expected a finite leaf value, got "
                 << formatNumber(tree.leafValues[node * leafWidth + k]);
      continue;
    }
    if (left == -1 || right == -1) {
      llvm::StringRef other = left == -1 ? names.right : names.left;
      return errors.at(element(other, node))
             << "node " << node << " has one child; expected -1 in both "
             << names.left << " and " << names.right
             << " (a leaf) or two children";
    }
    for (auto [name, child] :
         {std::pair(names.left, left), std::pair(names.right, right)}) {
      if (child < 0 || child >= static_cast<int64_t>(n))
        return errors.at(element(name, node))
               << "child " << child << " is out of range; expected -1 (leaf) "
               << "or a node index in [1, " << n - 1 << "]";
      if (child == 0)
        return errors.at(element(name, node))
               << "child 0 is the root; expected a node index in [1, " << n - 1
               << "] (the root has no parent, so this is a cycle)";
      if (static_cast<size_t>(child) == node)
        return errors.at(element(name, node))
               << "node " << node << " is its own child (a cycle)";
      if (parent[child] >= 0)
        return errors.at(element(name, node))
               << "node " << child << " is already a child of node "
               << parent[child]
               << "; expected every node to have one parent (no shared "
                  "subtrees, no cycles)";
      parent[child] = node;
    }
    int32_t feature = tree.feature[node];
    if (feature < 0 || feature >= numFeatures)
      return errors.at(element(names.feature, node))
             << "expected a feature index in [0, " << numFeatures - 1
             << "] at an internal node, got " << feature;
    // Infinite thresholds are meaningful (LightGBM writes `inf` for a split
    // that sends every number left and only NaN the default way).
    if (!categorical.test(node) && std::isnan(tree.threshold[node]))
      return errors.at(element(names.threshold, node))
             << "expected a number, got NaN";
  }

  // With at most one parent per node and none for the root, the walk from
  // the root visits each node at most once; what it misses is an orphan or
  // lies on a cycle detached from the root.
  llvm::BitVector reached(n);
  llvm::SmallVector<int32_t> stack = {0};
  while (!stack.empty()) {
    int32_t node = stack.pop_back_val();
    reached.set(node);
    if (tree.left[node] >= 0) {
      stack.push_back(tree.left[node]);
      stack.push_back(tree.right[node]);
    }
  }
  int unreached = reached.find_first_unset();
  if (unreached < 0)
    return mlir::success();
  // Climb the parents: either a node without a parent (an orphan subtree)
  // or a node seen twice (a cycle).
  llvm::BitVector seen(n);
  int32_t node = unreached;
  while (parent[node] >= 0 && !seen.test(node)) {
    seen.set(node);
    node = parent[node];
  }
  if (parent[node] < 0)
    return errors.at(path) << "node " << node
                           << " is no node's child and not the root; "
                              "expected every node to be reachable from "
                              "node 0";
  // `node` is on the cycle; name the edge that closes it.
  llvm::SmallVector<int32_t> cycle = {node};
  for (int32_t up = parent[node]; up != node; up = parent[up])
    cycle.push_back(up);
  std::reverse(cycle.begin(), cycle.end());
  int32_t from = parent[node];
  llvm::StringRef side = tree.left[from] == node ? names.left : names.right;
  mlir::InFlightDiagnostic diag = errors.at(element(side, from));
  diag << "nodes ";
  for (size_t i = 0; i < cycle.size() && i < kMaxCycleNodesShown; ++i)
    diag << cycle[i] << " -> ";
  if (cycle.size() > kMaxCycleNodesShown)
    diag << "... -> ";
  diag << cycle.front()
       << " form a cycle unreachable from the root; expected a tree";
  return diag;
}

mlir::LogicalResult
EnsembleBuilder::checkCategorical(TreeNodes &tree, const std::string &path,
                                  const TreeFieldNames &names) {
  size_t n = tree.left.size();
  std::string splitsPath = memberPath(path, names.categorical);
  llvm::DenseSet<int64_t> seenNodes;
  for (auto [index, split] : llvm::enumerate(tree.categorical)) {
    std::string where = indexPath(splitsPath, index);
    if (split.node < 0 || split.node >= static_cast<int64_t>(n) ||
        tree.left[split.node] < 0)
      return errors.at(where) << "node " << split.node
                              << " is not an internal node; expected a "
                                 "split node of this tree";
    if (!seenNodes.insert(split.node).second)
      return errors.at(where)
             << "node " << split.node << " has two categorical splits";
    if (split.domain < 1 || split.domain > limits::kMaxCategoryDomain)
      return errors.at(where)
             << "expected a category domain in [1, "
             << limits::kMaxCategoryDomain << "], got " << split.domain;
    if (static_cast<int64_t>(split.leftCategories.size()) >
        limits::kMaxLeftCategories)
      return errors.at(where)
             << "expected at most " << limits::kMaxLeftCategories
             << " left categories, got " << split.leftCategories.size();
    llvm::sort(split.leftCategories);
    for (auto [i, category] : llvm::enumerate(split.leftCategories)) {
      if (category < 0 || category >= split.domain)
        return errors.at(where)
               << "category " << category << " is outside the domain [0, "
               << split.domain << ")";
      if (i > 0 && split.leftCategories[i - 1] == category)
        return errors.at(where)
               << "category " << category << " is listed twice";
    }
  }
  // Canonical order keeps the printed IR independent of the input's order.
  llvm::sort(tree.categorical,
             [](const CategoricalSplit &a, const CategoricalSplit &b) {
               return a.node < b.node;
             });
  return mlir::success();
}

mlir::LogicalResult EnsembleBuilder::addTree(TreeNodes &tree,
                                             const llvm::Twine &path,
                                             const TreeFieldNames &names) {
  std::string treePath = path.str();
  if (numTrees + 1 > limits::kMaxTrees)
    return errors.at(treePath)
           << "expected at most " << limits::kMaxTrees << " trees";
  if (mlir::failed(checkStructure(tree, treePath, names)) ||
      mlir::failed(checkCategorical(tree, treePath, names)))
    return mlir::failure();
  size_t n = tree.left.size();
  totalNodes += n;
  if (totalNodes > limits::kMaxTotalNodes)
    return errors.at(treePath) << "the model has more than "
                               << limits::kMaxTotalNodes << " nodes in all";
  ++numTrees;

  llvm::BitVector categorical(n);
  for (const CategoricalSplit &split : tree.categorical)
    categorical.set(split.node);
  llvm::SmallVector<int8_t> flags(n, 0);
  for (size_t node = 0; node < n; ++node) {
    if (tree.left[node] < 0) {
      tree.feature[node] = -1;
      tree.threshold[node] = 0.0;
      continue;
    }
    for (int64_t k = 0; k < leafWidth; ++k)
      tree.leafValues[node * leafWidth + k] = 0.0;
    bool defaultLeft = !tree.defaultLeft.empty() && tree.defaultLeft[node];
    // Categorical nodes have their own missing rules and no comparison, so
    // only the default direction is kept and the printed IR stays canonical.
    if (categorical.test(node)) {
      tree.threshold[node] = 0.0;
      flags[node] = makeNodeFlags(defaultLeft, false, MissingKind::Nan);
      continue;
    }
    MissingKind missing =
        tree.missing.empty() ? MissingKind::Nan : tree.missing[node];
    flags[node] = makeNodeFlags(defaultLeft, tree.strictLess, missing);
  }

  mlir::DenseI32ArrayAttr categoricalNodes, domains;
  mlir::DenseI8ArrayAttr outside;
  mlir::ArrayAttr sets;
  if (!tree.categorical.empty()) {
    llvm::SmallVector<int32_t> nodeList, domainList;
    llvm::SmallVector<int8_t> outsideList;
    llvm::SmallVector<mlir::Attribute> setList;
    for (const CategoricalSplit &split : tree.categorical) {
      nodeList.push_back(split.node);
      domainList.push_back(split.domain);
      outsideList.push_back(static_cast<int8_t>(split.outside));
      setList.push_back(builder.getDenseI32ArrayAttr(split.leftCategories));
    }
    categoricalNodes = builder.getDenseI32ArrayAttr(nodeList);
    domains = builder.getDenseI32ArrayAttr(domainList);
    outside = builder.getDenseI8ArrayAttr(outsideList);
    sets = builder.getArrayAttr(setList);
  }
  mlir::Location loc =
      mlir::NameLoc::get(builder.getStringAttr(treePath), errors.getLoc());
  const TreeNodes::LinearLeaves &linear = tree.linear;
  bool isLinear = !linear.constants.empty();
  builder.create<TreeOp>(
      loc, static_cast<uint32_t>(tree.group), llvm::APFloat(tree.weight),
      tree.feature, tree.threshold, tree.left, tree.right, flags,
      tree.leafValues, categoricalNodes, sets, domains, outside,
      tree.leafIds.empty() ? mlir::DenseI32ArrayAttr()
                           : builder.getDenseI32ArrayAttr(tree.leafIds),
      isLinear ? builder.getDenseI32ArrayAttr(linear.offsets)
               : mlir::DenseI32ArrayAttr(),
      isLinear ? builder.getDenseF64ArrayAttr(linear.constants)
               : mlir::DenseF64ArrayAttr(),
      isLinear ? builder.getDenseI32ArrayAttr(linear.features)
               : mlir::DenseI32ArrayAttr(),
      isLinear ? builder.getDenseF64ArrayAttr(linear.coefficients)
               : mlir::DenseF64ArrayAttr());
  return mlir::success();
}

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> EnsembleBuilder::finish() {
  if (errors.hasFailed() || mlir::failed(mlir::verify(*module)))
    return mlir::failure();
  return std::move(module);
}

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
hardwood::buildLinearModel(ImportErrors &errors, const ModelInfo &model,
                           llvm::ArrayRef<double> coefficients,
                           llvm::ArrayRef<double> intercept) {
  mlir::OwningOpRef<mlir::ModuleOp> module = createModule(errors);
  mlir::OpBuilder builder = mlir::OpBuilder::atBlockEnd(module->getBody());
  builder.create<LinearOp>(
      errors.getLoc(), model.name, model.task, model.numFeatures,
      inputTypeOf(builder, model), model.numOutputs, model.transform,
      coefficients, intercept,
      model.transformScale ? builder.getF64FloatAttr(*model.transformScale)
                           : nullptr,
      model.classes, /*schedule=*/nullptr);
  if (mlir::failed(mlir::verify(*module)))
    return mlir::failure();
  return std::move(module);
}
