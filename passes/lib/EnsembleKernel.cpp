//===- EnsembleKernel.cpp - The strategy-independent ensemble kernel ------===//
//
// Loop nest: rows are taken in blocks of `block_rows`; within a block the
// trees are the outer loop, so one tree's nodes stay in L1/L2 while every
// row of the block walks it (a forest of many deep trees does not fit in
// cache, a block of rows does). Within a tree, tiles of rows walk in
// lockstep as the strategy generates them, for exactly depth[t] steps.
//
//===----------------------------------------------------------------------===//

#include "EnsembleKernel.h"
#include "KernelBuilder.h"
#include "WalkStrategy.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

#include <limits>
#include <numeric>

using namespace mlir;
using namespace hardwood;

/// Widest leaf vector added with one vector operation (16 doubles: two
/// AVX-512 registers, four AVX2 ones); wider leaves are added in chunks of
/// this many outputs and one narrower vector for the rest.
static constexpr unsigned kMaxVectorLeafWidth = 16;
/// Most chunks of a wide leaf added as straight-line code; more take a loop
/// over the chunks (leaf updates are emitted at every lane of every walk,
/// so unrolling hundreds of outputs would bloat the kernel).
static constexpr unsigned kMaxUnrolledLeafChunks = 4;
/// Most leaf values (lanes x leaf width) a vector walk gathers at once for
/// vector leaves; wider ones are added lane by lane.
static constexpr unsigned kMaxLeafGather = 64;

EnsembleKernel::EnsembleKernel(EnsembleOp ensemble,
                               const EnsembleTables &tables,
                               const ScoreModel &model, ModuleOp module,
                               ScheduleAttr schedule)
    : ensemble(ensemble), t(tables), model(model), module(module),
      schedule(schedule),
      tableEmitter(module, "__hw_" + model.name + model.kernelSuffix),
      walkOrder(schedule.getTreeOrder() == TreeOrder::depth
                    ? orderTreesByDepth(tables.depth, schedule.getTreeGroup())
                    : TreeWalkOrder()) {}

void EnsembleKernel::loadTables(ImplicitLocOpBuilder &b) {
  inputType = cast<FloatType>(ensemble.getInputType());
  TableEmitter &e = tableEmitter;
  // (Unrolled trees hold their nodes as constants in the code; the node
  // tables still serve the rows no tile covers.)
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
  Value nodeInfoAux, compactRecords;
  bool compact = schedule.getNodeLayout() == NodeLayout::compact8;
  if (compact) {
    if (compactRecordWords.empty())
      compactRecordWords = buildCompactRecords(t, ensemble.getNumFeatures());
    compactRecords = e.i64Table(b, "node_compact", compactRecordWords);
  } else if (schedule.getVectorLanes() > 0) {
    if (nodeInfoAuxWords.empty()) {
      nodeInfoAuxWords.resize(t.numNodes());
      for (size_t node = 0; node < t.numNodes(); ++node)
        nodeInfoAuxWords[node] =
            int64_t(uint32_t(t.nodes[kNodeWords * node])) |
            int64_t(uint64_t(uint32_t(t.nodes[kNodeWords * node + 1])) << 32);
    }
    nodeInfoAux = e.i64Table(b, "node_info_aux", nodeInfoAuxWords);
  }
  walkTables = {tab.nodes,
                tab.threshold,
                nodeInfoAux,
                tab.categoryDomain,
                tab.categoryWordBase,
                tab.categoryOutside,
                tab.categoryWords,
                compactRecords,
                compact ? compactFeatureBits(ensemble.getNumFeatures()) : 0,
                /*columnRecords (emitScalarWalksFrom)=*/Value(),
                /*columnBits=*/0,
                /*columnTreeRecords=*/Value()};
}

Value EnsembleKernel::loadRoot(ImplicitLocOpBuilder &b, Value tree) {
  return load(b, tab.root, tree);
}

Value EnsembleKernel::loadDepth(ImplicitLocOpBuilder &b, Value tree) {
  return toIndex(b, load(b, tab.depth, tree));
}

Value EnsembleKernel::groupDepthTable(ImplicitLocOpBuilder &b,
                                      int64_t groupSize) {
  if (groupSize == 0)
    groupSize = schedule.getTreeGroup();
  SmallVector<int32_t> groupDepth;
  for (size_t g = 0; g < t.depth.size() / groupSize; ++g)
    groupDepth.push_back(
        *std::max_element(t.depth.begin() + g * groupSize,
                          t.depth.begin() + (g + 1) * groupSize));
  return tableEmitter.i32Table(b,
                               groupSize == schedule.getTreeGroup()
                                   ? std::string("group_depth")
                                   : "group_depth_" + std::to_string(groupSize),
                               groupDepth);
}

Value EnsembleKernel::loadRoots(ImplicitLocOpBuilder &b, Value firstTree,
                                int64_t count) {
  return b.create<vector::LoadOp>(VectorType::get({count}, b.getI32Type()),
                                  tab.root, ValueRange{firstTree});
}

Value EnsembleKernel::emitWholeVectorsEnd(ImplicitLocOpBuilder &b,
                                          Value fullRows, Value blockSize) {
  Value vectorStep = cIdx(b, schedule.getVectorLanes());
  return b.create<arith::AddIOp>(
      fullRows,
      b.create<arith::MulIOp>(
          b.create<arith::DivUIOp>(b.create<arith::SubIOp>(blockSize, fullRows),
                                   vectorStep),
          vectorStep));
}

Value EnsembleKernel::emitStackBuffer(ImplicitLocOpBuilder &b,
                                      MemRefType type) {
  // In the entry block: an alloca inside the kernel's loops would grow the
  // stack every iteration.
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(entryBlock);
  return b.create<memref::AllocaOp>(type);
}

WalkStepEmitter::Rows EnsembleKernel::scalarRow(ImplicitLocOpBuilder &b,
                                                Value row) {
  return {input,
          b.create<arith::MulIOp>(b.create<arith::AddIOp>(blockStart, row),
                                  inputStride),
          Value()};
}

WalkStepEmitter::Rows EnsembleKernel::rowForTreeLanes(ImplicitLocOpBuilder &b,
                                                      Value row,
                                                      int64_t lanes) {
  Value start = b.create<arith::MulIOp>(
      b.create<arith::AddIOp>(blockStart, row), inputStride);
  Value view = b.create<memref::SubViewOp>(
      input, ArrayRef<OpFoldResult>{start}, ArrayRef<OpFoldResult>{inputStride},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  Value zeros = b.create<arith::ConstantOp>(DenseElementsAttr::get(
      VectorType::get({lanes}, b.getI32Type()), int32_t(0)));
  return {view, Value(), zeros};
}

//===----------------------------------------------------------------------===//
// Leaf accumulation
//===----------------------------------------------------------------------===//

Value EnsembleKernel::rowTreeSlot(ImplicitLocOpBuilder &b, Value row,
                                  Value tree) {
  return b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(b.create<arith::AddIOp>(blockStart, row),
                              cIdx(b, t.root.size())),
      tree);
}

void EnsembleKernel::emitLeafUpdate(ImplicitLocOpBuilder &b,
                                    WalkStepEmitter &walker, Value tree,
                                    Value row, Value leaf, Value leafValue) {
  unsigned K = model.numOutputs;
  if (leafStore) {
    assert(leaf.getType().isInteger(32) && "walks reach i32 node indices");
    b.create<memref::StoreOp>(leaf, leafStore,
                              ValueRange{rowTreeSlot(b, row, tree)});
    return;
  }
  if (kind == HW_KIND_LEAF) {
    Value id = load(b, tab.leafId, toIndex(b, leaf));
    b.create<memref::StoreOp>(id, output,
                              ValueRange{rowTreeSlot(b, row, tree)});
    return;
  }
  auto accumulate = [&](Value out, Value value) {
    Value slot = scratchSlot(b, row, out);
    Value sum = b.create<arith::AddFOp>(load(b, scratch, slot), value);
    b.create<memref::StoreOp>(sum, scratch, ValueRange{slot});
  };
  if (t.hasLinear()) {
    leafValue =
        emitLinearLeafValue(b, walker, toIndex(b, walker.auxWord(leaf)), row);
    accumulate(toIndex(b, load(b, tab.group, tree)), leafValue);
    return;
  }
  if (ensemble.getLeafWidth() == 1) {
    if (!leafValue)
      leafValue = load(b, tab.leafValues, toIndex(b, walker.auxWord(leaf)));
    accumulate(toIndex(b, load(b, tab.group, tree)), leafValue);
    return;
  }
  // The leaf's K values and the row's K raw scores are contiguous: vector
  // adds instead of K scalar ones (each output still adds this tree once,
  // in tree order: the same bits). Leaves of up to kMaxVectorLeafWidth
  // values take one vector; wider ones (ExtraTrees on the 26 letters
  // classes: a scalar loop of 26 load/add/stores ran 1,850-1,970 ns/row)
  // take chunks of that width and one vector for the remainder.
  assert(!classMajorScratch && "vector leaves keep the scratch row-major");
  Value offset = toIndex(b, walker.auxWord(leaf));
  Value scratchRow = b.create<arith::MulIOp>(row, cIdx(b, K));
  auto addValues = [&](int64_t width, Value first) {
    auto type = VectorType::get({width}, b.getF64Type());
    Value slot = b.create<arith::AddIOp>(scratchRow, first);
    Value values = b.create<vector::LoadOp>(
        type, tab.leafValues,
        ValueRange{b.create<arith::AddIOp>(offset, first)});
    Value sums = b.create<vector::LoadOp>(type, scratch, ValueRange{slot});
    b.create<vector::StoreOp>(b.create<arith::AddFOp>(sums, values), scratch,
                              ValueRange{slot});
  };
  int64_t chunks = K / kMaxVectorLeafWidth, rest = K % kMaxVectorLeafWidth;
  if (chunks <= kMaxUnrolledLeafChunks) {
    for (int64_t c = 0; c < chunks; ++c)
      addValues(kMaxVectorLeafWidth, cIdx(b, c * kMaxVectorLeafWidth));
  } else {
    auto loop =
        b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, chunks * kMaxVectorLeafWidth),
                             cIdx(b, kMaxVectorLeafWidth));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    addValues(kMaxVectorLeafWidth, loop.getInductionVar());
  }
  if (rest > 0)
    addValues(rest, cIdx(b, chunks * kMaxVectorLeafWidth));
}

Value EnsembleKernel::emitLinearLeafValue(ImplicitLocOpBuilder &b,
                                          WalkStepEmitter &walker, Value offset,
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

void EnsembleKernel::emitVectorValueUpdates(ImplicitLocOpBuilder &b, Value tree,
                                            Value values, Value first) {
  auto valueType = cast<VectorType>(values.getType());
  unsigned K = model.numOutputs;
  Value output = K == 1 ? cIdx(b, 0) : toIndex(b, load(b, tab.group, tree));
  if (K == 1 || classMajorScratch) {
    // The lanes' raw scores of the tree's output are consecutive in the
    // scratch: one vector add (each lane still adds this tree's leaf once,
    // in tree order).
    Value slot = scratchSlot(b, first, output);
    Value sums = b.create<vector::LoadOp>(valueType, scratch, ValueRange{slot});
    b.create<vector::StoreOp>(b.create<arith::AddFOp>(sums, values), scratch,
                              ValueRange{slot});
    return;
  }
  for (int64_t lane = 0; lane < valueType.getNumElements(); ++lane) {
    Value slot =
        scratchSlot(b, b.create<arith::AddIOp>(first, cIdx(b, lane)), output);
    Value value = b.create<vector::ExtractOp>(values, ArrayRef<int64_t>{lane});
    b.create<memref::StoreOp>(
        b.create<arith::AddFOp>(load(b, scratch, slot), value), scratch,
        ValueRange{slot});
  }
}

bool EnsembleKernel::addsVectorLeafRows(int64_t lanes) {
  unsigned K = model.numOutputs;
  return kind != HW_KIND_LEAF && !t.hasLinear() && K > 1 &&
         ensemble.getLeafWidth() == K && K * lanes <= kMaxLeafGather;
}

void EnsembleKernel::emitVectorLeafRowAdds(ImplicitLocOpBuilder &b,
                                           Value values, Value offsets,
                                           Value first) {
  // The lanes' K raw scores are consecutive in the scratch (rows
  // first..first+lanes-1, K each), so gather the leaves' K values in that
  // order (lane i's offset + k at i * K + k) and add them with vector adds
  // (each output still adds this tree's leaf once, in tree order: the same
  // bits as the per-lane adds).
  assert(!classMajorScratch && "vector leaves keep the scratch row-major");
  int64_t lanes = cast<VectorType>(offsets.getType()).getNumElements();
  int64_t K = model.numOutputs;
  SmallVector<int64_t> repeat;
  SmallVector<int32_t> step;
  for (int64_t lane = 0; lane < lanes; ++lane)
    for (int64_t k = 0; k < K; ++k) {
      repeat.push_back(lane);
      step.push_back(static_cast<int32_t>(k));
    }
  auto indexType = VectorType::get({K * lanes}, b.getI32Type());
  Value index = b.create<arith::AddIOp>(
      b.create<vector::ShuffleOp>(offsets, offsets, repeat),
      b.create<arith::ConstantOp>(
          DenseElementsAttr::get(indexType, ArrayRef<int32_t>(step))));
  Type element = cast<MemRefType>(values.getType()).getElementType();
  auto gatheredType = VectorType::get({K * lanes}, element);
  Value mask = b.create<arith::ConstantOp>(DenseElementsAttr::get(
      VectorType::get({K * lanes}, b.getI1Type()), true));
  Value passThrough = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(gatheredType, b.getFloatAttr(element, 0.0)));
  Value gathered = b.create<vector::GatherOp>(
      gatheredType, values, ValueRange{cIdx(b, 0)}, index, mask, passThrough);
  auto valueType = VectorType::get({K * lanes}, b.getF64Type());
  if (gathered.getType() != valueType)
    gathered = b.create<arith::ExtFOp>(valueType, gathered);
  Value base = b.create<arith::MulIOp>(first, cIdx(b, K));
  Value sums = b.create<vector::LoadOp>(valueType, scratch, ValueRange{base});
  b.create<vector::StoreOp>(b.create<arith::AddFOp>(sums, gathered), scratch,
                            ValueRange{base});
}

void EnsembleKernel::emitVectorLeafUpdates(ImplicitLocOpBuilder &b,
                                           WalkStepEmitter &walker,
                                           WalkStepEmitter &scalarWalker,
                                           Value tree, Value leaves,
                                           Value first) {
  int64_t vectorWidth = cast<VectorType>(leaves.getType()).getNumElements();
  if (addsVectorLeafRows(vectorWidth)) {
    emitVectorLeafRowAdds(b, tab.leafValues, walker.auxWord(leaves), first);
    return;
  }
  Value values;
  if (kind != HW_KIND_LEAF && ensemble.getLeafWidth() == 1 && !t.hasLinear()) {
    // One gather of the leaf values per vector.
    Value offsets = walker.auxWord(leaves);
    Value mask = b.create<arith::ConstantOp>(DenseElementsAttr::get(
        VectorType::get({vectorWidth}, b.getI1Type()), true));
    auto valueType = VectorType::get({vectorWidth}, b.getF64Type());
    Value passThrough = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(valueType, b.getF64FloatAttr(0.0)));
    values = b.create<vector::GatherOp>(valueType, tab.leafValues,
                                        ValueRange{cIdx(b, 0)}, offsets, mask,
                                        passThrough);
    if (model.numOutputs == 1 || classMajorScratch) {
      // One output, or a class-major scratch: the lanes' raw scores of the
      // tree's output are consecutive, so one vector add replaces a
      // load/add/store per lane (each lane still adds this tree's leaf
      // once, in tree order: same bits).
      emitVectorValueUpdates(b, tree, values, first);
      return;
    }
  }
  for (int64_t lane = 0; lane < vectorWidth; ++lane) {
    Value leaf = b.create<vector::ExtractOp>(leaves, ArrayRef<int64_t>{lane});
    Value value = values ? Value(b.create<vector::ExtractOp>(
                               values, ArrayRef<int64_t>{lane}))
                         : Value();
    emitLeafUpdate(b, scalarWalker, tree,
                   b.create<arith::AddIOp>(first, cIdx(b, lane)), leaf, value);
  }
}

//===----------------------------------------------------------------------===//
// Walks several strategies share
//===----------------------------------------------------------------------===//

void EnsembleKernel::emitScalarWalk(ImplicitLocOpBuilder &b, Value tree,
                                    Value first, int64_t lanes) {
  Value root = loadRoot(b, tree);
  Value depth = loadDepth(b, tree);
  WalkStepEmitter walker = makeWalker(b, /*lanes=*/0);
  SmallVector<WalkStepEmitter::Rows> rows;
  for (int64_t lane = 0; lane < lanes; ++lane)
    rows.push_back(scalarRow(b, b.create<arith::AddIOp>(first, cIdx(b, lane))));
  SmallVector<Value> leaves =
      walker.walk(SmallVector<Value>(lanes, root), rows, depth);
  for (int64_t lane = 0; lane < lanes; ++lane)
    emitLeafUpdate(b, walker, tree,
                   b.create<arith::AddIOp>(first, cIdx(b, lane)), leaves[lane],
                   Value());
}

void EnsembleKernel::emitScalarWalksFrom(ImplicitLocOpBuilder &b, Value tree,
                                         Value first, ValueRange starts,
                                         Value steps, int64_t lockstep,
                                         Value nanAsInfinityBlock) {
  auto vectorType = cast<VectorType>(starts.front().getType());
  int64_t lanes = vectorType.getNumElements();
  int64_t numRows = lanes * static_cast<int64_t>(starts.size());
  assert(numRows % lockstep == 0 && "lockstep rows must divide the tile");
  Value buffer = emitStackBuffer(b, MemRefType::get({numRows}, b.getI32Type()));
  int64_t blockRows = schedule.getBlockRows();
  int64_t numFeatures = ensemble.getNumFeatures();
  // Over the copies, steps read column records: one load, one compare and
  // one conditional move per step (EnsembleTables.h). Where the records do
  // not fit, the rows are read as stored, with NaN tests.
  WalkTables columnTables = walkTables;
  bool overCopies = nanAsInfinityBlock && inputType.isF32() &&
                    columnRecordsFit(t, numFeatures, blockRows);
  // Tree-relative records: the chains walk indices within the tree, from a
  // view of the records at its root (the first node of its depth-first
  // numbering).
  Value treeRoot;
  if (overCopies) {
    if (columnRecordWords.empty())
      columnRecordWords = buildColumnRecords(t, numFeatures, blockRows);
    columnTables.columnRecords =
        tableEmitter.i64Table(b, "node_column", columnRecordWords);
    if (columnRecordsTreeRelative(t, numFeatures, blockRows)) {
      treeRoot = toIndex(b, loadRoot(b, tree));
      Value size =
          b.create<arith::SubIOp>(cIdx(b, int64_t(t.numNodes())), treeRoot);
      columnTables.columnTreeRecords = b.create<memref::SubViewOp>(
          columnTables.columnRecords, ArrayRef<OpFoldResult>{treeRoot},
          ArrayRef<OpFoldResult>{size},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
    } else {
      columnTables.columnBits = columnRecordBits(numFeatures, blockRows);
    }
  }
  // The lanes' nodes, within their tree where the records are
  // tree-relative (one vector subtraction per part, not one per chain).
  Value rootVector;
  if (treeRoot)
    rootVector = b.create<vector::BroadcastOp>(
        vectorType, b.create<arith::IndexCastOp>(b.getI32Type(), treeRoot));
  for (auto [part, start] : llvm::enumerate(starts)) {
    Value stored = treeRoot
                       ? b.create<arith::SubIOp>(start, rootVector).getResult()
                       : start;
    b.create<vector::StoreOp>(stored, buffer,
                              ValueRange{cIdx(b, int64_t(part) * lanes)});
  }
  auto groupLoop =
      b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, numRows), cIdx(b, lockstep));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(groupLoop.getBody());
  Value groupFirst = groupLoop.getInductionVar();
  WalkStepEmitter walker(b, ensemble, t, columnTables, /*lanes=*/0);
  SmallVector<Value> nodes;
  SmallVector<WalkStepEmitter::Rows> rows;
  SmallVector<Value> tileRows;
  // Over the copies, every row of the group reads one view that starts at
  // the group's first row, at its lane's constant offset: the address is
  // view + column + lane, with no row pointer per chain to keep in a
  // register.
  Value groupView;
  if (overCopies) {
    Value start = b.create<arith::AddIOp>(first, groupFirst);
    Value size = b.create<arith::SubIOp>(
        cIdx(b,
             cast<MemRefType>(nanAsInfinityBlock.getType()).getNumElements()),
        start);
    groupView = b.create<memref::SubViewOp>(
        nanAsInfinityBlock, ArrayRef<OpFoldResult>{start},
        ArrayRef<OpFoldResult>{size},
        ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  }
  for (int64_t lane = 0; lane < lockstep; ++lane) {
    Value inTile = b.create<arith::AddIOp>(groupFirst, cIdx(b, lane));
    Value node = load(b, buffer, inTile);
    if (overCopies) {
      nodes.push_back(b.create<arith::IndexCastUIOp>(b.getIndexType(), node));
      rows.push_back({groupView, cIdx(b, lane), Value()});
    } else {
      tileRows.push_back(b.create<arith::AddIOp>(first, inTile));
      nodes.push_back(node);
      rows.push_back(scalarRow(b, tileRows.back()));
    }
  }
  SmallVector<Value> leaves = walker.walk(nodes, rows, steps);
  if (overCopies)
    for (Value &leaf : leaves)
      leaf = b.create<arith::IndexCastUIOp>(
          b.getI32Type(),
          treeRoot ? b.create<arith::AddIOp>(leaf, treeRoot) : leaf);
  // The rows' scores from the group's first row at constant offsets,
  // computed after the walk: one base live across the steps instead of a
  // row index per chain (16 of them spill).
  Value groupRow = b.create<arith::AddIOp>(first, groupFirst);
  for (int64_t lane = 0; lane < lockstep; ++lane)
    emitLeafUpdate(b, walker, tree,
                   overCopies ? b.create<arith::AddIOp>(groupRow, cIdx(b, lane))
                              : tileRows[lane],
                   leaves[lane], Value());
}

void EnsembleKernel::emitRowTreeGroupWalks(ImplicitLocOpBuilder &b, Value row) {
  if (!walkOrder.trees.empty()) {
    emitDepthOrderedRowWalks(b, row);
    return;
  }
  int64_t numTrees = t.root.size();
  int64_t groupSize = schedule.getTreeGroup();
  int64_t groups = numTrees / groupSize;
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker = makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows = scalarRow(b, row);
  if (groups > 0) {
    Value depthTable = groupDepthTable(b);
    auto groupLoop = b.create<scf::ForOp>(zero, cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groupLoop.getBody());
    Value group = groupLoop.getInductionVar();
    Value firstTree = b.create<arith::MulIOp>(group, cIdx(b, groupSize));
    SmallVector<Value> trees;
    for (int64_t lane = 0; lane < groupSize; ++lane)
      trees.push_back(b.create<arith::AddIOp>(firstTree, cIdx(b, lane)));
    SmallVector<Value> leaves = emitLockstepTreeWalks(
        b, walker, rows, trees, toIndex(b, load(b, depthTable, group)));
    for (auto [tree, leaf] : llvm::zip(trees, leaves))
      emitLeafUpdate(b, walker, tree, row, leaf, Value());
  }
  if (numTrees % groupSize == 0)
    return;
  auto rest =
      b.create<scf::ForOp>(cIdx(b, groups * groupSize), cIdx(b, numTrees), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  emitScalarWalk(b, rest.getInductionVar(), row, 1);
}

void EnsembleKernel::emitDepthOrderedRowWalks(ImplicitLocOpBuilder &b,
                                              Value row) {
  int64_t numTrees = t.root.size();
  int64_t groupSize = schedule.getTreeGroup();
  int64_t grouped = numTrees / groupSize * groupSize;
  Value one = cIdx(b, 1), groupStep = cIdx(b, groupSize);
  Value order = tableEmitter.i32Table(b, "walk_order", walkOrder.trees);
  Value depthTable =
      tableEmitter.i32Table(b, "walk_order_group_depth", walkOrder.groupDepth);
  Value leafBuffer =
      emitStackBuffer(b, MemRefType::get({std::min(numTrees, walkOrder.window)},
                                         b.getI32Type()));
  WalkStepEmitter walker = makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows = scalarRow(b, row);

  // Each window holds a permutation of its own trees: walk them in the
  // order's groups, store each leaf at its tree's slot in the window, then
  // add the window's leaves in model order.
  auto windows = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, numTrees),
                                      cIdx(b, walkOrder.window));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(windows.getBody());
  Value windowBegin = windows.getInductionVar();
  Value windowEnd = b.create<arith::MinUIOp>(
      b.create<arith::AddIOp>(windowBegin, cIdx(b, walkOrder.window)),
      cIdx(b, numTrees));
  Value groupedEnd = b.create<arith::MinUIOp>(windowEnd, cIdx(b, grouped));
  auto storeLeaf = [&](Value tree, Value leaf) {
    b.create<memref::StoreOp>(
        leaf, leafBuffer,
        ValueRange{b.create<arith::SubIOp>(tree, windowBegin)});
  };
  {
    auto groups = b.create<scf::ForOp>(windowBegin, groupedEnd, groupStep);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groups.getBody());
    Value first = groups.getInductionVar();
    SmallVector<Value> trees;
    for (int64_t lane = 0; lane < groupSize; ++lane)
      trees.push_back(toIndex(
          b, load(b, order, b.create<arith::AddIOp>(first, cIdx(b, lane)))));
    Value depth = toIndex(
        b, load(b, depthTable, b.create<arith::DivUIOp>(first, groupStep)));
    SmallVector<Value> leaves =
        emitLockstepTreeWalks(b, walker, rows, trees, depth);
    for (auto [tree, leaf] : llvm::zip(trees, leaves))
      storeLeaf(tree, leaf);
  }
  {
    // The last window's trees that fill no group walk alone.
    auto rest = b.create<scf::ForOp>(groupedEnd, windowEnd, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rest.getBody());
    Value tree = toIndex(b, load(b, order, rest.getInductionVar()));
    SmallVector<Value> leaves = emitLockstepTreeWalks(
        b, walker, rows, ValueRange{tree}, loadDepth(b, tree));
    storeLeaf(tree, leaves.front());
  }
  auto sums = b.create<scf::ForOp>(windowBegin, windowEnd, one);
  b.setInsertionPointToStart(sums.getBody());
  Value tree = sums.getInductionVar();
  Value leaf = load(b, leafBuffer, b.create<arith::SubIOp>(tree, windowBegin));
  emitLeafUpdate(b, walker, tree, row, leaf, Value());
}

SmallVector<Value> EnsembleKernel::emitLockstepTreeWalks(
    ImplicitLocOpBuilder &b, WalkStepEmitter &walker,
    const WalkStepEmitter::Rows &rows, ValueRange trees, Value depth) {
  SmallVector<Value> roots;
  for (Value tree : trees)
    roots.push_back(loadRoot(b, tree));
  return walker.walk(roots, rows, depth);
}

SmallVector<WalkStepEmitter::Rows>
EnsembleKernel::vectorRows(ImplicitLocOpBuilder &b, Value first,
                           int64_t numRows, int64_t vectorWidth) {
  Value start = b.create<arith::MulIOp>(
      b.create<arith::AddIOp>(blockStart, first), inputStride);
  Value size = b.create<arith::MulIOp>(cIdx(b, numRows), inputStride);
  Value view = b.create<memref::SubViewOp>(
      input, ArrayRef<OpFoldResult>{start}, ArrayRef<OpFoldResult>{size},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
  auto laneType = VectorType::get({vectorWidth}, b.getI32Type());
  Value strideVector = b.create<vector::BroadcastOp>(
      laneType, b.create<arith::IndexCastOp>(b.getI32Type(), inputStride));
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

Value EnsembleKernel::emitFeatureMajorBlock(ImplicitLocOpBuilder &b,
                                            Value numRows, bool nanAsInfinity) {
  int64_t blockRows = schedule.getBlockRows();
  int64_t numFeatures = ensemble.getNumFeatures();
  NanInfinityCopies nanCopies = nanInfinityCopies(t);
  int64_t copies = nanAsInfinity ? nanCopies.count() : 1;
  auto type = MemRefType::get({copies * blockRows * numFeatures}, inputType);
  Value buffer = emitStackBuffer(b, type);
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  double infinity = std::numeric_limits<double>::infinity();
  Value secondCopy = cIdx(b, numFeatures * blockRows);
  // Stores `value` (scalar or vector) at `slot` of each copy.
  auto storeCopies = [&](Value value, Value slot) {
    auto store = [&](Value v, Value at) {
      if (isa<VectorType>(v.getType()))
        b.create<vector::StoreOp>(v, buffer, ValueRange{at});
      else
        b.create<memref::StoreOp>(v, buffer, ValueRange{at});
    };
    if (!nanAsInfinity) {
      store(value, slot);
      return;
    }
    auto splat = [&](double constant) -> Value {
      if (auto vectorType = dyn_cast<VectorType>(value.getType()))
        return b.create<arith::ConstantOp>(DenseElementsAttr::get(
            vectorType, b.getFloatAttr(inputType, constant)));
      return cFloat(b, inputType, constant);
    };
    Value isNan =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, value, value);
    for (int64_t copy = 0; copy < copies; ++copy) {
      double nanAs = nanCopies.readsMinusInfinity(copy) ? -infinity : infinity;
      store(b.create<arith::SelectOp>(isNan, splat(nanAs), value),
            copy == 0 ? slot : b.create<arith::AddIOp>(slot, secondCopy));
    }
  };

  // Rows [begin, end) by `step`, features inner: `body` gets the element
  // index of the row's first value in the input, the feature, and the
  // feature's slot for the row in the first copy.
  auto forRowsAndFeatures =
      [&](Value begin, Value end, int64_t step,
          llvm::function_ref<void(Value rowBase, Value feature, Value slot)>
              body) {
        auto rowLoop = b.create<scf::ForOp>(begin, end, cIdx(b, step));
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(rowLoop.getBody());
        Value row = rowLoop.getInductionVar();
        Value rowBase = b.create<arith::MulIOp>(
            b.create<arith::AddIOp>(blockStart, row), inputStride);
        auto featureLoop =
            b.create<scf::ForOp>(zero, cIdx(b, numFeatures), one);
        b.setInsertionPointToStart(featureLoop.getBody());
        Value feature = featureLoop.getInductionVar();
        body(rowBase, feature,
             b.create<arith::AddIOp>(
                 b.create<arith::MulIOp>(feature, cIdx(b, blockRows)), row));
      };

  // Whole vectors of rows, on targets with gathers: per feature one gather
  // of `lanes` rows' values (a row stride apart) and contiguous stores,
  // instead of a scalar load, NaN test and two stores per value (the
  // depth-12 forest spent 3.5% of its time in the scalar copy). The
  // gather's 32-bit offsets reach lanes rows; larger strides take the
  // scalar loop.
  Value vectorEnd = zero;
  TargetAttr target = TargetAttr::lookup(module);
  int64_t lanes = schedule.getVectorLanes();
  if (target && target.hasGather() && lanes > 1 && inputType.isF32()) {
    Value strideFits = b.create<arith::CmpIOp>(
        arith::CmpIPredicate::ult, inputStride,
        cIdx(b, std::numeric_limits<int32_t>::max() / (blockRows + 1)));
    vectorEnd = b.create<arith::SelectOp>(
        strideFits,
        b.create<arith::MulIOp>(
            b.create<arith::DivUIOp>(numRows, cIdx(b, lanes)), cIdx(b, lanes)),
        zero);
    auto laneType = VectorType::get({lanes}, b.getI32Type());
    auto valueType = VectorType::get({lanes}, inputType);
    Value stride32 = b.create<arith::IndexCastOp>(b.getI32Type(), inputStride);
    SmallVector<int32_t> iota(lanes);
    std::iota(iota.begin(), iota.end(), 0);
    Value rowOffsets = b.create<arith::MulIOp>(
        b.create<arith::ConstantOp>(
            DenseElementsAttr::get(laneType, ArrayRef<int32_t>(iota))),
        b.create<vector::BroadcastOp>(laneType, stride32));
    Value mask = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(VectorType::get({lanes}, b.getI1Type()), true));
    Value passThrough = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(valueType, b.getFloatAttr(inputType, 0.0)));
    forRowsAndFeatures(
        zero, vectorEnd, lanes, [&](Value rowBase, Value feature, Value slot) {
          Value offsets = b.create<arith::AddIOp>(
              rowOffsets, b.create<vector::BroadcastOp>(
                              laneType, b.create<arith::IndexCastOp>(
                                            b.getI32Type(), feature)));
          storeCopies(b.create<vector::GatherOp>(valueType, input,
                                                 ValueRange{rowBase}, offsets,
                                                 mask, passThrough),
                      slot);
        });
  }

  // The rows left (all of them elsewhere): rows outer, so each row's
  // features are read in order, one cache line at a time.
  forRowsAndFeatures(
      vectorEnd, numRows, 1, [&](Value rowBase, Value feature, Value slot) {
        storeCopies(load(b, input, b.create<arith::AddIOp>(rowBase, feature)),
                    slot);
      });
  return buffer;
}

Value EnsembleKernel::emitFeatureMajorTile(ImplicitLocOpBuilder &b, Value first,
                                           Value validRows,
                                           ArrayRef<int32_t> features,
                                           int64_t tileRows) {
  auto type = MemRefType::get(
      {std::max<int64_t>(int64_t(features.size()), 1) * tileRows}, inputType);
  Value buffer = emitStackBuffer(b, type);
  Value one = cIdx(b, 1);
  {
    // Each row's features are read in order; the feature list is short
    // (the model's features), so the loop over it is unrolled.
    auto rowLoop = b.create<scf::ForOp>(cIdx(b, 0), validRows, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    Value row = rowLoop.getInductionVar();
    Value rowBase = b.create<arith::MulIOp>(
        b.create<arith::AddIOp>(blockStart,
                                b.create<arith::AddIOp>(first, row)),
        inputStride);
    for (auto [slot, feature] : llvm::enumerate(features)) {
      Value value =
          load(b, input, b.create<arith::AddIOp>(rowBase, cIdx(b, feature)));
      b.create<memref::StoreOp>(
          value, buffer,
          ValueRange{b.create<arith::AddIOp>(cIdx(b, slot * tileRows), row)});
    }
  }
  auto padLoop = b.create<scf::ForOp>(validRows, cIdx(b, tileRows), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(padLoop.getBody());
  Value row = padLoop.getInductionVar();
  Value zero = cFloat(b, inputType, 0.0);
  for (size_t slot = 0; slot < features.size(); ++slot)
    b.create<memref::StoreOp>(
        zero, buffer,
        ValueRange{b.create<arith::AddIOp>(cIdx(b, slot * tileRows), row)});
  return buffer;
}

//===----------------------------------------------------------------------===//
// The kernel
//===----------------------------------------------------------------------===//

bool EnsembleKernel::averages() {
  return ensemble.getAggregation() == Aggregation::average &&
         !(kind == HW_KIND_DECISION && ensemble.getDecisionSum());
}

Value EnsembleKernel::scratchSlot(ImplicitLocOpBuilder &b, Value row,
                                  Value output) {
  if (classMajorScratch)
    return b.create<arith::AddIOp>(
        b.create<arith::MulIOp>(output, cIdx(b, schedule.getBlockRows())), row);
  return b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(row, cIdx(b, model.numOutputs)), output);
}

void EnsembleKernel::emitScratchInit(ImplicitLocOpBuilder &b, Value blockSize) {
  unsigned K = model.numOutputs;
  bool average = averages();
  // Sums start at the base score; averages add it after dividing.
  auto outputs = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, K), cIdx(b, 1));
  OpBuilder::InsertionGuard outputGuard(b);
  b.setInsertionPointToStart(outputs.getBody());
  Value output = outputs.getInductionVar();
  Value start = cFloat(b, b.getF64Type(), 0.0);
  if (!average && tab.baseScore)
    start = load(b, tab.baseScore, output);
  auto rows = b.create<scf::ForOp>(cIdx(b, 0), blockSize, cIdx(b, 1));
  OpBuilder::InsertionGuard rowGuard(b);
  b.setInsertionPointToStart(rows.getBody());
  b.create<memref::StoreOp>(
      start, scratch,
      ValueRange{scratchSlot(b, rows.getInductionVar(), output)});
}

void EnsembleKernel::emitAverage(ImplicitLocOpBuilder &b, Value raw,
                                 Value rawBase) {
  unsigned K = model.numOutputs;
  unsigned numTrees = t.root.size();
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
  auto loop = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, K), cIdx(b, 1));
  OpBuilder::InsertionGuard averageGuard(b);
  b.setInsertionPointToStart(loop.getBody());
  Value k = loop.getInductionVar();
  Value slot = b.create<arith::AddIOp>(rawBase, k);
  Value mean =
      b.create<arith::DivFOp>(load(b, raw, slot), load(b, countTable, k));
  if (tab.baseScore)
    mean = b.create<arith::AddFOp>(load(b, tab.baseScore, k), mean);
  b.create<memref::StoreOp>(mean, raw, ValueRange{slot});
}

void EnsembleKernel::emit(hw_kind kernelKind, WalkStrategy &strategy) {
  ImplicitLocOpBuilder b(ensemble.getLoc(), module.getContext());
  func::FuncOp fn = createKernelFunction(b, module, model,
                                         ensemble.getInputType(), kernelKind);
  emitKernelBody(b, fn, kernelKind, strategy, fn.getArgument(3));
}

Value EnsembleKernel::beginFunction(ImplicitLocOpBuilder &b, func::FuncOp fn) {
  b.setInsertionPointToStart(&fn.front());
  entryBlock = &fn.front();
  input = fn.getArgument(0);
  inputStride = toIndex(b, fn.getArgument(2));
  Value rows = toIndex(b, fn.getArgument(1));
  loadTables(b);
  return rows;
}

void EnsembleKernel::emitKernelBody(ImplicitLocOpBuilder &b, func::FuncOp fn,
                                    hw_kind kernelKind, WalkStrategy &strategy,
                                    Value out) {
  kind = kernelKind;
  Value rows = beginFunction(b, fn);
  output = out;

  unsigned K = model.numOutputs;
  unsigned numTrees = t.root.size();
  bool average = averages();
  int64_t blockRows = schedule.getBlockRows();
  int64_t scratchSize = blockRows * K;
  auto scratchType = MemRefType::get({scratchSize}, b.getF64Type());
  bool onHeap = scratchSize > kMaxStackScratch;
  scratch = onHeap ? Value(b.create<memref::AllocOp>(scratchType))
                   : Value(b.create<memref::AllocaOp>(scratchType));
  // Where vectors of rows add their leaves (vector walks without scalar
  // chains). Scalar steps add one row at a time either way: the suite's
  // HistGradientBoosting (7 classes, chains below the register levels) ran
  // 3,423 ns/row row-major against 3,471 class-major. Unrolled walks (and
  // the sum functions) address the scratch row-major themselves.
  classMajorScratch =
      K > 1 && ensemble.getLeafWidth() == 1 && !strategy.unrollsTrees() &&
      schedule.getVectorLanes() > 0 && schedule.getScalarBelow() == 0;
  // A class-major scratch hands the epilogue each row's K scores from a
  // row buffer.
  Value rowScores;
  if (classMajorScratch && kind != HW_KIND_LEAF)
    rowScores = b.create<memref::AllocaOp>(
        MemRefType::get({int64_t(K)}, b.getF64Type()));
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  Value lanes = cIdx(b, schedule.getTileRows());

  auto blocks = b.create<scf::ForOp>(zero, rows, cIdx(b, blockRows));
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(blocks.getBody());
    blockStart = blocks.getInductionVar();
    Value blockSize = b.create<arith::MinUIOp>(
        cIdx(b, blockRows), b.create<arith::SubIOp>(rows, blockStart));
    Value fullRows = b.create<arith::MulIOp>(
        b.create<arith::DivUIOp>(blockSize, lanes), lanes);
    if (kind != HW_KIND_LEAF)
      emitScratchInit(b, blockSize);
    if (strategy.unrollsTrees()) {
      // Trees unrolled at compile time: the tiles are the only loop.
      auto tiles = b.create<scf::ForOp>(zero, fullRows, lanes);
      {
        OpBuilder::InsertionGuard tileGuard(b);
        b.setInsertionPointToStart(tiles.getBody());
        strategy.emitUnrolledTile(*this, b, tiles.getInductionVar());
      }
      strategy.emitRemainder(*this, b, fullRows, blockSize);
    } else {
      strategy.emitBlockPrologue(*this, b, fullRows);
      auto trees = b.create<scf::ForOp>(zero, cIdx(b, numTrees), one);
      {
        OpBuilder::InsertionGuard treeGuard(b);
        b.setInsertionPointToStart(trees.getBody());
        Value tree = trees.getInductionVar();
        auto tiles = b.create<scf::ForOp>(zero, fullRows, lanes);
        OpBuilder::InsertionGuard tileGuard(b);
        b.setInsertionPointToStart(tiles.getBody());
        strategy.emitTileWalk(*this, b, tree, tiles.getInductionVar());
      }
      strategy.emitRemainder(*this, b, fullRows, blockSize);
    }
    if (kind != HW_KIND_LEAF) {
      auto epilogue = b.create<scf::ForOp>(zero, blockSize, one);
      OpBuilder::InsertionGuard epilogueGuard(b);
      b.setInsertionPointToStart(epilogue.getBody());
      Value r = epilogue.getInductionVar();
      Value raw = scratch, rawBase;
      if (!classMajorScratch) {
        rawBase = b.create<arith::MulIOp>(r, cIdx(b, K));
      } else {
        auto outputs = b.create<scf::ForOp>(zero, cIdx(b, K), one);
        {
          OpBuilder::InsertionGuard copyGuard(b);
          b.setInsertionPointToStart(outputs.getBody());
          Value k = outputs.getInductionVar();
          b.create<memref::StoreOp>(load(b, scratch, scratchSlot(b, r, k)),
                                    rowScores, ValueRange{k});
        }
        raw = rowScores;
        rawBase = zero;
      }
      if (average)
        emitAverage(b, raw, rawBase);
      emitRowEpilogue(b, model, kind, raw, rawBase, output,
                      b.create<arith::AddIOp>(blockStart, r), tab.classLabels);
    }
  }
  if (onHeap)
    b.create<memref::DeallocOp>(scratch);
  b.create<func::ReturnOp>();
}

//===----------------------------------------------------------------------===//
// Tree-parallel evaluation: walk a range of trees, sum the stored leaves
//===----------------------------------------------------------------------===//

namespace {
/// The sum function's "walk": every row reads its stored leaves back. No
/// runtime tree loop (each row adds all its trees itself), so it presents
/// itself as unrolling trees and handles tiles and the rest alike.
class StoredLeavesStrategy : public WalkStrategy {
public:
  bool unrollsTrees() const override { return true; }
  void emitUnrolledTile(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                        Value first) override {
    Value end = b.create<arith::AddIOp>(
        first, cIdx(b, kernel.getSchedule().getTileRows()));
    emitRows(kernel, b, first, end);
  }
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override {
    emitRows(kernel, b, fullRows, blockSize);
  }
  void emitTileWalk(EnsembleKernel &, ImplicitLocOpBuilder &, Value,
                    Value) override {
    llvm_unreachable("trees are not walked by tile");
  }

private:
  static void emitRows(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                       Value begin, Value end) {
    auto rows = b.create<scf::ForOp>(begin, end, cIdx(b, 1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rows.getBody());
    kernel.emitStoredLeafUpdates(b, rows.getInductionVar());
  }
};

/// A function named `name` of `argTypes`, without results, not marked as a
/// kernel; the builder is placed at the start of its body.
func::FuncOp createInternalFunction(ImplicitLocOpBuilder &b, ModuleOp module,
                                    StringRef name, ArrayRef<Type> argTypes) {
  auto fnType = b.getFunctionType(argTypes, {});
  func::FuncOp fn;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToEnd(module.getBody());
    fn = b.create<func::FuncOp>(name, fnType);
  }
  fn.addEntryBlock();
  b.setInsertionPointToStart(&fn.front());
  return fn;
}
} // namespace

void EnsembleKernel::emitStoredLeafUpdates(ImplicitLocOpBuilder &b, Value row) {
  int64_t numTrees = t.root.size();
  WalkStepEmitter walker = makeWalker(b, /*lanes=*/0);
  auto trees = b.create<scf::ForOp>(cIdx(b, 0), cIdx(b, numTrees), cIdx(b, 1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(trees.getBody());
  Value tree = trees.getInductionVar();
  Value leaf = load(b, storedLeaves, rowTreeSlot(b, row, tree));
  emitLeafUpdate(b, walker, tree, row, leaf, Value());
}

void EnsembleKernel::emitLeafSum(hw_kind kernelKind) {
  ImplicitLocOpBuilder b(ensemble.getLoc(), module.getContext());
  MLIRContext *ctx = b.getContext();
  auto dynamic = ShapedType::kDynamic;
  std::string name = ("__hw_" + model.name + "_" + kindName(kernelKind) +
                      model.kernelSuffix + HW_SUM_LEAVES_SUFFIX)
                         .str();
  func::FuncOp fn = createInternalFunction(
      b, module, name,
      {MemRefType::get({dynamic}, ensemble.getInputType()), b.getI64Type(),
       b.getI64Type(), MemRefType::get({dynamic}, b.getI32Type()),
       MemRefType::get({dynamic}, outputElementType(model, kernelKind, ctx))});
  storedLeaves = fn.getArgument(3);
  StoredLeavesStrategy strategy;
  emitKernelBody(b, fn, kernelKind, strategy, fn.getArgument(4));
  storedLeaves = Value();
}

void EnsembleKernel::emitTreeRangeWalk() {
  ImplicitLocOpBuilder b(ensemble.getLoc(), module.getContext());
  auto dynamic = ShapedType::kDynamic;
  std::string name =
      "__hw_" + model.name + model.kernelSuffix + HW_WALK_TREES_SUFFIX;
  func::FuncOp fn = createInternalFunction(
      b, module, name,
      {MemRefType::get({dynamic}, ensemble.getInputType()), b.getI64Type(),
       b.getI64Type(), b.getI64Type(), b.getI64Type(),
       MemRefType::get({dynamic}, b.getI32Type())});
  Value rows = beginFunction(b, fn);
  Value begin = toIndex(b, fn.getArgument(3));
  Value end = toIndex(b, fn.getArgument(4));
  leafStore = fn.getArgument(5);
  blockStart = cIdx(b, 0);
  {
    auto rowLoop = b.create<scf::ForOp>(cIdx(b, 0), rows, cIdx(b, 1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(rowLoop.getBody());
    emitRowTreeRangeWalks(b, rowLoop.getInductionVar(), begin, end);
  }
  b.create<func::ReturnOp>();
  leafStore = Value();
}

void EnsembleKernel::emitRowTreeRangeWalks(ImplicitLocOpBuilder &b, Value row,
                                           Value begin, Value end) {
  // Positions [begin, end) of the walk order (the runtime cuts ranges of
  // whole groups); every leaf goes to its tree's slot, so the sum adds them
  // in model order whatever the walk order.
  Value order = walkOrder.trees.empty()
                    ? Value()
                    : tableEmitter.i32Table(b, "walk_order", walkOrder.trees);
  auto treeAt = [&](Value position) {
    return order ? toIndex(b, load(b, order, position)) : position;
  };
  // The runtime cuts ranges at multiples of HW_WALK_TREES_GRANULE trees:
  // groups of at most that many keep every range whole groups.
  int64_t groupSize =
      std::min<int64_t>(schedule.getTreeGroup(), HW_WALK_TREES_GRANULE);
  Value lockstep = cIdx(b, groupSize);
  Value count = b.create<arith::SubIOp>(end, begin);
  Value groupedEnd = b.create<arith::AddIOp>(
      begin, b.create<arith::MulIOp>(b.create<arith::DivUIOp>(count, lockstep),
                                     lockstep));
  WalkStepEmitter walker = makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows = scalarRow(b, row);
  {
    auto groups = b.create<scf::ForOp>(begin, groupedEnd, lockstep);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(groups.getBody());
    SmallVector<Value> trees;
    for (int64_t lane = 0; lane < groupSize; ++lane)
      trees.push_back(treeAt(
          b.create<arith::AddIOp>(groups.getInductionVar(), cIdx(b, lane))));
    // Walking the deepest tree's depth is exact for the others (leaves
    // point to themselves); a range starts anywhere, so no table of group
    // depths serves it.
    Value depth;
    for (Value tree : trees) {
      Value treeDepth = loadDepth(b, tree);
      depth = depth ? b.create<arith::MaxUIOp>(depth, treeDepth) : treeDepth;
    }
    SmallVector<Value> leaves =
        emitLockstepTreeWalks(b, walker, rows, trees, depth);
    for (auto [tree, leaf] : llvm::zip(trees, leaves))
      emitLeafUpdate(b, walker, tree, row, leaf, Value());
  }
  auto rest = b.create<scf::ForOp>(groupedEnd, end, cIdx(b, 1));
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(rest.getBody());
  Value tree = treeAt(rest.getInductionVar());
  SmallVector<Value> leaves = emitLockstepTreeWalks(
      b, walker, rows, ValueRange{tree}, loadDepth(b, tree));
  emitLeafUpdate(b, walker, tree, row, leaves.front(), Value());
}
