// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=16,tree_group=4>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=16,tree_group=4>" --hardwood-lower-to-kernels --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// With vector lanes, a tile of 4 x 16 rows walks as four independent
// vectors in lockstep (their gathers overlap): the input is read through a
// view at the tile's first row, every table read is a gather, and the node
// indices are carried as four vector<16xi32>.
// CHECK-LABEL: func.func @__hw_reg_decision
// CHECK: memref.subview %{{.*}}[%{{.*}}] [%{{.*}}] [1] : memref<?xf64> to memref<?xf64, strided<[1], offset: ?>>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>)
// CHECK: vector.gather %{{.*}}[%{{.*}}] [%{{.*}}], %{{.*}}, %{{.*}} : memref<12xi32>, vector<16xi32>, vector<16xi1>, vector<16xi32> into vector<16xi32>
// Float64 thresholds come from their own table.
// CHECK: vector.gather %{{.*}} : memref<3xf64>, vector<16xi32>, vector<16xi1>, vector<16xf64> into vector<16xf64>
// CHECK: arith.cmpf ole, %{{.*}}, %{{.*}} : vector<16xf64>
// Rows past the last full tile: whole vectors of 16 rows first, one vector
// per tree (a lone tree here: one vector walked for its own depth), then
// single rows with the scalar code.
// CHECK: memref.subview
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>) {
// CHECK: memref.load %{{.*}} : memref<12xi32>

// With four trees or more (tree_group = 4 in the RUN lines; the default
// is 8), the vectors of the remaining rows walk four
// trees in lockstep for the group's deepest depth.
// CHECK-LABEL: func.func @__hw_forest_decision
// CHECK: memref.get_global @__hw_forest_group_depth : memref<1xi32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<16xi32>, vector<16xi32>, vector<16xi32>, vector<16xi32>) {

// LLVM: llvm.intr.masked.gather
hardwood.ensemble @reg task regression inputs 3 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[1] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

hardwood.ensemble @forest task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
  hardwood.tree group 0 {
    0: x[1] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 3.0
    2: leaf 4.0
  }
  hardwood.tree group 0 {
    0: leaf 5.0
  }
  hardwood.tree group 0 {
    0: x[0] <= -0.5 ? 1 : 2, nan -> right
    1: x[1] <= 1.5 ? 3 : 4, nan -> left
    2: leaf 6.0
    3: leaf 7.0
    4: leaf 8.0
  }
}
