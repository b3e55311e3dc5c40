//===- HardwoodAttrs.td - Target and schedule attributes ---*- tablegen -*-===//
//
// #hardwood.target describes the CPU the kernels are for (attached to the
// module by the driver); #hardwood.schedule says how one model op is
// lowered (chosen by hardwood-select-schedule, or given explicitly);
// #hardwood.lowered_model is what the kernel lowering hands to code
// generation (the model's metadata and its kernels, one #hardwood.kernel per
// kind).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_ATTRS
#define HARDWOOD_ATTRS

include "hardwood/Dialect/HardwoodDialect.td"
include "hardwood/Dialect/HardwoodEnums.td"
include "mlir/IR/AttrTypeBase.td"

class Hardwood_Attr<string name, string attrMnemonic>
    : AttrDef<Hardwood_Dialect, name> {
  let mnemonic = attrMnemonic;
}

def Hardwood_TargetAttr : Hardwood_Attr<"Target", "target"> {
  let summary = "The CPU kernels are generated for, with its cost facts";
  let description = [{
    Everything the schedule selector and the code generator know of a CPU:
    the LLVM triple, CPU name and feature string, the vector register width,
    whether gathers, in-register permutes and masked operations are native,
    and the cost-model constants (independent walks needed to cover a
    load's latency, rows per block, cache sizes). The driver builds it from
    `targets/`' description and attaches it to the module as
    `hardwood.target`; lit tests write it by hand, so every target's
    schedule can be checked on any host. The verifier requires the tiles the
    schedule selector makes from it (`scalar_interleave` rows,
    `vector_interleave` vectors of `vector_bits / 32` rows) to divide the
    runtime's `HW_KERNEL_ROW_ALIGNMENT`.

    ```mlir
    module attributes {hardwood.target = #hardwood.target<
        triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3",
        features = "+fast-gather", vector_bits = 256, gather = true,
        permute = true, masking = false, prefer_512 = false,
        scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128,
        l1_bytes = 32768, l2_bytes = 524288>} { ... }
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$triple,
    "::mlir::StringAttr":$cpu,
    "::mlir::StringAttr":$features,
    "int64_t":$vector_bits,
    "::mlir::BoolAttr":$gather,
    "::mlir::BoolAttr":$permute,
    "::mlir::BoolAttr":$masking,
    "::mlir::BoolAttr":$prefer_512,
    "int64_t":$scalar_interleave,
    "int64_t":$vector_interleave,
    "int64_t":$max_block_rows,
    "int64_t":$l1_bytes,
    "int64_t":$l2_bytes
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name of the module attribute that holds the target.
    static constexpr ::llvm::StringLiteral kAttrName = "hardwood.target";
    /// The target attached to `module`, or null.
    static TargetAttr lookup(::mlir::Operation *module);
    bool hasGather() const { return getGather().getValue(); }
    bool hasPermute() const { return getPermute().getValue(); }
    bool hasMasking() const { return getMasking().getValue(); }
    bool prefers512() const { return getPrefer_512().getValue(); }
    /// Whether the LLVM feature string enables `feature` (e.g. "avx512f").
    bool hasFeature(::llvm::StringRef feature) const;
  }];
}

def Hardwood_ScheduleAttr : Hardwood_Attr<"Schedule", "schedule"> {
  let summary = "How one model op is lowered to kernels";
  let description = [{
    The decisions the kernel lowering follows, chosen by
    `hardwood-select-schedule` from the target and the model's statistics
    (or given explicitly, and then kept):

    - `strategy`: `scalar_interleaved` (independent scalar walks in
      lockstep), `vector_gather` (rows are vector lanes, table reads are
      gathers), `vector_register_top` (as `vector_gather`, but the top
      `register_levels` levels of each tree are held in registers and
      selected with permutes, so only the input is gathered there),
      `unrolled` (every tree of a small model is straight-line code with
      its thresholds, features and leaf values as constants: no tree loop
      and no node tables; each tile of `vector_lanes` x `interleave` rows
      is copied feature-major, every internal node compares one contiguous
      vector of its feature with a splatted threshold, and each tree's
      leaf is chosen bottom-up by a select per internal node; the lowering
      refuses models over 8,192 internal nodes and linear leaves) or
      `linear_row_tiles` (linear models).
    - `vector_lanes`: rows per vector (0 for scalar strategies, a power of
      two for `vector_gather`, `vector_register_top` and `unrolled`;
      `linear_row_tiles`: 0 puts a row's outputs in a vector, a power of
      two puts rows in the lanes).
    - `interleave`: independent walks in flight per tile (scalar rows, or
      vectors of rows), or rows (vectors of rows) per tile of a linear
      kernel.
    - `tree_group`: trees walked in lockstep by rows that fill no tile
      (default 8, what the selector chooses).
    - `register_levels` (`vector_register_top` only): tree levels held in
      registers, 1 to 8 (each level is its own image: level l has 2^l
      words, so level 5 takes two 512-bit registers per word, level 7
      eight); 0 means log2(vector_lanes).
    - `compare_levels` (`vector_register_top` only): of those, the top
      levels decided without any gather: the block's rows are transposed
      once per block (feature-major), every node of these levels compares
      one contiguous vector of a feature against its threshold, and a
      QuickScorer-style bit vector per lane names the position reached
      (0 to 4, at most `register_levels`).
    - `scalar_below` (`vector_register_top` only): how rows walk on below
      the register levels, in trees deeper than them. 0: vector steps,
      as `vector_gather`. K > 0: the lanes' positions are stored and the
      tile's rows walk on as independent scalar chains, K rows in lockstep
      (K divides the tile), where a scalar load costs a third of a gathered
      element (x86: AMD's gathers take about a cycle per element).
    - `block_rows`: rows per block of the tree-outer loop (0 in an explicit
      schedule: let the selector choose).
    - `node_layout`: `records16` walks 16-byte records (info, aux, left,
      right) and reads the child from them; `compact8` walks 8-byte records
      (the info word with the right child's offset in the feature field's
      upper bits, and the aux word): nodes are numbered depth-first, so the
      left child is the next node and a step reads one record and the
      input, not a third table word. Tree walks only (scalar and vector
      steps); the lowering rejects it when a tree's right-child offsets do
      not fit beside its features.
    - `loop_order`: today one choice (`tree_outer`).
    - `tree_order`: the order in which the lockstep walks of one row
      (single rows, the rows no tile covers, tree ranges) take the trees,
      `tree_group` at a time for the deepest one's depth. `model` (the
      default) walks them as stored; `depth` sorts each window of 64 trees
      by depth, stably, so shallow trees do not wait for deep ones. Either
      way the leaves are added in model order (a window's leaves are
      stored, then summed), so the bits do not change.
    - `row_walk` (`vector_gather` and `vector_register_top`): how single
      rows (batch 1, and the rows no tile or whole vector covers) walk.
      `tree_lanes` (the default) walks `vector_lanes` trees at a time in
      the lanes of a vector (`vector_register_top`: where the row fits two
      AVX-512 registers and no tree is deeper than 6, through the register
      images; other models walk chains); `chains` walks `tree_group` trees
      as scalar chains in lockstep, as the other strategies do. The cost
      model takes `chains` where it measured the lanes slower (znver4).

    Parameters left out take the defaults shown in the example's comment.

    ```mlir
    hardwood.ensemble @m ... attributes {schedule = #hardwood.schedule<
        strategy = vector_gather, vector_lanes = 8, interleave = 4,
        tree_group = 8, block_rows = 128>} { ... }
    ```
  }];
  let parameters = (ins
    EnumParameter<Hardwood_TraversalStrategyAttr>:$strategy,
    DefaultValuedParameter<"int64_t", "0">:$vector_lanes,
    DefaultValuedParameter<"int64_t", "4">:$interleave,
    DefaultValuedParameter<"int64_t", "8">:$tree_group,
    DefaultValuedParameter<"int64_t", "0">:$block_rows,
    DefaultValuedParameter<"::hardwood::LoopOrder",
        "::hardwood::LoopOrder::tree_outer">:$loop_order,
    DefaultValuedParameter<"::hardwood::NodeLayout",
        "::hardwood::NodeLayout::records16">:$node_layout,
    DefaultValuedParameter<"::hardwood::TreeOrder",
        "::hardwood::TreeOrder::model">:$tree_order,
    DefaultValuedParameter<"int64_t", "0">:$register_levels,
    DefaultValuedParameter<"int64_t", "0">:$compare_levels,
    DefaultValuedParameter<"int64_t", "0">:$scalar_below,
    DefaultValuedParameter<"::hardwood::RowWalk",
        "::hardwood::RowWalk::tree_lanes">:$row_walk
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Rows one tile of the tree loop walks.
    int64_t getTileRows() const {
      return getVectorLanes() > 0 ? getVectorLanes() * getInterleave()
                                  : getInterleave();
    }
  }];
}

def Hardwood_KernelAttr : Hardwood_Attr<"Kernel", "kernel"> {
  let summary = "One generated kernel: its function and its output row";
  let description = [{
    A kernel of a lowered model: the function computing one prediction kind
    (a symbol reference to a `func.func`, later an `llvm.func`, of the
    module), the elements it writes per row and their type (`f32`, `f64`,
    or `i32` for leaf indices).

    ```mlir
    #hardwood.kernel<function = @__hw_clf_proba, width = 2, element_type = f64>
    ```
  }];
  let parameters = (ins
    "::mlir::FlatSymbolRefAttr":$function,
    "int64_t":$width,
    "::mlir::Type":$element_type
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Hardwood_LoweredModelAttr
    : Hardwood_Attr<"LoweredModel", "lowered_model"> {
  let summary = "What code generation needs of a lowered model";
  let description = [{
    `hardwood-lower-to-kernels` sets it on the module as `hardwood.model`:
    the model's name (the C symbol prefix), family, task, input element
    type, feature, class and tree counts, numeric class labels (absent when
    the labels are not numbers) and one `#hardwood.kernel` per prediction
    kind the model supports (`predict`, `proba`, `decision`, `score`,
    `leaf`: the names of `HW_KIND_TABLE` in `hardwood/model_abi.h`), and
    for a tree ensemble with tree-parallel functions (`hw_walk_trees_fn`)
    `tree_parallel_rows`, the batch size below which they beat its kernel
    (0, the default: none), and `depth_ordered_steps`, present when single
    rows and tree ranges walk the trees in depth order: the walk steps of
    one row over every whole lockstep group in model order, then in depth
    order (the leaves are still added in model order). The
    driver reads it into `targets/`' plain `ModelMetadata`, from which the
    C entry points and the descriptor are generated. The dialect verifies
    that each kernel's function exists in the module.

    ```mlir
    module attributes {hardwood.model = #hardwood.lowered_model<
        name = "clf", family = tree_ensemble, task = classification,
        input_type = f32, num_features = 4, num_classes = 2, num_trees = 3,
        class_labels = array<f64: 0.0, 1.0>,
        predict = #hardwood.kernel<function = @__hw_clf_predict, width = 1,
                                   element_type = f64>, ...>} { ... }
    ```
  }];
  let parameters = (ins
    "::mlir::StringAttr":$name,
    EnumParameter<Hardwood_ModelFamilyAttr>:$family,
    EnumParameter<Hardwood_TaskAttr>:$task,
    "::mlir::Type":$input_type,
    "int64_t":$num_features,
    "int64_t":$num_classes,
    "int64_t":$num_trees,
    OptionalParameter<"::mlir::DenseF64ArrayAttr">:$class_labels,
    OptionalParameter<"KernelAttr">:$predict,
    OptionalParameter<"KernelAttr">:$proba,
    OptionalParameter<"KernelAttr">:$decision,
    OptionalParameter<"KernelAttr">:$score,
    OptionalParameter<"KernelAttr">:$leaf,
    DefaultValuedParameter<"int64_t", "0">:$tree_parallel_rows,
    OptionalParameter<"::mlir::DenseI64ArrayAttr">:$depth_ordered_steps
  );
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// The name of the module attribute that holds the lowered model.
    static constexpr ::llvm::StringLiteral kAttrName = "hardwood.model";
    /// The lowered model attached to `module`, or null.
    static LoweredModelAttr lookup(::mlir::Operation *module);
    /// The kernel of `kind` (an hw_kind), or null when the model lacks it.
    KernelAttr getKernel(int kind) const;
  }];
}

#endif // HARDWOOD_ATTRS
