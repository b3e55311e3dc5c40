//===- VectorGatherWalk.cpp - Rows as vector lanes, table reads as gathers ===//
//
// The strategy for targets with hardware gathers: a tile is `interleave`
// vectors of `vector_lanes` rows each, walked in lockstep (one vector alone
// is a chain of dependent gathers; independent ones overlap). Every node
// and input read is a gather; the input is read through a view at the tile
// so gather offsets fit in i32. Rows past the last full tile walk as whole
// vectors with `tree_group` trees in lockstep (one vector per tree), then
// the last rows one at a time.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "WalkStrategy.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <algorithm>

using namespace mlir;
using namespace hardwood;

namespace {
class VectorGatherStrategy : public WalkStrategy {
public:
  void emitTileWalk(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value tree,
                    Value first) override;
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override;

private:
  /// Walks every tree for the vector of rows from block row `first`, one
  /// vector per tree and `tree_group` trees in lockstep: batches too small
  /// for a full tile still overlap independent gather chains.
  void emitTreeGroupWalks(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                          Value first);
  /// Walks every tree for block row `row` with `vector_lanes` trees in the
  /// lanes of one vector (batch 1 still has independent chains to overlap);
  /// the trees past the last full vector walk one at a time.
  void emitRowTreeLaneWalks(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                            Value row);
};
} // namespace

void VectorGatherStrategy::emitTileWalk(EnsembleKernel &kernel,
                                        ImplicitLocOpBuilder &b, Value tree,
                                        Value first) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t interleave = schedule.getInterleave();
  int64_t vectorWidth = schedule.getVectorLanes();
  Value root = kernel.loadRoot(b, tree);
  Value depth = kernel.loadDepth(b, tree);
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter walker = kernel.makeWalker(b, vectorWidth);
  SmallVector<WalkStepEmitter::Rows> rows =
      kernel.vectorRows(b, first, schedule.getTileRows(), vectorWidth);
  auto laneType = VectorType::get({vectorWidth}, b.getI32Type());
  Value start = b.create<vector::BroadcastOp>(laneType, root);
  SmallVector<Value> leaves =
      walker.walk(SmallVector<Value>(interleave, start), rows, depth);
  for (int64_t part = 0; part < interleave; ++part)
    kernel.emitVectorLeafUpdates(
        b, walker, scalarWalker, tree, leaves[part],
        b.create<arith::AddIOp>(first, cIdx(b, part * vectorWidth)));
}

void VectorGatherStrategy::emitTreeGroupWalks(EnsembleKernel &kernel,
                                              ImplicitLocOpBuilder &b,
                                              Value first) {
  int64_t vectorLanes = kernel.getSchedule().getVectorLanes();
  int64_t groupSize = kernel.getSchedule().getTreeGroup();
  int64_t numTrees = kernel.getNumTrees();
  int64_t groups = numTrees / groupSize;
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker = kernel.makeWalker(b, vectorLanes);
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows =
      kernel.vectorRows(b, first, vectorLanes, vectorLanes).front();
  auto laneType = VectorType::get({vectorLanes}, b.getI32Type());

  // Walks `trees` (one vector each, all over the same rows) in lockstep for
  // `depth` steps, then adds their leaves tree by tree.
  auto walkTrees = [&](ArrayRef<Value> trees, Value depth) {
    SmallVector<Value> starts;
    for (Value tree : trees)
      starts.push_back(
          b.create<vector::BroadcastOp>(laneType, kernel.loadRoot(b, tree)));
    SmallVector<Value> leaves = walker.walk(starts, rows, depth);
    for (auto [i, tree] : llvm::enumerate(trees))
      kernel.emitVectorLeafUpdates(b, walker, scalarWalker, tree, leaves[i],
                                   first);
  };
  if (groups > 0) {
    Value depthTable = kernel.groupDepthTable(b);
    auto groupLoop = b.create<scf::ForOp>(zero, cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groupLoop.getBody());
    Value group = groupLoop.getInductionVar();
    Value firstTree = b.create<arith::MulIOp>(group, cIdx(b, groupSize));
    SmallVector<Value> trees;
    for (int64_t lane = 0; lane < groupSize; ++lane)
      trees.push_back(b.create<arith::AddIOp>(firstTree, cIdx(b, lane)));
    walkTrees(trees, toIndex(b, load(b, depthTable, group)));
  }
  if (numTrees % groupSize == 0)
    return;
  auto rest =
      b.create<scf::ForOp>(cIdx(b, groups * groupSize), cIdx(b, numTrees), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  Value tree = rest.getInductionVar();
  walkTrees({tree}, kernel.loadDepth(b, tree));
}

void VectorGatherStrategy::emitRemainder(EnsembleKernel &kernel,
                                         ImplicitLocOpBuilder &b,
                                         Value fullRows, Value blockSize) {
  // Whole vectors of the rows left: trees in lockstep instead of rows. The
  // independent walks overlap as the rows of a tile do, and each row still
  // adds its trees in order, so every path gives the same bits.
  Value vectorStep = cIdx(b, kernel.getSchedule().getVectorLanes());
  Value tailStart = kernel.emitWholeVectorsEnd(b, fullRows, blockSize);
  {
    auto chunks = b.create<scf::ForOp>(fullRows, tailStart, vectorStep);
    OpBuilder::InsertionGuard chunkGuard(b);
    b.setInsertionPointToStart(chunks.getBody());
    emitTreeGroupWalks(kernel, b, chunks.getInductionVar());
  }
  // Then single rows (batch 1 among them) with trees in the lanes.
  auto tail = b.create<scf::ForOp>(tailStart, blockSize, cIdx(b, 1));
  OpBuilder::InsertionGuard tailGuard(b);
  b.setInsertionPointToStart(tail.getBody());
  emitRowTreeLaneWalks(kernel, b, tail.getInductionVar());
}

void VectorGatherStrategy::emitRowTreeLaneWalks(EnsembleKernel &kernel,
                                                ImplicitLocOpBuilder &b,
                                                Value row) {
  int64_t lanes = kernel.getSchedule().getVectorLanes();
  int64_t numTrees = kernel.getNumTrees();
  int64_t groups = numTrees / lanes;
  if (groups == 0 || kernel.getSchedule().getRowWalk() == RowWalk::chains) {
    kernel.emitRowTreeGroupWalks(b, row);
    return;
  }
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows = kernel.rowForTreeLanes(b, row, lanes);

  // Walks `count` vectors of trees from `firstTree` in lockstep for
  // `depth` steps (independent gather chains overlap), then adds each
  // lane's leaf in tree order, as the other paths add it.
  auto walkVectors = [&](Value firstTree, int64_t count, Value depth) {
    SmallVector<Value> roots;
    for (int64_t part = 0; part < count; ++part)
      roots.push_back(kernel.loadRoots(
          b, b.create<arith::AddIOp>(firstTree, cIdx(b, part * lanes)), lanes));
    SmallVector<Value> leaves = walker.walk(roots, rows, depth);
    for (int64_t part = 0; part < count; ++part)
      for (int64_t lane = 0; lane < lanes; ++lane)
        kernel.emitLeafUpdate(
            b, scalarWalker,
            b.create<arith::AddIOp>(firstTree, cIdx(b, part * lanes + lane)),
            row,
            b.create<vector::ExtractOp>(leaves[part], ArrayRef<int64_t>{lane}),
            Value());
  };
  // `interleave` vectors of trees at a time, then single vectors.
  int64_t inFlight = std::min(kernel.getSchedule().getInterleave(), groups);
  int64_t wide = groups / inFlight;
  {
    Value depthTable = kernel.groupDepthTable(b, inFlight * lanes);
    auto loop = b.create<scf::ForOp>(zero, cIdx(b, wide), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value index = loop.getInductionVar();
    walkVectors(b.create<arith::MulIOp>(index, cIdx(b, inFlight * lanes)),
                inFlight, toIndex(b, load(b, depthTable, index)));
  }
  if (wide * inFlight < groups) {
    Value depthTable = kernel.groupDepthTable(b, lanes);
    auto loop =
        b.create<scf::ForOp>(cIdx(b, wide * inFlight), cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    Value group = loop.getInductionVar();
    walkVectors(b.create<arith::MulIOp>(group, cIdx(b, lanes)), 1,
                toIndex(b, load(b, depthTable, group)));
  }
  if (numTrees % lanes == 0)
    return;
  auto rest =
      b.create<scf::ForOp>(cIdx(b, groups * lanes), cIdx(b, numTrees), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  kernel.emitScalarWalk(b, rest.getInductionVar(), row, 1);
}

std::unique_ptr<WalkStrategy> hardwood::createVectorGatherStrategy() {
  return std::make_unique<VectorGatherStrategy>();
}
