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

def SelectSchedule : Pass<"hardwood-select-schedule", "::mlir::ModuleOp"> {
  let summary = "Choose a #hardwood.schedule for each model op";
  let description = [{
    Gives every `hardwood.ensemble` and `hardwood.linear` without a
    `schedule` attribute the cost model's schedule for the module's
    `hardwood.target` (portable x86-64 when the module has none) and the
    model's statistics (trees, depth histogram, outputs, leaf width,
    features, categorical splits, missing-value routing, linear leaves).
    docs/design.md ("Schedules") documents the rules.

    A schedule already on the op, or given with the `schedule` option, is
    kept as is; only a `block_rows` it leaves at 0 is chosen.

    A float64 ensemble with an exact float32-rows copy (Float32Rows.h) also
    gets `float32_rows_schedule`: the one given with the
    `float32-rows-schedule` option or already on the op, else the cost
    model's choice for the same model with float32 input. The `schedule`
    option does not set it.
  }];
  let options = [
    Option<"schedule", "schedule", "std::string", /*default=*/"\"\"",
           "A #hardwood.schedule for every model op instead of the cost "
           "model's choice">,
    Option<"float32RowsSchedule", "float32-rows-schedule", "std::string",
           /*default=*/"\"\"",
           "A #hardwood.schedule for the float32-row kernels of float64 "
           "ensembles instead of the cost model's choice">
  ];
}

def LowerToKernels : Pass<"hardwood-lower-to-kernels", "::mlir::ModuleOp"> {
  let summary = "Lower hardwood.ensemble and hardwood.linear to node tables "
                "and kernel functions, as their schedules say";
  let description = [{
    Each model op becomes constant `memref.global` node tables and one
    `func.func` per prediction kind with the C signature of
    `hw_kernel_fn` (`x`, `rows`, `row_stride`, `out`). Trees are walked
    branch-free from the tables (`node = child[node][x[f] > t]`), so code
    size does not grow with the number of nodes.

    The op's `#hardwood.schedule` (from hardwood-select-schedule) picks the
    traversal strategy and its tile, block and interleave sizes; the kernel
    skeleton around the walk (row blocks, scratch, base score, averaging,
    epilogue) is the same for every strategy. After the pass no `hardwood`
    op is left.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::func::FuncDialect",
    "::mlir::LLVM::LLVMDialect", "::mlir::math::MathDialect",
    "::mlir::memref::MemRefDialect", "::mlir::scf::SCFDialect",
    "::mlir::vector::VectorDialect"
  ];
}

#endif // HARDWOOD_PASSES
