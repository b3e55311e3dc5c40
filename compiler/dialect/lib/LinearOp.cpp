//===- LinearOp.cpp - hardwood.linear and shared transform checks ---------===//

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Dialect/Verification.h"

#include <cmath>

using namespace mlir;
using namespace hardwood;

LogicalResult
hardwood::verifyTransform(llvm::function_ref<InFlightDiagnostic()> emitError,
                          Transform transform, Task task, unsigned numOutputs,
                          std::optional<llvm::APFloat> scale,
                          std::optional<ArrayAttr> classes) {
  StringRef name = stringifyTransform(transform);
  switch (transform) {
  case Transform::softmax:
  case Transform::ovr_normalize:
    if (numOutputs < 2)
      return emitError() << "transform " << name
                         << " needs at least 2 outputs, got " << numOutputs;
    break;
  case Transform::isolation_forest:
    if (task != Task::anomaly || numOutputs != 1)
      return emitError() << "transform isolation_forest requires task anomaly "
                            "and 1 output";
    break;
  case Transform::binary_hinge:
  case Transform::modified_huber:
    // Margin classifiers: K = 1 (two classes, sign of r) or one score per
    // class (arg-max of r).
    if (task != Task::classification)
      return emitError() << "transform " << name
                         << " requires task classification";
    break;
  default:
    break;
  }
  if (task == Task::anomaly && transform != Transform::isolation_forest)
    return emitError() << "task anomaly requires transform isolation_forest";
  if (scale) {
    if (transform != Transform::sigmoid)
      return emitError() << "'transform_scale' is only meaningful for "
                            "transform sigmoid, not "
                         << name;
    double value = scale->convertToDouble();
    if (!(value > 0.0) || !std::isfinite(value))
      return emitError() << "transform_scale must be finite and > 0, got "
                         << value;
  }
  if (task == Task::classification) {
    if (!classes)
      return emitError() << "a classifier needs a 'classes' attribute";
    unsigned expected = numOutputs == 1 ? 2 : numOutputs;
    if (classes->size() != expected)
      return emitError() << "has " << classes->size() << " classes but "
                         << numOutputs << " output(s); expected " << expected
                         << " classes";
  } else if (classes) {
    return emitError() << "'classes' is only meaningful for task "
                          "classification";
  }
  return success();
}

LogicalResult LinearOp::verify() {
  if (ScheduleAttr schedule = getScheduleAttr();
      schedule && schedule.getStrategy() != TraversalStrategy::linear_row_tiles)
    return emitOpError() << "strategy "
                         << stringifyTraversalStrategy(schedule.getStrategy())
                         << " walks trees; linear models take linear_row_tiles";
  uint64_t numFeatures = getNumFeatures();
  uint64_t numOutputs = getNumOutputs();
  if (getCoefficients().size() != numFeatures * numOutputs)
    return emitOpError() << "has " << getCoefficients().size()
                         << " coefficients, expected num_outputs x "
                            "num_features = "
                         << numOutputs * numFeatures;
  if (getIntercept().size() != numOutputs)
    return emitOpError() << "has " << getIntercept().size()
                         << " intercepts, expected num_outputs = "
                         << numOutputs;
  for (auto [i, value] : llvm::enumerate(getCoefficients()))
    if (!std::isfinite(value))
      return emitOpError() << "coefficient " << i << " (output "
                           << i / numFeatures << ", feature " << i % numFeatures
                           << ") is not finite";
  for (auto [i, value] : llvm::enumerate(getIntercept()))
    if (!std::isfinite(value))
      return emitOpError() << "intercept " << i << " is not finite";
  if (getTransform() == Transform::isolation_forest)
    return emitOpError() << "transform isolation_forest is for tree "
                            "ensembles only";
  return verifyTransform([&]() { return emitOpError(); }, getTransform(),
                         getTask(), numOutputs, getTransformScale(),
                         getClasses());
}
