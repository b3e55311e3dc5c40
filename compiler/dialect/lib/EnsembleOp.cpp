//===- EnsembleOp.cpp - hardwood.ensemble verification --------------------===//
//
// Model-level consistency: shapes of the score vector, the transform and its
// parameters, class labels. Per-tree checks live in TreeOp.cpp.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Dialect/Verification.h"

#include <cmath>

using namespace mlir;
using namespace hardwood;

unsigned EnsembleOp::getNumTrees() {
  return std::distance(getTrees().begin(), getTrees().end());
}

double EnsembleOp::getBaseScoreAt(unsigned output) {
  std::optional<ArrayRef<double>> base = getBaseScore();
  return base ? (*base)[output] : 0.0;
}

unsigned EnsembleOp::getNumClasses() {
  std::optional<ArrayAttr> classes = getClasses();
  return classes ? classes->size() : 0;
}

LogicalResult EnsembleOp::verify() {
  auto emit = [&]() { return emitOpError(); };
  unsigned numOutputs = getNumOutputs();
  unsigned leafWidth = getLeafWidth();
  if (leafWidth != 1 && leafWidth != numOutputs)
    return emitOpError() << "leaf_width " << leafWidth
                         << " must be 1 or num_outputs (" << numOutputs << ")";
  if (getDecisionSum() && getAggregation() != Aggregation::average)
    return emitOpError() << "decision_sum only applies to aggregate average "
                            "(a sum is already undivided)";
  if (ScheduleAttr schedule = getScheduleAttr();
      schedule && schedule.getStrategy() == TraversalStrategy::linear_row_tiles)
    return emitOpError() << "strategy linear_row_tiles is for linear models";
  if (ScheduleAttr rows = getFloat32RowsScheduleAttr()) {
    if (!getInputType().isF64())
      return emitOpError() << "float32_rows_schedule is for float64 models "
                              "(a float32 model's kernels read float32 rows)";
    if (rows.getStrategy() == TraversalStrategy::linear_row_tiles)
      return emitOpError() << "strategy linear_row_tiles is for linear models";
  }
  if (std::optional<ArrayRef<double>> base = getBaseScore()) {
    if (base->size() != numOutputs)
      return emitOpError() << "base_score has " << base->size()
                           << " values, expected num_outputs = " << numOutputs;
    for (auto [i, value] : llvm::enumerate(*base))
      if (!std::isfinite(value))
        return emitOpError() << "base_score[" << i << "] is not finite";
  }
  if (std::optional<llvm::APFloat> zero = getZeroThreshold()) {
    double value = zero->convertToDouble();
    if (!(value >= 0.0) || !std::isfinite(value))
      return emitOpError() << "zero_threshold must be finite and >= 0, got "
                           << value;
  }
  if (failed(verifyTransform(emit, getTransform(), getTask(), numOutputs,
                             getTransformScale(), getClasses())))
    return failure();

  bool isIsolationForest = getTransform() == Transform::isolation_forest;
  if (isIsolationForest) {
    if (getAggregation() != Aggregation::average)
      return emitOpError() << "transform isolation_forest requires aggregate "
                              "average (leaves hold path lengths)";
    // c(max_samples) is 0 for max_samples = 1; sklearn then takes the
    // normalised path length as 1 (score -0.5).
    std::optional<llvm::APFloat> pathLength = getAveragePathLength();
    if (!pathLength || !(pathLength->convertToDouble() >= 0.0) ||
        !std::isfinite(pathLength->convertToDouble()))
      return emitOpError() << "transform isolation_forest requires a finite, "
                              "non-negative 'average_path_length' attribute";
    std::optional<llvm::APFloat> offset = getScoreOffset();
    if (!offset)
      return emitOpError() << "transform isolation_forest requires a "
                              "'score_offset' attribute (sklearn offset_)";
    if (!std::isfinite(offset->convertToDouble()))
      return emitOpError() << "'score_offset' must be finite";
  } else if (getAveragePathLength() || getScoreOffset()) {
    return emitOpError() << "'average_path_length' and 'score_offset' are "
                            "only meaningful for transform isolation_forest";
  }
  return success();
}

LogicalResult EnsembleOp::verifyRegions() {
  for (Operation &op : getBody().front())
    if (!isa<TreeOp>(op))
      return op.emitOpError() << "is not allowed in a hardwood.ensemble; only "
                                 "hardwood.tree ops are";
  return success();
}
