// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// Linear kernels keep the weights feature-major (F x K) and take rows in
// tiles: per feature, each row of the tile adds x[r][f] * w[f][0..K) to its
// own vector of K accumulators. Every accumulator sums in feature order from
// 0 (no reassociation: the same bits as a plain dot product on every
// target), widens to float64 and adds the intercept. The accumulators are
// padded to a power of two with zero weights (3 -> 4) so they split evenly
// into registers.
// CHECK-DAG: memref.global "private" constant @__hw_three_coefficients_by_feature : memref<8xf32> = dense<[1.000000e+00, 3.000000e+00, 5.000000e+00, 0.000000e+00, 2.000000e+00, 4.000000e+00, 6.000000e+00, 0.000000e+00]>
// CHECK-DAG: memref.global "private" constant @__hw_three_intercept : memref<4xf64> = dense<[5.000000e-01, -5.000000e-01, 0.000000e+00, 0.000000e+00]>
// CHECK-LABEL: func.func @__hw_three_decision
// CHECK: %[[ACC:.*]]:4 = scf.for %[[F:.*]] = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}, %{{.*}} = %{{.*}}) -> (vector<4xf32>, vector<4xf32>, vector<4xf32>, vector<4xf32>)
// CHECK: vector.load %{{.*}}[%{{.*}}] : memref<8xf32>, vector<4xf32>
// CHECK: vector.broadcast %{{.*}} : f32 to vector<4xf32>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf32>
// CHECK: arith.extf %[[ACC]]#0 : vector<4xf32> to vector<4xf64>
// CHECK: vector.store %{{.*}}, %{{.*}}[%{{.*}}] : memref<16xf64>, vector<4xf64>
// Rows that fill no tile go one at a time.
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<4xf32>)
// LLVM-LABEL: llvm.func @__hw_three_decision
// LLVM-NOT: llvm.intr.fma
hardwood.linear @three task regression inputs 2 x f32 outputs 3
    transform identity coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.5, -0.5, 0.0]

// -----

// One output: tiles of 8 rows, 8 independent chains.
// CHECK-LABEL: func.func @__hw_one_predict
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1xf64>, vector<1xf64>, vector<1xf64>, vector<1xf64>, vector<1xf64>, vector<1xf64>, vector<1xf64>, vector<1xf64>)
hardwood.linear @one task regression inputs 3 x f64 outputs 1
    transform identity coefficients [1.0, 2.0, 3.0] intercept [0.5]

// -----

// More than 32 outputs: one dot product per output over row-major weights.
// CHECK-LABEL: func.func @__hw_wide_decision
// CHECK-NOT: vector.load
// CHECK: memref.get_global @__hw_wide_coefficients : memref<33xf64>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (f64)
hardwood.linear @wide task regression inputs 1 x f64 outputs 33
    transform identity
    coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0]
    intercept [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
