// RUN: hardwood-opt %s -split-input-file -verify-diagnostics

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{child index 7 of node 0 is out of range for 3 nodes}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 7, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{node 1 is a child of both node 0 and node 2: trees must not share or cycle}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: x[1] <= 0.5 ? 1 : 3, nan -> left
    3: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{node 1 points back to the root: cycle}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[1] <= 0.5 ? 0 : 3, nan -> left
    2: leaf 1.0
    3: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{node 3 is unreachable from the root (orphan or cycle)}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
    3: leaf 3.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{feature index 5 of node 0 exceeds input width 2}}
  hardwood.tree group 0 {
    0: x[5] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task classification inputs 2 x f32 outputs 3 leaf_width 3 aggregate average transform identity attributes {classes = [0, 1, 2]} {
  // expected-error @+1 {{has 6 leaf values, expected 3 nodes x leaf_width 3}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf [1.0, 0.0]
    2: leaf [0.0, 1.0]
  }
}

// -----

// expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'transform'}}
hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform 42 {
}

// -----

// expected-error @+1 {{expected string or keyword containing one of the following enum values for attribute 'transform' [identity, sigmoid, softmax, ovr_normalize, exp, signed_square, isolation_forest, binary_hinge, modified_huber]}}
hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform logistic {
}

// -----

// expected-error @+1 {{transform softmax needs at least 2 outputs, got 1}}
hardwood.ensemble @m task classification inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform softmax attributes {classes = [0, 1]} {
}

// -----

// expected-error @+1 {{has 2 classes but 3 output(s); expected 3 classes}}
hardwood.ensemble @m task classification inputs 2 x f32 outputs 3 leaf_width 1 aggregate sum transform softmax attributes {classes = [0, 1]} {
}

// -----

// expected-error @+1 {{base_score has 2 values, expected num_outputs = 1}}
hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity attributes {base_score = array<f64: 1.0, 2.0>} {
}

// -----

// expected-error @+1 {{transform isolation_forest requires a finite, non-negative 'average_path_length' attribute}}
hardwood.ensemble @m task anomaly inputs 2 x f32 outputs 1 leaf_width 1 aggregate average transform isolation_forest {
}

// -----

// c(max_samples) is 0 only for max_samples = 1; a negative one is an error.
// expected-error @+1 {{transform isolation_forest requires a finite, non-negative 'average_path_length' attribute}}
hardwood.ensemble @m task anomaly inputs 2 x f32 outputs 1 leaf_width 1 aggregate average transform isolation_forest attributes {average_path_length = -1.0 : f64, score_offset = -0.5 : f64} {
}

// -----

// expected-error @+1 {{'score_offset' must be finite}}
hardwood.ensemble @m task anomaly inputs 2 x f32 outputs 1 leaf_width 1 aggregate average transform isolation_forest attributes {average_path_length = 0.0 : f64, score_offset = 0x7FF0000000000000 : f64} {
}

// -----

// expected-error @+1 {{transform modified_huber requires task classification}}
hardwood.linear @m task regression inputs 2 x f64 outputs 1 transform modified_huber coefficients [1.0, 2.0] intercept [0.0]

// -----

// expected-error @+1 {{transform binary_hinge requires task classification}}
hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform binary_hinge {
}

// -----

hardwood.ensemble @m task regression inputs 2 x f32 outputs 2 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{group 2 is out of range for 2 output(s)}}
  hardwood.tree group 2 {
    0: leaf 1.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{category 9 of node 0 is outside its domain [0, 8)}}
  hardwood.tree group 0 {
    0: x[0] in {1, 9} domain 8 ? 1 : 2, nan -> left, outside -> right
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  hardwood.tree group 0 {
    0: leaf 1.0
    // expected-error @+1 {{expected node 1 (nodes are listed in index order), got node 2}}
    2: leaf 2.0
  }
}

// -----

// expected-error @+1 {{has 3 coefficients, expected num_outputs x num_features = 4}}
hardwood.linear @m task regression inputs 2 x f64 outputs 2 transform identity coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0]

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0 linear 0.5 + 1.0 * x[1]
    // expected-error @+1 {{leaf 2 is not linear but leaf 1 is; a tree's leaves must all be linear or none}}
    2: leaf 2.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{linear feature 2 of leaf 1 exceeds input width 2}}
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0 linear 0.5 + 1.0 * x[2]
    2: leaf 2.0 linear 0.0
  }
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 2 leaf_width 2 aggregate sum transform identity {
  // expected-error @+1 {{linear leaves need leaf_width 1, got 2}}
  "hardwood.tree"() <{feature = array<i32: -1>, threshold = array<f64: 0.0>, left = array<i32: -1>, right = array<i32: -1>, flags = array<i8: 0>, leaf_values = array<f64: 1.0, 2.0>, linear_offsets = array<i32: 0, 0>, linear_constants = array<f64: 1.0>, linear_features = array<i32>, linear_coefficients = array<f64>}> : () -> ()
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{linear leaves need all of 'linear_offsets', 'linear_constants', 'linear_features' and 'linear_coefficients'}}
  "hardwood.tree"() <{feature = array<i32: -1>, threshold = array<f64: 0.0>, left = array<i32: -1>, right = array<i32: -1>, flags = array<i8: 0>, leaf_values = array<f64: 1.0>, linear_constants = array<f64: 1.0>}> : () -> ()
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{internal node 0 has linear terms}}
  "hardwood.tree"() <{feature = array<i32: 0, -1, -1>, threshold = array<f64: 0.5, 0.0, 0.0>, left = array<i32: 1, -1, -1>, right = array<i32: 2, -1, -1>, flags = array<i8: 0, 0, 0>, leaf_values = array<f64: 0.0, 1.0, 2.0>, linear_offsets = array<i32: 0, 1, 1, 1>, linear_constants = array<f64: 0.0, 1.0, 2.0>, linear_features = array<i32: 0>, linear_coefficients = array<f64: 1.0>}> : () -> ()
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{linear_offsets decrease at node 1 (5 then 0)}}
  "hardwood.tree"() <{feature = array<i32: 0, -1, -1>, threshold = array<f64: 0.5, 0.0, 0.0>, left = array<i32: 1, -1, -1>, right = array<i32: 2, -1, -1>, flags = array<i8: 0, 0, 0>, leaf_values = array<f64: 0.0, 1.0, 2.0>, linear_offsets = array<i32: 0, 5, 0, 1>, linear_constants = array<f64: 0.0, 1.0, 2.0>, linear_features = array<i32: 0>, linear_coefficients = array<f64: 1.0>}> : () -> ()
}

// -----

hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1 aggregate sum transform identity {
  // expected-error @+1 {{linear_features has 1 entries but linear_coefficients has 2}}
  "hardwood.tree"() <{feature = array<i32: -1>, threshold = array<f64: 0.0>, left = array<i32: -1>, right = array<i32: -1>, flags = array<i8: 0>, leaf_values = array<f64: 1.0>, linear_offsets = array<i32: 0, 1>, linear_constants = array<f64: 1.0>, linear_features = array<i32: 0>, linear_coefficients = array<f64: 1.0, 2.0>}> : () -> ()
}

// -----

// expected-error @+1 {{strategy vector_gather needs vector_lanes a power of two in [2, 64], not 0}}
#bad_lanes = #hardwood.schedule<strategy = vector_gather>

// -----

// expected-error @+1 {{strategy scalar_interleaved walks scalar rows: vector_lanes must be 0}}
#scalar_lanes = #hardwood.schedule<strategy = scalar_interleaved, vector_lanes = 8>

// -----

// expected-error @+1 {{block_rows 100 is not a multiple of the tile (32 rows)}}
#bad_block = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, block_rows = 100>

// -----

// expected-error @+1 {{interleave 0 is not in [1, 64]}}
#bad_interleave = #hardwood.schedule<strategy = scalar_interleaved, interleave = 0>

// -----

// expected-error @+1 {{strategy linear_row_tiles has no row blocks: block_rows must be 0}}
#linear_blocks = #hardwood.schedule<strategy = linear_row_tiles, block_rows = 8>

// -----

// expected-error @+1 {{vector_bits 384 is not 128, 256 or 512}}
#bad_width = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 384, gather = false, permute = false, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>

// -----

// expected-error @+1 {{'hardwood.target' must be a #hardwood.target}}
module attributes {hardwood.target = "x86-64"} {}

// -----

// Tiles the schedule selector would make from this target (6 scalar rows)
// do not divide the runtime's 64-row alignment.
// expected-error @+1 {{tiles of scalar_interleave (6) rows and of vector_interleave x vector_bits / 32 (16) rows must divide HW_KERNEL_ROW_ALIGNMENT (64)}}
#odd_tile = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, gather = false, permute = false, masking = false, prefer_512 = false, scalar_interleave = 6, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>

// -----

// expected-error @+1 {{kernel element type must be f32, f64 or i32, not 'f16'}}
#half = #hardwood.kernel<function = @k, width = 1, element_type = f16>

// -----

// expected-error @+1 {{kernel output width must be positive, not 0}}
#empty = #hardwood.kernel<function = @k, width = 0, element_type = f32>

// -----

// expected-error @+1 {{class_labels holds 1 labels for 2 classes}}
#labels = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = classification, input_type = f32, num_features = 1, num_classes = 2, num_trees = 1, class_labels = [1.0], predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>>

// -----

// expected-error @+1 {{leaf kernel must write 3 i32 per row (one per tree)}}
#leaf = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = regression, input_type = f32, num_features = 1, num_classes = 0, num_trees = 3, predict = #hardwood.kernel<function = @p, width = 1, element_type = f32>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>, leaf = #hardwood.kernel<function = @l, width = 2, element_type = i32>>

// -----

// Tree-parallel evaluation needs several trees to split.
// expected-error @+1 {{tree_parallel_rows must be 0, or positive for an ensemble of several trees}}
#one_tree_split = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = regression, input_type = f32, num_features = 1, num_classes = 0, num_trees = 1, predict = #hardwood.kernel<function = @p, width = 1, element_type = f32>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>, tree_parallel_rows = 16>

// -----

// expected-error @+1 {{tree_parallel_rows must be 0, or positive for an ensemble of several trees}}
#negative_split = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = regression, input_type = f32, num_features = 1, num_classes = 0, num_trees = 4, predict = #hardwood.kernel<function = @p, width = 1, element_type = f32>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>, tree_parallel_rows = -1>

// -----

// The depth order must save steps.
// expected-error @+1 {{depth_ordered_steps must be [steps in model order, fewer steps in depth order] of an ensemble of several trees}}
#no_saving = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = regression, input_type = f32, num_features = 1, num_classes = 0, num_trees = 16, predict = #hardwood.kernel<function = @p, width = 1, element_type = f32>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>, depth_ordered_steps = [32, 32]>

// -----

// expected-error @+1 {{depth_ordered_steps must be [steps in model order, fewer steps in depth order] of an ensemble of several trees}}
#three_counts = #hardwood.lowered_model<name = "m", family = tree_ensemble, task = regression, input_type = f32, num_features = 1, num_classes = 0, num_trees = 16, predict = #hardwood.kernel<function = @p, width = 1, element_type = f32>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f32>, depth_ordered_steps = [32, 24, 8]>

// -----

// expected-error @+1 {{lowered model needs predict and decision kernels}}
#no_decision = #hardwood.lowered_model<name = "m", family = linear, task = regression, input_type = f64, num_features = 1, num_classes = 0, num_trees = 0, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>>

// -----

// expected-error @+1 {{only classifiers have a proba kernel}}
#proba = #hardwood.lowered_model<name = "m", family = linear, task = regression, input_type = f64, num_features = 1, num_classes = 0, num_trees = 0, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, proba = #hardwood.kernel<function = @q, width = 2, element_type = f64>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f64>>

// -----

// The kernels are symbol references: they must name functions of the module.
// expected-error @+1 {{lowered model's kernel @missing is not defined in the module}}
module attributes {hardwood.model = #hardwood.lowered_model<name = "m", family = linear, task = regression, input_type = f64, num_features = 1, num_classes = 0, num_trees = 0, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, decision = #hardwood.kernel<function = @missing, width = 1, element_type = f64>>} {
  func.func @p() { return }
}

// -----

// expected-error @+1 {{'hardwood.model' on a module must be a #hardwood.lowered_model}}
module attributes {hardwood.model = {name = "m"}} {}

// -----

// expected-error @+1 {{decision_sum only applies to aggregate average}}
hardwood.ensemble @sum_decision task regression inputs 1 x f32 outputs 1
    leaf_width 1 aggregate sum transform identity attributes {decision_sum} {
  hardwood.tree { 0: leaf 1.0 }
}

// -----

// expected-error @+1 {{strategy linear_row_tiles is for linear models}}
hardwood.ensemble @linear_schedule task regression inputs 1 x f32 outputs 1
    leaf_width 1 aggregate sum transform identity
    attributes {schedule = #hardwood.schedule<strategy = linear_row_tiles>} {
  hardwood.tree { 0: leaf 1.0 }
}

// -----

// expected-error @+1 {{register_levels applies to vector_register_top only}}
#levels_on_gather = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, register_levels = 3>

// -----

// expected-error @+1 {{register_levels 9 is not in [0, 8]}}
#too_many_levels = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, register_levels = 9>

// -----

// expected-error @+1 {{compare_levels applies to vector_register_top only}}
#compare_on_gather = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, compare_levels = 2>

// -----

// expected-error @+1 {{compare_levels 5 is not in [0, 4]}}
#too_many_compares = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, register_levels = 6, compare_levels = 5>

// -----

// expected-error @+1 {{compare_levels 3 exceeds register_levels 2}}
#compares_below_registers = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, register_levels = 2, compare_levels = 3>

// -----

// expected-error @+1 {{node_layout compact8 applies to tree walks only}}
#compact_linear = #hardwood.schedule<strategy = linear_row_tiles, node_layout = compact8>

// -----

// expected-error @+1 {{scalar_below applies to vector_register_top only}}
#scalar_below_gather = #hardwood.schedule<strategy = vector_gather, vector_lanes = 16, scalar_below = 16>

// -----

// Scalar strategies always walk single rows as chains; only the vector ones
// choose.
// expected-error @+1 {{row_walk applies to vector_gather and vector_register_top only}}
#row_walk_scalar = #hardwood.schedule<strategy = scalar_interleaved, row_walk = chains>

// -----

// expected-error @+1 {{scalar_below -1 is not in [0, 64]}}
#scalar_below_negative = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, scalar_below = -1>

// -----

// A tile of 2 x 16 rows cannot be walked 24 at a time.
// expected-error @+1 {{scalar_below 24 does not divide the tile (32 rows)}}
#scalar_below_tile = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, interleave = 2, scalar_below = 24>

// -----

// Unrolled trees are vectors of rows too.
// expected-error @+1 {{strategy unrolled needs vector_lanes a power of two in [2, 64], not 0}}
#unrolled_scalar = #hardwood.schedule<strategy = unrolled>

// -----

// expected-error @+1 {{register_levels applies to vector_register_top only}}
#unrolled_levels = #hardwood.schedule<strategy = unrolled, vector_lanes = 16, register_levels = 3>


// -----

// expected-error @+1 {{float32_rows_schedule is for float64 models (a float32 model's kernels read float32 rows)}}
hardwood.ensemble @m task regression inputs 1 x f32 outputs 1 leaf_width 1 aggregate sum transform identity attributes {float32_rows_schedule = #hardwood.schedule<strategy = scalar_interleaved>} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

// expected-error @+1 {{strategy linear_row_tiles is for linear models}}
hardwood.ensemble @m task regression inputs 1 x f64 outputs 1 leaf_width 1 aggregate sum transform identity attributes {float32_rows_schedule = #hardwood.schedule<strategy = linear_row_tiles>} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}
