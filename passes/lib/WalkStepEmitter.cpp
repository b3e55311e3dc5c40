//===- WalkStepEmitter.cpp - One step of a table-driven tree walk ---------===//

#include "WalkStepEmitter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"

using namespace mlir;
using namespace hardwood;

WalkStepEmitter::WalkStepEmitter(ImplicitLocOpBuilder &b, EnsembleOp ensemble,
                                 const EnsembleTables &facts,
                                 const WalkTables &tables, int64_t lanes)
    : b(b), ensemble(ensemble), facts(facts), tables(tables), lanes(lanes),
      inputType(cast<FloatType>(ensemble.getInputType())),
      featureMask(tables.compactRecords ? (1u << tables.compactFeatureBits) - 1
                                        : kInfoFeatureMask) {}

Type WalkStepEmitter::withLanes(Type element) {
  return lanes ? Type(VectorType::get({lanes}, element)) : element;
}

Value WalkStepEmitter::i32(int32_t value) {
  Type type = withLanes(b.getI32Type());
  if (!lanes)
    return b.create<arith::ConstantOp>(b.getI32IntegerAttr(value));
  return b.create<arith::ConstantOp>(
      DenseElementsAttr::get(cast<ShapedType>(type), value));
}

Value WalkStepEmitter::real(double value) {
  if (!lanes)
    return b.create<arith::ConstantOp>(b.getFloatAttr(inputType, value));
  auto type = cast<ShapedType>(withLanes(inputType));
  return b.create<arith::ConstantOp>(
      DenseElementsAttr::get(type, b.getFloatAttr(inputType, value)));
}

Value WalkStepEmitter::boolean(bool value) {
  if (!lanes)
    return b.create<arith::ConstantIntOp>(value, 1);
  auto type = cast<ShapedType>(withLanes(b.getI1Type()));
  return b.create<arith::ConstantOp>(DenseElementsAttr::get(type, value));
}

Value WalkStepEmitter::read(Value table, Value index) {
  auto memrefType = cast<MemRefType>(table.getType());
  if (!lanes)
    return b.create<memref::LoadOp>(
        table, ValueRange{isa<IndexType>(index.getType())
                              ? index
                              : b.create<arith::IndexCastUIOp>(b.getIndexType(),
                                                               index)});
  Type element = memrefType.getElementType();
  auto resultType = VectorType::get({lanes}, element);
  Value mask = boolean(true);
  Value passThrough = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(resultType, b.getZeroAttr(element)));
  Value zero = b.create<arith::ConstantIndexOp>(0);
  return b.create<vector::GatherOp>(resultType, table, ValueRange{zero}, index,
                                    mask, passThrough);
}

Value WalkStepEmitter::nodeWord(Value node, int word) {
  Value index = b.create<arith::AddIOp>(
      b.create<arith::MulIOp>(node, i32(kNodeWords)), i32(word));
  return read(tables.nodes, index);
}

Value WalkStepEmitter::auxWord(Value node) {
  if (tables.columnRecords)
    return b.create<arith::AndIOp>(highWord(read(tables.columnRecords, node)),
                                   i32(static_cast<int32_t>(kLeafPayloadMask)));
  if (!tables.compactRecords)
    return nodeWord(node, 1);
  return highWord(read(tables.compactRecords, node));
}

Value WalkStepEmitter::highWord(Value word) {
  Value shift =
      lanes ? Value(b.create<arith::ConstantOp>(DenseElementsAttr::get(
                  cast<ShapedType>(withLanes(b.getI64Type())), int64_t(32))))
            : Value(b.create<arith::ConstantIntOp>(32, 64));
  return b.create<arith::TruncIOp>(withLanes(b.getI32Type()),
                                   b.create<arith::ShRUIOp>(word, shift));
}

Value WalkStepEmitter::loadInput(const Rows &rows, Value feature) {
  if (!lanes)
    return b.create<memref::LoadOp>(
        rows.x, ValueRange{b.create<arith::AddIOp>(
                    rows.rowBase, b.create<arith::IndexCastUIOp>(
                                      b.getIndexType(), feature))});
  return read(rows.x, b.create<arith::AddIOp>(rows.laneOffsets, feature));
}

Value WalkStepEmitter::categoricalGoLeft(Value xValue, Value record,
                                         Value defaultLeft) {
  // Numerical nodes carry other data in the record word; clamp it into the
  // table so the reads stay in bounds. The caller discards their result.
  Value lastRecord = i32(static_cast<int32_t>(facts.categoryDomain.size()) - 1);
  Value safeRecord = b.create<arith::MinSIOp>(
      b.create<arith::MaxSIOp>(record, i32(0)), lastRecord);
  Value domain = read(tables.categoryDomain, safeRecord);
  Value domainF = b.create<arith::SIToFPOp>(withLanes(inputType), domain);
  Value zero = real(0.0);
  Value x = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, xValue, xValue), zero,
      xValue);
  // trunc(x) >= domain iff x >= domain, for x >= 0 and an integral domain.
  Value tooLarge =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OGE, x, domainF);
  bool truncateFirst =
      ensemble.getCategoryCast() == CategoryCast::truncate_then_check;
  // LightGBM casts first (-0.5 is category 0); XGBoost and sklearn reject
  // any negative value.
  Value negative = b.create<arith::CmpFOp>(
      truncateFirst ? arith::CmpFPredicate::OLE : arith::CmpFPredicate::OLT, x,
      real(truncateFirst ? -1.0 : 0.0));
  Value outside = b.create<arith::OrIOp>(tooLarge, negative);
  Value clamped =
      b.create<arith::MinimumFOp>(b.create<arith::MaximumFOp>(x, zero),
                                  b.create<arith::SubFOp>(domainF, real(1.0)));
  Value category =
      b.create<arith::FPToSIOp>(withLanes(b.getI32Type()), clamped);
  Value wordBase = read(tables.categoryWordBase, safeRecord);
  Value word = read(tables.categoryWords,
                    b.create<arith::AddIOp>(
                        wordBase, b.create<arith::ShRUIOp>(category, i32(5))));
  Value bit = b.create<arith::AndIOp>(
      b.create<arith::ShRUIOp>(word,
                               b.create<arith::AndIOp>(category, i32(31))),
      i32(1));
  Value listed = b.create<arith::CmpIOp>(arith::CmpIPredicate::ne, bit, i32(0));
  Value outsideCode = b.create<arith::ExtSIOp>(
      withLanes(b.getI32Type()), read(tables.categoryOutside, safeRecord));
  Value outsideLeft = b.create<arith::SelectOp>(
      b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, outsideCode,
                              i32(static_cast<int>(CategoryOutside::Default))),
      defaultLeft,
      b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, outsideCode,
                              i32(static_cast<int>(CategoryOutside::Left))));
  return b.create<arith::SelectOp>(outside, outsideLeft, listed);
}

Value WalkStepEmitter::snapToZero(Value value) {
  std::optional<APFloat> zt = ensemble.getZeroThreshold();
  if (!zt || zt->isZero())
    return value;
  // LightGBM snaps |x| <= kZeroThreshold to 0 on input.
  Value small = b.create<arith::CmpFOp>(arith::CmpFPredicate::OLE,
                                        b.create<math::AbsFOp>(value),
                                        real(zt->convertToDouble()));
  return b.create<arith::SelectOp>(small, real(0.0), value);
}

Value WalkStepEmitter::goLeftAtNode(Value node, Value info, Value aux,
                                    const Rows &rows) {
  // Float32 models keep the threshold's bits in the aux word.
  return goLeft(
      info, aux,
      [&]() -> Value {
        return inputType.isF32() ? Value(b.create<arith::BitcastOp>(
                                       withLanes(inputType), aux))
                                 : read(tables.threshold, node);
      },
      rows);
}

Value WalkStepEmitter::compactStep(Value node, const Rows &rows) {
  Value record = read(tables.compactRecords, node);
  Value info = b.create<arith::TruncIOp>(withLanes(b.getI32Type()), record);
  Value aux = highWord(record);
  Value left = goLeftAtNode(node, info, aux, rows);
  // The right child's offset sits above the feature; leaves have offset 0,
  // and min(offset, 1) is then also their left step: they stay put.
  int featureBits = tables.compactFeatureBits;
  Value rightOffset = b.create<arith::AndIOp>(
      b.create<arith::ShRUIOp>(info, i32(featureBits)),
      i32(static_cast<int32_t>((1u << (kInfoFlagsShift - featureBits)) - 1)));
  Value leftOffset = b.create<arith::MinUIOp>(rightOffset, i32(1));
  return b.create<arith::AddIOp>(
      node, b.create<arith::SelectOp>(left, leftOffset, rightOffset));
}

Value WalkStepEmitter::columnGoesLeft(Value column, Value threshold,
                                      const Rows &rows) {
  Value x = b.create<memref::LoadOp>(
      rows.x, ValueRange{b.create<arith::AddIOp>(rows.rowBase, column)});
  return b.create<arith::CmpFOp>(facts.anyStrictLess
                                     ? arith::CmpFPredicate::OLT
                                     : arith::CmpFPredicate::OLE,
                                 x, threshold);
}

Value WalkStepEmitter::columnStep(Value node, const Rows &rows) {
  assert(!lanes && "column records serve scalar steps");
  if (tables.columnTreeRecords)
    return columnTreeStep(node, rows);
  Value record = read(tables.columnRecords, node);
  Value word = b.create<arith::TruncIOp>(b.getI32Type(), record);
  Value threshold = b.create<arith::BitcastOp>(inputType, highWord(record));
  int columnBits = tables.columnBits;
  Value column = b.create<arith::AndIOp>(
      word, i32(static_cast<int32_t>((1u << columnBits) - 1)));
  Value rightOffset = b.create<arith::ShRUIOp>(word, i32(columnBits));
  // A leaf's threshold is a NaN: the compare is false and the step adds
  // the leaf's right offset, 0.
  Value left =
      columnGoesLeft(b.create<arith::IndexCastUIOp>(b.getIndexType(), column),
                     threshold, rows);
  Value offset = b.create<arith::SelectOp>(left, i32(1), rightOffset);
  if (isa<IndexType>(node.getType()))
    offset = b.create<arith::IndexCastUIOp>(b.getIndexType(), offset);
  return b.create<arith::AddIOp>(node, offset);
}

Value WalkStepEmitter::columnTreeStep(Value node, const Rows &rows) {
  Value record = read(tables.columnTreeRecords, node);
  Value word = b.create<arith::TruncIOp>(b.getI32Type(), record);
  Value threshold = b.create<arith::BitcastOp>(inputType, highWord(record));
  Value column = b.create<arith::IndexCastUIOp>(
      b.getIndexType(), b.create<arith::TruncIOp>(b.getI16Type(), word));
  Value right = b.create<arith::IndexCastUIOp>(
      b.getIndexType(), b.create<arith::ShRUIOp>(word, i32(16)));
  // A leaf's threshold is a NaN: the compare is false and the step goes to
  // the leaf's right field, itself.
  Value left = columnGoesLeft(column, threshold, rows);
  return b.create<arith::SelectOp>(
      left, b.create<arith::AddIOp>(node, b.create<arith::ConstantIndexOp>(1)),
      right);
}

Value WalkStepEmitter::step(Value node, const Rows &rows) {
  // A computed child is a select; codegen keeps it a conditional move
  // because every scalar select is marked unpredictable before codegen
  // (targets/lib/CodeGen.cpp): as a branch, x86's cmov conversion made it
  // 3.7x slower on a depth-12 forest.
  if (tables.columnRecords)
    return columnStep(node, rows);
  if (tables.compactRecords)
    return compactStep(node, rows);
  Value info, aux;
  if (lanes && tables.nodeInfoAux) {
    // Half the gathered elements: a gather costs about the same per
    // element whatever its width.
    Value pair = read(tables.nodeInfoAux, node);
    info = b.create<arith::TruncIOp>(withLanes(b.getI32Type()), pair);
    aux = highWord(pair);
  } else {
    info = nodeWord(node, 0);
    aux = nodeWord(node, 1);
  }
  Value left = goLeftAtNode(node, info, aux, rows);
  // nodes[4 node + 2 + !goLeft]
  Value goRight = b.create<arith::ExtUIOp>(
      withLanes(b.getI32Type()), b.create<arith::XOrIOp>(left, boolean(true)));
  Value slot =
      b.create<arith::AddIOp>(b.create<arith::MulIOp>(node, i32(kNodeWords)),
                              b.create<arith::AddIOp>(goRight, i32(2)));
  return read(tables.nodes, slot);
}

SmallVector<Value> WalkStepEmitter::walk(ValueRange starts, ArrayRef<Rows> rows,
                                         Value steps) {
  auto loop = b.create<scf::ForOp>(b.create<arith::ConstantIndexOp>(0), steps,
                                   b.create<arith::ConstantIndexOp>(1), starts);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPointToStart(loop.getBody());
  SmallVector<Value> next;
  for (auto [i, node] : llvm::enumerate(loop.getRegionIterArgs()))
    next.push_back(step(node, rows[rows.size() == 1 ? 0 : i]));
  b.create<scf::YieldOp>(next);
  return SmallVector<Value>(loop.getResults());
}

Value WalkStepEmitter::goLeft(Value info, Value aux,
                              llvm::function_ref<Value()> thresholdOf,
                              const Rows &rows) {
  Value feature =
      b.create<arith::AndIOp>(info, i32(static_cast<int32_t>(featureMask)));
  Value threshold = thresholdOf();
  return goLeftOf(info, aux, threshold, loadInput(rows, feature));
}

Value WalkStepEmitter::goLeftOf(Value info, Value aux, Value threshold,
                                Value rawValue) {
  Value value = snapToZero(rawValue);
  Value isNan =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, value, value);
  Value missing = isNan;
  Value flags = b.create<arith::ShRUIOp>(info, i32(kInfoFlagsShift));
  if (facts.anyNanAsZero || facts.anyZeroOrNan) {
    Value kind = b.create<arith::AndIOp>(
        b.create<arith::ShRUIOp>(flags, i32(node_flags::kMissingShift)),
        i32(3));
    Value nanAsZero =
        b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, kind,
                                i32(static_cast<int>(MissingKind::NanAsZero)));
    Value zeroOrNan =
        b.create<arith::CmpIOp>(arith::CmpIPredicate::eq, kind,
                                i32(static_cast<int>(MissingKind::ZeroOrNan)));
    value = b.create<arith::SelectOp>(b.create<arith::AndIOp>(isNan, nanAsZero),
                                      real(0.0), value);
    Value isZero =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, value, real(0.0));
    Value notAsZero = b.create<arith::XOrIOp>(nanAsZero, boolean(true));
    missing =
        b.create<arith::OrIOp>(b.create<arith::AndIOp>(isNan, notAsZero),
                               b.create<arith::AndIOp>(isZero, zeroOrNan));
  }
  Value lessEqual =
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OLE, value, threshold);
  Value compare = lessEqual;
  if (facts.anyStrictLess) {
    Value less =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, value, threshold);
    if (!facts.anyNonStrict) {
      compare = less;
    } else {
      Value strict = b.create<arith::CmpIOp>(
          arith::CmpIPredicate::ne,
          b.create<arith::AndIOp>(flags, i32(node_flags::kStrictLess)), i32(0));
      compare = b.create<arith::SelectOp>(strict, less, lessEqual);
    }
  }
  Value defaultLeft = b.create<arith::CmpIOp>(
      arith::CmpIPredicate::ne,
      b.create<arith::AndIOp>(flags, i32(node_flags::kDefaultLeft)), i32(0));
  Value left = b.create<arith::SelectOp>(missing, defaultLeft, compare);
  if (facts.hasCategorical()) {
    // The categorical bit is the sign bit of the info word.
    Value isCategorical =
        b.create<arith::CmpIOp>(arith::CmpIPredicate::slt, info, i32(0));
    Value categoricalLeft = categoricalGoLeft(rawValue, aux, defaultLeft);
    Value nanCategorical =
        b.create<arith::CmpFOp>(arith::CmpFPredicate::UNO, rawValue, rawValue);
    categoricalLeft =
        b.create<arith::SelectOp>(nanCategorical, defaultLeft, categoricalLeft);
    left = b.create<arith::SelectOp>(isCategorical, categoricalLeft, left);
  }
  return left;
}
