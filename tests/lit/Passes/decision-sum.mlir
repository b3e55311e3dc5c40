// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s

// LightGBM's rf mode (`average_output`): the transform sees the mean over
// the iterations, the raw score is the undivided sum. The LightGBM importer
// marks such ensembles with the unit attribute decision_sum: every
// kernel but decision divides by the tree count.
// CHECK-DAG: memref.global "private" constant @__hw_rf_tree_count : memref<1xf64> = dense<2.000000e+00>
// CHECK-LABEL: func.func @__hw_rf_predict(
// CHECK: memref.get_global @__hw_rf_tree_count
// CHECK: arith.divf
// CHECK-LABEL: func.func @__hw_rf_proba(
// CHECK: memref.get_global @__hw_rf_tree_count
// CHECK: arith.divf
// CHECK-LABEL: func.func @__hw_rf_decision(
// CHECK-NOT: @__hw_rf_tree_count
// CHECK-NOT: arith.divf
// CHECK-LABEL: func.func @__hw_rf_leaf(
hardwood.ensemble @rf task classification inputs 1 x f64 outputs 1
    leaf_width 1 aggregate average transform sigmoid
    attributes {classes = [0, 1], decision_sum} {
  hardwood.tree group 0 {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> right
    1: leaf -1.500000e+00
    2: leaf 2.500000e+00
  }
  hardwood.tree group 0 {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> right
    1: leaf 5.000000e-01
    2: leaf 1.500000e+00
  }
}
