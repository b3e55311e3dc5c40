// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s

// With compare levels the block is copied feature-major twice (NaN read as
// +infinity, then as -infinity: 2 x 3 features x 128 rows), and when that
// is exact (NaN the only missing value, finite thresholds, all splits
// `<=`) the scalar steps below the registers read their input there: the
// copy that sends NaN the node's default way (num_features x block_rows =
// 384 elements further for default-left nodes), one compare, no NaN test.
// CHECK-LABEL: func.func @__hw_m_decision
// CHECK: %[[COPIES:.*]] = memref.alloca() : memref<768xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (i32, i32, i32, i32, i32, i32, i32, i32)
// CHECK: memref.load %{{.*}} : memref<7xi64>
// CHECK: %[[COPY:.*]] = arith.select %{{.*}}, %c384, %c0{{.*}} : index
// CHECK: %[[X:.*]] = memref.load %[[COPIES]][%{{.*}}] : memref<768xf32>
// CHECK-NEXT: %[[LEFT:.*]] = arith.cmpf ole, %[[X]], %{{.*}} : f32
// CHECK-NOT: arith.cmpf uno
// CHECK: scf.yield
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[2] <= 1.5 ? 3 : 4, nan -> right
    2: x[1] <= 2.5 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}
