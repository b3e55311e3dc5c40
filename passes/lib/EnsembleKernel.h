//===- EnsembleKernel.h - The strategy-independent ensemble kernel -*- C++ -*-//
//
// Everything an ensemble kernel does that does not depend on how the trees
// are walked: the row blocks, the raw-score scratch, the base score, the
// tree loop over tiles, averaging, leaf accumulation (scalar, vector and
// linear leaves) and the per-row epilogue. A WalkStrategy fills in the
// walks; the pieces several strategies share (a scalar walk of a few rows,
// the per-row walk of every tree, the input view of a vector walk) live
// here too.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_ENSEMBLEKERNEL_H
#define HARDWOOD_PASSES_ENSEMBLEKERNEL_H

#include "EnsembleTables.h"
#include "KernelEmitter.h"
#include "WalkStepEmitter.h"
#include "hardwood/Passes/ScheduleSelection.h"

namespace hardwood {

class WalkStrategy;

class EnsembleKernel {
public:
  EnsembleKernel(EnsembleOp ensemble, const EnsembleTables &tables,
                 const ScoreModel &model, mlir::ModuleOp module,
                 ScheduleAttr schedule);

  /// Emits the kernel of `kind`; `strategy` generates the walks.
  void emit(hw_kind kind, WalkStrategy &strategy);

  /// Emits the two halves of tree-parallel evaluation (hw_walk_trees_fn,
  /// hw_sum_leaves_fn): `__hw_<name>_walk_trees(x, rows, row_stride,
  /// tree_begin, tree_end, leaves)` stores the leaf every row reaches in
  /// each tree of the range, `tree_group` trees of a row walking in
  /// lockstep (as the single rows of a kernel do);
  /// `__hw_<name>_<kind>_sum_leaves(x, rows, row_stride, leaves, out)` adds the
  /// stored leaves of every tree in model order (the same emitLeafUpdate,
  /// averaging and epilogue as the kernel of `kind`, so the same bits). Neither
  /// is marked as a kernel: code generation finds them by name
  /// (HW_WALK_TREES_SUFFIX, HW_SUM_LEAVES_SUFFIX).
  void emitTreeRangeWalk();
  void emitLeafSum(hw_kind kind);
  /// Adds the stored leaves of every tree, in model order, for block row
  /// `row` (the sum function's walk).
  void emitStoredLeafUpdates(mlir::ImplicitLocOpBuilder &b, mlir::Value row);

  //===--------------------------------------------------------------------===//
  // For strategies (valid while emit() runs)
  //===--------------------------------------------------------------------===//

  ScheduleAttr getSchedule() const { return schedule; }
  /// The kind of the kernel being emitted.
  hw_kind getKind() const { return kind; }
  int64_t getNumTrees() const { return t.root.size(); }
  /// The order single rows and tree ranges walk the trees in.
  const TreeWalkOrder &getWalkOrder() const { return walkOrder; }
  const EnsembleTables &getTables() const { return t; }
  /// Makes (or shares) the constant tables strategies add.
  TableEmitter &getTableEmitter() { return tableEmitter; }
  mlir::ModuleOp getModule() const { return module; }
  EnsembleOp getEnsemble() const { return ensemble; }
  /// A step emitter over this kernel's tables; `lanes` 0 for scalar walks.
  WalkStepEmitter makeWalker(mlir::ImplicitLocOpBuilder &b, int64_t lanes) {
    return WalkStepEmitter(b, ensemble, t, walkTables, lanes);
  }
  mlir::Value loadRoot(mlir::ImplicitLocOpBuilder &b, mlir::Value tree);
  /// The tree's depth as an index: the steps every walk of it takes.
  mlir::Value loadDepth(mlir::ImplicitLocOpBuilder &b, mlir::Value tree);
  /// Per group of `groupSize` (0: the schedule's `tree_group`) consecutive
  /// trees, the deepest tree's depth: leaves point to themselves, so
  /// walking it is exact for the others.
  mlir::Value groupDepthTable(mlir::ImplicitLocOpBuilder &b,
                              int64_t groupSize = 0);
  /// The roots of trees [firstTree, firstTree + count) as one vector.
  mlir::Value loadRoots(mlir::ImplicitLocOpBuilder &b, mlir::Value firstTree,
                        int64_t count);
  /// Where the whole vectors of `vector_lanes` rows in block rows
  /// [fullRows, blockSize) end: the single rows after them walk alone.
  mlir::Value emitWholeVectorsEnd(mlir::ImplicitLocOpBuilder &b,
                                  mlir::Value fullRows, mlir::Value blockSize);
  /// A stack buffer of `type` for the whole kernel call (allocated once, in
  /// the entry block).
  mlir::Value emitStackBuffer(mlir::ImplicitLocOpBuilder &b,
                              mlir::MemRefType type);
  /// Block row `row` as the input of a scalar walk (from the input rows).
  WalkStepEmitter::Rows scalarRow(mlir::ImplicitLocOpBuilder &b,
                                  mlir::Value row);
  /// Block row `row` as the input of a walk whose `lanes` lanes are trees:
  /// a view of the row, every lane at offset 0.
  WalkStepEmitter::Rows rowForTreeLanes(mlir::ImplicitLocOpBuilder &b,
                                        mlir::Value row, int64_t lanes);

  /// Walks tree `tree` for `lanes` consecutive block rows from `first` as
  /// independent scalar walks in one loop, then adds their leaves.
  void emitScalarWalk(mlir::ImplicitLocOpBuilder &b, mlir::Value tree,
                      mlir::Value first, int64_t lanes);
  /// Walks every tree for block row `row`, `tree_group` trees in lockstep
  /// (the rows no tile covers still overlap independent load chains), in
  /// the schedule's tree_order; the leaves are added in model order.
  void emitRowTreeGroupWalks(mlir::ImplicitLocOpBuilder &b, mlir::Value row);
  /// The input rows of a vector walk: a view of `numRows` rows from block
  /// row `first` (so gather offsets fit in i32) and, per vector of
  /// `vectorWidth` lanes, the offsets of its rows (vector `part` holds rows
  /// part * vectorWidth + lane).
  llvm::SmallVector<WalkStepEmitter::Rows>
  vectorRows(mlir::ImplicitLocOpBuilder &b, mlir::Value first, int64_t numRows,
             int64_t vectorWidth);

  /// The block's first `numRows` rows feature-major in a stack buffer of
  /// `block_rows` x num_features input values: row r's feature f at
  /// f * block_rows + r, so a feature of consecutive rows is one vector
  /// load. Copied once per block, before the tree loop. With
  /// `nanAsInfinity`, the copies nanInfinityCopies asks for: NaN read as
  /// +infinity in the first and as -infinity in the second (from
  /// (num_features + f) * block_rows + r), or one copy where every split
  /// sends NaN the same way.
  mlir::Value emitFeatureMajorBlock(mlir::ImplicitLocOpBuilder &b,
                                    mlir::Value numRows, bool nanAsInfinity);

  /// Copies features `features` of block rows [first, first + validRows)
  /// into a stack buffer of features.size() x `tileRows` input values,
  /// feature i of tile row r at i * tileRows + r; tile rows from validRows
  /// on are zeros (a padded tile reads defined values).
  mlir::Value emitFeatureMajorTile(mlir::ImplicitLocOpBuilder &b,
                                   mlir::Value first, mlir::Value validRows,
                                   llvm::ArrayRef<int32_t> features,
                                   int64_t tileRows);
  /// The block's raw-score scratch (block_rows x outputs doubles,
  /// row-major unless classMajorScratch) and the kernel's output memref.
  mlir::Value getScratch() const { return scratch; }
  mlir::Value getOutput() const { return output; }
  /// Index of the current block's first row in the kernel's rows.
  mlir::Value getBlockStart() const { return blockStart; }
  unsigned getNumOutputs() const { return model.numOutputs; }
  mlir::Value getLeafValueTable() const { return tab.leafValues; }

  /// Adds the leaf `leaf` reached by block row `row` in tree `tree` to the
  /// scratch, or stores its id for the leaf kind. `leafValue`, when given,
  /// is the leaf's value already read.
  void emitLeafUpdate(mlir::ImplicitLocOpBuilder &b, WalkStepEmitter &walker,
                      mlir::Value tree, mlir::Value row, mlir::Value leaf,
                      mlir::Value leafValue);
  /// Adds `values` (vector of f64, lane i for block row first + i) as tree
  /// `tree`'s leaf values; kinds other than the leaf kind, leaf width 1.
  void emitVectorValueUpdates(mlir::ImplicitLocOpBuilder &b, mlir::Value tree,
                              mlir::Value values, mlir::Value first);
  /// Whether vector walks of `lanes` rows add vector leaves (the model's K
  /// outputs per leaf) with one gather and one vector add per walk
  /// (emitVectorLeafRowAdds).
  bool addsVectorLeafRows(int64_t lanes);
  /// Adds, for each lane i of `offsets` (vector of i32: the element offset
  /// of a leaf's K values in `values`, a table of f32 or f64), those K
  /// values to block row first + i's raw scores.
  void emitVectorLeafRowAdds(mlir::ImplicitLocOpBuilder &b, mlir::Value values,
                             mlir::Value offsets, mlir::Value first);
  /// Adds the leaves `leaves` (a vector of node indices, lane i for block
  /// row first + i) of tree `tree`, gathering the leaf values once.
  void emitVectorLeafUpdates(mlir::ImplicitLocOpBuilder &b,
                             WalkStepEmitter &walker,
                             WalkStepEmitter &scalarWalker, mlir::Value tree,
                             mlir::Value leaves, mlir::Value first);

  /// Walks on from `starts` (vectors of node indices, lane i of vector p
  /// for block row first + p * lanes + i) for `steps` steps as independent
  /// scalar chains, `lockstep` rows at a time, and adds their leaves: the
  /// vectors are stored to a stack buffer and each row reads its node back.
  /// With `nanAsInfinityBlock` (the block's feature-major copies,
  /// emitFeatureMajorBlock) the steps read their input there, one compare
  /// each; otherwise from the rows.
  void emitScalarWalksFrom(mlir::ImplicitLocOpBuilder &b, mlir::Value tree,
                           mlir::Value first, mlir::ValueRange starts,
                           mlir::Value steps, int64_t lockstep,
                           mlir::Value nanAsInfinityBlock);

private:
  struct Tables {
    mlir::Value nodes, threshold, leafValues, baseScore;
    mlir::Value linearConstant, linearBegin, linearFeature, linearCoefficient;
    mlir::Value root, depth, group, leafId;
    mlir::Value categoryDomain, categoryWordBase, categoryOutside,
        categoryWords;
    mlir::Value classLabels;
  };
  void loadTables(mlir::ImplicitLocOpBuilder &b);
  /// Starts the body of `fn`, whose first three arguments are x, rows and
  /// row_stride: the entry block, the input and its stride, the tables.
  /// Returns rows as an index.
  mlir::Value beginFunction(mlir::ImplicitLocOpBuilder &b,
                            mlir::func::FuncOp fn);
  /// Where row-major rows x trees arrays (the leaf kind's output, the
  /// stored leaves) hold block row `row`'s entry for `tree`.
  mlir::Value rowTreeSlot(mlir::ImplicitLocOpBuilder &b, mlir::Value row,
                          mlir::Value tree);
  /// Walks `trees` (the lanes of one lockstep walk) for one row, read as
  /// `rows` (scalarRow), for `depth` steps, and returns the leaves reached.
  llvm::SmallVector<mlir::Value>
  emitLockstepTreeWalks(mlir::ImplicitLocOpBuilder &b, WalkStepEmitter &walker,
                        const WalkStepEmitter::Rows &rows,
                        mlir::ValueRange trees, mlir::Value depth);
  /// emitRowTreeGroupWalks in `walkOrder`: per window, the groups of the
  /// order walk and store their leaves in a stack buffer, then the window's
  /// leaves are added in model order.
  void emitDepthOrderedRowWalks(mlir::ImplicitLocOpBuilder &b, mlir::Value row);
  /// The body of a kernel of `kind` in `fn`, whose first three arguments
  /// are x, rows and row_stride, writing `out`.
  void emitKernelBody(mlir::ImplicitLocOpBuilder &b, mlir::func::FuncOp fn,
                      hw_kind kind, WalkStrategy &strategy, mlir::Value out);
  /// Walks positions [begin, end) of the walk order (walkOrder, or model
  /// order) for block row `row`, `tree_group` at a time, and stores their
  /// leaves at their trees' slots.
  void emitRowTreeRangeWalks(mlir::ImplicitLocOpBuilder &b, mlir::Value row,
                             mlir::Value begin, mlir::Value end);
  /// Whether the current kernel divides the sums by their tree counts:
  /// `aggregate average`, except the decision kernel of an ensemble marked
  /// `decision_sum` (LightGBM's rf mode, whose raw score is the
  /// undivided sum).
  bool averages();
  /// Sets every row's raw score of the block to its start value.
  void emitScratchInit(mlir::ImplicitLocOpBuilder &b, mlir::Value blockSize);
  /// Divides averaged sums by their tree counts and adds the base score.
  void emitAverage(mlir::ImplicitLocOpBuilder &b, mlir::Value raw,
                   mlir::Value rawBase);
  /// The scratch element of block row `row`'s output `output` (both index
  /// values): row-major (row * K + output), or class-major (output *
  /// block_rows + row) where classMajorScratch.
  mlir::Value scratchSlot(mlir::ImplicitLocOpBuilder &b, mlir::Value row,
                          mlir::Value output);
  /// The output of linear leaf `offset` (its leaf-value offset) for block
  /// row `row`, as LightGBM computes it: constant + sum(coefficient * x) in
  /// float64 in term order, or the constant leaf value when a term's
  /// feature is NaN.
  mlir::Value emitLinearLeafValue(mlir::ImplicitLocOpBuilder &b,
                                  WalkStepEmitter &walker, mlir::Value offset,
                                  mlir::Value row);

  EnsembleOp ensemble;
  const EnsembleTables &t;
  const ScoreModel &model;
  mlir::ModuleOp module;
  ScheduleAttr schedule;
  TableEmitter tableEmitter;
  Tables tab;
  WalkTables walkTables;
  mlir::FloatType inputType;
  // The kernel being emitted.
  hw_kind kind = HW_KIND_PREDICT;
  /// The kernel's input rows, their stride in elements, its output and the
  /// block's raw-score scratch.
  mlir::Value input, inputStride, output, scratch;
  /// Whether the scratch holds each output's block_rows scores together
  /// (class-major): models of several outputs with one value per leaf,
  /// walked by vectors of rows, which then add a tree's leaf values with
  /// one vector add into its output's scores instead of one scalar add
  /// per lane (the lanes' scores of one output are K apart row-major).
  /// XGBoost multi:softprob, 7 classes, 350 depth-6 trees: 984.8 -> 866.0
  /// ns/row (AMD EPYC znver4). Vector leaves (leaf width K) keep rows
  /// row-major, where a leaf's K values land together.
  bool classMajorScratch = false;
  /// Index of the current block's first row.
  mlir::Value blockStart;
  /// Per node, its info and aux words as one 64-bit word (built once, for
  /// every kernel kind's vector walks).
  std::vector<int64_t> nodeInfoAuxWords;
  /// compact8 records, built once per ensemble like nodeInfoAuxWords.
  std::vector<int64_t> compactRecordWords;
  /// Column records (EnsembleTables.h), built on first use.
  std::vector<int64_t> columnRecordWords;
  /// In a walk function, where emitLeafUpdate stores the leaves
  /// (memref<?xi32>, row-major rows x trees); in a sum function, where
  /// emitStoredLeafUpdates reads them. Null in kernels.
  mlir::Value leafStore, storedLeaves;
  /// The order single rows and tree ranges walk the trees in (the
  /// schedule's tree_order; empty: model order).
  TreeWalkOrder walkOrder;
  /// The kernel function's entry block, where stack buffers go.
  mlir::Block *entryBlock = nullptr;
};

} // namespace hardwood

#endif // HARDWOOD_PASSES_ENSEMBLEKERNEL_H
