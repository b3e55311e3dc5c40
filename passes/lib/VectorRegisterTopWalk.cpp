//===- VectorRegisterTopWalk.cpp - Top tree levels held in registers ------===//
//
// As vector_gather, but the top T = `register_levels` levels of each tree
// are held in registers: level l is an image of its 2^l nodes' info and
// aux words (breadth first), loaded once per tree and tile and selected
// per lane with permutes (vpermd, vpermi2d, blends for wider images). A
// step there reads only the input value: no node or child gathers.
// Position k goes to 2k + 1 + !goLeft.
//
// The first C = `compare_levels` levels take no gather at all: the block
// is copied feature-major once, each node of those levels compares one
// contiguous vector of its feature with its threshold, and a per-lane
// QuickScorer bit vector of the 2^C exits (a node gone right rules out
// its left subtree's) leaves the reached exit as its lowest set bit.
//
// After T levels, trees that end there add the exit's leaf value (one
// gather); otherwise one gather maps the position to the sparse node
// reached and the walk continues as vector_gather does. A leaf above level
// T fills its subtree with padding nodes whose children are all that leaf,
// so every path ends where the original walk ends (same leaf, same bits).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "TopLevelTables.h"
#include "WalkStrategy.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cmath>
#include <numeric>

using namespace mlir;
using namespace hardwood;

TopLevelTables hardwood::buildTopLevelTables(const EnsembleTables &t,
                                             int64_t width, int64_t levels) {
  TopLevelTables top;
  int64_t internal = (int64_t(1) << levels) - 1;
  for (int32_t root : t.root) {
    SmallVector<int32_t> position(2 * internal + 1, 0);
    position[0] = root;
    for (int64_t k = 0; k < width; ++k) {
      int32_t node = k < internal ? position[k] : 0;
      int32_t left = t.nodes[kNodeWords * node + 2];
      int32_t right = t.nodes[kNodeWords * node + 3];
      bool leaf = left == node;
      bool real = k < internal && !leaf;
      top.info.push_back(real ? t.nodes[kNodeWords * node] : 0);
      top.aux.push_back(real ? t.nodes[kNodeWords * node + 1] : 0);
      if (k < internal) {
        // A leaf's subtree: both sides stay at the leaf.
        position[2 * k + 1] = left;
        position[2 * k + 2] = right;
      }
    }
    top.exit.append(position.begin() + internal, position.end());
  }
  return top;
}

/// Whether the compare levels may decide each node with one ordered
/// compare, reading NaN as +infinity where it goes right and -infinity
/// where it goes left (node_flags::kDefaultLeft picks the copy). Exact when
/// NaN is the only missing value, every threshold is finite (then
/// -inf < t < +inf and -inf <= t <= +inf, so the copy sends NaN the
/// default way and no other value changes) and all splits compare alike.
bool hardwood::canReadNanAsInfinity(EnsembleKernel &kernel) {
  const EnsembleTables &t = kernel.getTables();
  std::optional<APFloat> zeroThreshold =
      kernel.getEnsemble().getZeroThreshold();
  if (t.hasCategorical() || t.anyNanAsZero || t.anyZeroOrNan ||
      (zeroThreshold && !zeroThreshold->isZero()) ||
      (t.anyStrictLess && t.anyNonStrict))
    return false;
  for (size_t node = 0; node < t.numNodes(); ++node) {
    bool leaf = t.nodes[kNodeWords * node + 2] == int32_t(node);
    if (!leaf &&
        !std::isfinite(llvm::bit_cast<float>(t.nodes[kNodeWords * node + 1])))
      return false;
  }
  return true;
}

namespace {
/// The leaf value each exit of the register levels reaches, per tree.
struct ExitValues {
  SmallVector<double> values;
  bool isFloat32 = false;
};
} // namespace

/// The values of each exit's leaf, exit e's leaf width W values at e * W,
/// when every exit is a leaf (`allExitsAreLeaves`) and leaves are not
/// linear; none otherwise. Per model: exitValueTable() decides per kernel
/// whether it adds them.
static std::optional<ExitValues> exitValues(EnsembleKernel &kernel,
                                            const TopLevelTables &top,
                                            bool allExitsAreLeaves) {
  const EnsembleTables &t = kernel.getTables();
  int64_t width = kernel.getEnsemble().getLeafWidth();
  if (!allExitsAreLeaves || t.hasLinear())
    return std::nullopt;
  ExitValues result;
  result.isFloat32 = true;
  for (int32_t node : top.exit) {
    int32_t offset = t.nodes[kNodeWords * node + 1];
    for (int64_t k = 0; k < width; ++k) {
      double value = t.leafValues[offset + k];
      result.values.push_back(value);
      result.isFloat32 &= double(float(value)) == value;
    }
  }
  return result;
}

namespace {

class VectorRegisterTopStrategy : public WalkStrategy {
public:
  explicit VectorRegisterTopStrategy(int64_t imageLevels = 0)
      : imageLevels(imageLevels) {}
  void emitBlockPrologue(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                         Value fullRows) override {
    featureMajor = Value();
    if (kernel.getSchedule().getCompareLevels() == 0)
      return;
    nanAsInfinity = canReadNanAsInfinity(kernel);
    featureMajor = kernel.emitFeatureMajorBlock(b, fullRows, nanAsInfinity);
  }
  void emitTileWalk(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value tree,
                    Value first) override;
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override;

private:
  /// The register images and exit tables of the model, built once per
  /// ensemble (every kernel kind shares them).
  struct Images {
    int64_t levels = 0, exits = 0;
    TopLevelTables top;
    std::optional<ExitValues> exitValues;
  };
  const Images &images(EnsembleKernel &kernel);
  /// The exit-value table (when every exit is a leaf value) or null.
  Value exitValueTable(EnsembleKernel &kernel, ImplicitLocOpBuilder &b);

  /// Walks every tree for block row `row` with `vector_lanes` trees in the
  /// lanes of a vector, through the register images: two gathers of node
  /// words per level and the input value from registers (AVX-512, up to 32
  /// features) instead of a third gather.
  void emitRowTreeLaneWalks(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                            Value row);

  /// `table[index]` per lane: one permute instruction where the target has
  /// one for this width, else an extract/insert chain LLVM may match.
  Value permute(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value table,
                Value index);

  /// The positions each vector of the tile reaches after the first
  /// `compare_levels` levels, decided by contiguous compares.
  SmallVector<Value> emitCompareLevels(EnsembleKernel &kernel,
                                       ImplicitLocOpBuilder &b,
                                       WalkStepEmitter &walker, Value topInfo,
                                       Value topAux, Value topColumn,
                                       Value registerBase, Value first);

  std::unique_ptr<WalkStrategy> remainder = createVectorGatherStrategy();
  /// The current block, feature-major (compare_levels > 0).
  Value featureMajor;
  /// Whether it holds the two copies with NaN read as +-infinity.
  bool nanAsInfinity = false;
  std::optional<Images> cachedImages;
  /// Levels of the register images when given (another strategy's
  /// remainder); else from the schedule.
  int64_t imageLevels = 0;
};

} // namespace

Value VectorRegisterTopStrategy::permute(EnsembleKernel &kernel,
                                         ImplicitLocOpBuilder &b, Value table,
                                         Value index) {
  auto type = cast<VectorType>(index.getType());
  int64_t lanes = type.getNumElements();
  int64_t width = cast<VectorType>(table.getType()).getNumElements();
  TargetAttr target = TargetAttr::lookup(kernel.getModule());
  bool x86 =
      target && StringRef(target.getTriple().getValue()).starts_with("x86_64");
  bool avx512 = x86 && lanes == 16 && target.getVectorBits() >= 512;
  auto call = [&](StringRef intrinsic, ValueRange args) -> Value {
    return b
        .create<LLVM::CallIntrinsicOp>(type, b.getStringAttr(intrinsic), args)
        .getResult(0);
  };
  if (avx512 && width == 16)
    return call("llvm.x86.avx512.permvar.si.512", {table, index});
  if (avx512 && width == 32) {
    // vpermi2d: index bit 4 picks the register, bits 0-3 the lane.
    Value low = b.create<vector::ExtractStridedSliceOp>(
        table, ArrayRef<int64_t>{0}, ArrayRef<int64_t>{16},
        ArrayRef<int64_t>{1});
    Value high = b.create<vector::ExtractStridedSliceOp>(
        table, ArrayRef<int64_t>{16}, ArrayRef<int64_t>{16},
        ArrayRef<int64_t>{1});
    return call("llvm.x86.avx512.vpermi2var.d.512", {low, index, high});
  }
  bool avx2 =
      x86 && lanes == 8 && target.getVectorBits() >= 256 && target.hasGather();
  if (avx2 && width == 8)
    return call("llvm.x86.avx2.permd", {table, index});
  // Wider images: permute each register-sized chunk (the instructions read
  // only the index bits below the chunk size), then select between chunks
  // on the higher bits.
  int64_t chunk = avx512 ? 32 : avx2 ? 8 : 0;
  if (chunk && width > chunk && width % chunk == 0) {
    SmallVector<Value> picked;
    for (int64_t start = 0; start < width; start += chunk)
      picked.push_back(
          permute(kernel, b,
                  b.create<vector::ExtractStridedSliceOp>(
                      table, ArrayRef<int64_t>{start}, ArrayRef<int64_t>{chunk},
                      ArrayRef<int64_t>{1}),
                  index));
    for (int64_t bit = chunk; picked.size() > 1; bit *= 2) {
      Value high = b.create<arith::CmpIOp>(
          arith::CmpIPredicate::ne,
          b.create<arith::AndIOp>(
              index, b.create<arith::ConstantOp>(DenseElementsAttr::get(
                         type, static_cast<int32_t>(bit)))),
          b.create<arith::ConstantOp>(DenseElementsAttr::get(type, 0)));
      SmallVector<Value> merged;
      for (size_t i = 0; i < picked.size(); i += 2)
        merged.push_back(
            b.create<arith::SelectOp>(high, picked[i + 1], picked[i]));
      picked = std::move(merged);
    }
    return picked.front();
  }
  Value result = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(type, b.getI32IntegerAttr(0)));
  for (int64_t lane = 0; lane < lanes; ++lane) {
    Value at = b.create<vector::ExtractOp>(index, ArrayRef<int64_t>{lane});
    Value element = b.create<vector::ExtractElementOp>(table, at);
    result =
        b.create<vector::InsertOp>(element, result, ArrayRef<int64_t>{lane});
  }
  return result;
}

SmallVector<Value> VectorRegisterTopStrategy::emitCompareLevels(
    EnsembleKernel &kernel, ImplicitLocOpBuilder &b, WalkStepEmitter &walker,
    Value topInfo, Value topAux, Value topColumn, Value registerBase,
    Value first) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t levels = schedule.getCompareLevels();
  int64_t lanes = schedule.getVectorLanes();
  int64_t interleave = schedule.getInterleave();
  int64_t exits = int64_t(1) << levels;
  auto laneType = VectorType::get({lanes}, b.getI32Type());
  auto floatType = VectorType::get({lanes}, b.getF32Type());
  auto splat = [&](int32_t value) -> Value {
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(laneType, value));
  };
  // QuickScorer per lane: bit e of `alive` is exit e of level `levels`
  // (left to right); a node a row leaves to the right rules out the exits
  // of its left subtree, and the leftmost exit left is where the walk is.
  // Every node is evaluated, each on one contiguous vector of its feature:
  // no gathers, and no chain of dependent steps.
  int32_t allExits = static_cast<int32_t>((uint32_t(1) << exits) - 1);
  SmallVector<Value> alive(interleave, splat(allExits));
  for (int64_t node = 0; node < exits - 1; ++node) {
    int64_t level = llvm::Log2_64(node + 1);
    int64_t index = node - ((int64_t(1) << level) - 1);
    int64_t span = int64_t(1) << (levels - level);
    uint32_t leftExits = ((uint32_t(1) << (span / 2)) - 1) << (index * span);
    Value keep = splat(static_cast<int32_t>(~leftExits & uint32_t(allExits)));
    Value slot = b.create<arith::AddIOp>(registerBase, cIdx(b, node));
    Value info = load(b, topInfo, slot);
    Value aux = load(b, topAux, slot);
    Value column =
        b.create<arith::AddIOp>(toIndex(b, load(b, topColumn, slot)), first);
    Value infoVector = b.create<vector::BroadcastOp>(laneType, info);
    Value auxVector = b.create<vector::BroadcastOp>(laneType, aux);
    Value threshold = b.create<arith::BitcastOp>(floatType, auxVector);
    for (int64_t part = 0; part < interleave; ++part) {
      Value x = b.create<vector::LoadOp>(
          floatType, featureMajor,
          ValueRange{b.create<arith::AddIOp>(column, cIdx(b, part * lanes))});
      Value right;
      if (nanAsInfinity)
        right = b.create<arith::CmpFOp>(kernel.getTables().anyStrictLess
                                            ? arith::CmpFPredicate::OGE
                                            : arith::CmpFPredicate::OGT,
                                        x, threshold);
      else
        right = b.create<arith::XOrIOp>(
            walker.goLeftOf(infoVector, auxVector, threshold, x),
            b.create<arith::ConstantOp>(DenseElementsAttr::get(
                VectorType::get({lanes}, b.getI1Type()), true)));
      alive[part] = b.create<arith::SelectOp>(
          right, b.create<arith::AndIOp>(alive[part], keep), alive[part]);
    }
  }
  SmallVector<Value> position;
  for (int64_t part = 0; part < interleave; ++part)
    position.push_back(b.create<arith::AddIOp>(
        b.create<math::CountTrailingZerosOp>(alive[part]), splat(exits - 1)));
  return position;
}

void VectorRegisterTopStrategy::emitTileWalk(EnsembleKernel &kernel,
                                             ImplicitLocOpBuilder &b,
                                             Value tree, Value first) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t interleave = schedule.getInterleave();
  int64_t lanes = schedule.getVectorLanes();
  auto laneType = VectorType::get({lanes}, b.getI32Type());

  const Images &image = images(kernel);
  int64_t levels = image.levels, exits = image.exits;
  const TopLevelTables &top = image.top;
  TableEmitter &tables = kernel.getTableEmitter();
  Value topInfo = tables.i32Table(b, "top_info", top.info);
  Value topAux = tables.i32Table(b, "top_aux", top.aux);

  Value zero = cIdx(b, 0);
  Value registerBase = b.create<arith::MulIOp>(tree, cIdx(b, exits));
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);
  SmallVector<WalkStepEmitter::Rows> rows =
      kernel.vectorRows(b, first, schedule.getTileRows(), lanes);
  auto splat = [&](int32_t value) -> Value {
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(laneType, value));
  };
  auto floatType = VectorType::get({lanes}, b.getF32Type());

  // Each node's column in the block's feature-major copies (offset
  // (copy * numFeatures + feature) * block_rows, the copy that sends NaN the
  // node's default way). Over NaN-as-infinity copies the levels below the
  // compare levels read them too: a level is then one gather and one
  // ordered compare, with no NaN test and no feature decode.
  Value topColumn;
  bool overCopies = featureMajor && nanAsInfinity;
  SmallVector<Value> copyRows;
  if (featureMajor) {
    int64_t numFeatures = kernel.getEnsemble().getNumFeatures();
    int64_t blockRows = schedule.getBlockRows();
    SmallVector<int32_t> columns;
    columns.reserve(top.info.size());
    NanInfinityCopies copies = nanInfinityCopies(kernel.getTables());
    for (int32_t info : top.info) {
      uint32_t word = static_cast<uint32_t>(info);
      bool defaultLeft =
          (word >> kInfoFlagsShift) & uint32_t(node_flags::kDefaultLeft);
      int64_t copy = nanAsInfinity ? copies.copyOf(defaultLeft) : 0;
      columns.push_back(static_cast<int32_t>(
          (copy * numFeatures + (word & kInfoFeatureMask)) * blockRows));
    }
    topColumn = tables.i32Table(b, "top_column", columns);
  }
  if (overCopies) {
    SmallVector<int32_t> iota(lanes);
    std::iota(iota.begin(), iota.end(), 0);
    Value laneIds = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(laneType, ArrayRef<int32_t>(iota)));
    for (int64_t part = 0; part < interleave; ++part)
      copyRows.push_back(b.create<arith::AddIOp>(
          b.create<vector::BroadcastOp>(
              laneType, b.create<arith::IndexCastOp>(
                            b.getI32Type(), b.create<arith::AddIOp>(
                                                first, cIdx(b, part * lanes)))),
          laneIds));
  }

  // The top levels, unrolled: positions in registers, only x gathered. At
  // level 0 every lane is at the root: a broadcast instead of a permute.
  int64_t compareLevels = schedule.getCompareLevels();
  SmallVector<Value> position =
      compareLevels > 0 ? emitCompareLevels(kernel, b, walker, topInfo, topAux,
                                            topColumn, registerBase, first)
                        : SmallVector<Value>(interleave, splat(0));
  for (int64_t level = compareLevels; level < levels; ++level) {
    int64_t levelStart = (int64_t(1) << level) - 1;
    int64_t width = std::max(int64_t(1) << level, lanes);
    auto imageType = VectorType::get({width}, b.getI32Type());
    Value imageBase =
        b.create<arith::AddIOp>(registerBase, cIdx(b, levelStart));
    // Over the copies the columns replace the info words.
    Value infoImage = overCopies
                          ? Value()
                          : b.create<vector::LoadOp>(imageType, topInfo,
                                                     ValueRange{imageBase});
    Value auxImage =
        b.create<vector::LoadOp>(imageType, topAux, ValueRange{imageBase});
    Value columnImage = overCopies
                            ? b.create<vector::LoadOp>(imageType, topColumn,
                                                       ValueRange{imageBase})
                            : Value();
    for (int64_t part = 0; part < interleave; ++part) {
      // The node's word of each lane from `image`.
      auto pick = [&](Value image) -> Value {
        if (level == 0)
          return b.create<vector::BroadcastOp>(
              laneType,
              b.create<vector::ExtractOp>(image, ArrayRef<int64_t>{0}));
        return permute(
            kernel, b, image,
            b.create<arith::SubIOp>(position[part], splat(levelStart)));
      };
      Value aux = pick(auxImage);
      Value threshold = b.create<arith::BitcastOp>(floatType, aux);
      Value goesRight;
      if (overCopies) {
        Value x = b.create<vector::GatherOp>(
            floatType, featureMajor, ValueRange{zero},
            b.create<arith::AddIOp>(pick(columnImage), copyRows[part]),
            b.create<arith::ConstantOp>(DenseElementsAttr::get(
                VectorType::get({lanes}, b.getI1Type()), true)),
            b.create<arith::ConstantOp>(
                DenseElementsAttr::get(floatType, b.getF32FloatAttr(0.0f))));
        goesRight = b.create<arith::CmpFOp>(kernel.getTables().anyStrictLess
                                                ? arith::CmpFPredicate::OGE
                                                : arith::CmpFPredicate::OGT,
                                            x, threshold);
      } else {
        Value left = walker.goLeft(
            pick(infoImage), aux, [&]() -> Value { return threshold; },
            rows[part]);
        goesRight = b.create<arith::XOrIOp>(
            left, b.create<arith::ConstantOp>(DenseElementsAttr::get(
                      VectorType::get({lanes}, b.getI1Type()), true)));
      }
      Value right = b.create<arith::ExtUIOp>(laneType, goesRight);
      // k -> 2k + 1 + !goLeft
      position[part] = b.create<arith::AddIOp>(
          b.create<arith::AddIOp>(
              b.create<arith::ShLIOp>(position[part], splat(1)), splat(1)),
          right);
    }
  }

  Value treeExits = b.create<vector::BroadcastOp>(
      laneType,
      b.create<arith::IndexCastOp>(
          b.getI32Type(), b.create<arith::MulIOp>(tree, cIdx(b, exits))));
  Value mask = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(VectorType::get({lanes}, b.getI1Type()), true));
  SmallVector<Value> slots;
  for (int64_t part = 0; part < interleave; ++part)
    slots.push_back(b.create<arith::AddIOp>(
        treeExits, b.create<arith::SubIOp>(position[part], splat(exits - 1))));

  // Trees no deeper than the register levels end at an exit: one gather of
  // the exit's leaf value (or K values), from float32 when every value is
  // one.
  if (Value table = exitValueTable(kernel, b)) {
    if (int64_t width = kernel.getEnsemble().getLeafWidth(); width > 1) {
      for (int64_t part = 0; part < interleave; ++part)
        kernel.emitVectorLeafRowAdds(
            b, table, b.create<arith::MulIOp>(slots[part], splat(width)),
            b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
      return;
    }
    Type element = cast<MemRefType>(table.getType()).getElementType();
    bool isFloat32 = element.isF32();
    auto valueType = VectorType::get({lanes}, element);
    Value passThrough = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(valueType, b.getFloatAttr(element, 0.0)));
    for (int64_t part = 0; part < interleave; ++part) {
      Value leafValues = b.create<vector::GatherOp>(
          valueType, table, ValueRange{zero}, slots[part], mask, passThrough);
      if (isFloat32)
        leafValues = b.create<arith::ExtFOp>(
            VectorType::get({lanes}, b.getF64Type()), leafValues);
      kernel.emitVectorValueUpdates(
          b, tree, leafValues,
          b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
    }
    return;
  }

  // Exit to the node table, then the rest of the tree as vector_gather.
  Value topExit = tables.i32Table(b, "top_exit", top.exit);
  SmallVector<Value> starts;
  for (int64_t part = 0; part < interleave; ++part)
    starts.push_back(b.create<vector::GatherOp>(
        laneType, topExit, ValueRange{zero}, slots[part], mask, splat(0)));
  Value depth = kernel.loadDepth(b, tree);
  Value restDepth = b.create<arith::MaxSIOp>(
      b.create<arith::SubIOp>(depth, cIdx(b, levels)), zero);
  if (int64_t lockstep = schedule.getScalarBelow()) {
    kernel.emitScalarWalksFrom(b, tree, first, starts, restDepth, lockstep,
                               featureMajor && nanAsInfinity ? featureMajor
                                                             : Value());
    return;
  }
  SmallVector<Value> leaves = walker.walk(starts, rows, restDepth);
  for (int64_t part = 0; part < interleave; ++part)
    kernel.emitVectorLeafUpdates(
        b, walker, scalarWalker, tree, leaves[part],
        b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
}

const VectorRegisterTopStrategy::Images &
VectorRegisterTopStrategy::images(EnsembleKernel &kernel) {
  if (cachedImages)
    return *cachedImages;
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t lanes = schedule.getVectorLanes();
  Images image;
  image.levels = imageLevels > 0 ? imageLevels
                                 : std::max(schedule.getRegisterLevels() > 0
                                                ? schedule.getRegisterLevels()
                                                : int64_t(llvm::Log2_64(lanes)),
                                            schedule.getCompareLevels());
  image.exits = int64_t(1) << image.levels;
  // Per tree, the breadth-first words of the top levels; level l's image
  // is the 2^l words from 2^l - 1 (at least a vector's worth: the last
  // tree's images read into the padding).
  image.top =
      buildTopLevelTables(kernel.getTables(), image.exits, image.levels);
  int64_t padding = std::max(image.exits / 2, lanes);
  image.top.info.resize(image.top.info.size() + padding, 0);
  image.top.aux.resize(image.top.aux.size() + padding, 0);
  image.exitValues = exitValues(kernel, image.top,
                                kernel.getTables().maxDepth <= image.levels);
  cachedImages = std::move(image);
  return *cachedImages;
}

Value VectorRegisterTopStrategy::exitValueTable(EnsembleKernel &kernel,
                                                ImplicitLocOpBuilder &b) {
  const Images &image = images(kernel);
  // The kernel adds single leaf values, or vector leaves of K values
  // gathered for a vector of rows at once (addsVectorLeafRows); the leaf
  // kind needs the leaf node, and so do wider vector leaves. Without the
  // table a binary forest of depth 6 (two class fractions per leaf)
  // gathered each exit's leaf node, then its record, then the values: 36
  // gathers per tree and 64-row tile instead of 24, 385 against 221 ns/row
  // for the same forest as a regressor (100 trees, 28 features, AMD EPYC
  // znver4).
  if (!image.exitValues || kernel.getKind() == HW_KIND_LEAF ||
      (kernel.getEnsemble().getLeafWidth() > 1 &&
       !kernel.addsVectorLeafRows(kernel.getSchedule().getVectorLanes())))
    return Value();
  return kernel.getTableEmitter().floatTable(
      b, "top_exit_value",
      image.exitValues->isFloat32 ? b.getF32Type() : b.getF64Type(),
      image.exitValues->values);
}

void VectorRegisterTopStrategy::emitRemainder(EnsembleKernel &kernel,
                                              ImplicitLocOpBuilder &b,
                                              Value fullRows, Value blockSize) {
  // Whole vectors of the rows left walk as vector_gather walks them (trees
  // in lockstep, rows in the lanes); single rows, batch 1 among them, walk
  // with trees in the lanes through the register images.
  Value tailStart = kernel.emitWholeVectorsEnd(b, fullRows, blockSize);
  remainder->emitRemainder(kernel, b, fullRows, tailStart);
  auto tail = b.create<scf::ForOp>(tailStart, blockSize, cIdx(b, 1));
  OpBuilder::InsertionGuard tailGuard(b);
  b.setInsertionPointToStart(tail.getBody());
  emitRowTreeLaneWalks(kernel, b, tail.getInductionVar());
}

void VectorRegisterTopStrategy::emitRowTreeLaneWalks(EnsembleKernel &kernel,
                                                     ImplicitLocOpBuilder &b,
                                                     Value row) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t lanes = schedule.getVectorLanes();
  int64_t numTrees = kernel.getNumTrees();
  int64_t groups = numTrees / lanes;
  // On AVX-512 a row of up to 32 features is two registers, and a lane's
  // input value one permute (vpermps / vpermi2ps) instead of a gather.
  TargetAttr target = TargetAttr::lookup(kernel.getModule());
  int64_t numFeatures = kernel.getEnsemble().getNumFeatures();
  // Trees in the lanes pay where the row sits in registers and the trees
  // are shallow (canWalkRowTreeLanes; and the schedule's row_walk keeps
  // them: the cost model takes chains on CPUs where they measured faster
  // even then); otherwise `tree_group` scalar walks of the row are faster.
  // Batch 1, one thread, znver5, the same libraries but for this walk
  // (ns/row, tree lanes against scalar): XGBoost 100 x 6 (28 features)
  // 821-841 against 1,022-1,042 and sklearn GradientBoosting (depth 3, 8
  // features) 501 against 531 stay in the lanes; XGBoost 500 x 8 (13
  // features) 5,618-5,818 against 4,597-4,677, XGBoost 1000 x 8 (90
  // features) 15,724-16,685 against 12,238-12,879, RandomForest depth 12
  // 1,483-1,522 against 1,352-1,402 and unlimited 4,557-4,758 against
  // 3,656-3,876 go scalar.
  int64_t maxDepth = *std::max_element(kernel.getTables().depth.begin(),
                                       kernel.getTables().depth.end());
  bool rowInRegisters =
      canWalkRowTreeLanes(target, lanes, numFeatures, maxDepth, numTrees);
  if (!rowInRegisters || schedule.getRowWalk() == RowWalk::chains) {
    kernel.emitRowTreeGroupWalks(b, row);
    return;
  }
  const Images &image = images(kernel);
  TableEmitter &tables = kernel.getTableEmitter();
  Value topInfo = tables.i32Table(b, "top_info", image.top.info);
  Value topAux = tables.i32Table(b, "top_aux", image.top.aux);
  Value valueTable = exitValueTable(kernel, b);
  Value zero = cIdx(b, 0), one = cIdx(b, 1);
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter::Rows rows = kernel.rowForTreeLanes(b, row, lanes);
  auto laneType = VectorType::get({lanes}, b.getI32Type());
  auto floatType = VectorType::get({lanes}, b.getF32Type());
  auto maskType = VectorType::get({lanes}, b.getI1Type());
  auto splat = [&](int32_t value) -> Value {
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(laneType, value));
  };
  Value allLanes =
      b.create<arith::ConstantOp>(DenseElementsAttr::get(maskType, true));

  // The row in one or two registers (canWalkRowTreeLanes: at most 32
  // features): each lane's input value is a permute of them.
  auto readPart = [&](int64_t from) -> Value {
    SmallVector<bool> inRow;
    for (int64_t lane = 0; lane < lanes; ++lane)
      inRow.push_back(from + lane < numFeatures);
    Value mask = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(maskType, ArrayRef<bool>(inRow)));
    Value padding = b.create<arith::ConstantOp>(
        DenseElementsAttr::get(floatType, b.getF32FloatAttr(0.0f)));
    return b.create<vector::MaskedLoadOp>(
        floatType, rows.x, ValueRange{cIdx(b, from)}, mask, padding);
  };
  Value rowLow = readPart(0);
  Value rowHigh = numFeatures > 16 ? readPart(16) : Value();
  auto readInput = [&](Value feature) -> Value {
    if (!rowHigh)
      return b
          .create<LLVM::CallIntrinsicOp>(
              floatType, b.getStringAttr("llvm.x86.avx512.permvar.sf.512"),
              ValueRange{rowLow, feature})
          .getResult(0);
    return b
        .create<LLVM::CallIntrinsicOp>(
            floatType, b.getStringAttr("llvm.x86.avx512.vpermi2var.ps.512"),
            ValueRange{rowLow, feature, rowHigh})
        .getResult(0);
  };

  SmallVector<int32_t> laneIds;
  for (int64_t lane = 0; lane < lanes; ++lane)
    laneIds.push_back(static_cast<int32_t>(lane));
  Value laneIndex = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(laneType, ArrayRef<int32_t>(laneIds)));
  int64_t levels = image.levels, exits = image.exits;

  // Walks `count` vectors of trees from `firstTree` in lockstep (the gather
  // chains overlap), then adds each lane's leaf in tree order.
  auto walkVectors = [&](Value firstTree, int64_t count) {
    SmallVector<Value> trees, position;
    for (int64_t part = 0; part < count; ++part) {
      Value first = b.create<arith::IndexCastOp>(
          b.getI32Type(),
          b.create<arith::AddIOp>(firstTree, cIdx(b, part * lanes)));
      trees.push_back(b.create<arith::AddIOp>(
          b.create<vector::BroadcastOp>(laneType, first), laneIndex));
      position.push_back(splat(0));
    }
    auto gather = [&](Value table, Value index) -> Value {
      return b.create<vector::GatherOp>(laneType, table, ValueRange{zero},
                                        index, allLanes, splat(0));
    };
    for (int64_t level = 0; level < levels; ++level)
      for (int64_t part = 0; part < count; ++part) {
        Value slot = b.create<arith::AddIOp>(
            b.create<arith::MulIOp>(trees[part], splat(exits)), position[part]);
        Value info = gather(topInfo, slot);
        Value aux = gather(topAux, slot);
        Value feature = b.create<arith::AndIOp>(
            info, splat(static_cast<int32_t>(kInfoFeatureMask)));
        Value left = walker.goLeftOf(info, aux,
                                     b.create<arith::BitcastOp>(floatType, aux),
                                     readInput(feature));
        Value right = b.create<arith::ExtUIOp>(
            laneType, b.create<arith::XOrIOp>(
                          left, b.create<arith::ConstantOp>(
                                    DenseElementsAttr::get(maskType, true))));
        position[part] = b.create<arith::AddIOp>(
            b.create<arith::AddIOp>(
                b.create<arith::ShLIOp>(position[part], splat(1)), splat(1)),
            right);
      }
    SmallVector<Value> exitSlots;
    for (int64_t part = 0; part < count; ++part)
      exitSlots.push_back(b.create<arith::AddIOp>(
          b.create<arith::MulIOp>(trees[part], splat(exits)),
          b.create<arith::SubIOp>(position[part], splat(exits - 1))));
    if (valueTable) {
      Type element = cast<MemRefType>(valueTable.getType()).getElementType();
      auto valueType = VectorType::get({lanes}, element);
      Value passThrough = b.create<arith::ConstantOp>(
          DenseElementsAttr::get(valueType, b.getFloatAttr(element, 0.0)));
      for (int64_t part = 0; part < count; ++part) {
        Value values =
            b.create<vector::GatherOp>(valueType, valueTable, ValueRange{zero},
                                       exitSlots[part], allLanes, passThrough);
        for (int64_t lane = 0; lane < lanes; ++lane) {
          Value value =
              b.create<vector::ExtractOp>(values, ArrayRef<int64_t>{lane});
          if (element.isF32())
            value = b.create<arith::ExtFOp>(b.getF64Type(), value);
          kernel.emitLeafUpdate(
              b, scalarWalker,
              b.create<arith::AddIOp>(firstTree, cIdx(b, part * lanes + lane)),
              row, Value(), value);
        }
      }
      return;
    }
    Value topExit = tables.i32Table(b, "top_exit", image.top.exit);
    SmallVector<Value> starts;
    for (int64_t part = 0; part < count; ++part)
      starts.push_back(gather(topExit, exitSlots[part]));
    // The deepest tree of these vectors sets the steps left: leaves point
    // to themselves, so walking on is exact for the others.
    Value depthTable = kernel.groupDepthTable(b, count * lanes);
    Value group = b.create<arith::DivUIOp>(firstTree, cIdx(b, count * lanes));
    Value rest = b.create<arith::MaxSIOp>(
        b.create<arith::SubIOp>(toIndex(b, load(b, depthTable, group)),
                                cIdx(b, levels)),
        zero);
    SmallVector<Value> leaves = walker.walk(starts, rows, rest);
    for (int64_t part = 0; part < count; ++part)
      for (int64_t lane = 0; lane < lanes; ++lane)
        kernel.emitLeafUpdate(
            b, scalarWalker,
            b.create<arith::AddIOp>(firstTree, cIdx(b, part * lanes + lane)),
            row,
            b.create<vector::ExtractOp>(leaves[part], ArrayRef<int64_t>{lane}),
            Value());
  };

  // `interleave` vectors of trees at a time, then single vectors, then the
  // trees past the last full vector one at a time.
  int64_t inFlight = std::min(schedule.getInterleave(), groups);
  int64_t wide = groups / inFlight;
  {
    auto loop = b.create<scf::ForOp>(zero, cIdx(b, wide), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    walkVectors(b.create<arith::MulIOp>(loop.getInductionVar(),
                                        cIdx(b, inFlight * lanes)),
                inFlight);
  }
  if (wide * inFlight < groups) {
    auto loop =
        b.create<scf::ForOp>(cIdx(b, wide * inFlight), cIdx(b, groups), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    walkVectors(b.create<arith::MulIOp>(loop.getInductionVar(), cIdx(b, lanes)),
                1);
  }
  if (groups * lanes < numTrees) {
    auto loop =
        b.create<scf::ForOp>(cIdx(b, groups * lanes), cIdx(b, numTrees), one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(loop.getBody());
    kernel.emitScalarWalk(b, loop.getInductionVar(), row, 1);
  }
}

std::unique_ptr<WalkStrategy> hardwood::createVectorRegisterTopStrategy() {
  return std::make_unique<VectorRegisterTopStrategy>();
}

std::unique_ptr<WalkStrategy>
hardwood::createRegisterImageRemainder(int64_t imageLevels) {
  return std::make_unique<VectorRegisterTopStrategy>(imageLevels);
}
