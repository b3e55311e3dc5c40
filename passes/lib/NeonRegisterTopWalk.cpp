//===- NeonRegisterTopWalk.cpp - vector_register_top on AArch64 NEON ------===//
//
// The vector_register_top schedule on a NEON target (no hardware gather, a
// byte table lookup `tbl` over up to four q registers): rows in the 4
// float32 lanes of a q register, `interleave` vectors per tile.
//
// Once per block the rows are copied feature-major (twice, NaN read as
// +infinity and as -infinity, when that is exact: canReadNanAsInfinity).
// Then per tree and tile:
//  - the first C = `compare_levels` levels take no per-lane work at all:
//    every node compares one contiguous vector of its feature with its
//    threshold (fcmgt/fcmge on a q register) and clears the exits of its
//    left subtree in a per-lane QuickScorer bit vector where a lane went
//    right (and + bic); exit e is bit 31 - e, so the exit reached is one
//    `clz` of the bit vector;
//  - the next levels, down to T = `register_levels`, select each lane's
//    node from register images of the level with tbl/tbx
//    (NeonTarget.cpp): a word per node whose value is the node's
//    column in the feature-major copy, and its threshold. A lane's input
//    value is one load from its column (umov, add, ld1 to the lane); the
//    compare and the position update (2k + right) are vector code;
//  - trees no deeper than T end at an exit: its leaf value is one load per
//    lane (a table of the exits' values, float32 when every value is one).
//    Deeper trees (and the leaf kind, vector and linear leaves) map the
//    exit to the node reached, and each lane walks on alone: the tile's
//    rows as `interleave` x 4 independent scalar walks in one loop.
// A leaf above level T fills its subtree with padding nodes whose children
// are all that leaf (buildTopLevelTables), so every row reaches the leaf it
// reaches in a scalar walk; leaves are added in tree order as in every
// strategy, so the raw scores are the same bits. Without the NaN copies
// (zero-as-missing, categorical splits, mixed comparisons, infinite
// thresholds) each level decides through WalkStepEmitter::goLeftOf on the
// node's record words instead.
//
// Rows no tile covers walk scalar, `tree_group` trees at a time, as
// scalar_interleaved walks them.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "NeonTarget.h"
#include "TopLevelTables.h"
#include "WalkStrategy.h"

#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace hardwood;

namespace {

class NeonRegisterTopStrategy : public WalkStrategy {
public:
  void emitBlockPrologue(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                         Value fullRows) override {
    const Images &image = images(kernel);
    featureMajor =
        kernel.emitFeatureMajorBlock(b, fullRows, image.nanAsInfinity);
  }
  void emitTileWalk(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value tree,
                    Value first) override;
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override {
    auto tail = b.create<scf::ForOp>(fullRows, blockSize, cIdx(b, 1));
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(tail.getBody());
    kernel.emitRowTreeGroupWalks(b, tail.getInductionVar());
  }

private:
  /// Per ensemble (every kernel kind shares them).
  struct Images {
    int64_t levels = 0, exits = 0;
    bool nanAsInfinity = false;
    /// Per tree, `exits` words of the top levels breadth first: the
    /// node's column in the feature-major block with NaN copies (feature
    /// plus num_features for the copy that sends NaN left, times
    /// block_rows), else its info word; `aux`: the aux word (threshold).
    SmallVector<int32_t> column, aux;
    /// Per tree, `exits` nodes: where each exit of level T continues.
    SmallVector<int32_t> exit;
    /// Per tree and exit, its leaf value, when every exit is a leaf and
    /// leaves are single values.
    std::optional<SmallVector<double>> exitValues;
    bool exitValuesAreFloat32 = false;
  };
  const Images &images(EnsembleKernel &kernel);

  /// vector<4 x elementType> of `table[base + offsets[lane]]`: one scalar
  /// load per lane (NEON has no gather).
  Value loadLanes(ImplicitLocOpBuilder &b, Value table, Value base,
                  Value offsets, Type elementType);

  Value featureMajor;
  std::optional<Images> cachedImages;
};

} // namespace

const NeonRegisterTopStrategy::Images &
NeonRegisterTopStrategy::images(EnsembleKernel &kernel) {
  if (cachedImages)
    return *cachedImages;
  ScheduleAttr schedule = kernel.getSchedule();
  const EnsembleTables &t = kernel.getTables();
  Images image;
  image.levels = std::max<int64_t>(
      schedule.getRegisterLevels() > 0 ? schedule.getRegisterLevels() : 2,
      schedule.getCompareLevels());
  image.exits = int64_t(1) << image.levels;
  image.nanAsInfinity = canReadNanAsInfinity(kernel);
  TopLevelTables top = buildTopLevelTables(t, image.exits, image.levels);
  int64_t blockRows = schedule.getBlockRows();
  int64_t numFeatures = kernel.getEnsemble().getNumFeatures();
  NanInfinityCopies copies = nanInfinityCopies(t);
  for (int32_t info : top.info) {
    if (!image.nanAsInfinity) {
      image.column.push_back(info);
      continue;
    }
    int64_t feature = uint32_t(info) & kInfoFeatureMask;
    bool defaultLeft =
        (uint32_t(info) >> kInfoFlagsShift) & node_flags::kDefaultLeft;
    image.column.push_back(static_cast<int32_t>(
        (feature + copies.copyOf(defaultLeft) * numFeatures) * blockRows));
  }
  image.aux = std::move(top.aux);
  image.exit = std::move(top.exit);
  // The images of levels below 2 are read as whole q registers: the last
  // tree's reads run past its words.
  image.column.resize(image.column.size() + 4, 0);
  image.aux.resize(image.aux.size() + 4, 0);
  if (t.maxDepth <= image.levels && kernel.getEnsemble().getLeafWidth() == 1 &&
      !t.hasLinear()) {
    SmallVector<double> values;
    bool isFloat32 = true;
    for (int32_t node : image.exit) {
      double value = t.leafValues[t.nodes[kNodeWords * node + 1]];
      values.push_back(value);
      isFloat32 &= double(float(value)) == value;
    }
    image.exitValues = std::move(values);
    image.exitValuesAreFloat32 = isFloat32;
  }
  cachedImages = std::move(image);
  return *cachedImages;
}

Value NeonRegisterTopStrategy::loadLanes(ImplicitLocOpBuilder &b, Value table,
                                         Value base, Value offsets,
                                         Type elementType) {
  int64_t lanes = cast<VectorType>(offsets.getType()).getNumElements();
  auto type = VectorType::get({lanes}, elementType);
  Value result = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(type, b.getZeroAttr(elementType)));
  for (int64_t lane = 0; lane < lanes; ++lane) {
    Value offset = toIndex(
        b, b.create<vector::ExtractOp>(offsets, ArrayRef<int64_t>{lane}));
    Value value = load(b, table, b.create<arith::AddIOp>(base, offset));
    result = b.create<vector::InsertOp>(value, result, ArrayRef<int64_t>{lane});
  }
  return result;
}

void NeonRegisterTopStrategy::emitTileWalk(EnsembleKernel &kernel,
                                           ImplicitLocOpBuilder &b, Value tree,
                                           Value first) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t interleave = schedule.getInterleave();
  int64_t lanes = schedule.getVectorLanes();
  int64_t blockRows = schedule.getBlockRows();
  int64_t compareLevels = schedule.getCompareLevels();
  const Images &image = images(kernel);
  int64_t levels = image.levels, exits = image.exits;
  const EnsembleTables &t = kernel.getTables();

  auto laneType = VectorType::get({lanes}, b.getI32Type());
  auto floatType = VectorType::get({lanes}, b.getF32Type());
  auto maskType = VectorType::get({lanes}, b.getI1Type());
  auto splat = [&](int32_t value) -> Value {
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(laneType, value));
  };
  TableEmitter &tables = kernel.getTableEmitter();
  Value columnTable = tables.i32Table(b, "neon_top_column", image.column);
  Value auxTable = tables.i32Table(b, "neon_top_aux", image.aux);
  Value treeBase = b.create<arith::MulIOp>(tree, cIdx(b, exits));
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  SmallVector<Value> firsts;
  for (int64_t part = 0; part < interleave; ++part)
    firsts.push_back(b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
  // Whether lanes go right at nodes of column/info words `column` and aux
  // words `aux` (scalars broadcast or per-lane vectors), with input `x`
  // read from the feature-major block.
  auto goesRight = [&](Value column, Value aux, Value x) -> Value {
    Value threshold = b.create<arith::BitcastOp>(floatType, aux);
    if (image.nanAsInfinity)
      return b.create<arith::CmpFOp>(t.anyStrictLess
                                         ? arith::CmpFPredicate::OGE
                                         : arith::CmpFPredicate::OGT,
                                     x, threshold);
    return b.create<arith::XOrIOp>(
        walker.goLeftOf(column, aux, threshold, x),
        b.create<arith::ConstantOp>(DenseElementsAttr::get(maskType, true)));
  };
  // The column in the feature-major block (times block_rows) of a node
  // word: stored as such with the NaN copies, else the info word's feature.
  auto columnOf = [&](Value word) -> Value {
    if (image.nanAsInfinity)
      return word;
    bool isVector = isa<VectorType>(word.getType());
    auto constant = [&](int32_t value) -> Value {
      return isVector ? splat(value)
                      : b.create<arith::ConstantIntOp>(value, 32).getResult();
    };
    return b.create<arith::MulIOp>(
        b.create<arith::AndIOp>(
            word, constant(static_cast<int32_t>(kInfoFeatureMask))),
        constant(static_cast<int32_t>(blockRows)));
  };

  // Compare levels: QuickScorer bit vectors, exit e at bit 31 - e.
  SmallVector<Value> position(interleave, splat(0));
  if (compareLevels > 0) {
    int64_t compareExits = int64_t(1) << compareLevels;
    auto bitOf = [](int64_t exit) { return uint32_t(1) << (31 - exit); };
    uint32_t all = 0;
    for (int64_t e = 0; e < compareExits; ++e)
      all |= bitOf(e);
    SmallVector<Value> alive(interleave, splat(static_cast<int32_t>(all)));
    for (int64_t node = 0; node < compareExits - 1; ++node) {
      int64_t level = llvm::Log2_64(node + 1);
      int64_t index = node - ((int64_t(1) << level) - 1);
      int64_t span = int64_t(1) << (compareLevels - level);
      uint32_t leftExits = 0;
      for (int64_t e = index * span; e < index * span + span / 2; ++e)
        leftExits |= bitOf(e);
      Value slot = b.create<arith::AddIOp>(treeBase, cIdx(b, node));
      Value column = load(b, columnTable, slot);
      Value aux = load(b, auxTable, slot);
      Value columnStart = toIndex(b, columnOf(column));
      Value columnVector = b.create<vector::BroadcastOp>(laneType, column);
      Value auxVector = b.create<vector::BroadcastOp>(laneType, aux);
      Value keep = splat(static_cast<int32_t>(~leftExits));
      for (int64_t part = 0; part < interleave; ++part) {
        Value x = b.create<vector::LoadOp>(
            floatType, featureMajor,
            ValueRange{b.create<arith::AddIOp>(columnStart, firsts[part])});
        Value right = b.create<arith::ExtSIOp>(
            laneType, goesRight(columnVector, auxVector, x));
        // alive &= keep | ~right: orn + and.
        alive[part] = b.create<arith::AndIOp>(
            alive[part], b.create<arith::OrIOp>(
                             keep, b.create<arith::XOrIOp>(right, splat(-1))));
      }
    }
    for (int64_t part = 0; part < interleave; ++part)
      position[part] = b.create<math::CountLeadingZerosOp>(alive[part]);
  }

  // Register levels: each level's image selected with tbl/tbx, positions
  // within the level (k -> 2k + right).
  TargetAttr target = TargetAttr::lookup(kernel.getModule());
  for (int64_t level = compareLevels; level < levels; ++level) {
    int64_t width = std::max<int64_t>(int64_t(1) << level, lanes);
    auto imageType = VectorType::get({width}, b.getI32Type());
    Value imageBase =
        b.create<arith::AddIOp>(treeBase, cIdx(b, (int64_t(1) << level) - 1));
    Value columnImage =
        b.create<vector::LoadOp>(imageType, columnTable, ValueRange{imageBase});
    Value auxImage =
        b.create<vector::LoadOp>(imageType, auxTable, ValueRange{imageBase});
    for (int64_t part = 0; part < interleave; ++part) {
      Value column, aux;
      if (level == 0) {
        column = b.create<vector::BroadcastOp>(
            laneType,
            b.create<vector::ExtractOp>(columnImage, ArrayRef<int64_t>{0}));
        aux = b.create<vector::BroadcastOp>(
            laneType,
            b.create<vector::ExtractOp>(auxImage, ArrayRef<int64_t>{0}));
      } else {
        column = emitNeonTablePermute(b, target, columnImage, position[part]);
        aux = emitNeonTablePermute(b, target, auxImage, position[part]);
        assert(column && aux && "images fit tbl");
      }
      // Each lane's value: its column plus its row (the vector's offset in
      // the tile folded into the lanes' offsets, so each lane's address is
      // one add).
      SmallVector<int32_t> rowIds;
      for (int64_t lane = 0; lane < lanes; ++lane)
        rowIds.push_back(static_cast<int32_t>(part * lanes + lane));
      Value offsets = b.create<arith::AddIOp>(
          columnOf(column), b.create<arith::ConstantOp>(DenseElementsAttr::get(
                                laneType, ArrayRef<int32_t>(rowIds))));
      Value x = loadLanes(b, featureMajor, first, offsets, b.getF32Type());
      Value right =
          b.create<arith::ExtUIOp>(laneType, goesRight(column, aux, x));
      position[part] = b.create<arith::AddIOp>(
          b.create<arith::ShLIOp>(position[part], splat(1)), right);
    }
  }

  // The exits: leaf values, or the nodes the walk continues from.
  Value treeExits = b.create<arith::MulIOp>(tree, cIdx(b, exits));
  if (image.exitValues && kernel.getKind() != HW_KIND_LEAF) {
    FloatType element = image.exitValuesAreFloat32 ? FloatType(b.getF32Type())
                                                   : FloatType(b.getF64Type());
    Value table =
        tables.floatTable(b, "neon_exit_value", element, *image.exitValues);
    for (int64_t part = 0; part < interleave; ++part) {
      Value values = loadLanes(b, table, treeExits, position[part], element);
      if (element.isF32())
        values = b.create<arith::ExtFOp>(
            VectorType::get({lanes}, b.getF64Type()), values);
      kernel.emitVectorValueUpdates(b, tree, values, firsts[part]);
    }
    return;
  }
  // Below the register levels each lane walks on alone: NEON has no
  // gather, and a 4-lane step would load its three table words and input
  // lane by lane (llvm-mca, neoverse-n1: 8.8 cycles per row and step
  // against about 3.9 for independent scalar walks). The tile's rows walk
  // as `interleave` x 4 independent scalar chains in one loop.
  Value exitTable = tables.i32Table(b, "neon_top_exit", image.exit);
  Value depth = kernel.loadDepth(b, tree);
  Value rest = b.create<arith::MaxSIOp>(
      b.create<arith::SubIOp>(depth, cIdx(b, levels)), cIdx(b, 0));
  SmallVector<WalkStepEmitter::Rows> rows =
      kernel.vectorRows(b, first, schedule.getTileRows(), lanes);
  SmallVector<Value> starts;
  SmallVector<WalkStepEmitter::Rows> laneRows;
  for (int64_t part = 0; part < interleave; ++part)
    for (int64_t lane = 0; lane < lanes; ++lane) {
      Value exit = toIndex(b, b.create<vector::ExtractOp>(
                                  position[part], ArrayRef<int64_t>{lane}));
      starts.push_back(
          load(b, exitTable, b.create<arith::AddIOp>(treeExits, exit)));
      Value rowBase =
          toIndex(b, b.create<vector::ExtractOp>(rows[part].laneOffsets,
                                                 ArrayRef<int64_t>{lane}));
      laneRows.push_back({rows[part].x, rowBase, Value()});
    }
  SmallVector<Value> leaves = scalarWalker.walk(starts, laneRows, rest);
  for (int64_t part = 0; part < interleave; ++part)
    for (int64_t lane = 0; lane < lanes; ++lane)
      kernel.emitLeafUpdate(
          b, scalarWalker, tree,
          b.create<arith::AddIOp>(firsts[part], cIdx(b, lane)),
          leaves[part * lanes + lane], Value());
}

std::unique_ptr<WalkStrategy> hardwood::createNeonRegisterTopStrategy() {
  return std::make_unique<NeonRegisterTopStrategy>();
}
