// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8>" --hardwood-lower-to-kernels | FileCheck %s

// Vector leaves (a binary forest's two class fractions) at the exits of the
// register levels: every exit is a leaf, so each exit's two values sit in
// @top_exit_value at exit * 2, and a vector of 8 rows gathers its 16
// values straight from there (index = exit * 2 + k, in the scratch's row
// order) and adds them with one vector add. The node table's exits, leaf
// records and leaf values are not read (they were: three gathers more per
// vector). 8 lanes: 3 register levels, 8 exits per tree. Tree 0 (depth 2)
// reaches leaf 3 from exits 0-1, leaf 4 from 2-3 and leaf 2 from 4-7; tree
// 1 is a single leaf.
// CHECK-DAG: memref.global "private" constant @__hw_f_top_exit_value : memref<32xf32> = dense<[2.500000e-01, 7.500000e-01, 2.500000e-01, 7.500000e-01, 5.000000e-01, 5.000000e-01, 5.000000e-01, 5.000000e-01, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01, 1.250000e-01, 8.750000e-01]>
// CHECK-LABEL: func.func @__hw_f_decision
// CHECK-NOT: memref.get_global @__hw_f_top_exit :
// CHECK: %[[TWO:.*]] = arith.constant dense<2> : vector<8xi32>
// CHECK: %[[AT:.*]] = arith.muli %{{.*}}, %[[TWO]] : vector<8xi32>
// CHECK: %[[PAIRS:.*]] = vector.shuffle %[[AT]], %[[AT]] [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7] : vector<8xi32>, vector<8xi32>
// CHECK: %[[STEP:.*]] = arith.constant dense<[0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]> : vector<16xi32>
// CHECK: %[[INDEX:.*]] = arith.addi %[[PAIRS]], %[[STEP]] : vector<16xi32>
// CHECK: %[[VALUES:.*]] = vector.gather %{{.*}}[%{{.*}}] [%[[INDEX]]], %{{.*}}, %{{.*}} : memref<32xf32>, vector<16xi32>, vector<16xi1>, vector<16xf32> into vector<16xf32>
// CHECK: %[[WIDE:.*]] = arith.extf %[[VALUES]] : vector<16xf32> to vector<16xf64>
// CHECK: %[[SUMS:.*]] = vector.load %[[SCRATCH:.*]][%[[BASE:.*]]] : memref<{{[0-9]+}}xf64>, vector<16xf64>
// CHECK: %[[NEW:.*]] = arith.addf %[[SUMS]], %[[WIDE]] : vector<16xf64>
// CHECK: vector.store %[[NEW]], %[[SCRATCH]][%[[BASE]]] : memref<{{[0-9]+}}xf64>, vector<16xf64>
// CHECK-NOT: memref.get_global @__hw_f_top_exit :
// CHECK-LABEL: func.func @__hw_f_leaf
// The leaf kind still exits to the node table for the leaf ids.
// CHECK: vector.gather %{{.*}} : memref<{{[0-9]+}}xi32>, vector<8xi32>, vector<8xi1>, vector<8xi32> into vector<8xi32>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @f task classification inputs 2 x f32 outputs 2 leaf_width 2
    aggregate average transform identity attributes {classes = [0, 1]} {
  hardwood.tree {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> right
    1: x[1] <= 1.000000e+00 ? 3 : 4, nan -> right
    2: leaf [1.0, 0.0]
    3: leaf [0.25, 0.75]
    4: leaf [0.5, 0.5]
  }
  hardwood.tree { 0: leaf [0.125, 0.875] }
}
}
