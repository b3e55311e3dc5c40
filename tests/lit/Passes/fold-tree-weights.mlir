// RUN: hardwood-opt %s --hardwood-fold-tree-weights | FileCheck %s

// CHECK-LABEL: hardwood.ensemble @dart
// CHECK: hardwood.tree group 0 {
// CHECK-NEXT: 0: x[0] <= 5.000000e-01 ? 1 : 2
// CHECK-NEXT: 1: leaf 1.000000e+00
// CHECK-NEXT: 2: leaf -2.000000e+00
// Unweighted trees are untouched.
// CHECK: hardwood.tree group 0 {
// CHECK-NEXT: 0: leaf 3.000000e+00
hardwood.ensemble @dart task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 weight 0.5 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 2.0
    2: leaf -4.0
  }
  hardwood.tree group 0 {
    0: leaf 3.0
  }
}

// Linear leaves scale their constants and coefficients too.
// CHECK-LABEL: hardwood.ensemble @dart_linear
// CHECK: hardwood.tree group 0 {
// CHECK-NEXT: 0: leaf 1.000000e+00 linear 5.000000e-01 + -1.500000e+00 * x[0] + 4.000000e+00 * x[1]
hardwood.ensemble @dart_linear task regression inputs 2 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 weight 0.5 {
    0: leaf 2.0 linear 1.0 + -3.0 * x[0] + 8.0 * x[1]
  }
}
