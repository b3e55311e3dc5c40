//===- ScalarInterleavedWalk.cpp - Independent scalar walks in lockstep ---===//
//
// The strategy for targets without hardware gathers: `interleave` rows of a
// tile walk one tree as independent scalar load chains in one loop, so
// their L1 latencies overlap instead of adding up. Rows no tile covers walk
// `tree_group` trees at once instead.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "WalkStrategy.h"

#include "mlir/Dialect/SCF/IR/SCF.h"

using namespace mlir;
using namespace hardwood;

namespace {
class ScalarInterleavedStrategy : public WalkStrategy {
public:
  void emitTileWalk(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value tree,
                    Value first) override {
    kernel.emitScalarWalk(b, tree, first, kernel.getSchedule().getInterleave());
  }

  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override {
    auto tail = b.create<scf::ForOp>(fullRows, blockSize, cIdx(b, 1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.getBody());
    kernel.emitRowTreeGroupWalks(b, tail.getInductionVar());
  }
};
} // namespace

std::unique_ptr<WalkStrategy> hardwood::createScalarInterleavedStrategy() {
  return std::make_unique<ScalarInterleavedStrategy>();
}
