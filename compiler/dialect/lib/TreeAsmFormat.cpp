//===- TreeAsmFormat.cpp - One-node-per-line syntax of hardwood.tree ------===//
//
// Dense node arrays are unreadable when printed as attributes, so a tree
// prints as a numbered list of nodes:
//
//   hardwood.tree group 1 weight 5.000000e-01 {
//     0: x[3] <= 2.500000e-01 ? 1 : 2, nan -> left
//     1: x[0] in {1, 4} domain 8 ? 3 : 4, nan -> right, outside -> default
//     ...
//     3: leaf [1.000000e-01, 9.000000e-01]
//     4: leaf 2.000000e+00 linear 1.500000e+00 + -2.500000e-01 * x[3]
//   }
//
// A linear leaf prints its constant leaf value (used when a term's feature is
// NaN) and then its linear model; a tree's leaves are all linear or none.
//
// Floats print in a form that parses back to the same bits.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/StringSwitch.h"

using namespace mlir;
using namespace hardwood;

static StringRef missingKeyword(MissingKind kind) {
  switch (kind) {
  case MissingKind::Nan:
    return "nan";
  case MissingKind::NanAsZero:
    return "nan_as_zero";
  case MissingKind::ZeroOrNan:
    return "zero_or_nan";
  }
  return "nan";
}

static StringRef outsideKeyword(int8_t outside) {
  switch (static_cast<CategoryOutside>(outside)) {
  case CategoryOutside::Left:
    return "left";
  case CategoryOutside::Right:
    return "right";
  case CategoryOutside::Default:
    return "default";
  }
  return "default";
}

static void printDouble(OpAsmPrinter &p, double value) {
  p.printFloat(llvm::APFloat(value));
}

/// Prints ` linear c + a * x[f] + ...` for linear leaf `node`.
static void printLinearLeaf(OpAsmPrinter &p, TreeOp tree, size_t node) {
  p << " linear ";
  printDouble(p, (*tree.getLinearConstants())[node]);
  ArrayRef<int32_t> offsets = *tree.getLinearOffsets();
  for (int32_t term = offsets[node]; term < offsets[node + 1]; ++term) {
    p << " + ";
    printDouble(p, (*tree.getLinearCoefficients())[term]);
    p << " * x[" << (*tree.getLinearFeatures())[term] << "]";
  }
}

void TreeOp::print(OpAsmPrinter &p) {
  p << " group " << getGroup();
  if (getWeight().convertToDouble() != 1.0) {
    p << " weight ";
    printDouble(p, getWeight().convertToDouble());
  }
  size_t numNodes = getNumNodes();
  size_t leafWidth = numNodes ? getLeafValues().size() / numNodes : 0;
  p << " {";
  for (size_t node = 0; node < numNodes; ++node) {
    p.printNewline();
    p << "  " << node << ": ";
    if (isLeaf(node)) {
      p << "leaf ";
      ArrayRef<double> values =
          getLeafValues().slice(node * leafWidth, leafWidth);
      if (leafWidth == 1) {
        printDouble(p, values[0]);
        if (isLinear())
          printLinearLeaf(p, *this, node);
        continue;
      }
      p << "[";
      llvm::interleaveComma(values, p, [&](double v) { printDouble(p, v); });
      p << "]";
      continue;
    }
    int8_t flags = getFlags()[node];
    p << "x[" << getFeature()[node] << "] ";
    int categorical = findCategorical(node);
    if (categorical >= 0) {
      auto set = cast<DenseI32ArrayAttr>((*getCategorySets())[categorical]);
      p << "in {";
      llvm::interleaveComma(set.asArrayRef(), p);
      p << "} domain " << (*getCategoryDomains())[categorical];
    } else {
      p << ((flags & node_flags::kStrictLess) ? "< " : "<= ");
      printDouble(p, getThreshold()[node]);
    }
    p << " ? " << getLeft()[node] << " : " << getRight()[node] << ", "
      << missingKeyword(getMissingKind(flags)) << " -> "
      << ((flags & node_flags::kDefaultLeft) ? "left" : "right");
    if (categorical >= 0)
      p << ", outside -> "
        << outsideKeyword((*getCategoryOutside())[categorical]);
  }
  p.printNewline();
  p << "}";
  p.printOptionalAttrDict(
      (*this)->getAttrs(),
      {"group", "weight", "feature", "threshold", "left", "right", "flags",
       "leaf_values", "categorical_nodes", "category_sets", "category_domains",
       "category_outside", "linear_offsets", "linear_constants",
       "linear_features", "linear_coefficients"});
}

namespace {
/// Accumulates the node arrays while a tree body is parsed.
struct TreeBuilderState {
  SmallVector<int32_t> feature, left, right;
  SmallVector<double> threshold;
  SmallVector<int8_t> flags;
  /// Leaf values per node; empty for internal nodes until the width is known.
  SmallVector<SmallVector<double, 1>> leafValues;
  SmallVector<int32_t> categoricalNodes, categoryDomains;
  SmallVector<int8_t> categoryOutside;
  SmallVector<Attribute> categorySets;
  /// Linear leaves: per node whether it had a `linear` clause, its constant
  /// and terms (offsets are one per node plus one).
  SmallVector<bool> isLinear;
  SmallVector<llvm::SMLoc> nodeLocs;
  SmallVector<double> linearConstants, linearCoefficients;
  SmallVector<int32_t> linearOffsets = {0}, linearFeatures;
};
} // namespace

static ParseResult parseDouble(OpAsmParser &parser, double &value) {
  llvm::APFloat parsed(0.0);
  if (parser.parseFloat(llvm::APFloat::IEEEdouble(), parsed))
    return failure();
  value = parsed.convertToDouble();
  return success();
}

static ParseResult parseDirection(OpAsmParser &parser, StringRef what,
                                  bool allowDefault, int8_t &direction) {
  StringRef keyword;
  llvm::SMLoc loc = parser.getCurrentLocation();
  if (parser.parseArrow() || parser.parseKeyword(&keyword))
    return failure();
  if (keyword == "left")
    direction = static_cast<int8_t>(CategoryOutside::Left);
  else if (keyword == "right")
    direction = static_cast<int8_t>(CategoryOutside::Right);
  else if (allowDefault && keyword == "default")
    direction = static_cast<int8_t>(CategoryOutside::Default);
  else
    return parser.emitError(loc)
           << "expected " << what << " direction "
           << (allowDefault ? "left, right or default" : "left or right")
           << ", got '" << keyword << "'";
  return success();
}

static ParseResult parseLeaf(OpAsmParser &parser, TreeBuilderState &state) {
  SmallVector<double, 1> values;
  if (succeeded(parser.parseOptionalLSquare())) {
    if (parser.parseCommaSeparatedList(
            [&]() { return parseDouble(parser, values.emplace_back()); }) ||
        parser.parseRSquare())
      return failure();
  } else if (parseDouble(parser, values.emplace_back())) {
    return failure();
  }
  bool linear = succeeded(parser.parseOptionalKeyword("linear"));
  double constant = 0.0;
  if (linear) {
    if (parseDouble(parser, constant))
      return failure();
    while (succeeded(parser.parseOptionalPlus())) {
      double coefficient = 0.0;
      int32_t feature = 0;
      if (parseDouble(parser, coefficient) || parser.parseStar() ||
          parser.parseKeyword("x") || parser.parseLSquare() ||
          parser.parseInteger(feature) || parser.parseRSquare())
        return failure();
      state.linearCoefficients.push_back(coefficient);
      state.linearFeatures.push_back(feature);
    }
  }
  state.isLinear.push_back(linear);
  state.linearConstants.push_back(constant);
  state.linearOffsets.push_back(state.linearFeatures.size());
  state.feature.push_back(-1);
  state.threshold.push_back(0.0);
  state.left.push_back(-1);
  state.right.push_back(-1);
  state.flags.push_back(0);
  state.leafValues.push_back(std::move(values));
  return success();
}

static ParseResult parseSplit(OpAsmParser &parser, TreeBuilderState &state,
                              int32_t node) {
  int32_t feature = 0, left = 0, right = 0, domain = 0;
  double threshold = 0.0;
  bool strictLess = false, categorical = false;
  SmallVector<int32_t> categories;
  if (parser.parseKeyword("x") || parser.parseLSquare() ||
      parser.parseInteger(feature) || parser.parseRSquare())
    return failure();
  if (succeeded(parser.parseOptionalKeyword("in"))) {
    categorical = true;
    if (parser.parseLBrace())
      return failure();
    if (failed(parser.parseOptionalRBrace())) {
      if (parser.parseCommaSeparatedList([&]() {
            return parser.parseInteger(categories.emplace_back());
          }) ||
          parser.parseRBrace())
        return failure();
    }
    if (parser.parseKeyword("domain") || parser.parseInteger(domain))
      return failure();
  } else {
    if (parser.parseLess())
      return failure();
    strictLess = failed(parser.parseOptionalEqual());
    if (parseDouble(parser, threshold))
      return failure();
  }
  if (parser.parseQuestion() || parser.parseInteger(left) ||
      parser.parseColon() || parser.parseInteger(right) || parser.parseComma())
    return failure();

  StringRef missingWord;
  llvm::SMLoc missingLoc = parser.getCurrentLocation();
  if (parser.parseKeyword(&missingWord))
    return failure();
  std::optional<MissingKind> missing =
      llvm::StringSwitch<std::optional<MissingKind>>(missingWord)
          .Case("nan", MissingKind::Nan)
          .Case("nan_as_zero", MissingKind::NanAsZero)
          .Case("zero_or_nan", MissingKind::ZeroOrNan)
          .Default(std::nullopt);
  if (!missing)
    return parser.emitError(missingLoc)
           << "expected missing kind nan, nan_as_zero or zero_or_nan, got '"
           << missingWord << "'";
  int8_t defaultDirection = 0;
  if (parseDirection(parser, "missing-value", /*allowDefault=*/false,
                     defaultDirection))
    return failure();

  if (categorical) {
    int8_t outside = 0;
    if (parser.parseComma() || parser.parseKeyword("outside") ||
        parseDirection(parser, "outside", /*allowDefault=*/true, outside))
      return failure();
    state.categoricalNodes.push_back(node);
    state.categoryDomains.push_back(domain);
    state.categoryOutside.push_back(outside);
    state.categorySets.push_back(
        DenseI32ArrayAttr::get(parser.getContext(), categories));
  }
  state.feature.push_back(feature);
  state.threshold.push_back(threshold);
  state.left.push_back(left);
  state.right.push_back(right);
  state.flags.push_back(makeNodeFlags(
      defaultDirection == static_cast<int8_t>(CategoryOutside::Left),
      strictLess, *missing));
  state.leafValues.emplace_back();
  state.isLinear.push_back(false);
  state.linearConstants.push_back(0.0);
  state.linearOffsets.push_back(state.linearFeatures.size());
  return success();
}

ParseResult TreeOp::parse(OpAsmParser &parser, OperationState &result) {
  Builder &builder = parser.getBuilder();
  int32_t group = 0;
  if (succeeded(parser.parseOptionalKeyword("group")) &&
      parser.parseInteger(group))
    return failure();
  result.addAttribute("group", builder.getI32IntegerAttr(group));
  if (succeeded(parser.parseOptionalKeyword("weight"))) {
    double weight = 1.0;
    if (parseDouble(parser, weight))
      return failure();
    result.addAttribute("weight", builder.getF64FloatAttr(weight));
  }

  TreeBuilderState state;
  if (parser.parseLBrace())
    return failure();
  while (failed(parser.parseOptionalRBrace())) {
    llvm::SMLoc loc = parser.getCurrentLocation();
    int32_t index = 0;
    if (parser.parseInteger(index) || parser.parseColon())
      return failure();
    int32_t expected = state.left.size();
    if (index != expected)
      return parser.emitError(loc) << "expected node " << expected
                                   << " (nodes are listed in index order), "
                                      "got node "
                                   << index;
    state.nodeLocs.push_back(loc);
    if (succeeded(parser.parseOptionalKeyword("leaf"))) {
      if (parseLeaf(parser, state))
        return failure();
    } else if (parseSplit(parser, state, index)) {
      return failure();
    }
  }
  if (state.left.empty())
    return parser.emitError(parser.getCurrentLocation())
           << "a tree needs at least one node";

  // All leaves carry the same number of values; internal nodes get zeros.
  size_t leafWidth = 0;
  for (auto [node, values] : llvm::enumerate(state.leafValues)) {
    if (values.empty())
      continue;
    if (leafWidth == 0)
      leafWidth = values.size();
    else if (values.size() != leafWidth)
      return parser.emitError(parser.getCurrentLocation())
             << "leaf " << node << " has " << values.size()
             << " values, earlier leaves have " << leafWidth;
  }
  if (leafWidth == 0)
    leafWidth = 1;
  SmallVector<double> leafValues;
  leafValues.reserve(state.leafValues.size() * leafWidth);
  for (const auto &values : state.leafValues) {
    if (values.empty())
      leafValues.append(leafWidth, 0.0);
    else
      leafValues.append(values.begin(), values.end());
  }

  // A tree's leaves are all linear or all constant.
  std::optional<size_t> firstLeaf;
  size_t numLinear = 0;
  for (auto [node, values] : llvm::enumerate(state.leafValues)) {
    if (values.empty())
      continue;
    if (!firstLeaf)
      firstLeaf = node;
    else if (state.isLinear[node] != state.isLinear[*firstLeaf])
      return parser.emitError(state.nodeLocs[node])
             << "leaf " << node << (state.isLinear[node] ? " is" : " is not")
             << " linear but leaf " << *firstLeaf
             << (state.isLinear[*firstLeaf] ? " is" : " is not")
             << "; a tree's leaves must all be linear or none";
    numLinear += state.isLinear[node];
  }
  if (numLinear != 0) {
    result.addAttribute("linear_offsets",
                        builder.getDenseI32ArrayAttr(state.linearOffsets));
    result.addAttribute("linear_constants",
                        builder.getDenseF64ArrayAttr(state.linearConstants));
    result.addAttribute("linear_features",
                        builder.getDenseI32ArrayAttr(state.linearFeatures));
    result.addAttribute("linear_coefficients",
                        builder.getDenseF64ArrayAttr(state.linearCoefficients));
  }

  result.addAttribute("feature", builder.getDenseI32ArrayAttr(state.feature));
  result.addAttribute("threshold",
                      builder.getDenseF64ArrayAttr(state.threshold));
  result.addAttribute("left", builder.getDenseI32ArrayAttr(state.left));
  result.addAttribute("right", builder.getDenseI32ArrayAttr(state.right));
  result.addAttribute("flags", builder.getDenseI8ArrayAttr(state.flags));
  result.addAttribute("leaf_values", builder.getDenseF64ArrayAttr(leafValues));
  if (!state.categoricalNodes.empty()) {
    result.addAttribute("categorical_nodes",
                        builder.getDenseI32ArrayAttr(state.categoricalNodes));
    result.addAttribute("category_sets",
                        builder.getArrayAttr(state.categorySets));
    result.addAttribute("category_domains",
                        builder.getDenseI32ArrayAttr(state.categoryDomains));
    result.addAttribute("category_outside",
                        builder.getDenseI8ArrayAttr(state.categoryOutside));
  }
  return parser.parseOptionalAttrDict(result.attributes);
}
