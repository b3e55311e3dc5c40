//===- NarrowThresholds.cpp - Exact float32 thresholds --------------------===//

#include "hardwood/Passes/Float32Rows.h"
#include "hardwood/Passes/Passes.h"

#include "mlir/IR/Builders.h"

#include <cmath>

namespace hardwood {
#define GEN_PASS_DEF_NARROWTHRESHOLDS
#include "hardwood/Passes/Passes.h.inc"
} // namespace hardwood

using namespace mlir;
using namespace hardwood;

double hardwood::narrowThresholdToFloat32(double threshold, bool strictLess) {
  float nearest = static_cast<float>(threshold);
  double widened = nearest;
  if (widened == threshold)
    return widened;
  if (!strictLess) {
    // Largest float32 not above t.
    if (widened > threshold)
      nearest = std::nextafter(nearest, -INFINITY);
  } else if (widened < threshold) {
    // Smallest float32 not below t.
    nearest = std::nextafter(nearest, INFINITY);
  }
  return nearest;
}

void hardwood::narrowThresholdsToFloat32(EnsembleOp ensemble) {
  for (TreeOp tree : ensemble.getTrees()) {
    SmallVector<double> thresholds(tree.getThreshold());
    bool changed = false;
    for (auto [node, threshold] : llvm::enumerate(thresholds)) {
      if (tree.isLeaf(node))
        continue;
      bool strictLess = tree.getFlags()[node] & node_flags::kStrictLess;
      double narrowed = narrowThresholdToFloat32(threshold, strictLess);
      changed |= narrowed != threshold;
      threshold = narrowed;
    }
    if (changed)
      tree.setThreshold(thresholds);
  }
}

bool hardwood::hasExactFloat32RowsCopy(EnsembleOp ensemble) {
  if (!ensemble.getInputType().isF64())
    return false;
  if (std::optional<APFloat> zero = ensemble.getZeroThreshold();
      zero && !zero->isZero())
    return false;
  for (TreeOp tree : ensemble.getTrees())
    if (tree.isLinear() ||
        (tree.getCategoricalNodes() && !tree.getCategoricalNodes()->empty()))
      return false;
  return true;
}

EnsembleOp hardwood::createFloat32RowsCopy(EnsembleOp ensemble,
                                           ScheduleAttr schedule) {
  OpBuilder builder(ensemble->getContext());
  builder.setInsertionPointAfter(ensemble);
  auto copy = cast<EnsembleOp>(builder.clone(*ensemble));
  copy.setInputType(builder.getF32Type());
  copy.setScheduleAttr(schedule);
  copy.removeFloat32RowsScheduleAttr();
  narrowThresholdsToFloat32(copy);
  return copy;
}

namespace {
struct NarrowThresholdsPass
    : public hardwood::impl::NarrowThresholdsBase<NarrowThresholdsPass> {
  void runOnOperation() override {
    EnsembleOp ensemble = getOperation();
    if (ensemble.getInputType().isF32())
      narrowThresholdsToFloat32(ensemble);
  }
};
} // namespace
