// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8>" --hardwood-lower-to-kernels | FileCheck %s

// Several outputs with one value per leaf (multi-class boosting: each tree
// adds to its class): the block's scratch is class-major, output k's 128
// block rows at k * 128, so a vector of 8 rows adds a tree's leaf values
// into its output's scores with one vector load, add and store at
// group * 128 + first (row-major they are 3 apart: one scalar add per
// lane). The sums start at the base score per output, and the epilogue
// reads each row's 3 scores through a row buffer (memref<3xf64>).
// CHECK-LABEL: func.func @__hw_g_decision
// CHECK: %[[SCRATCH:.*]] = memref.alloca() : memref<384xf64>
// CHECK: %[[ROW:.*]] = memref.alloca() : memref<3xf64>
// CHECK: %[[INIT:.*]] = arith.muli %{{.*}}, %{{.*}} : index
// CHECK: memref.store %{{.*}}, %[[SCRATCH]][%{{.*}}] : memref<384xf64>
// CHECK: %[[VALUES:.*]] = vector.gather %{{.*}} : memref<24xf32>, vector<8xi32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: %[[WIDE:.*]] = arith.extf %[[VALUES]] : vector<8xf32> to vector<8xf64>
// CHECK: %[[GROUP:.*]] = memref.load %{{.*}}[%{{.*}}] : memref<3xi32>
// CHECK-NEXT: %[[G:.*]] = arith.index_cast %[[GROUP]] : i32 to index
// CHECK-NEXT: %[[BLOCK:.*]] = arith.constant 128 : index
// CHECK-NEXT: %[[BASE:.*]] = arith.muli %[[G]], %[[BLOCK]] : index
// CHECK-NEXT: %[[SLOT:.*]] = arith.addi %[[BASE]], %{{.*}} : index
// CHECK-NEXT: %[[SUMS:.*]] = vector.load %[[SCRATCH]][%[[SLOT]]] : memref<384xf64>, vector<8xf64>
// CHECK-NEXT: %[[NEW:.*]] = arith.addf %[[SUMS]], %[[WIDE]] : vector<8xf64>
// CHECK-NEXT: vector.store %[[NEW]], %[[SCRATCH]][%[[SLOT]]] : memref<384xf64>, vector<8xf64>
// CHECK-NOT: vector.extract %[[WIDE]]
// The epilogue: the row's scores copied out of the class-major scratch.
// CHECK: memref.store %{{.*}}, %[[ROW]][%{{.*}}] : memref<3xf64>
// CHECK: memref.load %[[ROW]][%{{.*}}] : memref<3xf64>
// CHECK-LABEL: func.func @__hw_g_leaf
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @g task classification inputs 2 x f32 outputs 3
    leaf_width 1 aggregate sum transform softmax attributes {classes = [0, 1, 2]} {
  hardwood.tree group 0 {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf 2.0
  }
  hardwood.tree group 1 {
    0: x[1] <= 1.000000e+00 ? 1 : 2, nan -> left
    1: leaf 3.0
    2: leaf 4.0
  }
  hardwood.tree group 2 { 0: leaf 5.0 }
}
}
