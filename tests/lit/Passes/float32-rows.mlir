// RUN: hardwood-opt %s --hardwood-select-schedule | FileCheck %s --check-prefix=SCHEDULE
// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="float32-rows-schedule=<strategy=vector_gather,vector_lanes=8>" | FileCheck %s --check-prefix=FORCED
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=8>" | FileCheck %s --check-prefix=MAIN-ONLY

// A float64 ensemble of numeric splits gets a second schedule, for the
// kernels that read float32 rows: the cost model's choice for the same
// model with float32 input (on the portable default target, the same
// scalar walk), or the float32-rows-schedule option's.
// SCHEDULE-LABEL: hardwood.ensemble @m
// SCHEDULE-SAME: float32_rows_schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
// SCHEDULE-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
// FORCED-LABEL: hardwood.ensemble @m
// FORCED-SAME: float32_rows_schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, block_rows = 128>
// FORCED-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved
// The schedule option leaves the float32-row kernels to the cost model.
// MAIN-ONLY-LABEL: hardwood.ensemble @m
// MAIN-ONLY-SAME: float32_rows_schedule = #hardwood.schedule<strategy = scalar_interleaved
// MAIN-ONLY-SAME: schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8

// The lowering adds the float32-row kernels from a copy with float32 input
// whose thresholds are narrowed (NarrowThresholds' rule): node 0's
// `x <= 0.1` keeps 0.099999994 (0x3DCCCCCC = 1036831948), the largest
// float32 not above 0.1; node 2's `x < 0.1` takes 0.1f (0x3DCCCCCD =
// 1036831949), the smallest not below it. The float64 kernels keep their
// float64 threshold table. Leaf values stay float64 in both.
// The model stays a float64 model (its descriptor's input type).
// CHECK: module attributes {hardwood.model = #hardwood.lowered_model<name = "m", {{.*}}input_type = f64
// CHECK-DAG: memref.global "private" constant @__hw_m_f32rows_nodes : memref<20xi32> = dense<[16777216, 1036831948, 1, 2, 0, 0, 1, 1, 33554433, 1036831949, 3, 4, 0, 1, 3, 3, 0, 2, 4, 4]>
// CHECK-DAG: memref.global "private" constant @__hw_m_f32rows_leaf_values : memref<3xf64> = dense<[1.500000e+00, -2.000000e+00, 4.000000e+00]>
// CHECK-DAG: memref.global "private" constant @__hw_m_threshold : memref<5xf64> = dense<[1.000000e-01, 0.000000e+00, 1.000000e-01, 0.000000e+00, 0.000000e+00]>
// CHECK-NOT: @__hw_m_f32rows_threshold
// The float64 kernels are the model's kernels of their kind; the float32-
// row kernels are not marked (code generation finds them by name) and
// write the same output types.
// CHECK: func.func @__hw_m_predict(%arg0: memref<?xf64>, %arg1: i64, %arg2: i64, %arg3: memref<?xf64>) attributes {hardwood.kernel = "predict", hardwood.model = "m"}
// CHECK: func.func @__hw_m_decision(%arg0: memref<?xf64>, %arg1: i64, %arg2: i64, %arg3: memref<?xf64>) attributes {hardwood.kernel = "decision", hardwood.model = "m"}
// CHECK: func.func @__hw_m_leaf(%arg0: memref<?xf64>, %arg1: i64, %arg2: i64, %arg3: memref<?xi32>) attributes {hardwood.kernel = "leaf", hardwood.model = "m"}
// CHECK: func.func @__hw_m_predict_f32rows(%arg0: memref<?xf32>, %arg1: i64, %arg2: i64, %arg3: memref<?xf64>) {
// CHECK: memref.get_global @__hw_m_f32rows_node_compact
// CHECK: func.func @__hw_m_decision_f32rows(%arg0: memref<?xf32>, %arg1: i64, %arg2: i64, %arg3: memref<?xf64>) {
// CHECK: func.func @__hw_m_leaf_f32rows(%arg0: memref<?xf32>, %arg1: i64, %arg2: i64, %arg3: memref<?xi32>) {
hardwood.ensemble @m task regression inputs 2 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.1 ? 1 : 2, nan -> left
    1: leaf 1.5
    2: x[1] < 0.1 ? 3 : 4, nan -> right
    3: leaf -2.0
    4: leaf 4.0
  }
}
