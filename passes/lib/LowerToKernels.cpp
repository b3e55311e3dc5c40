//===- LowerToKernels.cpp - Model ops to node tables and kernels ----------===//
//
// Tree ensembles: rows are processed in tiles of kLanes; for each tree the
// tile's rows walk in lockstep for exactly depth[t] steps
// (node = children[2 node + !goLeft]), leaves pointing to themselves. The
// lanes' walks are independent, so their loads overlap instead of forming
// one long dependent chain. Linear models: one dot product per output.
//
//===----------------------------------------------------------------------===//

#include "EnsembleTables.h"
#include "KernelEmitter.h"
#include "WalkStepEmitter.h"

#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"

namespace mlir::hardwood {
#define GEN_PASS_DEF_LOWERTOKERNELS
#include "hardwood/Passes/Passes.h.inc"
} // namespace mlir::hardwood

using namespace mlir;
using namespace mlir::hardwood;

/// Rows walked in lockstep per tree: enough independent load chains to
/// cover the L1 latency of each step on current out-of-order cores.
static constexpr int64_t kLanes = 4;

/// Largest raw-score scratch kept on the stack (per kernel call, in
/// doubles); wider models use the heap once per call.
static constexpr int64_t kMaxStackScratch = 8192;

/// Vectors walked in lockstep by a vector tile: a gather's latency is
/// several times its throughput, so one vector alone leaves the core idle.
static constexpr int64_t kVectorInterleave = 4;

/// Rows per block of the tree-outer loop: enough rows to reuse each tree's
/// nodes from cache, few enough that the block's inputs stay in L1/L2.
static constexpr int64_t kMaxBlockRows = 128;

static ScoreModel makeScoreModel(Operation *op, StringRef name, Task task,
                                 Transform transform, unsigned numOutputs,
                                 std::optional<APFloat> scale,
                                 std::optional<ArrayAttr> classes,
                                 Type inputType) {
  ScoreModel model;
  model.name = name.str();
  model.task = task;
  model.transform = transform;
  model.numOutputs = numOutputs;
  if (scale)
    model.transformScale = scale->convertToDouble();
  model.valueType = cast<FloatType>(inputType);
  if (classes) {
    model.numClasses = classes->size();
    bool numeric = true;
    for (Attribute label : *classes) {
      if (auto i = dyn_cast<IntegerAttr>(label))
        model.classLabels.push_back(static_cast<double>(i.getInt()));
      else if (auto f = dyn_cast<FloatAttr>(label))
        model.classLabels.push_back(f.getValueAsDouble());
      else
        numeric = false;
    }
    if (!numeric)
      model.classLabels.clear();
  }
  return model;
}

namespace {

Value cIdx(ImplicitLocOpBuilder &b, int64_t v) {
  return b.create<arith::ConstantIndexOp>(v);
}
Value cI32(ImplicitLocOpBuilder &b, int32_t v) {
  return b.create<arith::ConstantIntOp>(v, 32);
}
Value cFloat(ImplicitLocOpBuilder &b, Type type, double v) {
  return b.create<arith::ConstantOp>(b.getFloatAttr(type, v));
}
Value toIndex(ImplicitLocOpBuilder &b, Value v) {
  return b.create<arith::IndexCastOp>(b.getIndexType(), v);
}
Value load(ImplicitLocOpBuilder &b, Value memref, Value index) {
  return b.create<memref::LoadOp>(memref, ValueRange{index});
}

/// Generates the kernels of one hardwood.ensemble.
///
/// Loop nest: rows are taken in blocks of `blockRows`; within a block the
/// trees are the outer loop, so one tree's nodes stay in L1/L2 while every
/// row of the block walks it (a forest of many deep trees does not fit in
/// cache, a block of rows does). Within a tree, tiles of kLanes rows walk in
/// lockstep for exactly depth[t] steps.
class EnsembleKernelEmitter {
public:
  EnsembleKernelEmitter(EnsembleOp ensemble, const EnsembleTables &tables,
                        const ScoreModel &model, ModuleOp module,
                        int64_t vectorLanes)
      : ensemble(ensemble), t(tables), model(model), module(module),
        tableEmitter(module, "__hw_" + model.name), vectorLanes(vectorLanes) {}

  void emitKernel(hw_kind kind);

private:
  struct Tables {
    Value nodes, threshold, leafValues, baseScore;
    Value linearConstant, linearBegin, linearFeature, linearCoefficient;
    Value root, depth, group, leafId;
    Value categoryDomain, categoryWordBase, categoryOutside, categoryWords;
    Value classLabels;
  };
  void loadTables(ImplicitLocOpBuilder &b);
  /// Walks tree `tree` for block rows [first, first + lanes) and adds the
  /// leaves to the scratch (or stores leaf ids for the leaf kind). With
  /// `vector`, the lanes are the elements of one vector; otherwise they are
  /// independent scalar walks interleaved in one loop.
  void emitTileWalk(ImplicitLocOpBuilder &b, hw_kind kind, int64_t lanes,
                    bool vector, Value tree, Value blockStart, Value first,
                    Value x, Value stride, Value out, Value scratch);
  /// Adds the leaves `leaves` (a vector of node indices, lane i for block
  /// row first + i) of tree `tree`, gathering the leaf values once.
  void emitVectorLeafUpdates(ImplicitLocOpBuilder &b, hw_kind kind,
                             WalkStepEmitter &walker,
                             WalkStepEmitter &scalarWalker, Value tree,
                             Value leaves, Value blockStart, Value first,
                             Value out, Value scratch);
  /// Walks every tree for the vectorLanes rows from block row `first`, one
  /// vector per tree and kLanes trees in lockstep: batches too small for a
  /// full tile still overlap independent gather chains.
  void emitVectorTreeGroupWalks(ImplicitLocOpBuilder &b, hw_kind kind,
                                Value blockStart, Value first, Value x,
                                Value stride, Value out, Value scratch);
  /// The input rows of a vector walk: a view of `numRows` rows from block
  /// row `first` (so gather offsets fit in i32) and, per vector of
  /// `vectorWidth` lanes, the offsets of its rows (vector `part` holds rows
  /// part * vectorWidth + lane).
  SmallVector<WalkStepEmitter::Rows>
  vectorRows(ImplicitLocOpBuilder &b, Value x, Value stride, Value blockStart,
             Value first, int64_t numRows, int64_t vectorWidth);
  /// Per group of kLanes trees, the deepest tree's depth: leaves point to
  /// themselves, so walking it is exact for the shallower trees.
  Value groupDepthTable(ImplicitLocOpBuilder &b);
  /// Walks every tree for one row, kLanes trees at a time.
  void emitTreeGroupWalks(ImplicitLocOpBuilder &b, hw_kind kind,
                          Value blockStart, Value row, Value x, Value stride,
                          Value out, Value scratch);
  /// Adds the leaf reached by row `row` (index into the block) to the
  /// scratch, or stores its id for the leaf kind.
  void emitLeafUpdate(ImplicitLocOpBuilder &b, hw_kind kind,
                      WalkStepEmitter &walker, Value tree, Value blockStart,
                      Value row, Value leaf, Value leafValue, Value out,
                      Value scratch);
  /// The output of linear leaf `offset` (its leaf-value offset) for block
  /// row `row`, as LightGBM computes it: constant + sum(coefficient * x) in
  /// float64 in term order, or the constant leaf value when a term's
  /// feature is NaN.
  Value emitLinearLeafValue(ImplicitLocOpBuilder &b, WalkStepEmitter &walker,
                            Value offset, Value blockStart, Value row);

  EnsembleOp ensemble;
  const EnsembleTables &t;
  const ScoreModel &model;
  ModuleOp module;
  TableEmitter tableEmitter;
  Tables tab;
  WalkTables walkTables;
  FloatType inputType;
  int64_t vectorLanes;
  /// The kernel's input rows and their stride in elements.
  Value input, inputStride;
};

void EnsembleKernelEmitter::loadTables(ImplicitLocOpBuilder &b) {
  inputType = cast<FloatType>(ensemble.getInputType());
  TableEmitter &e = tableEmitter;
  tab.nodes = e.i32Table(b, "nodes", t.nodes);
  if (!inputType.isF32())
    tab.threshold = e.floatTable(b, "threshold", inputType, t.threshold);
  tab.leafValues = e.floatTable(b, "leaf_values", b.getF64Type(), t.leafValues);
  if (ensemble.getBaseScore())
    tab.baseScore =
        e.floatTable(b, "base_score", b.getF64Type(), *ensemble.getBaseScore());
  tab.root = e.i32Table(b, "root", t.root);
  tab.depth = e.i32Table(b, "depth", t.depth);
  tab.group = e.i32Table(b, "group", t.group);
  tab.leafId = e.i32Table(b, "leaf_id", t.leafId);
  if (t.hasCategorical()) {
    tab.categoryDomain = e.i32Table(b, "category_domain", t.categoryDomain);
    tab.categoryWordBase =
        e.i32Table(b, "category_word_base", t.categoryWordBase);
    tab.categoryOutside = e.i8Table(b, "category_outside", t.categoryOutside);
    tab.categoryWords = e.i32Table(b, "category_words", t.categoryWords);
  }
  tab.classLabels =
      e.floatTable(b, "class_labels", b.getF64Type(), model.classLabels);
  if (t.hasLinear()) {
    tab.linearConstant =
        e.floatTable(b, "linear_constant", b.getF64Type(), t.linearConstant);
    tab.linearBegin = e.i32Table(b, "linear_begin", t.linearBegin);
    tab.linearFeature = e.i32Table(b, "linear_feature", t.linearFeature);
    tab.linearCoefficient = e.floatTable(b, "linear_coefficient",
                                         b.getF64Type(), t.linearCoefficient);
  }
  walkTables = {tab.nodes,           tab.threshold,
                tab.categoryDomain,  tab.categoryWordBase,
                tab.categoryOutside, tab.categoryWords};
}

void EnsembleKernelEmitter::emitLeafUpdate(ImplicitLocOpBuilder &b,
                                           hw_kind kind,
                                           WalkStepEmitter &walker, Value tree,
                                           Value blockStart, Value row,
                                           Value leaf, Value leafValue,
                                           Value out, Value scratch) {
  unsigned K = model.numOutputs;
  unsigned numTrees = t.root.size();
  if (kind == HW_KIND_LEAF) {
    Value id = load(b, tab.leafId, toIndex(b, leaf));
    Value slot = b.create<arith::AddIOp>(
        b.create<arith::MulIOp>(b.create<arith::AddIOp>(blockStart, row),
                                cIdx(b, numTrees)),
        tree);
    b.create<memref::StoreOp>(id, out, ValueRange{slot});
    return;
  }
  Value scratchRow = b.create<arith::MulIOp>(row, cIdx(b, K));
  auto accumulate = [&](Value output, Value value) {
    Value slot = b.create<arith::AddIOp>(scratchRow, output);
    Value sum = b.create<arith::AddFOp>(load(b, scratch, slot), value);
    b.create<memref::StoreOp>(sum, scratch, ValueRange{slot});
  };
  if (t.hasLinear()) {
    leafValue = emitLinearLeafValue(
        b, walker, toIndex(b, walker.nodeWord(leaf, 1)), blockStart, row);
    accumulate(toIndex(b, load(b, tab.group, tree)), leafValue);
    return;
  }
  if (ensemble.getLeafWidth() == 1) {
    if (!leafValue)
      leafValue = load(b, tab.leafValues, toIndex(b, walker.nodeWord(leaf, 1)));
    accumulate(toIndex(b, load(b, tab.group, tree)), leafValue);
    return;
  }
  Value offset = toIndex(b, walker.nodeWord(leaf, 1));
  auto loop = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, K), cIdx(b, 1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVar();
  accumulate(k, load(b, tab.leafValues, b.create<arith::AddIOp>(offset, k)));
}

Value EnsembleKernelEmitter::emitLinearLeafValue(ImplicitLocOpBuilder &b,
                                                 WalkStepEmitter &walker,
                                                 Value offset, Value blockStart,
                                                 Value row) {
  Value rowBase = b.create<arith::MulIOp>(
      b.create<arith::AddIOp>(blockStart, row), inputStride);
  Value begin = toIndex(b, load(b, tab.linearBegin, offset));
  Value end = toIndex(
      b, load(b, tab.linearBegin, b.create<arith::AddIOp>(offset, cIdx(b, 1))));
  Value constant = load(b, tab.linearConstant, offset);
  Value noNan = b.create<arith::ConstantIntOp>(0, 1);
  // No early exit at a NaN: the sum is discarded then, so the loop stays a
  // plain reduction.
  auto terms =
      b.create<scf::ForOp>(begin, end, cIdx(b, 1), ValueRange{constant, noNan});
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(terms.getBody());
    Value term = terms.getInductionVar();
    Value feature = toIndex(b, load(b, tab.linearFeature, term));
    // Linear terms read the row as the splits do (LightGBM snaps it once).
    Value x = walker.snapToZero(
        load(b, input, b.create<arith::AddIOp>(rowBase, feature)));
    if (!inputType.isF64())
      x = b.create<arith::ExtFOp>(b.getF64Type(), x);
    Value isNan = b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, x, x);
    Value product =
        b.create<arith::MulFOp>(load(b, tab.linearCoefficient, term), x);
    Value sum = b.create<arith::AddFOp>(terms.getRegionIterArgs()[0], product);
    Value anyNan = b.create<arith::OrIOp>(terms.getRegionIterArgs()[1], isNan);
    b.create<scf::YieldOp>(ValueRange{sum, anyNan});
  }
  return b.create<arith::SelectOp>(
      terms.getResult(1), load(b, tab.leafValues, offset), terms.getResult(0));
}

SmallVector<WalkStepEmitter::Rows>
EnsembleKernelEmitter::vectorRows(ImplicitLocOpBuilder &b, Value x,
                                  Value stride, Value blockStart, Value first,
                                  int64_t numRows, int64_t vectorWidth) {
  Value start = b.create<arith::MulIOp>(
      b.create<arith::AddIOp>(blockStart, first), stride);
  Value size = b.create<arith::MulIOp>(cIdx(b, numRows), stride);
  Value view = b.create<memref::SubViewOp>(
      x, ArrayRef<OpFoldResult>{start}, ArrayRef<OpFoldResult>{size},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  auto laneType = VectorType::get({vectorWidth}, b.getI32Type());
  Value strideVector = b.create<vector::BroadcastOp>(
      laneType, b.create<arith::IndexCastOp>(b.getI32Type(), stride));
  SmallVector<WalkStepEmitter::Rows> rows;
  for (int64_t part = 0; part < numRows / vectorWidth; ++part) {
    SmallVector<int32_t> laneIds;
    for (int64_t lane = 0; lane < vectorWidth; ++lane)
      laneIds.push_back(part * vectorWidth + lane);
    Value laneIndex = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(laneType, ArrayRef<int32_t>(laneIds)));
    rows.push_back(
        {view, Value(), b.create<arith::MulIOp>(laneIndex, strideVector)});
  }
  return rows;
}

Value EnsembleKernelEmitter::groupDepthTable(ImplicitLocOpBuilder &b) {
  SmallVector<int32_t> groupDepth;
  for (size_t g = 0; g < t.depth.size() / kLanes; ++g)
    groupDepth.push_back(*std::max_element(t.depth.begin() + g * kLanes,
                                           t.depth.begin() + (g + 1) * kLanes));
  return tableEmitter.i32Table(b, "group_depth", groupDepth);
}

void EnsembleKernelEmitter::emitTreeGroupWalks(ImplicitLocOpBuilder &b,
                                               hw_kind kind, Value blockStart,
                                               Value row, Value x, Value stride,
                                               Value out, Value scratch) {
  int64_t numTrees = t.root.size();
  int64_t groups = numTrees / kLanes;
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker(b, ensemble, t, walkTables, /*lanes=*/0);
  WalkStepEmitter::Rows rows{
      x,
      b.create<arith::MulIOp>(b.create<arith::AddIOp>(blockStart, row), stride),
      Value()};
  if (groups > 0) {
    Value depthTable = groupDepthTable(b);
    auto groupLoop = b.create<scf::ForOp>(zero, cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groupLoop.getBody());
    Value group = groupLoop.getInductionVar();
    Value firstTree = b.create<arith::MulIOp>(group, cIdx(b, kLanes));
    SmallVector<Value> trees, roots;
    for (int64_t lane = 0; lane < kLanes; ++lane) {
      trees.push_back(b.create<arith::AddIOp>(firstTree, cIdx(b, lane)));
      roots.push_back(load(b, tab.root, trees.back()));
    }
    Value depth = toIndex(b, load(b, depthTable, group));
    auto walk = b.create<scf::ForOp>(zero, depth, one, roots);
    {
      OpBuilder::InsertionGuard walkGuard(b);
      b.setInsertionPointToStart(walk.getBody());
      SmallVector<Value> next;
      for (int64_t lane = 0; lane < kLanes; ++lane)
        next.push_back(walker.step(walk.getRegionIterArgs()[lane], rows));
      b.create<scf::YieldOp>(next);
    }
    for (int64_t lane = 0; lane < kLanes; ++lane)
      emitLeafUpdate(b, kind, walker, trees[lane], blockStart, row,
                     walk.getResult(lane), Value(), out, scratch);
  }
  if (numTrees % kLanes == 0)
    return;
  auto rest =
      b.create<scf::ForOp>(cIdx(b, groups * kLanes), cIdx(b, numTrees), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  emitTileWalk(b, kind, 1, /*vector=*/false, rest.getInductionVar(), blockStart,
               row, x, stride, out, scratch);
}

void EnsembleKernelEmitter::emitTileWalk(ImplicitLocOpBuilder &b, hw_kind kind,
                                         int64_t lanes, bool vector, Value tree,
                                         Value blockStart, Value first, Value x,
                                         Value stride, Value out,
                                         Value scratch) {
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  Value root = load(b, tab.root, tree);
  Value depth = toIndex(b, load(b, tab.depth, tree));
  WalkStepEmitter scalarWalker(b, ensemble, t, walkTables, /*lanes=*/0);
  if (!vector) {
    SmallVector<WalkStepEmitter::Rows> rows;
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value row = b.create<arith::AddIOp>(
          blockStart, b.create<arith::AddIOp>(first, cIdx(b, lane)));
      rows.push_back({x, b.create<arith::MulIOp>(row, stride), Value()});
    }
    SmallVector<Value> start(lanes, root);
    auto walk = b.create<scf::ForOp>(zero, depth, one, start);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(walk.getBody());
      SmallVector<Value> next;
      for (int64_t lane = 0; lane < lanes; ++lane)
        next.push_back(
            scalarWalker.step(walk.getRegionIterArgs()[lane], rows[lane]));
      b.create<scf::YieldOp>(next);
    }
    for (int64_t lane = 0; lane < lanes; ++lane)
      emitLeafUpdate(b, kind, scalarWalker, tree, blockStart,
                     b.create<arith::AddIOp>(first, cIdx(b, lane)),
                     walk.getResult(lane), Value(), out, scratch);
    return;
  }

  // Vector walk: the tile's rows are the lanes of `kVectorInterleave`
  // vectors walked in lockstep (one vector alone is a chain of dependent
  // gathers; independent ones overlap). The input is read through a view
  // starting at the tile so gather offsets fit in i32.
  int64_t vectorWidth = lanes / kVectorInterleave;
  WalkStepEmitter walker(b, ensemble, t, walkTables, vectorWidth);
  SmallVector<WalkStepEmitter::Rows> rows =
      vectorRows(b, x, stride, blockStart, first, lanes, vectorWidth);
  auto laneType = VectorType::get({vectorWidth}, b.getI32Type());
  Value start = b.create<vector::BroadcastOp>(laneType, root);
  SmallVector<Value> starts(kVectorInterleave, start);
  auto walk = b.create<scf::ForOp>(zero, depth, one, starts);
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(walk.getBody());
    SmallVector<Value> next;
    for (int64_t part = 0; part < kVectorInterleave; ++part)
      next.push_back(walker.step(walk.getRegionIterArgs()[part], rows[part]));
    b.create<scf::YieldOp>(next);
  }
  for (int64_t part = 0; part < kVectorInterleave; ++part)
    emitVectorLeafUpdates(
        b, kind, walker, scalarWalker, tree, walk.getResult(part), blockStart,
        b.create<arith::AddIOp>(first, cIdx(b, part * vectorWidth)), out,
        scratch);
}

void EnsembleKernelEmitter::emitVectorLeafUpdates(
    ImplicitLocOpBuilder &b, hw_kind kind, WalkStepEmitter &walker,
    WalkStepEmitter &scalarWalker, Value tree, Value leaves, Value blockStart,
    Value first, Value out, Value scratch) {
  int64_t vectorWidth = cast<VectorType>(leaves.getType()).getNumElements();
  Value values;
  if (kind != HW_KIND_LEAF && ensemble.getLeafWidth() == 1 && !t.hasLinear()) {
    // One gather of the leaf values per vector.
    Value offsets = walker.nodeWord(leaves, 1);
    Value mask = b.create<arith::ConstantOp>(DenseElementsAttr::get(
        VectorType::get({vectorWidth}, b.getI1Type()), true));
    auto valueType = VectorType::get({vectorWidth}, b.getF64Type());
    Value passThrough = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(valueType, b.getF64FloatAttr(0.0)));
    values = b.create<vector::GatherOp>(valueType, tab.leafValues,
                                        ValueRange{cIdx(b, 0)}, offsets, mask,
                                        passThrough);
  }
  for (int64_t lane = 0; lane < vectorWidth; ++lane) {
    Value leaf = b.create<vector::ExtractOp>(leaves, ArrayRef<int64_t>{lane});
    Value value = values ? Value(b.create<vector::ExtractOp>(
                               values, ArrayRef<int64_t>{lane}))
                         : Value();
    emitLeafUpdate(b, kind, scalarWalker, tree, blockStart,
                   b.create<arith::AddIOp>(first, cIdx(b, lane)), leaf, value,
                   out, scratch);
  }
}

void EnsembleKernelEmitter::emitVectorTreeGroupWalks(
    ImplicitLocOpBuilder &b, hw_kind kind, Value blockStart, Value first,
    Value x, Value stride, Value out, Value scratch) {
  int64_t numTrees = t.root.size();
  int64_t groups = numTrees / kLanes;
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker(b, ensemble, t, walkTables, vectorLanes);
  WalkStepEmitter scalarWalker(b, ensemble, t, walkTables, /*lanes=*/0);
  WalkStepEmitter::Rows rows =
      vectorRows(b, x, stride, blockStart, first, vectorLanes, vectorLanes)
          .front();
  auto laneType = VectorType::get({vectorLanes}, b.getI32Type());

  // Walks `trees` (one vector each, all over the same rows) in lockstep for
  // `depth` steps, then adds their leaves tree by tree.
  auto walkTrees = [&](ArrayRef<Value> trees, Value depth) {
    SmallVector<Value> starts;
    for (Value tree : trees)
      starts.push_back(
          b.create<vector::BroadcastOp>(laneType, load(b, tab.root, tree)));
    auto walk = b.create<scf::ForOp>(zero, depth, one, starts);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(walk.getBody());
      SmallVector<Value> next;
      for (Value node : walk.getRegionIterArgs())
        next.push_back(walker.step(node, rows));
      b.create<scf::YieldOp>(next);
    }
    for (auto [i, tree] : llvm::enumerate(trees))
      emitVectorLeafUpdates(b, kind, walker, scalarWalker, tree,
                            walk.getResult(i), blockStart, first, out, scratch);
  };
  if (groups > 0) {
    Value depthTable = groupDepthTable(b);
    auto groupLoop = b.create<scf::ForOp>(zero, cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groupLoop.getBody());
    Value group = groupLoop.getInductionVar();
    Value firstTree = b.create<arith::MulIOp>(group, cIdx(b, kLanes));
    SmallVector<Value> trees;
    for (int64_t lane = 0; lane < kLanes; ++lane)
      trees.push_back(b.create<arith::AddIOp>(firstTree, cIdx(b, lane)));
    walkTrees(trees, toIndex(b, load(b, depthTable, group)));
  }
  if (numTrees % kLanes == 0)
    return;
  auto rest =
      b.create<scf::ForOp>(cIdx(b, groups * kLanes), cIdx(b, numTrees), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  Value tree = rest.getInductionVar();
  walkTrees({tree}, toIndex(b, load(b, tab.depth, tree)));
}

void EnsembleKernelEmitter::emitKernel(hw_kind kind) {
  ImplicitLocOpBuilder b(ensemble.getLoc(), module.getContext());
  func::FuncOp fn =
      createKernelFunction(b, module, model, ensemble.getInputType(), kind);
  b.setInsertionPointToStart(&fn.front());
  Value x = fn.getArgument(0);
  Value rows = toIndex(b, fn.getArgument(1));
  Value stride = toIndex(b, fn.getArgument(2));
  Value out = fn.getArgument(3);
  input = x;
  inputStride = stride;
  loadTables(b);

  unsigned K = model.numOutputs;
  unsigned numTrees = t.root.size();
  bool average = ensemble.getAggregation() == Aggregation::average;
  // Rows per block: as many as fit the scratch budget, a multiple of kLanes.
  int64_t tile = std::max<int64_t>(vectorLanes * kVectorInterleave, kLanes);
  int64_t blockRows = std::clamp<int64_t>(
      kMaxStackScratch / std::max(K, 1u) / tile * tile, tile, kMaxBlockRows);
  int64_t scratchSize = blockRows * K;
  auto scratchType = MemRefType::get({scratchSize}, b.getF64Type());
  bool onHeap = scratchSize > kMaxStackScratch;
  Value scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                         : Value(b.create<memref::AllocaOp>(scratchType));
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  bool vector = vectorLanes > 1;
  int64_t tileRows = vector ? vectorLanes * kVectorInterleave : kLanes;
  Value lanes = cIdx(b, tileRows);

  auto blocks = b.create<scf::ForOp>(zero, rows, cIdx(b, blockRows));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blocks.getBody());
    Value blockStart = blocks.getInductionVar();
    Value blockSize = b.create<arith::MinUIOp>(
        cIdx(b, blockRows), b.create<arith::SubIOp>(rows, blockStart));
    Value fullRows = b.create<arith::MulIOp>(
        b.create<arith::DivUIOp>(blockSize, lanes), lanes);
    if (kind != HW_KIND_LEAF) {
      // Sums start at the base score; averages add it after dividing.
      auto init = b.create<scf::ForOp>(
          zero, b.create<arith::MulIOp>(blockSize, cIdx(b, K)), one);
      OpBuilder::InsertionGuard initGuard(b);
      b.setInsertionPointToStart(init.getBody());
      Value slot = init.getInductionVar();
      Value start = cFloat(b, b.getF64Type(), 0.0);
      if (!average && tab.baseScore)
        start =
            load(b, tab.baseScore, b.create<arith::RemUIOp>(slot, cIdx(b, K)));
      b.create<memref::StoreOp>(start, scratch, ValueRange{slot});
    }
    auto trees = b.create<scf::ForOp>(zero, cIdx(b, numTrees), one);
    {
      OpBuilder::InsertionGuard treeGuard(b);
      b.setInsertionPointToStart(trees.getBody());
      Value tree = trees.getInductionVar();
      auto tiles = b.create<scf::ForOp>(zero, fullRows, lanes);
      {
        OpBuilder::InsertionGuard tileGuard(b);
        b.setInsertionPointToStart(tiles.getBody());
        emitTileWalk(b, kind, tileRows, vector, tree, blockStart,
                     tiles.getInductionVar(), x, stride, out, scratch);
      }
    }
    // Rows that fill no tile (small batches, the end of a batch) walk kLanes
    // trees at once instead: whole vectors of rows first, then single rows.
    // The independent walks overlap as the rows of a tile do, and each row
    // still adds its trees in order, so every path gives the same bits.
    Value tailStart = fullRows;
    if (vector) {
      // Whole vectors of the rows left: trees in lockstep instead of rows.
      Value vectorStep = cIdx(b, vectorLanes);
      tailStart = b.create<arith::AddIOp>(
          fullRows,
          b.create<arith::MulIOp>(
              b.create<arith::DivUIOp>(
                  b.create<arith::SubIOp>(blockSize, fullRows), vectorStep),
              vectorStep));
      auto chunks = b.create<scf::ForOp>(fullRows, tailStart, vectorStep);
      OpBuilder::InsertionGuard chunkGuard(b);
      b.setInsertionPointToStart(chunks.getBody());
      emitVectorTreeGroupWalks(b, kind, blockStart, chunks.getInductionVar(), x,
                               stride, out, scratch);
    }
    auto tail = b.create<scf::ForOp>(tailStart, blockSize, one);
    {
      OpBuilder::InsertionGuard tailGuard(b);
      b.setInsertionPointToStart(tail.getBody());
      emitTreeGroupWalks(b, kind, blockStart, tail.getInductionVar(), x, stride,
                         out, scratch);
    }
    if (kind != HW_KIND_LEAF) {
      auto epilogue = b.create<scf::ForOp>(zero, blockSize, one);
      OpBuilder::InsertionGuard epilogueGuard(b);
      b.setInsertionPointToStart(epilogue.getBody());
      Value r = epilogue.getInductionVar();
      Value scratchRow = b.create<arith::MulIOp>(r, cIdx(b, K));
      if (average) {
        // The mean over the trees that add to each output (all trees when
        // leaves are vectors); sklearn and LightGBM divide the sum by that
        // count. Outputs no tree adds to stay at their base score.
        SmallVector<double> counts(K, 0.0);
        for (int32_t group : t.group)
          if (ensemble.getLeafWidth() == 1)
            counts[group] += 1.0;
        if (ensemble.getLeafWidth() != 1)
          counts.assign(K, static_cast<double>(numTrees));
        for (double &count : counts)
          count = std::max(count, 1.0);
        Value countTable =
            tableEmitter.floatTable(b, "tree_count", b.getF64Type(), counts);
        auto loop = b.create<scf::ForOp>(zero, cIdx(b, K), one);
        OpBuilder::InsertionGuard averageGuard(b);
        b.setInsertionPointToStart(loop.getBody());
        Value k = loop.getInductionVar();
        Value slot = b.create<arith::AddIOp>(scratchRow, k);
        Value mean = b.create<arith::DivFOp>(load(b, scratch, slot),
                                             load(b, countTable, k));
        if (tab.baseScore)
          mean = b.create<arith::AddFOp>(load(b, tab.baseScore, k), mean);
        b.create<memref::StoreOp>(mean, scratch, ValueRange{slot});
      }
      emitRowEpilogue(b, model, kind, scratch, scratchRow, out,
                      b.create<arith::AddIOp>(blockStart, r), tab.classLabels);
    }
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}

/// Largest number of outputs a linear kernel keeps in one vector register
/// group per row; wider models fall back to one dot product per output.
static constexpr int64_t kMaxLinearVectorOutputs = 32;

/// Kernels of a hardwood.linear: decision = x . w^T + b, the dot products in
/// the input type's precision (sklearn computes in float64) and summed in
/// feature order from 0, then widened and added to the intercept in
/// float64.
///
/// Rows are taken in tiles; for each feature the tile's rows add
/// x[r][f] * w[f][0..K) to one vector of K accumulators each. Every
/// accumulator still sums in feature order (the same bits as a plain dot
/// product on every target, no reassociation), but the K outputs share the
/// vector lanes and the rows of a tile are independent chains, so the loop
/// is neither scalar nor latency-bound.
void emitLinearKernel(LinearOp linear, const ScoreModel &model, ModuleOp module,
                      hw_kind kind) {
  ImplicitLocOpBuilder b(linear.getLoc(), module.getContext());
  TableEmitter tables(module, "__hw_" + model.name);
  func::FuncOp fn =
      createKernelFunction(b, module, model, linear.getInputType(), kind);
  b.setInsertionPointToStart(&fn.front());
  auto inputType = cast<FloatType>(linear.getInputType());
  Value x = fn.getArgument(0);
  Value rows = toIndex(b, fn.getArgument(1));
  Value stride = toIndex(b, fn.getArgument(2));
  Value out = fn.getArgument(3);
  unsigned K = model.numOutputs, F = linear.getNumFeatures();
  Value labels =
      tables.floatTable(b, "class_labels", b.getF64Type(), model.classLabels);
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  bool vectorOutputs = K <= kMaxLinearVectorOutputs;
  // One output: 8 rows make 8 independent chains; several: 4 rows of
  // K-wide vectors.
  int64_t tileRows = !vectorOutputs ? 1 : K == 1 ? 8 : 4;
  // Accumulators are padded to a power of two (zero weights): an odd width
  // such as 10 x f64 splits into unequal registers that LLVM repacks on
  // every iteration.
  int64_t width = vectorOutputs ? llvm::PowerOf2Ceil(K) : K;
  auto scratchType =
      MemRefType::get({std::max<int64_t>(tileRows * width, 1)}, b.getF64Type());
  bool onHeap = tileRows * width > kMaxStackScratch;
  Value scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                         : Value(b.create<memref::AllocaOp>(scratchType));

  if (!vectorOutputs) {
    // Row-major K x F weights, one dot product per output.
    Value weights = tables.floatTable(b, "coefficients", inputType,
                                      linear.getCoefficients());
    Value intercept = tables.floatTable(b, "intercept", b.getF64Type(),
                                        linear.getIntercept());
    auto rowLoop = b.create<scf::ForOp>(zero, rows, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value row = rowLoop.getInductionVar();
    Value rowBase = b.create<arith::MulIOp>(row, stride);
    auto outLoop = b.create<scf::ForOp>(zero, cIdx(b, K), one);
    {
      OpBuilder::InsertionGuard outGuard(b);
      b.setInsertionPointToStart(outLoop.getBody());
      Value k = outLoop.getInductionVar();
      Value weightBase = b.create<arith::MulIOp>(k, cIdx(b, F));
      auto dot = b.create<scf::ForOp>(zero, cIdx(b, F), one,
                                      ValueRange{cFloat(b, inputType, 0.0)});
      {
        OpBuilder::InsertionGuard dotGuard(b);
        b.setInsertionPointToStart(dot.getBody());
        Value f = dot.getInductionVar();
        Value product = b.create<arith::MulFOp>(
            load(b, x, b.create<arith::AddIOp>(rowBase, f)),
            load(b, weights, b.create<arith::AddIOp>(weightBase, f)));
        b.create<scf::YieldOp>(Value(
            b.create<arith::AddFOp>(dot.getRegionIterArgs()[0], product)));
      }
      Value sum = dot.getResult(0);
      if (!inputType.isF64())
        sum = b.create<arith::ExtFOp>(b.getF64Type(), sum);
      b.create<memref::StoreOp>(
          Value(b.create<arith::AddFOp>(sum, load(b, intercept, k))), scratch,
          ValueRange{k});
    }
    emitRowEpilogue(b, model, kind, scratch, zero, out, row, labels);
  } else {
    // Feature-major F x width weights (zeros past K): one vector load per
    // feature.
    ArrayRef<double> coefficients = linear.getCoefficients();
    SmallVector<double> byFeature(F * width, 0.0);
    for (unsigned k = 0; k < K; ++k)
      for (unsigned f = 0; f < F; ++f)
        byFeature[f * width + k] = coefficients[k * F + f];
    Value weights =
        tables.floatTable(b, "coefficients_by_feature", inputType, byFeature);
    SmallVector<double> paddedIntercept(linear.getIntercept());
    paddedIntercept.resize(width, 0.0);
    Value intercept =
        tables.floatTable(b, "intercept", b.getF64Type(), paddedIntercept);
    auto accType = VectorType::get({width}, inputType);
    auto wideType = VectorType::get({width}, b.getF64Type());
    Value zeroAcc = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(accType, b.getFloatAttr(inputType, 0.0)));
    Value interceptVector =
        b.create<vector::LoadOp>(wideType, intercept, ValueRange{zero});
    auto emitTile = [&](Value first, int64_t tile) {
      SmallVector<Value> rowBases;
      for (int64_t r = 0; r < tile; ++r)
        rowBases.push_back(b.create<arith::MulIOp>(
            b.create<arith::AddIOp>(first, cIdx(b, r)), stride));
      SmallVector<Value> init(tile, zeroAcc);
      auto features = b.create<scf::ForOp>(zero, cIdx(b, F), one, init);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(features.getBody());
        Value f = features.getInductionVar();
        Value w = b.create<vector::LoadOp>(
            accType, weights,
            ValueRange{b.create<arith::MulIOp>(f, cIdx(b, width))});
        SmallVector<Value> next;
        for (int64_t r = 0; r < tile; ++r) {
          Value xValue = load(b, x, b.create<arith::AddIOp>(rowBases[r], f));
          Value product = b.create<arith::MulFOp>(
              b.create<vector::BroadcastOp>(accType, xValue), w);
          next.push_back(b.create<arith::AddFOp>(
              features.getRegionIterArgs()[r], product));
        }
        b.create<scf::YieldOp>(next);
      }
      for (int64_t r = 0; r < tile; ++r) {
        Value sum = features.getResult(r);
        if (!inputType.isF64())
          sum = b.create<arith::ExtFOp>(wideType, sum);
        b.create<vector::StoreOp>(b.create<arith::AddFOp>(sum, interceptVector),
                                  scratch, ValueRange{cIdx(b, r * width)});
      }
      for (int64_t r = 0; r < tile; ++r)
        emitRowEpilogue(b, model, kind, scratch, cIdx(b, r * width), out,
                        b.create<arith::AddIOp>(first, cIdx(b, r)), labels);
    };
    Value tileStep = cIdx(b, tileRows);
    Value fullRows = b.create<arith::MulIOp>(
        b.create<arith::DivUIOp>(rows, tileStep), tileStep);
    auto tiles = b.create<scf::ForOp>(zero, fullRows, tileStep);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(tiles.getBody());
      emitTile(tiles.getInductionVar(), tileRows);
    }
    auto rest = b.create<scf::ForOp>(fullRows, rows, one);
    {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(rest.getBody());
      emitTile(rest.getInductionVar(), 1);
    }
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}

struct LowerToKernelsPass
    : public hardwood::impl::LowerToKernelsBase<LowerToKernelsPass> {
  using LowerToKernelsBase::LowerToKernelsBase;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<Operation *> models;
    for (Operation &op : *module.getBody())
      if (isa<EnsembleOp, LinearOp>(op))
        models.push_back(&op);
    if (models.size() > 1) {
      models[1]->emitOpError()
          << "a module may hold one model; found another before it";
      return signalPassFailure();
    }
    for (Operation *op : models) {
      if (auto ensemble = dyn_cast<EnsembleOp>(op)) {
        if (failed(lowerEnsemble(ensemble)))
          return signalPassFailure();
      } else if (failed(lowerLinear(cast<LinearOp>(op)))) {
        return signalPassFailure();
      }
      op->erase();
    }
  }

  LogicalResult lowerEnsemble(EnsembleOp ensemble) {
    FailureOr<EnsembleTables> tables = buildEnsembleTables(ensemble);
    if (failed(tables))
      return failure();
    ScoreModel model =
        makeScoreModel(ensemble, ensemble.getSymName(), ensemble.getTask(),
                       ensemble.getTransform(), ensemble.getNumOutputs(),
                       ensemble.getTransformScale(), ensemble.getClasses(),
                       ensemble.getInputType());
    if (auto c = ensemble.getAveragePathLength())
      model.averagePathLength = c->convertToDouble();
    if (auto offset = ensemble.getScoreOffset())
      model.scoreOffset = offset->convertToDouble();
    ModuleOp module = getOperation();
    EnsembleKernelEmitter emitter(ensemble, *tables, model, module,
                                  vectorLanes);
    uint32_t kinds = supportedKinds(model) | (1u << HW_KIND_LEAF);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        emitter.emitKernel(static_cast<hw_kind>(kind));
    recordModelMetadata(module, model, ensemble.getNumFeatures(),
                        ensemble.getInputType(), tables->root.size(),
                        "tree_ensemble");
    return success();
  }

  LogicalResult lowerLinear(LinearOp linear) {
    ScoreModel model = makeScoreModel(
        linear, linear.getSymName(), linear.getTask(), linear.getTransform(),
        linear.getNumOutputs(), linear.getTransformScale(), linear.getClasses(),
        linear.getInputType());
    model.isLinear = true;
    ModuleOp module = getOperation();
    uint32_t kinds = supportedKinds(model);
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (kinds & (1u << kind))
        emitLinearKernel(linear, model, module, static_cast<hw_kind>(kind));
    recordModelMetadata(module, model, linear.getNumFeatures(),
                        linear.getInputType(), 0, "linear");
    return success();
  }
};
} // namespace
