// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=unrolled,vector_lanes=16,interleave=1>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=unrolled,vector_lanes=16,interleave=1>" --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// unrolled: each tree is straight-line code over constants. The tiles
// read no node table (the tables serve only the rows no tile covers, as
// scalar_interleaved walks, after the tile loop).
// CHECK-LABEL: func.func @__hw_m_decision
// No tree loop: the tiles of 16 rows are the only loop of a block. The
// tile's rows are copied feature-major, only the features the model splits
// on (x[0] to slot 0, x[2] to slot 1).
// CHECK: scf.for %[[TILE:.*]] = %{{.*}} to %{{.*}} step %c16
// CHECK: memref.load %arg0
// CHECK: memref.store %{{.*}}, %[[COPY:.*]][%{{.*}}] : memref<32xf32>
// CHECK: memref.store %{{.*}}, %[[COPY]][%{{.*}}] : memref<32xf32>
// The row scores are loaded once per tile and added to in registers.
// CHECK: %[[SUM:.*]] = vector.load %{{.*}}[%{{.*}}] : memref<128xf64>, vector<16xf64>
// Tree 0, bottom-up: node 2 compares x[0] with the immediate 2.0, strict
// and NaN going right (an ordered compare), and selects between its
// leaves' values (0.1 is no float32 value: the selects are float64).
// CHECK-NOT: vector.gather
// CHECK-DAG: %[[RIGHT:.*]] = arith.constant dense<3.000000e+00> : vector<16xf64>
// CHECK-DAG: %[[LEFT:.*]] = arith.constant dense<1.000000e-01> : vector<16xf64>
// CHECK-DAG: %[[X0:.*]] = vector.load %[[COPY]][%c0{{.*}}] : memref<32xf32>, vector<16xf32>
// CHECK-DAG: %[[T2:.*]] = arith.constant dense<2.000000e+00> : vector<16xf32>
// CHECK: %[[LT:.*]] = arith.cmpf olt, %[[X0]], %[[T2]] : vector<16xf32>
// CHECK: %[[N2:.*]] = arith.select %[[LT]], %[[LEFT]], %[[RIGHT]] : vector<16xi1>, vector<16xf64>
// Node 0: x[2] <= 0.5 with NaN going left, one unordered compare.
// CHECK: %[[X2:.*]] = vector.load %[[COPY]][%c16{{.*}}] : memref<32xf32>, vector<16xf32>
// CHECK: %[[T0:.*]] = arith.constant dense<5.000000e-01> : vector<16xf32>
// CHECK: %[[LE:.*]] = arith.cmpf ule, %[[X2]], %[[T0]] : vector<16xf32>
// CHECK: %[[N0:.*]] = arith.select %[[LE]], %{{.*}}, %[[N2]] : vector<16xi1>, vector<16xf64>
// CHECK: %[[S0:.*]] = arith.addf %[[SUM]], %[[N0]] : vector<16xf64>
// Tree 1, a single leaf: its value (float32 exact), widened and added.
// CHECK: %[[SIX:.*]] = arith.constant dense<6.000000e+00> : vector<16xf32>
// CHECK: %[[SIX64:.*]] = arith.extf %[[SIX]] : vector<16xf32> to vector<16xf64>
// CHECK: %[[S1:.*]] = arith.addf %[[S0]], %[[SIX64]] : vector<16xf64>
// CHECK: vector.store %[[S1]], %{{.*}}[%{{.*}}] : memref<128xf64>, vector<16xf64>
// CHECK-NEXT: }
// The rows past the last tile: scalar walks over the node table.
// CHECK: scf.for
// CHECK: memref.load %{{.*}} : memref<24xi32>
// CHECK-LABEL: func.func @__hw_m_leaf
// The leaf kind selects the model's leaf ids (node 2's leaves are 3 and 4)
// and scatters them to the rows' slots.
// CHECK-DAG: arith.constant dense<4> : vector<16xi32>
// CHECK-DAG: arith.constant dense<3> : vector<16xi32>
// CHECK: arith.cmpf olt
// CHECK: arith.cmpf ule
// CHECK: %[[IDS:.*]] = arith.select %{{.*}} : vector<16xi1>, vector<16xi32>
// CHECK: vector.scatter %arg3[%{{.*}}] [%{{.*}}], %{{.*}}, %[[IDS]] : memref<?xi32>, vector<16xi32>, vector<16xi1>, vector<16xi32>
// After lowering, the compares are zmm compares against splatted
// constants and the selects blends.
// LLVM-LABEL: llvm.func @__hw_m_decision
// LLVM: llvm.fcmp "olt" %{{.*}}, %{{.*}} : vector<16xf32>
// LLVM: llvm.select %{{.*}}, %{{.*}}, %{{.*}} : vector<16xi1>, vector<16xf64>
// LLVM: llvm.fcmp "ule" %{{.*}}, %{{.*}} : vector<16xf32>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @m task regression inputs 4 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[2] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: x[0] < 2.000000e+00 ? 3 : 4, nan -> right
    3: leaf 0.1
    4: leaf 3.0
  }
  hardwood.tree { 0: leaf 6.0 }
}
}
