// RUN: hardwood-opt %s --hardwood-narrow-thresholds | FileCheck %s

// 0.1 is not a float32. For x <= 0.1 the equivalent float32 threshold is the
// largest float32 below 0.1 (0.099999994); for x < 0.1 it is the smallest
// float32 above (0.1 rounded up = 0.100000001). Thresholds that are float32
// already, and float64 models, are left alone.
// CHECK-LABEL: hardwood.ensemble @f32
// CHECK: 0: x[0] <= 0.099999994039535522 ? 1 : 2
// CHECK: 1: x[1] < 0.10000000149011612 ? 3 : 4
// CHECK: 2: x[1] <= 2.500000e-01 ? 5 : 6
hardwood.ensemble @f32 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.1 ? 1 : 2, nan -> left
    1: x[1] < 0.1 ? 3 : 4, nan -> left
    2: x[1] <= 0.25 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}

// Beyond float32's range: x <= 1e300 holds for every finite float32.
// CHECK-LABEL: hardwood.ensemble @huge
// CHECK: 0: x[0] <= 3.4028234663852886E+38 ? 1 : 2
hardwood.ensemble @huge task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 1.0e300 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// CHECK-LABEL: hardwood.ensemble @f64
// CHECK: 0: x[0] <= 1.000000e-01 ? 1 : 2
hardwood.ensemble @f64 task regression inputs 1 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.1 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}
