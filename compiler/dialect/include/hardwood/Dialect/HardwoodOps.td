//===- HardwoodOps.td - Hardwood operations ----------------*- tablegen -*-===//

#ifndef HARDWOOD_OPS
#define HARDWOOD_OPS

include "hardwood/Dialect/HardwoodDialect.td"
include "hardwood/Dialect/HardwoodEnums.td"
include "hardwood/Dialect/HardwoodAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/IR/BuiltinAttributes.td"

def Hardwood_InputType : TypeAttrOf<AnyTypeOf<[F32, F64]>>;

//===----------------------------------------------------------------------===//
// EnsembleOp
//===----------------------------------------------------------------------===//

def Hardwood_EnsembleOp : Hardwood_Op<"ensemble", [
    Symbol, SingleBlock, NoTerminator, IsolatedFromAbove,
    NoRegionArguments]> {
  let summary = "A tree ensemble: trees, aggregation and post-transform";
  let description = [{
    Holds the model's `hardwood.tree` ops in summation order. The raw score
    of a row is `base_score + aggregate_t(weight_t * leaf_t(row))`, a vector
    of `num_outputs` values; `transform` maps it to predictions. Trees with
    `leaf_width` 1 add to output `group`; wider leaves add to every output.

    `decision_sum` (with `aggregate average` only): the `decision` kind
    reports base score + the undivided sum of the trees while the transform
    still sees the average, as LightGBM's random-forest mode does (its
    `raw_score` is not divided by the number of iterations).

    `schedule` (a #hardwood.schedule) says how hardwood-lower-to-kernels
    lowers the op; hardwood-select-schedule sets it.

    `float32_rows_schedule` (float64 ensembles only): the schedule of the
    extra kernels that read float32 rows. hardwood-lower-to-kernels lowers
    them from a copy of the op whose input type is f32 and whose thresholds
    are narrowed to the float32 values that decide every float32 input the
    same way, so they write the bits of the float64 kernels on the widened
    rows; hardwood-select-schedule sets it where that copy is exact
    (numeric splits, constant leaves, no zero snapping).

    `zero_threshold` (LightGBM) replaces inputs with `|x| <= zero_threshold`
    by 0.0 before comparing. `category_cast` says how a categorical input
    becomes a category (see docs/model-format.md).

    Example:
    ```mlir
    hardwood.ensemble @m task regression inputs 4 x f32 outputs 1
        leaf_width 1 aggregate sum transform identity {
      hardwood.tree group 0 {
        0: x[2] <= 5.000000e-01 ? 1 : 2, nan -> left
        1: leaf -1.000000e+00
        2: leaf 1.000000e+00
      }
    }
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    Hardwood_TaskAttr:$task,
    ConfinedAttr<I32Attr, [IntPositive]>:$num_features,
    Hardwood_InputType:$input_type,
    ConfinedAttr<I32Attr, [IntPositive]>:$num_outputs,
    ConfinedAttr<I32Attr, [IntPositive]>:$leaf_width,
    Hardwood_AggregationAttr:$aggregation,
    Hardwood_TransformAttr:$transform,
    OptionalAttr<DenseF64ArrayAttr>:$base_score,
    OptionalAttr<F64Attr>:$transform_scale,
    OptionalAttr<F64Attr>:$average_path_length,
    OptionalAttr<F64Attr>:$score_offset,
    OptionalAttr<F64Attr>:$zero_threshold,
    DefaultValuedAttr<Hardwood_CategoryCastAttr,
        "::hardwood::CategoryCast::check_then_truncate">:$category_cast,
    OptionalAttr<ArrayAttr>:$classes,
    OptionalAttr<Hardwood_ScheduleAttr>:$schedule,
    OptionalAttr<Hardwood_ScheduleAttr>:$float32_rows_schedule,
    UnitAttr:$decision_sum
  );
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `task` $task `inputs` $num_features `x` $input_type
    `outputs` $num_outputs `leaf_width` $leaf_width `aggregate` $aggregation
    `transform` $transform attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// The trees in summation order.
    auto getTrees() { return getBody().front().getOps<TreeOp>(); }
    unsigned getNumTrees();
    /// The raw-score value added before aggregation, zero when absent.
    double getBaseScoreAt(unsigned output);
    /// Number of class labels, 0 for models that are not classifiers.
    unsigned getNumClasses();
  }];
}

//===----------------------------------------------------------------------===//
// TreeOp
//===----------------------------------------------------------------------===//

def Hardwood_TreeOp : Hardwood_Op<"tree", [HasParent<"EnsembleOp">]> {
  let summary = "One decision tree as parallel node arrays";
  let description = [{
    Node 0 is the root. `left`/`right` are -1 at leaves and valid node
    indices at internal nodes; every node has one parent and is reachable
    from the root. `flags` holds, per node, bit 0: missing values go left;
    bit 1: the comparison is `x < threshold` instead of `x <= threshold`;
    bits 2-3: the missing kind (0 `nan`, 1 `nan_as_zero`, 2 `zero_or_nan`).
    `leaf_values` holds `leaf_width` values per node (zero at internal nodes).

    Categorical nodes are listed in `categorical_nodes`; for the i-th of them
    `category_sets[i]` holds the categories that go left, `category_domains[i]`
    the number of categories the split knows, and `category_outside[i]` where
    values outside the domain go (0 left, 1 right, 2 default direction).

    `leaf_ids`, when present, gives per node the number the `leaf`
    prediction kind reports for that leaf (LightGBM numbers leaves 0..L-1
    apart from internal nodes); without it the node index is reported.

    Linear trees (LightGBM `linear_tree`) carry all four `linear_*` arrays
    and need `leaf_width` 1. A leaf then outputs `linear_constants[leaf] +
    sum(linear_coefficients[i] * x[linear_features[i]])` over
    `i in [linear_offsets[leaf], linear_offsets[leaf + 1])`, in that order in
    float64, and its `leaf_values` entry when any of those features is NaN.
    `linear_offsets` has one entry per node plus one; internal nodes have
    empty ranges.

    The custom syntax prints one node per line:
    ```
    0: x[3] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: x[0] in {1, 4} domain 8 ? 3 : 4, nan -> right, outside -> default
    2: x[1] < 2.500000e+00 ? 5 : 6, zero_or_nan -> right
    3: leaf 1.000000e+00
    4: leaf [1.000000e-01, 9.000000e-01]
    5: leaf 2.000000e+00 linear 1.500000e+00 + -2.500000e-01 * x[3]
    ```
  }];
  let arguments = (ins
    DefaultValuedAttr<I32Attr, "0">:$group,
    DefaultValuedAttr<F64Attr, "1.0">:$weight,
    DenseI32ArrayAttr:$feature,
    DenseF64ArrayAttr:$threshold,
    DenseI32ArrayAttr:$left,
    DenseI32ArrayAttr:$right,
    DenseI8ArrayAttr:$flags,
    DenseF64ArrayAttr:$leaf_values,
    OptionalAttr<DenseI32ArrayAttr>:$categorical_nodes,
    OptionalAttr<ArrayAttr>:$category_sets,
    OptionalAttr<DenseI32ArrayAttr>:$category_domains,
    OptionalAttr<DenseI8ArrayAttr>:$category_outside,
    OptionalAttr<DenseI32ArrayAttr>:$leaf_ids,
    OptionalAttr<DenseI32ArrayAttr>:$linear_offsets,
    OptionalAttr<DenseF64ArrayAttr>:$linear_constants,
    OptionalAttr<DenseI32ArrayAttr>:$linear_features,
    OptionalAttr<DenseF64ArrayAttr>:$linear_coefficients
  );
  let hasCustomAssemblyFormat = 1;
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    unsigned getNumNodes() { return getLeft().size(); }
    bool isLeaf(unsigned node) { return getLeft()[node] < 0; }
    /// Depth of the deepest leaf (a single-leaf tree has depth 0).
    unsigned computeDepth();
    /// Index into the category arrays of a categorical node, or -1.
    int findCategorical(unsigned node);
    /// Whether the leaves are linear models (the linear_* arrays).
    bool isLinear() { return getLinearConstants().has_value(); }
  }];
}

//===----------------------------------------------------------------------===//
// LinearOp
//===----------------------------------------------------------------------===//

def Hardwood_LinearOp : Hardwood_Op<"linear", [Symbol]> {
  let summary = "A linear model: decision = X . coefficients^T + intercept";
  let description = [{
    `coefficients` is row-major `num_outputs x num_features`.

    ```mlir
    hardwood.linear @m task regression inputs 2 x f64 outputs 1
        transform identity coefficients [1.5, -2.0] intercept [0.25]
    ```
  }];
  let arguments = (ins
    SymbolNameAttr:$sym_name,
    Hardwood_TaskAttr:$task,
    ConfinedAttr<I32Attr, [IntPositive]>:$num_features,
    Hardwood_InputType:$input_type,
    ConfinedAttr<I32Attr, [IntPositive]>:$num_outputs,
    Hardwood_TransformAttr:$transform,
    DenseF64ArrayAttr:$coefficients,
    DenseF64ArrayAttr:$intercept,
    OptionalAttr<F64Attr>:$transform_scale,
    OptionalAttr<ArrayAttr>:$classes,
    OptionalAttr<Hardwood_ScheduleAttr>:$schedule
  );
  let assemblyFormat = [{
    $sym_name `task` $task `inputs` $num_features `x` $input_type
    `outputs` $num_outputs `transform` $transform
    `coefficients` $coefficients `intercept` $intercept attr-dict
  }];
  let hasVerifier = 1;
}

#endif // HARDWOOD_OPS
