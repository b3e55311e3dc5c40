//===- UnrolledWalk.cpp - Each tree as straight-line code -----------------===//
//
// For small models: the tree loop is unrolled at compile time and each tree
// becomes its own code, its thresholds, features and leaf values constants.
// Rows are vector lanes. A tile of rows is copied feature-major (only the
// features the model splits on), every internal node compares one
// contiguous vector of its feature with a splatted threshold (no gathers,
// no node tables, no chain of dependent steps), and the tree's leaf is
// chosen bottom-up with one select per internal node:
// value(node) = goLeft(node) ? value(left) : value(right). Each row adds its
// trees in model order into accumulators held in registers over the tile.
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "WalkStrategy.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/DenseMap.h"

using namespace mlir;
using namespace hardwood;

namespace {

class UnrolledStrategy : public WalkStrategy {
public:
  bool unrollsTrees() const override { return true; }
  void emitTileWalk(EnsembleKernel &, ImplicitLocOpBuilder &, Value,
                    Value) override {
    llvm_unreachable("unrolled trees have no runtime tree loop");
  }
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override {
    // Rows that fill no tile (batch 1 among them) walk the node tables: a
    // padded tile would run every split of every tree for one row. Float32
    // models on x86 with permutes walk them as vector_register_top does
    // (single rows with trees in the lanes, the top levels from register
    // images), elsewhere as vector_gather.
    if (!walk) {
      // As many image levels as the cost model's vector_register_top
      // would hold (with log2(lanes) = 4 levels the 100 x depth-6 model's
      // batch 1 took 1,032 against 751 ns).
      TargetAttr target = TargetAttr::lookup(kernel.getModule());
      if (target && hasRegisterImages(target) &&
          kernel.getEnsemble().getInputType().isF32())
        walk = createRegisterImageRemainder(
            chooseRegisterLevels(target, kernel.getTables().maxDepth));
      else
        walk = createVectorGatherStrategy();
    }
    walk->emitRemainder(kernel, b, fullRows, blockSize);
  }
  void emitUnrolledTile(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                        Value first) override;

private:
  /// The features the model splits on, sorted, and each one's slot in the
  /// feature-major tile.
  void collectFeatures(const EnsembleTables &t);
  /// Whether each lane goes left at internal node `node`, whose feature's
  /// tile vector is `x` (as stored in the rows).
  Value goLeft(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
               WalkStepEmitter &walker, int32_t node, Value x);

  SmallVector<int32_t> features;
  llvm::DenseMap<int32_t, int64_t> slotOf;
  /// The walk of the rows no tile covers, chosen for the target.
  std::unique_ptr<WalkStrategy> walk;
};

} // namespace

void UnrolledStrategy::collectFeatures(const EnsembleTables &t) {
  if (!slotOf.empty() || t.numNodes() == 0)
    return;
  SmallVector<int32_t> used;
  for (size_t node = 0; node < t.numNodes(); ++node)
    if (t.nodes[kNodeWords * node + 2] != int32_t(node))
      used.push_back(t.nodes[kNodeWords * node] & kInfoFeatureMask);
  llvm::sort(used);
  used.erase(std::unique(used.begin(), used.end()), used.end());
  features = used;
  for (auto [slot, feature] : llvm::enumerate(features))
    slotOf[feature] = slot;
}

Value UnrolledStrategy::goLeft(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                               WalkStepEmitter &walker, int32_t node, Value x) {
  const EnsembleTables &t = kernel.getTables();
  auto type = cast<VectorType>(x.getType());
  Type element = type.getElementType();
  uint32_t info = uint32_t(t.nodes[kNodeWords * node]);
  int32_t aux = t.nodes[kNodeWords * node + 1];
  auto splatFloat = [&](double value) -> Value {
    return b.create<arith::ConstantOp>(
        DenseElementsAttr::get(type, b.getFloatAttr(element, value)));
  };
  if (info & kInfoCategorical) {
    // Categorical splits read their bitsets as every walk does; the record
    // and flags are constants LLVM folds.
    auto words = VectorType::get(type.getShape(), b.getI32Type());
    return walker.goLeftOf(
        b.create<arith::ConstantOp>(
            DenseElementsAttr::get(words, int32_t(info))),
        b.create<arith::ConstantOp>(DenseElementsAttr::get(words, aux)),
        splatFloat(0.0), x);
  }
  // Numerical: the node's flags are known here, so missing-value routing
  // folds into the compare's predicate (unordered compares are true for
  // NaN), as WalkStepEmitter::goLeftOf decides it at run time.
  double threshold =
      element.isF32() ? double(llvm::bit_cast<float>(aux)) : t.threshold[node];
  int8_t flags = int8_t((info >> kInfoFlagsShift) & 0x7f);
  bool strict = flags & node_flags::kStrictLess;
  bool defaultLeft = flags & node_flags::kDefaultLeft;
  // Whether a zero goes left by the compare.
  bool zeroLeft = strict ? 0.0 < threshold : 0.0 <= threshold;
  Value value = walker.snapToZero(x);
  Value bound = splatFloat(threshold);
  auto compare = [&](bool nanLeft) -> Value {
    arith::CmpFPredicate predicate =
        strict
            ? (nanLeft ? arith::CmpFPredicate::ULT : arith::CmpFPredicate::OLT)
            : (nanLeft ? arith::CmpFPredicate::ULE : arith::CmpFPredicate::OLE);
    return b.create<arith::CmpFOp>(predicate, value, bound);
  };
  switch (getMissingKind(flags)) {
  case MissingKind::Nan:
    return compare(defaultLeft);
  case MissingKind::NanAsZero:
    // NaN is read as 0.
    return compare(zeroLeft);
  case MissingKind::ZeroOrNan: {
    // NaN and +-0 take the default direction.
    if (defaultLeft == zeroLeft)
      return compare(defaultLeft);
    Value zero = splatFloat(0.0);
    if (defaultLeft)
      return b.create<arith::OrIOp>(
          compare(true),
          b.create<arith::CmpFOp>(arith::CmpFPredicate::OEQ, value, zero));
    return b.create<arith::AndIOp>(
        compare(false),
        b.create<arith::CmpFOp>(arith::CmpFPredicate::ONE, value, zero));
  }
  }
  llvm_unreachable("unknown missing kind");
}

void UnrolledStrategy::emitUnrolledTile(EnsembleKernel &kernel,
                                        ImplicitLocOpBuilder &b, Value first) {
  const EnsembleTables &t = kernel.getTables();
  EnsembleOp ensemble = kernel.getEnsemble();
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t lanes = schedule.getVectorLanes();
  int64_t parts = schedule.getInterleave();
  int64_t tileRows = lanes * parts;
  int64_t K = kernel.getNumOutputs();
  int64_t leafWidth = ensemble.getLeafWidth();
  int64_t numTrees = kernel.getNumTrees();
  hw_kind kind = kernel.getKind();
  bool leafKind = kind == HW_KIND_LEAF;
  Type inputType = ensemble.getInputType();
  auto inputVector = VectorType::get({lanes}, inputType);
  auto f64Vector = VectorType::get({lanes}, b.getF64Type());
  auto i32Vector = VectorType::get({lanes}, b.getI32Type());
  auto maskVector = VectorType::get({lanes}, b.getI1Type());
  Value allLanes =
      b.create<arith::ConstantOp>(DenseElementsAttr::get(maskVector, true));

  collectFeatures(t);
  Value tile = kernel.emitFeatureMajorTile(b, first, cIdx(b, tileRows),
                                           features, tileRows);
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);

  // Raw scores of the tile's rows, per vector of rows and output, kept in
  // registers across the trees (each output still adds its trees in model
  // order: the bits of a scratch update per tree).
  Value scratch = kernel.getScratch();
  SmallVector<Value> rowsFirst;
  for (int64_t part = 0; part < parts; ++part)
    rowsFirst.push_back(b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
  auto outputOffsets = [&](int64_t k) -> Value {
    SmallVector<int32_t> offsets;
    for (int64_t lane = 0; lane < lanes; ++lane)
      offsets.push_back(int32_t(lane * K + k));
    return b.create<arith::ConstantOp>(
        DenseElementsAttr::get(i32Vector, ArrayRef<int32_t>(offsets)));
  };
  SmallVector<SmallVector<Value>> sums(parts);
  if (!leafKind)
    for (int64_t part = 0; part < parts; ++part)
      for (int64_t k = 0; k < K; ++k) {
        if (K == 1) {
          sums[part].push_back(b.create<vector::LoadOp>(
              f64Vector, scratch, ValueRange{rowsFirst[part]}));
          continue;
        }
        Value zeros = b.create<arith::ConstantOp>(
            DenseElementsAttr::get(f64Vector, b.getF64FloatAttr(0.0)));
        sums[part].push_back(b.create<vector::GatherOp>(
            f64Vector, scratch,
            ValueRange{b.create<arith::MulIOp>(rowsFirst[part], cIdx(b, K))},
            outputOffsets(k), allLanes, zeros));
      }

  // What a leaf contributes: its value (float32 when every value of the
  // tree is one, widened after the selects), its id (leaf kind), or the
  // offset of its values (vector leaves, gathered after the selects).
  enum class Select { Value32, Value64, Index };
  for (int64_t tree = 0; tree < numTrees; ++tree) {
    int32_t begin = t.nodeBase[tree];
    int32_t end =
        tree + 1 < numTrees ? t.nodeBase[tree + 1] : int32_t(t.numNodes());
    Select select = Select::Index;
    if (!leafKind && leafWidth == 1) {
      select = Select::Value32;
      for (int32_t node = begin; node < end; ++node) {
        if (t.nodes[kNodeWords * node + 2] != node)
          continue;
        double value = t.leafValues[t.nodes[kNodeWords * node + 1]];
        if (double(float(value)) != value)
          select = Select::Value64;
      }
    }
    Type leafType = select == Select::Value32   ? Type(b.getF32Type())
                    : select == Select::Value64 ? Type(b.getF64Type())
                                                : Type(b.getI32Type());
    auto leafVector = VectorType::get({lanes}, leafType);
    auto leafConstant = [&](int32_t node) -> Value {
      int32_t offset = t.nodes[kNodeWords * node + 1];
      if (select == Select::Index)
        return b.create<arith::ConstantOp>(DenseElementsAttr::get(
            leafVector, leafKind ? t.leafId[node] : offset));
      return b.create<arith::ConstantOp>(DenseElementsAttr::get(
          leafVector, b.getFloatAttr(leafType, t.leafValues[offset])));
    };

    // Children have higher indices than their parent (depth-first
    // numbering), so descending order sees both children first.
    SmallVector<SmallVector<Value>> chosen(end - begin,
                                           SmallVector<Value>(parts));
    for (int32_t node = end - 1; node >= begin; --node) {
      int32_t left = t.nodes[kNodeWords * node + 2];
      int32_t right = t.nodes[kNodeWords * node + 3];
      if (left == node) {
        Value constant = leafConstant(node);
        for (int64_t part = 0; part < parts; ++part)
          chosen[node - begin][part] = constant;
        continue;
      }
      int64_t slot =
          slotOf.lookup(int32_t(t.nodes[kNodeWords * node] & kInfoFeatureMask));
      for (int64_t part = 0; part < parts; ++part) {
        Value x = b.create<vector::LoadOp>(
            inputVector, tile,
            ValueRange{cIdx(b, slot * tileRows + part * lanes)});
        Value goesLeft = goLeft(kernel, b, walker, node, x);
        chosen[node - begin][part] = b.create<arith::SelectOp>(
            goesLeft, chosen[left - begin][part], chosen[right - begin][part]);
      }
      // Each node has one parent: its children's values are used up.
      for (int32_t child : {left, right})
        for (Value &value : chosen[child - begin])
          value = Value();
    }

    for (int64_t part = 0; part < parts; ++part) {
      Value reached = chosen[0][part];
      if (leafKind) {
        // Each lane's leaf id goes to its row's slot of this tree.
        SmallVector<int32_t> offsets;
        for (int64_t lane = 0; lane < lanes; ++lane)
          offsets.push_back(int32_t(lane * numTrees + tree));
        Value base = b.create<arith::MulIOp>(
            b.create<arith::AddIOp>(kernel.getBlockStart(), rowsFirst[part]),
            cIdx(b, numTrees));
        b.create<vector::ScatterOp>(
            kernel.getOutput(), ValueRange{base},
            b.create<arith::ConstantOp>(
                DenseElementsAttr::get(i32Vector, ArrayRef<int32_t>(offsets))),
            allLanes, reached);
        continue;
      }
      if (select == Select::Index) {
        // Vector leaves: output k adds value k of each lane's leaf.
        Value zeros = b.create<arith::ConstantOp>(
            DenseElementsAttr::get(f64Vector, b.getF64FloatAttr(0.0)));
        for (int64_t k = 0; k < K; ++k) {
          Value offsets = b.create<arith::AddIOp>(
              reached, b.create<arith::ConstantOp>(
                           DenseElementsAttr::get(i32Vector, int32_t(k))));
          Value values = b.create<vector::GatherOp>(
              f64Vector, kernel.getLeafValueTable(), ValueRange{cIdx(b, 0)},
              offsets, allLanes, zeros);
          sums[part][k] = b.create<arith::AddFOp>(sums[part][k], values);
        }
        continue;
      }
      if (select == Select::Value32)
        reached = b.create<arith::ExtFOp>(f64Vector, reached);
      int64_t output = t.group[tree];
      sums[part][output] = b.create<arith::AddFOp>(sums[part][output], reached);
    }
  }

  if (leafKind)
    return;
  for (int64_t part = 0; part < parts; ++part)
    for (int64_t k = 0; k < K; ++k) {
      if (K == 1) {
        b.create<vector::StoreOp>(sums[part][k], scratch,
                                  ValueRange{rowsFirst[part]});
        continue;
      }
      b.create<vector::ScatterOp>(
          scratch,
          ValueRange{b.create<arith::MulIOp>(rowsFirst[part], cIdx(b, K))},
          outputOffsets(k), allLanes, sums[part][k]);
    }
}

std::unique_ptr<WalkStrategy> hardwood::createUnrolledStrategy() {
  return std::make_unique<UnrolledStrategy>();
}
