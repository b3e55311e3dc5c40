// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM
// The same without scalar_below: the levels below are vector steps.
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=GATHER

// vector_register_top with scalar_below = 8: one level (the root) from the
// registers, then the tile's 2 x 8 lanes store their positions (the node
// each reached) to a 16-row stack buffer, and 8 rows at a time read theirs
// back and walk on as scalar chains over the compact records: one 64-bit
// load per step and a select for the child, no gather of node records.
// CHECK-LABEL: func.func @__hw_m_decision
// CHECK: %[[EXITS:.*]] = memref.alloca() : memref<16xi32>
// The root compares each lane's input; the exit table maps positions to
// nodes.
// CHECK: vector.gather %{{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<8xi32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: %[[STARTS:.*]] = vector.gather %{{.*}} : memref<2xi32>, vector<8xi32>, vector<8xi1>, vector<8xi32> into vector<8xi32>
// CHECK: vector.store %[[STARTS]], %[[EXITS]][%{{.*}}] : memref<16xi32>, vector<8xi32>
// CHECK: vector.store %{{.*}}, %[[EXITS]][%{{.*}}] : memref<16xi32>, vector<8xi32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %c16{{.*}} step %c8
// CHECK-COUNT-8: memref.load %[[EXITS]][%{{.*}}] : memref<16xi32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (i32, i32, i32, i32, i32, i32, i32, i32)
// CHECK: %[[RECORD:.*]] = memref.load %{{.*}} : memref<7xi64>
// CHECK: arith.trunci %[[RECORD]] : i64 to i32
// CHECK: %[[LEFT:[0-9]+]] = arith.minui %[[OFFSET:[0-9]+]], %{{.*}} : i32
// CHECK-NEXT: arith.select %{{.*}}, %[[LEFT]], %[[OFFSET]] : i32
// CHECK-LABEL: func.func @__hw_m_leaf

// The select stays a conditional move: marked unpredictable on its way to
// LLVM IR (checked on the LLVM IR in Targets/x86-64-v4.test); here the
// kernel lowers to the LLVM dialect.
// LLVM: llvm.func @__hw_m_decision

// GATHER-LABEL: func.func @__hw_m_decision
// GATHER-NOT: memref.alloca() : memref<16xi32>
// GATHER: vector.gather %{{.*}} : memref<7xi64>, vector<8xi32>, vector<8xi1>, vector<8xi64> into vector<8xi64>
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[2] <= 1.5 ? 3 : 4, nan -> right
    2: x[1] < 2.5 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}
