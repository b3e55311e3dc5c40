// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=scalar_interleaved>" --hardwood-lower-to-kernels | FileCheck %s

// Tree-parallel evaluation of small batches (model_abi.h, hw_walk_trees_fn):
// an ensemble of several trees also gets a walk of a range of its trees that
// stores the leaf each row reaches, and per kernel a sum of the stored
// leaves in model order (the kernel's leaf update, averaging and epilogue,
// so the kernel's bits). Neither is marked as a kernel. The lowered model
// records below how many rows they pay: the schedule's tile (4 rows for
// scalar_interleaved here).

// CHECK: hardwood.model = #hardwood.lowered_model<name = "m", {{.*}}tree_parallel_rows = 4>

// The walk: rows, then groups of 8 trees from tree_begin walked in lockstep
// for the deepest one's depth, then the trees left one by one; every leaf
// goes to leaves[row * 3 + tree].
// CHECK-LABEL: func.func @__hw_m_walk_trees(
// CHECK-SAME: %{{.*}}: memref<?xf32>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64, %[[LEAVES:.*]]: memref<?xi32>) {
// CHECK: %[[BEGIN:.*]] = arith.index_cast %arg3 : i64 to index
// CHECK: %[[END:.*]] = arith.index_cast %arg4 : i64 to index
// CHECK: scf.for %[[ROW:.*]] = %{{.*}} to %{{.*}} step %{{.*}} {
// CHECK: %[[GROUPED:.*]] = arith.addi %[[BEGIN]], %{{.*}} : index
// CHECK: scf.for %{{.*}} = %[[BEGIN]] to %[[GROUPED]] step %c8 {
// CHECK-COUNT-7: arith.maxui
// CHECK: scf.for {{.*}} -> (i32, i32, i32, i32, i32, i32, i32, i32) {
// CHECK-COUNT-8: memref.store %{{.*}}, %[[LEAVES]][%{{.*}}] : memref<?xi32>
// CHECK: scf.for %{{.*}} = %[[GROUPED]] to %[[END]] step
// CHECK: arith.muli %{{.*}}, %c3 : index
// CHECK: memref.store %{{.*}}, %[[LEAVES]][%{{.*}}] : memref<?xi32>
// CHECK: return

// The sums read each row's 3 leaves in tree order and add their values to
// the row's float64 raw score, as the kernel does; the leaf kind maps them
// to leaf ids.
// CHECK-LABEL: func.func @__hw_m_predict_sum_leaves(
// CHECK-SAME: %{{.*}}: memref<?xf32>, %{{.*}}: i64, %{{.*}}: i64, %[[STORED:.*]]: memref<?xi32>, %{{.*}}: memref<?xf32>) {
// CHECK: scf.for %[[TREE:.*]] = %{{.*}} to %c3{{.*}} step
// CHECK: memref.load %[[STORED]][%{{.*}}] : memref<?xi32>
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<7xf64>
// CHECK: arith.addf %{{.*}}, %{{.*}} : f64
// CHECK-LABEL: func.func @__hw_m_decision_sum_leaves(
// CHECK-LABEL: func.func @__hw_m_leaf_sum_leaves(%{{.*}}: memref<?xf32>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: memref<?xi32>, %{{.*}}: memref<?xi32>) {
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<11xi32>
// CHECK-NOT: func.func {{.*}}attributes {hardwood.kernel

hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf 2.0
  }
  hardwood.tree group 0 {
    0: x[1] <= 1.5 ? 1 : 2, nan -> left
    1: leaf 10.0
    2: leaf 20.0
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.5 ? 1 : 2, nan -> left
    1: x[1] <= 0.0 ? 3 : 4, nan -> right
    2: leaf 200.0
    3: leaf 100.0
    4: leaf 300.0
  }
}

// -----

// One tree: nothing to split, no walk or sums, tree_parallel_rows left at 0.
// CHECK-LABEL: module attributes {hardwood.model = #hardwood.lowered_model<name = "one"
// CHECK-NOT: tree_parallel_rows
// CHECK-NOT: _walk_trees
// CHECK-NOT: _sum_leaves
// CHECK-LABEL: func.func @__hw_one_leaf
// CHECK-NOT: func.func

hardwood.ensemble @one task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf 2.0
  }
}
