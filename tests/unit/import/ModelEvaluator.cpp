//===- ModelEvaluator.cpp - Reference walk of imported ensembles ----------===//

#include "ModelEvaluator.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <cmath>

using namespace hardwood;
using namespace hardwood::test;

/// Whether a categorical node sends `x` left (docs/model-format.md, steps
/// 1-5; NaN is handled by the caller).
static bool categoricalGoesLeft(TreeOp tree, int index, double x,
                                CategoryCast cast, bool defaultLeft) {
  int32_t domain = (*tree.getCategoryDomains())[index];
  auto outside =
      static_cast<CategoryOutside>((*tree.getCategoryOutside())[index]);
  auto set =
      llvm::cast<mlir::DenseI32ArrayAttr>((*tree.getCategorySets())[index]);
  bool isOutside;
  double category;
  if (cast == CategoryCast::check_then_truncate) {
    isOutside = x < 0;
    category = std::trunc(x);
  } else {
    category = std::trunc(x);
    isOutside = category < 0;
  }
  isOutside = isOutside || category >= domain;
  if (isOutside)
    return outside == CategoryOutside::Left ||
           (outside == CategoryOutside::Default && defaultLeft);
  return llvm::is_contained(set.asArrayRef(), static_cast<int32_t>(category));
}

static bool goesLeft(TreeOp tree, unsigned node, double x, CategoryCast cast) {
  int8_t flags = tree.getFlags()[node];
  bool defaultLeft = flags & node_flags::kDefaultLeft;
  int categorical = tree.findCategorical(node);
  if (categorical >= 0) {
    if (std::isnan(x))
      return defaultLeft;
    return categoricalGoesLeft(tree, categorical, x, cast, defaultLeft);
  }
  switch (getMissingKind(flags)) {
  case MissingKind::Nan:
    if (std::isnan(x))
      return defaultLeft;
    break;
  case MissingKind::NanAsZero:
    if (std::isnan(x))
      x = 0.0;
    break;
  case MissingKind::ZeroOrNan:
    if (std::isnan(x) || x == 0.0)
      return defaultLeft;
    break;
  }
  double threshold = tree.getThreshold()[node];
  return (flags & node_flags::kStrictLess) ? x < threshold : x <= threshold;
}

Evaluation hardwood::test::evaluate(EnsembleOp ensemble,
                                    const std::vector<double> &input) {
  std::vector<double> row = input;
  if (ensemble.getInputType().isF32())
    for (double &x : row)
      x = static_cast<float>(x);
  if (std::optional<llvm::APFloat> zero = ensemble.getZeroThreshold())
    for (double &x : row)
      if (std::fabs(x) <= zero->convertToDouble())
        x = 0.0;
  unsigned numOutputs = ensemble.getNumOutputs();
  unsigned leafWidth = ensemble.getLeafWidth();
  Evaluation result;
  result.margin.assign(numOutputs, 0.0);
  std::vector<unsigned> contributors(numOutputs, 0);
  for (TreeOp tree : ensemble.getTrees()) {
    unsigned node = 0;
    while (!tree.isLeaf(node))
      node = goesLeft(tree, node, row[tree.getFeature()[node]],
                      ensemble.getCategoryCast())
                 ? tree.getLeft()[node]
                 : tree.getRight()[node];
    std::optional<llvm::ArrayRef<int32_t>> leafIds = tree.getLeafIds();
    result.leaves.push_back(leafIds ? (*leafIds)[node]
                                    : static_cast<int32_t>(node));
    double weight = tree.getWeight().convertToDouble();
    if (tree.isLinear()) {
      // LightGBM's linear leaf: the constant plus the terms, or the leaf
      // value when a term's feature is NaN.
      double value = (*tree.getLinearConstants())[node];
      llvm::ArrayRef<int32_t> offsets = *tree.getLinearOffsets();
      for (int32_t term = offsets[node]; term < offsets[node + 1]; ++term) {
        double x = row[(*tree.getLinearFeatures())[term]];
        if (std::isnan(x)) {
          value = tree.getLeafValues()[node];
          break;
        }
        value += (*tree.getLinearCoefficients())[term] * x;
      }
      result.margin[tree.getGroup()] += weight * value;
      ++contributors[tree.getGroup()];
      continue;
    }
    for (unsigned k = 0; k < leafWidth; ++k) {
      unsigned output = leafWidth == 1 ? tree.getGroup() : k;
      result.margin[output] +=
          weight * tree.getLeafValues()[node * leafWidth + k];
      ++contributors[output];
    }
  }
  for (unsigned k = 0; k < numOutputs; ++k) {
    if (ensemble.getAggregation() == Aggregation::average && contributors[k])
      result.margin[k] /= contributors[k];
    result.margin[k] += ensemble.getBaseScoreAt(k);
  }
  return result;
}

std::vector<double> hardwood::test::transform(EnsembleOp ensemble,
                                              const std::vector<double> &r) {
  std::vector<double> out = r;
  double scale = 1.0;
  if (std::optional<llvm::APFloat> value = ensemble.getTransformScale())
    scale = value->convertToDouble();
  switch (ensemble.getTransform()) {
  case Transform::sigmoid:
    for (double &v : out)
      v = 1.0 / (1.0 + std::exp(-scale * v));
    break;
  case Transform::exp:
    for (double &v : out)
      v = std::exp(v);
    break;
  case Transform::softmax: {
    double top = *std::max_element(out.begin(), out.end()), sum = 0.0;
    for (double &v : out)
      sum += v = std::exp(v - top);
    for (double &v : out)
      v /= sum;
    break;
  }
  case Transform::signed_square:
    for (double &v : out)
      v = v < 0 ? -v * v : v * v;
    break;
  default:
    break;
  }
  return out;
}
