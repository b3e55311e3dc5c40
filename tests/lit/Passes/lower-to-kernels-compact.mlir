// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=16,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s

// node_layout = compact8: one 64-bit record per node, numbered depth-first
// (the left child is the next node). Low half: the info word, whose
// feature field holds the feature in its low 2 bits (3 features) and the
// right child's offset above them; high half: the aux word (the threshold's
// bits, or a leaf's value offset).
//   node 0: x[0] <= 0.5, right child 4 (offset 4: 4 << 2 = 16), missing
//           left (1 << 24): info 16777232, aux 0x3F000000 (0.5)
//   node 1: x[2] <= 1.5, right child 3 (offset 2: 8), missing right:
//           info 10, aux 0x3FC00000 (1.5)
//   nodes 2, 3, 4: the leaves 1.0, 2.0 and 3.0 (model nodes 3, 4, 2), with
//           value offsets 0, 1, 2 and right offset 0 (they
//           stay put).
// Tree 1's single leaf (node 5, value offset 3) follows.
// CHECK: memref.global "private" constant @__hw_m_node_compact : memref<6xi64> = dense<[4539628424406237200, 4593671619917905930, 0, 4294967296, 8589934592, 12884901888]>
// CHECK-LABEL: func.func @__hw_m_decision
// A step: one 64-bit gather per vector of nodes, the input's gather, and
// the child computed, not read: node + (left ? min(offset, 1) : offset).
// CHECK: scf.for
// CHECK: %[[RECORD:.*]] = vector.gather %{{.*}} : memref<6xi64>, vector<16xi32>, vector<16xi1>, vector<16xi64> into vector<16xi64>
// CHECK: arith.trunci %[[RECORD]] : vector<16xi64> to vector<16xi32>
// CHECK: vector.gather %{{.*}} : memref<?xf32, strided<[1], offset: ?>>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: %[[LEFT:[0-9]+]] = arith.minui %[[OFFSET:[0-9]+]], %{{.*}} : vector<16xi32>
// CHECK-NEXT: %[[STEP:[0-9]+]] = arith.select %{{.*}}, %[[LEFT]], %[[OFFSET]] : vector<16xi1>, vector<16xi32>
// CHECK-NEXT: arith.addi %{{.*}}, %[[STEP]] : vector<16xi32>
// CHECK-NOT: memref<24xi32>, vector<16xi32>
// CHECK: scf.yield

// The last rows of a block walk one at a time from the same records: one
// 64-bit load, and the child computed by a scalar select (kept a
// conditional move: targets/lib/CodeGen.cpp marks it unpredictable). The
// 16-byte records are not read.
// CHECK-LABEL: func.func @__hw_m_leaf
// CHECK: %[[SREC:.*]] = memref.load %{{.*}} : memref<6xi64>
// CHECK: arith.trunci %[[SREC]] : i64 to i32
// CHECK: %[[SLEFT:[0-9]+]] = arith.minui %[[SOFFSET:[0-9]+]], %{{.*}} : i32
// CHECK-NEXT: %[[SSTEP:[0-9]+]] = arith.select %{{.*}}, %[[SLEFT]], %[[SOFFSET]] : i32
// CHECK-NOT: memref.load {{.*}} : memref<24xi32>

// scalar_interleaved takes the same records and the same step.
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=scalar_interleaved,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=SCALAR
// SCALAR: memref.global "private" constant @__hw_m_node_compact : memref<6xi64> = dense<[4539628424406237200, 4593671619917905930, 0, 4294967296, 8589934592, 12884901888]>
// SCALAR-LABEL: func.func @__hw_m_decision
// SCALAR: %[[RECORD:.*]] = memref.load %{{.*}} : memref<6xi64>
// SCALAR: %[[LEFT:[0-9]+]] = arith.minui %[[OFFSET:[0-9]+]], %{{.*}} : i32
// SCALAR-NEXT: %[[STEP:[0-9]+]] = arith.select %{{.*}}, %[[LEFT]], %[[OFFSET]] : i32
// SCALAR-NOT: memref.load {{.*}} : memref<24xi32>
// SCALAR-LABEL: func.func @__hw_m_leaf
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[2] <= 1.5 ? 3 : 4, nan -> right
    2: leaf 3.0
    3: leaf 1.0
    4: leaf 2.0
  }
  hardwood.tree group 0 {
    0: leaf 4.0
  }
}
