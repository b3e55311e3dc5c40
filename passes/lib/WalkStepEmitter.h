//===- WalkStepEmitter.h - One step of a table-driven tree walk -*- C++ -*-===//
//
// Emits `node = nodes[4 node + 2 + !goLeft(x)]` (records16) or
// `node += goLeft(x) ? (node is internal) : rightOffset` (compact8) for one
// row (scalar) or for `lanes` rows at once (vectors of node indices, table
// reads as gathers).
// The same code describes both, so the scalar tail and the vector body of a
// kernel cannot disagree.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_WALKSTEPEMITTER_H
#define HARDWOOD_PASSES_WALKSTEPEMITTER_H

#include "EnsembleTables.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace hardwood {

/// The constant tables a walk reads (memref values in the kernel).
struct WalkTables {
  mlir::Value nodes, threshold;
  /// Per node, its info and aux words as one 64-bit word (info in the low
  /// half), for vector walks: one 64-bit gather instead of two 32-bit ones
  /// reads both. Null for scalar walks.
  mlir::Value nodeInfoAux;
  mlir::Value categoryDomain, categoryWordBase, categoryOutside, categoryWords;
  /// The compact8 records (EnsembleTables.h), when the schedule asks for
  /// them: steps then read one 64-bit word per node and compute the child.
  mlir::Value compactRecords;
  int compactFeatureBits = 0;
  /// The column records (EnsembleTables.h), for scalar walks over a block's
  /// NaN-as-infinity feature-major copies: steps and leaves then read them
  /// only. Null elsewhere.
  mlir::Value columnRecords;
  /// The width of the packed form's column field (columnRecordBits); 0 in
  /// the tree-relative form, whose column is the low 16 bits.
  int columnBits = 0;
  /// In the tree-relative form (columnRecordsTreeRelative): a view of the
  /// column records from the walked tree's root. Steps then take and return
  /// node indices within the tree. Null elsewhere.
  mlir::Value columnTreeRecords;
};

class WalkStepEmitter {
public:
  /// `lanes` == 0 emits scalar code; otherwise vectors of `lanes` rows.
  WalkStepEmitter(mlir::ImplicitLocOpBuilder &b, EnsembleOp ensemble,
                  const EnsembleTables &facts, const WalkTables &tables,
                  int64_t lanes);

  /// Input access for the rows being walked. Scalar: `rowBase` is the
  /// element index of the row's first feature in `x`. Vector: `x` is a view
  /// starting at the tile's first row and `laneOffsets` (vector<lanes x i32>)
  /// the offset of each lane's row in it.
  ///
  /// Walks over column records (WalkTables::columnRecords): `x` is the
  /// block's NaN-as-infinity feature-major copies
  /// (EnsembleKernel::emitFeatureMajorBlock) and `rowBase` the row's index in
  /// the block; the record gives the column.
  struct Rows {
    mlir::Value x;
    mlir::Value rowBase;
    mlir::Value laneOffsets;
  };

  /// Next node index (i32 or vector of i32) after one step from `node`.
  mlir::Value step(mlir::Value node, const Rows &rows);
  /// Walks from each of `starts` for `steps` steps (an index), all walks in
  /// one loop so their load chains overlap. Walk i reads `rows[i]`, or
  /// `rows[0]` when one Rows serves every walk. Returns the nodes reached.
  llvm::SmallVector<mlir::Value>
  walk(mlir::ValueRange starts, llvm::ArrayRef<Rows> rows, mlir::Value steps);
  /// Whether the rows go left at nodes whose record words are `info` and
  /// `aux` (i1 or vector of i1); `threshold` yields the node's threshold
  /// in the input type (called once, after the feature is decoded).
  mlir::Value goLeft(mlir::Value info, mlir::Value aux,
                     llvm::function_ref<mlir::Value()> threshold,
                     const Rows &rows);
  /// As goLeft, for input values `rawValue` already read (as stored, before
  /// snapToZero): for strategies that read the input another way.
  mlir::Value goLeftOf(mlir::Value info, mlir::Value aux, mlir::Value threshold,
                       mlir::Value rawValue);
  /// Word `word` of each node's 16-byte record (i32 or vector of i32).
  mlir::Value nodeWord(mlir::Value node, int word);
  /// The aux word of each node: at leaves, the offset of the leaf's values.
  /// Read from the compact8 or column records when the walk uses them: the
  /// walk's last step read the same record, so it is in cache.
  mlir::Value auxWord(mlir::Value node);
  /// An input value (of the input type, scalar or vector as the emitter)
  /// as the splits see it: 0 when the ensemble has a zero threshold and
  /// |value| is within it.
  mlir::Value snapToZero(mlir::Value value);

  mlir::Value i32(int32_t value);

private:
  mlir::Value real(double value);
  mlir::Value boolean(bool value);
  mlir::Type withLanes(mlir::Type element);
  /// memref.load (scalar) or vector.gather (vector) of table[index].
  mlir::Value read(mlir::Value table, mlir::Value index);
  mlir::Value loadInput(const Rows &rows, mlir::Value feature);
  mlir::Value categoricalGoLeft(mlir::Value value, mlir::Value record,
                                mlir::Value defaultLeft);
  mlir::Value compactStep(mlir::Value node, const Rows &rows);
  mlir::Value columnStep(mlir::Value node, const Rows &rows);
  mlir::Value columnTreeStep(mlir::Value node, const Rows &rows);
  /// Whether the row goes left at a column-record node: its input read at
  /// `column` (an index into the block's copies, from `rows`) compared with
  /// `threshold`; false at a leaf's NaN threshold.
  mlir::Value columnGoesLeft(mlir::Value column, mlir::Value threshold,
                             const Rows &rows);
  /// goLeft at `node` with its info and aux words already read.
  mlir::Value goLeftAtNode(mlir::Value node, mlir::Value info, mlir::Value aux,
                           const Rows &rows);
  /// The high 32 bits of 64-bit words (scalar or vector).
  mlir::Value highWord(mlir::Value word);

  mlir::ImplicitLocOpBuilder &b;
  EnsembleOp ensemble;
  const EnsembleTables &facts;
  const WalkTables &tables;
  int64_t lanes;
  mlir::FloatType inputType;
  /// Mask of the feature index in an info word (narrower in compact8).
  uint32_t featureMask;
};

} // namespace hardwood

#endif // HARDWOOD_PASSES_WALKSTEPEMITTER_H
