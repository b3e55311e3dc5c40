//===- NarrowThresholds.cpp - Exact float32 thresholds --------------------===//

#include "hardwood/Passes/Passes.h"

#include <cmath>

namespace hardwood {
#define GEN_PASS_DEF_NARROWTHRESHOLDS
#include "hardwood/Passes/Passes.h.inc"
} // namespace hardwood

using namespace mlir;
using namespace hardwood;

/// The float32 value that decides `x <= t` (strictLess false) or `x < t`
/// (strictLess true) identically for every float32 `x`.
static double narrowThreshold(double threshold, bool strictLess) {
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

namespace {
struct NarrowThresholdsPass
    : public hardwood::impl::NarrowThresholdsBase<NarrowThresholdsPass> {
  void runOnOperation() override {
    EnsembleOp ensemble = getOperation();
    if (!ensemble.getInputType().isF32())
      return;
    for (TreeOp tree : ensemble.getTrees()) {
      SmallVector<double> thresholds(tree.getThreshold());
      bool changed = false;
      for (auto [node, threshold] : llvm::enumerate(thresholds)) {
        if (tree.isLeaf(node))
          continue;
        bool strictLess = tree.getFlags()[node] & node_flags::kStrictLess;
        double narrowed = narrowThreshold(threshold, strictLess);
        changed |= narrowed != threshold;
        threshold = narrowed;
      }
      if (changed)
        tree.setThreshold(thresholds);
    }
  }
};
} // namespace
