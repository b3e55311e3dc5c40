// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=scalar_interleaved,tree_order=depth>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule | FileCheck %s --check-prefix=COST
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=scalar_interleaved>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=MODEL
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=scalar_interleaved,tree_group=16,tree_order=depth>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=WIDE

// `tree_order = depth`: trees grouped by depth for the walks of one row
// (single rows, the rows no tile covers, tree ranges): 8 trees walk in
// lockstep for their deepest tree's depth, so a group that mixes stumps
// with deeper trees makes the stumps wait. Here 16 trees alternate depth 2
// and depth 1: in model order both groups walk 2 steps (32 lockstep steps
// per row); sorted by depth, stably, the stumps form one group of 1 step
// (24). The leaves are still added in model order: each window's walks
// store them in a stack buffer indexed by tree, then a loop over the
// window's trees in model order adds them (so the bits stay those of model
// order).

// The cost model chooses it here (a quarter of the steps saved), and not
// for trees of one depth (next case).
// COST: hardwood.ensemble @d {{.*}}tree_order = depth>
// COST: hardwood.ensemble @even
// COST-NOT: tree_order

// Model order (the default of an explicit schedule): no order table.
// MODEL: hardwood.model = #hardwood.lowered_model<name = "d"
// MODEL-NOT: depth_ordered_steps
// MODEL-NOT: walk_order
// MODEL: func.func @__hw_d_predict(
// MODEL-NOT: walk_order
// MODEL: memref.get_global @__hw_d_group_depth

// 16 trees in lockstep: one group of all 16 trees (depth 2), nothing
// saved, so no depth_ordered_steps. Single rows and the tree-range walk step
// by 16 (at most HW_WALK_TREES_GRANULE, 16: the runtime cuts ranges at
// multiples of 16 trees).
// WIDE: hardwood.model = #hardwood.lowered_model<name = "d"
// WIDE-NOT: depth_ordered_steps
// WIDE-SAME: >
// WIDE-DAG: memref.global "private" constant @__hw_d_walk_order_group_depth : memref<1xi32> = dense<2>
// WIDE-LABEL: func.func @__hw_d_predict(
// WIDE: memref.get_global @__hw_d_walk_order :
// WIDE: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c16{{(_[0-9]+)?}} {
// WIDE-COUNT-16: memref.load
// WIDE-LABEL: func.func @__hw_d_walk_trees(
// WIDE: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c16{{(_[0-9]+)?}} {
// WIDE-COUNT-16: memref.load
// WIDE: scf.for {{.*}} -> (i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32) {

// CHECK: hardwood.model = #hardwood.lowered_model<name = "d", {{.*}}depth_ordered_steps = [32, 24]>
// CHECK-DAG: memref.global "private" constant @__hw_d_walk_order_group_depth : memref<2xi32> = dense<[1, 2]>
// CHECK-DAG: memref.global "private" constant @__hw_d_walk_order : memref<16xi32> = dense<[1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 14]>

// CHECK-LABEL: func.func @__hw_d_predict(
// CHECK: %[[BUFFER:.*]] = memref.alloca() : memref<16xi32>
// CHECK: %[[ORDER:.*]] = memref.get_global @__hw_d_walk_order : memref<16xi32>
// CHECK: %[[DEPTHS:.*]] = memref.get_global @__hw_d_walk_order_group_depth
// Windows of 64 trees (one here), then the order's groups of 8.
// CHECK: scf.for %[[WINDOW:.*]] = %{{.*}} to %c16{{.*}} step %c64 {
// CHECK: scf.for %[[POS:.*]] = %[[WINDOW]] to %{{.*}} step %c8 {
// CHECK-COUNT-8: memref.load %[[ORDER]][%{{.*}}] : memref<16xi32>
// CHECK: memref.load %[[DEPTHS]][%{{.*}}] : memref<2xi32>
// CHECK: scf.for {{.*}} -> (i32, i32, i32, i32, i32, i32, i32, i32) {
// CHECK-COUNT-8: memref.store %{{.*}}, %[[BUFFER]][%{{.*}}] : memref<16xi32>
// The trees of the last window that fill no group walk alone.
// CHECK: scf.for %[[REST:.*]] = %{{.*}} to %{{.*}} step
// CHECK: memref.load %[[ORDER]][%[[REST]]] : memref<16xi32>
// CHECK: memref.store %{{.*}}, %[[BUFFER]][%{{.*}}] : memref<16xi32>
// The sums: the window's trees in model order.
// CHECK: scf.for %[[TREE:.*]] = %[[WINDOW]] to %{{.*}} step
// CHECK: %[[SLOT:.*]] = arith.subi %[[TREE]], %[[WINDOW]] : index
// CHECK: memref.load %[[BUFFER]][%[[SLOT]]] : memref<16xi32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : f64

// The tree-range walk takes positions of the same order; each leaf goes to
// its tree's slot, and the sums read them in model order.
// CHECK-LABEL: func.func @__hw_d_walk_trees(
// CHECK: %[[RANGE_ORDER:.*]] = memref.get_global @__hw_d_walk_order : memref<16xi32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8 {
// CHECK-COUNT-8: memref.load %[[RANGE_ORDER]][%{{.*}}] : memref<16xi32>
// CHECK-LABEL: func.func @__hw_d_predict_sum_leaves(
// CHECK-NOT: walk_order

hardwood.ensemble @d task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 0.0
    3: leaf 0.25
    4: leaf 0.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 1.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 1.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 2.0
    3: leaf 2.25
    4: leaf 2.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 3.5 ? 1 : 2, nan -> left
    1: leaf 3.0
    2: leaf 3.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 4.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 4.0
    3: leaf 4.25
    4: leaf 4.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 5.5 ? 1 : 2, nan -> left
    1: leaf 5.0
    2: leaf 5.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 6.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 6.0
    3: leaf 6.25
    4: leaf 6.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 7.5 ? 1 : 2, nan -> left
    1: leaf 7.0
    2: leaf 7.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 8.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 8.0
    3: leaf 8.25
    4: leaf 8.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 9.5 ? 1 : 2, nan -> left
    1: leaf 9.0
    2: leaf 9.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 10.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 10.0
    3: leaf 10.25
    4: leaf 10.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 11.5 ? 1 : 2, nan -> left
    1: leaf 11.0
    2: leaf 11.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 12.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 12.0
    3: leaf 12.25
    4: leaf 12.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 13.5 ? 1 : 2, nan -> left
    1: leaf 13.0
    2: leaf 13.75
  }
  hardwood.tree group 0 {
    0: x[0] <= 14.5 ? 1 : 4, nan -> right
    1: x[1] <= 0.5 ? 2 : 3, nan -> left
    2: leaf 14.0
    3: leaf 14.25
    4: leaf 14.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 15.5 ? 1 : 2, nan -> left
    1: leaf 15.0
    2: leaf 15.75
  }
}

// -----

// 16 trees of the same depth: the depth order (forced here) saves no
// step, so the lowered model records no depth_ordered_steps; the order is
// model order.
// CHECK-LABEL: module attributes {hardwood.model = #hardwood.lowered_model<name = "even"
// CHECK-NOT: depth_ordered_steps
// CHECK: memref.global "private" constant @__hw_even_walk_order : memref<16xi32> = dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]>

hardwood.ensemble @even task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf 0.0
    2: leaf 0.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 1.5 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf 1.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.5 ? 1 : 2, nan -> right
    1: leaf 2.0
    2: leaf 2.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 3.5 ? 1 : 2, nan -> right
    1: leaf 3.0
    2: leaf 3.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 4.5 ? 1 : 2, nan -> right
    1: leaf 4.0
    2: leaf 4.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 5.5 ? 1 : 2, nan -> right
    1: leaf 5.0
    2: leaf 5.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 6.5 ? 1 : 2, nan -> right
    1: leaf 6.0
    2: leaf 6.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 7.5 ? 1 : 2, nan -> right
    1: leaf 7.0
    2: leaf 7.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 8.5 ? 1 : 2, nan -> right
    1: leaf 8.0
    2: leaf 8.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 9.5 ? 1 : 2, nan -> right
    1: leaf 9.0
    2: leaf 9.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 10.5 ? 1 : 2, nan -> right
    1: leaf 10.0
    2: leaf 10.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 11.5 ? 1 : 2, nan -> right
    1: leaf 11.0
    2: leaf 11.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 12.5 ? 1 : 2, nan -> right
    1: leaf 12.0
    2: leaf 12.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 13.5 ? 1 : 2, nan -> right
    1: leaf 13.0
    2: leaf 13.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 14.5 ? 1 : 2, nan -> right
    1: leaf 14.0
    2: leaf 14.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 15.5 ? 1 : 2, nan -> right
    1: leaf 15.0
    2: leaf 15.5
  }
}
