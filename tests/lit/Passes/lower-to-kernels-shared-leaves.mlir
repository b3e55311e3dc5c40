// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s

// Leaves whose rows of values are bit-identical share one copy in the leaf
// table, across trees: a forest of pure leaves holds one row per class.
// Rows compare by bits, so 0.0 and -0.0 stay apart, and the weight is
// folded in first (tree 1's rows are halved: its [2.0, 0.0] shares tree
// 0's [1.0, 0.0], its [1.0, 1.0] becomes a new [0.5, 0.5]).
//   tree 0: [1, 0] -> 0, [0, 1] -> 2, [1, 0] -> 0
//   tree 1: [2, 0] x 0.5 = [1, 0] -> 0, [1, 1] x 0.5 -> 4, [0, -0] x 0.5 -> 6
// CHECK: memref.global "private" constant @__hw_f_leaf_values : memref<8xf64> = dense<[1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 5.000000e-01, 5.000000e-01, 0.000000e+00, -0.000000e+00]>
// The leaves' aux words (the second of each node's four) are the offsets.
// CHECK: memref.global "private" constant @__hw_f_nodes : memref<40xi32> = dense<[0, 1056964608, 1, 2, 0, 0, 1, 1, 1, 1069547520, 3, 4, 0, 2, 3, 3, 0, 0, 4, 4, 0, 1056964608, 6, 7, 0, 0, 6, 6, 1, 1069547520, 8, 9, 0, 4, 8, 8, 0, 6, 9, 9]>
hardwood.ensemble @f task regression inputs 2 x f32 outputs 2 leaf_width 2
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf [1.0, 0.0]
    2: x[1] <= 1.5 ? 3 : 4, nan -> right
    3: leaf [0.0, 1.0]
    4: leaf [1.0, 0.0]
  }
  hardwood.tree group 0 weight 0.5 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf [2.0, 0.0]
    2: x[1] <= 1.5 ? 3 : 4, nan -> right
    3: leaf [1.0, 1.0]
    4: leaf [0.0, -0.0]
  }
}
