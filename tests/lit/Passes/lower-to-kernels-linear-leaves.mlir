// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=8>" --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s --check-prefix=VECTOR
// RUN: hardwood-opt %s --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// Linear leaves (LightGBM linear_tree). Tables are indexed by a leaf's
// value offset: its constant and the range of its terms. The constant tree
// in the same model becomes constant leaves without terms, so every leaf
// is evaluated the same way.
// CHECK-DAG: memref.global "private" constant @__hw_lin_linear_constant : memref<4xf64> = dense<[2.500000e-01, 3.000000e+00, 1.000000e+00, 7.000000e+00]>
// CHECK-DAG: memref.global "private" constant @__hw_lin_linear_begin : memref<5xi32> = dense<[0, 3, 3, 3, 4]>
// CHECK-DAG: memref.global "private" constant @__hw_lin_linear_feature : memref<4xi32> = dense<[2, 0, 2, 1]>
// CHECK-DAG: memref.global "private" constant @__hw_lin_linear_coefficient : memref<4xf64> = dense<[-1.500000e+00, 2.000000e+00, 1.250000e-01, 5.000000e-01]>
// The leaf value table keeps the NaN fallbacks.
// CHECK-DAG: memref.global "private" constant @__hw_lin_leaf_values : memref<4xf64> = dense<[1.000000e+00, -2.000000e+00, 1.000000e+00, 7.000000e+00]>

// Each leaf reached: sum = constant, then sum + coefficient * x per term in
// order, tracking whether any term's x is NaN (inputs snapped to 0 below
// the zero threshold as in the walk), and the fallback value if so.
// CHECK-LABEL: func.func @__hw_lin_decision
// CHECK: %[[TERMS:.*]]:2 = scf.for %[[T:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[SUM:.*]] = %{{.*}}, %[[NAN:.*]] = %{{.*}}) -> (f64, i1)
// CHECK: memref.load %{{.*}}[%[[T]]] : memref<4xi32>
// CHECK: math.absf
// CHECK: arith.cmpf ole
// CHECK: %[[ISNAN:.*]] = arith.cmpf uno
// CHECK: %[[PRODUCT:.*]] = arith.mulf
// CHECK: %[[NEXT:.*]] = arith.addf %[[SUM]], %[[PRODUCT]] : f64
// CHECK: %[[ANY:.*]] = arith.ori %[[NAN]], %[[ISNAN]] : i1
// CHECK: scf.yield %[[NEXT]], %[[ANY]] : f64, i1
// CHECK: arith.select %[[TERMS]]#1, %{{.*}}, %[[TERMS]]#0 : f64

// The vector walk does not gather constant leaf values for linear models.
// VECTOR-LABEL: func.func @__hw_lin_decision
// VECTOR-NOT: vector.gather {{.*}} memref<4xf64>
// VECTOR: iter_args({{.*}}) -> (f64, i1)

// LLVM-LABEL: llvm.func @__hw_lin_decision
hardwood.ensemble @lin task regression inputs 3 x f64 outputs 1
    leaf_width 1 aggregate sum transform identity
    attributes {zero_threshold = 1.0000000180025095E-35 : f64} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0 linear 0.25 + -1.5 * x[2] + 2.0 * x[0] + 0.125 * x[2]
    2: leaf -2.0 linear 3.0
  }
  hardwood.tree group 0 {
    0: leaf 1.0
  }
  hardwood.tree group 0 {
    0: leaf 7.0 linear 7.0 + 0.5 * x[1]
  }
}
