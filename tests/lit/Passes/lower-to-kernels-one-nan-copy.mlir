// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s

// Every split sends NaN the same way: the block takes one feature-major copy
// (1 x 3 features x 128 rows, not 2 x), reading NaN as +infinity where
// they all send it right and as -infinity where they all send it left, and
// every column (top_column, node_column) points into it: feature x 128.
//   node 0: x[1] -> column 128; node 1: x[2] -> 256; node 4: x[0] -> 0.
// CHECK: memref.global "private" constant @__hw_right_node_column : memref<7xi64> = dense<[4539628424389722240, 4593671619918102784, 9205357638345424896, 9205357642640457728, 4620693217682522112, 9205357646935556096, 9205357651230588928]>
// CHECK: memref.global "private" constant @__hw_right_top_column : memref<10xi32> = dense<[128, 0,
// CHECK-LABEL: func.func @__hw_right_decision
// CHECK: %[[COPY:.*]] = memref.alloca() : memref<384xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf uno
// CHECK-NEXT: %[[INF:.*]] = arith.constant 0x7F800000 : f32
// CHECK-NEXT: %[[VALUE:.*]] = arith.select %[[NAN]], %[[INF]], %{{.*}} : f32
// CHECK-NEXT: memref.store %[[VALUE]], %[[COPY]]
// CHECK-NOT: 0xFF800000
// CHECK: vector.load %[[COPY]]
hardwood.ensemble @right task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[1] <= 0.5 ? 1 : 2, nan -> right
    1: x[2] <= 1.5 ? 3 : 4, nan -> right
    2: x[0] <= 2.5 ? 5 : 6, nan -> right
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}

// -----

// CHECK: memref.global "private" constant @__hw_left_node_column : memref<7xi64> = dense<[4539628424389722240, 4593671619918102784, 9205357638345424896, 9205357642640457728, 4620693217682522112, 9205357646935556096, 9205357651230588928]>
// CHECK-LABEL: func.func @__hw_left_decision
// CHECK: %[[COPY:.*]] = memref.alloca() : memref<384xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf uno
// CHECK-NEXT: %[[INF:.*]] = arith.constant 0xFF800000 : f32
// CHECK-NEXT: %[[VALUE:.*]] = arith.select %[[NAN]], %[[INF]], %{{.*}} : f32
// CHECK-NEXT: memref.store %[[VALUE]], %[[COPY]]
// CHECK-NOT: 0x7F800000
// CHECK: vector.load %[[COPY]]
hardwood.ensemble @left task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[1] <= 0.5 ? 1 : 2, nan -> left
    1: x[2] <= 1.5 ? 3 : 4, nan -> left
    2: x[0] <= 2.5 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}
