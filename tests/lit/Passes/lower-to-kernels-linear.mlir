// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// With vector_lanes = 0 (given by hand; the cost model puts rows in lanes
// up to 32 outputs) linear kernels keep the weights feature-major (F x K)
// and take rows in tiles: per feature, each row of the tile adds x[r][f] * w[f][0..K) to its
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
// The decision (float32 for a float32 model) is stored straight from the
// vector, its 3 lanes of 4.
// CHECK: arith.truncf %{{.*}} : vector<4xf64> to vector<4xf32>
// CHECK: vector.maskedstore %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<4xi1>, vector<4xf32>
// Rows that fill no tile go one at a time.
// CHECK: scf.for {{.*}} iter_args(%{{.*}} = %{{.*}}) -> (vector<4xf32>)
// LLVM-LABEL: llvm.func @__hw_three_decision
// LLVM-NOT: llvm.intr.fma
hardwood.linear @three task regression inputs 2 x f32 outputs 3
    transform identity coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.5, -0.5, 0.0]
    {schedule = #hardwood.schedule<strategy = linear_row_tiles>}

// -----

// Several outputs, rows in lanes (the default up to 32 outputs; default
// target, 128 bits: 4 x f32): one vector of 4 rows per tile with K = 3
// accumulators (no padding of K), rows narrower than a vector read lane by
// lane; the decision goes back to rows through a 4 x 4 transpose (the 4th
// output is padding) and a masked store of each row's 3 outputs.
// CHECK-LABEL: func.func @__hw_three_lanes_decision
// CHECK: memref.get_global @__hw_three_lanes_coefficients : memref<6xf32>
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK-COUNT-2: vector.from_elements {{.*}} : vector<4xf32>
// CHECK: arith.extf %{{.*}} : vector<4xf32> to vector<4xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 4, 2, 6] : vector<4xf64>, vector<4xf64>
// CHECK-COUNT-4: vector.maskedstore %{{.*}}[%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<4xi1>, vector<4xf32>
// The rows that fill no tile go one at a time, one lane per output.
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c1
// CHECK-NOT: maskedstore
// CHECK: vector.store %{{.*}}, %arg3[%{{.*}}] : memref<?xf32>, vector<1xf32>
hardwood.linear @three_lanes task regression inputs 2 x f32 outputs 3
    transform identity coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.5, -0.5, 0.0]

// -----

// One output: rows in vector lanes (default target, 128 bits: 2 x f64),
// 4 vectors per tile; the rows that fill no tile go one at a time in one
// lane, with the same arithmetic.
// CHECK-LABEL: func.func @__hw_one_predict(
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<2xf64>, vector<2xf64>, vector<2xf64>, vector<2xf64>)
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1xf64>)
// A float64 model's kernels also come with float32 rows, widened exactly
// as they are loaded (the descriptor's kernels_f32); not marked as a kind's
// kernel.
// CHECK-LABEL: func.func @__hw_one_predict_f32rows(%arg0: memref<?xf32>, %arg1: i64, %arg2: i64, %arg3: memref<?xf64>) {
// CHECK: vector.load %arg0[%{{.*}}] : memref<?xf32>, vector<2xf32>
// CHECK-NEXT: arith.extf %{{.*}} : vector<2xf32> to vector<2xf64>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<2xf64>
hardwood.linear @one task regression inputs 3 x f64 outputs 1
    transform identity coefficients [1.0, 2.0, 3.0] intercept [0.5]

// -----

// On AVX-512, 8 rows per vector: each chunk of 8 features of 8 rows is
// loaded row by row and transposed in registers (3 rounds of shuffles), so
// lane j adds row j's products in feature order. The last 10 mod 8
// features come from the last 8 features of each row (columns 6 and 7 of
// that transpose). The sigmoid is vector code (exp expanded) and [1 - p, p]
// is interleaved into one store per vector.
// CHECK-LABEL: func.func @__hw_binary_proba
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c32
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf64>, vector<8xf64>, vector<8xf64>, vector<8xf64>)
// CHECK-COUNT-8: vector.load %arg0[%{{.*}}] : memref<?xf64>, vector<8xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 8, 2, 10, 4, 12, 6, 14] : vector<8xf64>, vector<8xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 8, 9, 4, 5, 12, 13] : vector<8xf64>, vector<8xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 8, 9, 10, 11] : vector<8xf64>, vector<8xf64>
// CHECK: arith.mulf %{{.*}}, %{{.*}} : vector<8xf64>
// CHECK-NEXT: arith.addf %{{.*}}, %{{.*}} : vector<8xf64>
// CHECK: scf.yield
// CHECK: vector.load %arg0[%{{.*}}] : memref<?xf64>, vector<8xf64>
// CHECK: arith.bitcast %{{.*}} : vector<8xi64> to vector<8xf64>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<8xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 8, 1, 9, 2, 10, 3, 11, 4, 12, 5, 13, 6, 14, 7, 15] : vector<8xf64>, vector<8xf64>
// CHECK: vector.store %{{.*}}, %arg3[%{{.*}}] : memref<?xf64>, vector<16xf64>
// CHECK-NOT: math.exp
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1xf64>)
// LLVM-LABEL: llvm.func @__hw_binary_proba
// LLVM-NOT: llvm.intr.fma
// LLVM-NOT: llvm.intr.exp
// LLVM: llvm.return
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.linear @binary task classification inputs 10 x f64 outputs 1
    transform sigmoid coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0] intercept [0.5]
    {classes = [0, 1]}
}

// -----

// Several outputs in one vector per row (vector_lanes = 0, by hand):
// softmax as vector code per row. The maximum and the
// sum are halving trees over the padded width (3 -> 4 lanes; the padding
// lane is -inf for the maximum, so exp gives it 0), the exps of the tile's
// 4 rows go in lockstep, and the 3 used lanes are stored.
// CHECK-LABEL: func.func @__hw_softmax_proba
// CHECK: arith.select %{{.*}}, %{{.*}}, %{{.*}} : vector<4xi1>, vector<4xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1] : vector<4xf64>, vector<4xf64>
// CHECK-NEXT: vector.shuffle %{{.*}}, %{{.*}} [2, 3] : vector<4xf64>, vector<4xf64>
// CHECK-NEXT: arith.maximumf %{{.*}}, %{{.*}} : vector<2xf64>
// CHECK: arith.mulf %{{.*}}, %[[LOG2E:cst[_0-9]*]] : vector<4xf64>
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.mulf %{{.*}}, %[[LOG2E]] : vector<4xf64>
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.mulf %{{.*}}, %[[LOG2E]] : vector<4xf64>
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.mulf %{{.*}}, %[[LOG2E]] : vector<4xf64>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<2xf64>
// CHECK: arith.divf %{{.*}}, %{{.*}} : vector<4xf64>
// CHECK: vector.maskedstore %arg3[%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf64>, vector<4xi1>, vector<4xf64>
// CHECK-NOT: math.exp
hardwood.linear @softmax task classification inputs 2 x f64 outputs 3
    transform softmax coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.5, -0.5, 0.0]
    {classes = [0, 1, 2], schedule = #hardwood.schedule<strategy = linear_row_tiles>}

// -----

// Several outputs with rows in lanes on AVX-512 (8 x f64): per chunk of 8
// features the 8 rows are transposed once and each of the K = 3
// accumulators adds its products in feature order. Softmax lane-wise
// across the K vectors: the maximum as compare and select, the exps of the
// K vectors in lockstep, the sum in the halving tree of the padded width
// ((e0 + e2) + e1, the bits of the one-vector-per-row form), one division
// (1 / sum) and one multiplication per output, then an 8 x 8 transpose
// back to rows and 8 masked stores.
// CHECK-LABEL: func.func @__hw_softlanes_proba
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c8
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8xf64>, vector<8xf64>, vector<8xf64>)
// CHECK-COUNT-8: vector.load %arg0[%{{.*}}] : memref<?xf64>, vector<8xf64>
// CHECK: scf.yield
// CHECK: arith.cmpf ogt, %[[Z1:.*]], %[[Z0:.*]] : vector<8xf64>
// CHECK-NEXT: arith.select %{{.*}}, %[[Z1]], %[[Z0]] : vector<8xi1>, vector<8xf64>
// CHECK-NEXT: arith.cmpf ogt
// CHECK-NEXT: %[[MAX:.*]] = arith.select
// CHECK-NEXT: arith.subf %{{.*}}, %[[MAX]] : vector<8xf64>
// CHECK-NEXT: arith.subf %{{.*}}, %[[MAX]] : vector<8xf64>
// CHECK-NEXT: arith.subf %{{.*}}, %[[MAX]] : vector<8xf64>
// CHECK-COUNT-6: arith.bitcast %{{.*}} : vector<8xi64> to vector<8xf64>
// CHECK: %[[S02:.*]] = arith.addf %[[E0:.*]], %[[E2:.*]] : vector<8xf64>
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[S02]], %[[E1:.*]] : vector<8xf64>
// CHECK-NEXT: %[[ONE:.*]] = arith.constant dense<1.000000e+00> : vector<8xf64>
// CHECK-NEXT: %[[INV:.*]] = arith.divf %[[ONE]], %[[SUM]] : vector<8xf64>
// CHECK-NEXT: arith.mulf %[[E0]], %[[INV]] : vector<8xf64>
// CHECK-NEXT: arith.mulf %[[E1]], %[[INV]] : vector<8xf64>
// CHECK-NEXT: arith.mulf %[[E2]], %[[INV]] : vector<8xf64>
// CHECK: vector.shuffle %{{.*}}, %{{.*}} [0, 1, 2, 3, 8, 9, 10, 11] : vector<8xf64>, vector<8xf64>
// CHECK-COUNT-8: vector.maskedstore %arg3[%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf64>, vector<8xi1>, vector<8xf64>
// CHECK-NOT: math.exp
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<1xf64>, vector<1xf64>, vector<1xf64>)
// LLVM-LABEL: llvm.func @__hw_softlanes_proba
// LLVM-NOT: llvm.intr.fma
// LLVM-NOT: llvm.intr.exp
// LLVM: llvm.return
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.linear @softlanes task classification inputs 10 x f64 outputs 3
    transform softmax coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    intercept [0.5, -0.5, 0.0] {classes = [0, 1, 2]}
}

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
