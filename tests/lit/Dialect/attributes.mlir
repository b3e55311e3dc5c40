// RUN: hardwood-opt %s -split-input-file | FileCheck %s
// RUN: hardwood-opt %s -split-input-file -mlir-print-op-generic | hardwood-opt -split-input-file | FileCheck %s

// The target and schedule attributes print and parse back; schedule
// parameters at their defaults are left out.
// CHECK: module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 2, max_block_rows = 64, l1_bytes = 65536, l2_bytes = 1048576>}
// CHECK: hardwood.ensemble @m {{.*}} attributes {schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, interleave = 2, block_rows = 64>}
// CHECK: hardwood.linear @l {{.*}} {schedule = #hardwood.schedule<strategy = linear_row_tiles, interleave = 8>}
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 2, max_block_rows = 64, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @m task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, interleave = 2, tree_group = 8, block_rows = 64, loop_order = tree_outer, node_layout = records16, tree_order = model>} {
  hardwood.tree { 0: leaf 1.0 }
}
hardwood.linear @l task regression inputs 1 x f64 outputs 1 transform identity
    coefficients [1.0] intercept [0.0]
    {schedule = #hardwood.schedule<strategy = linear_row_tiles, interleave = 8>}
}

// -----

// The lowered model prints and parses back; kinds the model lacks (here
// proba and score) are left out, and so are absent class labels. Kernels
// print in the short form of an attribute nested in its own dialect's.
// tree_parallel_rows, 0 by default, prints only when set (next case).
// CHECK: module attributes {hardwood.model = #hardwood.lowered_model<name = "r", family = tree_ensemble, task = regression, input_type = f64, num_features = 2, num_classes = 0, num_trees = 1, predict = <function = @p, width = 1, element_type = f64>, decision = <function = @d, width = 1, element_type = f64>, leaf = <function = @l, width = 1, element_type = i32>>}
module attributes {hardwood.model = #hardwood.lowered_model<name = "r", family = tree_ensemble, task = regression, input_type = f64, num_features = 2, num_classes = 0, num_trees = 1, leaf = #hardwood.kernel<function = @l, width = 1, element_type = i32>, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f64>>} {
  func.func @p() { return }
  func.func @d() { return }
  func.func @l() { return }
}

// -----

// CHECK: hardwood.model = #hardwood.lowered_model<name = "t", {{.*}}, num_trees = 2, predict = <function = @p, width = 1, element_type = f64>, decision = <function = @d, width = 1, element_type = f64>, tree_parallel_rows = 16>
module attributes {hardwood.model = #hardwood.lowered_model<name = "t", family = tree_ensemble, task = regression, input_type = f64, num_features = 2, num_classes = 0, num_trees = 2, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f64>, tree_parallel_rows = 16>} {
  func.func @p() { return }
  func.func @d() { return }
}

// -----

// depth_ordered_steps (absent by default): steps in model order, then in
// depth order.
// CHECK: hardwood.model = #hardwood.lowered_model<name = "o", {{.*}}, num_trees = 16, {{.*}}, tree_parallel_rows = 16, depth_ordered_steps = [32, 24]>
module attributes {hardwood.model = #hardwood.lowered_model<name = "o", family = tree_ensemble, task = regression, input_type = f64, num_features = 2, num_classes = 0, num_trees = 16, predict = #hardwood.kernel<function = @p, width = 1, element_type = f64>, decision = #hardwood.kernel<function = @d, width = 1, element_type = f64>, tree_parallel_rows = 16, depth_ordered_steps = [32, 24]>} {
  func.func @p() { return }
  func.func @d() { return }
}

// -----

// tree_order prints when it is not the default, model.
// CHECK: hardwood.ensemble @o {{.*}} attributes {schedule = #hardwood.schedule<strategy = scalar_interleaved, tree_order = depth>}
hardwood.ensemble @o task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity
    attributes {schedule = #hardwood.schedule<strategy = scalar_interleaved, tree_order = depth>} {
  hardwood.tree group 0 {
    0: leaf 1.0
  }
}

// -----

// row_walk prints when it is not the default, tree_lanes.
// CHECK: hardwood.ensemble @r {{.*}} attributes {schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, row_walk = chains>}
hardwood.ensemble @r task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity
    attributes {schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, row_walk = chains>} {
  hardwood.tree group 0 {
    0: leaf 1.0
  }
}

// -----

// The unrolled strategy prints and parses back.
// CHECK: hardwood.ensemble @u {{.*}} attributes {schedule = #hardwood.schedule<strategy = unrolled, vector_lanes = 16, interleave = 1, block_rows = 64>}
hardwood.ensemble @u task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {schedule = #hardwood.schedule<strategy = unrolled, vector_lanes = 16, interleave = 1, block_rows = 64>} {
  hardwood.tree { 0: leaf 1.0 }
}
