// RUN: hardwood-opt %s | FileCheck %s
// RUN: hardwood-opt %s | hardwood-opt | FileCheck %s
// RUN: hardwood-opt %s -mlir-print-op-generic | hardwood-opt | FileCheck %s

// CHECK-LABEL: hardwood.ensemble @regressor task regression inputs 4 x f32 outputs 1 leaf_width 1 aggregate sum transform identity attributes {base_score = array<f64: 5.000000e-01>}
hardwood.ensemble @regressor task regression inputs 4 x f32 outputs 1
    leaf_width 1 aggregate sum transform identity
    attributes {base_score = array<f64: 0.5>} {
  // CHECK: hardwood.tree group 0 {
  // CHECK-NEXT: 0: x[2] <= 2.500000e-01 ? 1 : 2, nan -> left
  // CHECK-NEXT: 1: leaf -1.000000e+00
  // CHECK-NEXT: 2: x[3] < 1.000000e+00 ? 3 : 4, zero_or_nan -> right
  // CHECK-NEXT: 3: leaf 2.000000e+00
  // CHECK-NEXT: 4: leaf 3.000000e+00
  // CHECK-NEXT: }
  hardwood.tree group 0 {
    0: x[2] <= 0.25 ? 1 : 2, nan -> left
    1: leaf -1.0
    2: x[3] < 1.0 ? 3 : 4, zero_or_nan -> right
    3: leaf 2.0
    4: leaf 3.0
  }
  // A single-leaf tree and a DART weight.
  // CHECK: hardwood.tree group 0 weight 5.000000e-01 {
  // CHECK-NEXT: 0: leaf 7.000000e+00
  hardwood.tree group 0 weight 0.5 {
    0: leaf 7.0
  }
}

// CHECK-LABEL: hardwood.ensemble @forest task classification inputs 3 x f64 outputs 3 leaf_width 3 aggregate average transform identity attributes {classes = [0, 1, 2]}
hardwood.ensemble @forest task classification inputs 3 x f64 outputs 3
    leaf_width 3 aggregate average transform identity
    attributes {classes = [0, 1, 2]} {
  // CHECK: 0: x[0] in {1, 4} domain 8 ? 1 : 2, nan -> right, outside -> default
  // CHECK: 1: leaf [1.000000e+00, 0.000000e+00, 0.000000e+00]
  // CHECK: 2: x[1] <= -0.000000e+00 ? 3 : 4, nan_as_zero -> left
  hardwood.tree group 0 {
    0: x[0] in {1, 4} domain 8 ? 1 : 2, nan -> right, outside -> default
    1: leaf [1.0, 0.0, 0.0]
    2: x[1] <= -0.0 ? 3 : 4, nan_as_zero -> left
    3: leaf [0.0, 0.5, 0.5]
    4: leaf [0.0, 0.0, 1.0]
  }
}

// Exact float bits survive printing.
// CHECK-LABEL: hardwood.ensemble @bits
// CHECK: 0: x[0] <= 0.30000000000000004 ? 1 : 2
// CHECK: 2: x[0] <= 0x7FF0000000000000 ? 3 : 4
hardwood.ensemble @bits task regression inputs 1 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.30000000000000004 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: x[0] <= 0x7FF0000000000000 ? 3 : 4, nan -> left
    3: leaf 2.0
    4: leaf 3.0
  }
}

// CHECK-LABEL: hardwood.linear @logistic task classification inputs 2 x f64 outputs 1 transform sigmoid coefficients [1.500000e+00, -2.000000e+00] intercept [2.500000e-01] {classes = [0, 1]}
hardwood.linear @logistic task classification inputs 2 x f64 outputs 1
    transform sigmoid coefficients [1.5, -2.0] intercept [0.25]
    {classes = [0, 1]}

// Margin classifiers may have one score per class.
// CHECK-LABEL: hardwood.linear @svc task classification inputs 1 x f64 outputs 3 transform binary_hinge
hardwood.linear @svc task classification inputs 1 x f64 outputs 3
    transform binary_hinge coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0]
    {classes = [0, 1, 2]}

// CHECK-LABEL: hardwood.linear @huber task classification inputs 1 x f64 outputs 3 transform modified_huber
hardwood.linear @huber task classification inputs 1 x f64 outputs 3
    transform modified_huber coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0]
    {classes = ["a", "b", "c"]}

// IsolationForest with max_samples = 1: c(1) = 0.
// CHECK-LABEL: hardwood.ensemble @iforest1 task anomaly
// CHECK-SAME: average_path_length = 0.000000e+00
hardwood.ensemble @iforest1 task anomaly inputs 1 x f32 outputs 1 leaf_width 1
    aggregate average transform isolation_forest
    attributes {average_path_length = 0.0 : f64, score_offset = -0.5 : f64} {
  hardwood.tree group 0 {
    0: leaf 0.0
  }
}

// Linear leaves (LightGBM linear_tree): each leaf prints its NaN fallback
// value, then its constant and terms in order; a leaf without terms keeps
// its constant, and a feature may appear twice.
// CHECK-LABEL: hardwood.ensemble @linear_leaves
// CHECK: hardwood.tree group 0 {
// CHECK-NEXT: 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
// CHECK-NEXT: 1: leaf 1.000000e+00 linear 2.500000e-01 + -1.500000e+00 * x[2] + 2.000000e+00 * x[0] + 1.250000e-01 * x[2]
// CHECK-NEXT: 2: leaf -2.000000e+00 linear 3.000000e+00
// CHECK-NEXT: }
// CHECK-NOT: linear_offsets
// CHECK: hardwood.tree group 0 {
// CHECK-NEXT: 0: leaf 7.000000e+00 linear 0.000000e+00 + 1.000000e+00 * x[1]
hardwood.ensemble @linear_leaves task regression inputs 3 x f64 outputs 1
    leaf_width 1 aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0 linear 0.25 + -1.5 * x[2] + 2.0 * x[0] + 0.125 * x[2]
    2: leaf -2.0 linear 3.0
  }
  hardwood.tree group 0 {
    0: leaf 7.0 linear 0.0 + 1.0 * x[1]
  }
}
