//===- FoldTreeWeights.cpp - Fold per-tree weights into leaves ------------===//

#include "hardwood/Passes/Passes.h"

namespace hardwood {
#define GEN_PASS_DEF_FOLDTREEWEIGHTS
#include "hardwood/Passes/Passes.h.inc"
} // namespace hardwood

using namespace mlir;
using namespace hardwood;

namespace {
struct FoldTreeWeightsPass
    : public hardwood::impl::FoldTreeWeightsBase<FoldTreeWeightsPass> {
  void runOnOperation() override {
    for (TreeOp tree : getOperation().getTrees()) {
      double weight = tree.getWeight().convertToDouble();
      if (weight == 1.0)
        continue;
      SmallVector<double> values(tree.getLeafValues());
      for (double &value : values)
        value *= weight;
      tree.setLeafValues(values);
      // A linear leaf's output is linear in its constant and coefficients.
      if (tree.isLinear()) {
        SmallVector<double> constants(*tree.getLinearConstants());
        SmallVector<double> coefficients(*tree.getLinearCoefficients());
        for (double &value : constants)
          value *= weight;
        for (double &value : coefficients)
          value *= weight;
        tree.setLinearConstants(constants);
        tree.setLinearCoefficients(coefficients);
      }
      tree.setWeight(llvm::APFloat(1.0));
    }
  }
};
} // namespace
