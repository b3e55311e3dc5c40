//===- Passes.td - Hardwood transformation passes ----------*- tablegen -*-===//

#ifndef HARDWOOD_PASSES
#define HARDWOOD_PASSES

include "mlir/Pass/PassBase.td"

def FoldTreeWeights : Pass<"hardwood-fold-tree-weights", "EnsembleOp"> {
  let summary = "Multiply each tree's weight into its leaf values";
  let description = [{
    DART and similar schemes scale each tree by a weight. Folding the weight
    into the leaves removes a multiply per tree and row. The product is
    rounded once, as the reference libraries' `weight * leaf` is, so results
    are unchanged.
  }];
}

def NarrowThresholds : Pass<"hardwood-narrow-thresholds", "EnsembleOp"> {
  let summary = "Replace float64 thresholds of float32 models by exact "
                "float32 equivalents";
  let description = [{
    For a float32 input `x` and a float64 threshold `t`, `x <= t` holds iff
    `x <= rd32(t)` where `rd32(t)` is the largest float32 not above `t`
    (rounding to nearest would flip rows between the two). Likewise `x < t`
    iff `x < ru32(t)`, the smallest float32 not below `t`. After this pass
    every threshold of a float32 model is a float32 value, so node tables
    can store float32 and compare exactly. Float64 models are left alone.
  }];
}

def LowerToKernels : Pass<"hardwood-lower-to-kernels", "ModuleOp"> {
  let summary = "Lower hardwood.ensemble and hardwood.linear to node tables "
                "and kernel functions";
  let description = [{
    Each model op becomes constant `memref.global` node tables and one
    `func.func` per prediction kind with the C signature of
    `hw_kernel_fn` (`x`, `rows`, `row_stride`, `out`). Trees are walked
    branch-free from the tables (`node = child[node][x[f] > t]`), so code
    size does not grow with the number of nodes.

    With `vector-lanes` > 1 the rows of a tile are the lanes of one vector
    and every table read is a gather (for targets with hardware gathers);
    otherwise four scalar walks are interleaved.
  }];
  let options = [
    Option<"vectorLanes", "vector-lanes", "int64_t", /*default=*/"0",
           "Rows walked as one vector (0: interleaved scalar walks)">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // HARDWOOD_PASSES
