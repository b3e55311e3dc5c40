//===- VectorRegisterTopWalk.cpp - Top tree levels held in registers ------===//
//
// As vector_gather, but the top T = `register_levels` levels of each tree
// (2^T - 1 nodes: 31 for T = 5, 15 for 4, 7 for 3) are loaded once per
// tree and tile as two register images (info and aux words, breadth first,
// 2^T words each) and selected per lane with a permute (vpermd for one
// register, vpermi2d for two). There a step reads only the input
// value: no node or child gathers. Position k goes to 2k + 1 + !goLeft;
// after T levels one gather maps the position to the sparse node reached,
// and the walk continues there as vector_gather does. A leaf above level T
// fills its subtree with padding nodes whose children are all that leaf, so
// every path ends where the original walk ends (same leaf, same bits).
//
//===----------------------------------------------------------------------===//

#include "KernelBuilder.h"
#include "TopLevelTables.h"
#include "WalkStrategy.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

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

namespace {

class VectorRegisterTopStrategy : public WalkStrategy {
public:
  void emitTileWalk(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value tree,
                    Value first) override;
  void emitRemainder(EnsembleKernel &kernel, ImplicitLocOpBuilder &b,
                     Value fullRows, Value blockSize) override {
    // Rows no tile covers walk as vector_gather walks them.
    remainder->emitRemainder(kernel, b, fullRows, blockSize);
  }

private:
  /// `table[index]` per lane: one permute instruction where the target has
  /// one for this width, else an extract/insert chain LLVM may match.
  Value permute(EnsembleKernel &kernel, ImplicitLocOpBuilder &b, Value table,
                Value index);

  std::unique_ptr<WalkStrategy> remainder = createVectorGatherStrategy();
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
  if (x86 && lanes == 8 && width == 8 && target.getVectorBits() >= 256 &&
      target.hasGather())
    return call("llvm.x86.avx2.permd", {table, index});
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

void VectorRegisterTopStrategy::emitTileWalk(EnsembleKernel &kernel,
                                             ImplicitLocOpBuilder &b,
                                             Value tree, Value first) {
  ScheduleAttr schedule = kernel.getSchedule();
  int64_t interleave = schedule.getInterleave();
  int64_t lanes = schedule.getVectorLanes();
  int64_t levels = schedule.getRegisterLevels() > 0
                       ? schedule.getRegisterLevels()
                       : int64_t(llvm::Log2_64(lanes));
  int64_t exits = int64_t(1) << levels;
  // Words per register image: 2^levels, at least a full vector.
  int64_t width = std::max(exits, lanes);
  auto laneType = VectorType::get({lanes}, b.getI32Type());
  auto imageType = VectorType::get({width}, b.getI32Type());

  TopLevelTables top = buildTopLevelTables(kernel.getTables(), width, levels);
  TableEmitter &tables = kernel.getTableEmitter();
  Value topInfo = tables.i32Table(b, "top_info", top.info);
  Value topAux = tables.i32Table(b, "top_aux", top.aux);
  Value topExit = tables.i32Table(b, "top_exit", top.exit);

  Value zero = cIdx(b, 0);
  Value registerBase = b.create<arith::MulIOp>(tree, cIdx(b, width));
  Value infoRegister =
      b.create<vector::LoadOp>(imageType, topInfo, ValueRange{registerBase});
  Value auxRegister =
      b.create<vector::LoadOp>(imageType, topAux, ValueRange{registerBase});
  WalkStepEmitter scalarWalker = kernel.makeWalker(b, /*lanes=*/0);
  WalkStepEmitter walker = kernel.makeWalker(b, lanes);
  SmallVector<WalkStepEmitter::Rows> rows =
      kernel.vectorRows(b, first, schedule.getTileRows(), lanes);
  auto splat = [&](int32_t value) -> Value {
    return b.create<arith::ConstantOp>(DenseElementsAttr::get(laneType, value));
  };
  auto floatType = VectorType::get({lanes}, b.getF32Type());

  // The top levels, unrolled: positions in registers, only x gathered. At
  // level 0 every lane is at the root: a broadcast instead of a permute.
  SmallVector<Value> position(interleave, splat(0));
  for (int64_t level = 0; level < levels; ++level) {
    for (int64_t part = 0; part < interleave; ++part) {
      Value info, aux;
      if (level == 0) {
        info = b.create<vector::BroadcastOp>(
            laneType,
            b.create<vector::ExtractOp>(infoRegister, ArrayRef<int64_t>{0}));
        aux = b.create<vector::BroadcastOp>(
            laneType,
            b.create<vector::ExtractOp>(auxRegister, ArrayRef<int64_t>{0}));
      } else {
        info = permute(kernel, b, infoRegister, position[part]);
        aux = permute(kernel, b, auxRegister, position[part]);
      }
      Value left = walker.goLeft(
          info, aux,
          [&]() -> Value { return b.create<arith::BitcastOp>(floatType, aux); },
          rows[part]);
      Value right = b.create<arith::ExtUIOp>(
          laneType,
          b.create<arith::XOrIOp>(
              left, b.create<arith::ConstantOp>(DenseElementsAttr::get(
                        VectorType::get({lanes}, b.getI1Type()), true))));
      // k -> 2k + 1 + !goLeft
      position[part] = b.create<arith::AddIOp>(
          b.create<arith::AddIOp>(
              b.create<arith::ShLIOp>(position[part], splat(1)), splat(1)),
          right);
    }
  }

  // Exit to the node table, then the rest of the tree as vector_gather.
  Value treeExits = b.create<vector::BroadcastOp>(
      laneType,
      b.create<arith::IndexCastOp>(
          b.getI32Type(), b.create<arith::MulIOp>(tree, cIdx(b, exits))));
  Value mask = b.create<arith::ConstantOp>(
      DenseElementsAttr::get(VectorType::get({lanes}, b.getI1Type()), true));
  SmallVector<Value> starts;
  for (int64_t part = 0; part < interleave; ++part) {
    Value slot = b.create<arith::AddIOp>(
        treeExits, b.create<arith::SubIOp>(position[part], splat(exits - 1)));
    starts.push_back(b.create<vector::GatherOp>(
        laneType, topExit, ValueRange{zero}, slot, mask, splat(0)));
  }
  Value depth = kernel.loadDepth(b, tree);
  Value restDepth = b.create<arith::MaxSIOp>(
      b.create<arith::SubIOp>(depth, cIdx(b, levels)), zero);
  SmallVector<Value> leaves = walker.walk(starts, rows, restDepth);
  for (int64_t part = 0; part < interleave; ++part)
    kernel.emitVectorLeafUpdates(
        b, walker, scalarWalker, tree, leaves[part],
        b.create<arith::AddIOp>(first, cIdx(b, part * lanes)));
}

std::unique_ptr<WalkStrategy> hardwood::createVectorRegisterTopStrategy() {
  return std::make_unique<VectorRegisterTopStrategy>();
}
