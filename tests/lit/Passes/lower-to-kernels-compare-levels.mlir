// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,register_levels=3,compare_levels=2>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,register_levels=3,compare_levels=2>" --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,register_levels=3,compare_levels=2>" --hardwood-lower-to-kernels -mlir-print-op-generic 2>&1 | FileCheck %s --check-prefix=GENERIC

// compare_levels = 2: the first two levels (nodes 0, 1, 2) are decided
// without gathers. Once per block the rows are copied feature-major, twice
// (NaN read as +inf, then as -inf: every threshold here is finite, NaN is
// the only missing value and the splits send it both ways), 2 x 128 rows x
// 3 features. With gathers,
// whole vectors of 8 rows take one gather per feature (offsets: the lane
// times the row stride, plus the feature; strides too large for 32-bit
// offsets leave every row to the scalar loop), then the rows left one
// value at a time.
// CHECK-LABEL: func.func @__hw_m_decision
// CHECK: %[[COPIES:.*]] = memref.alloca() : memref<768xf32>
// CHECK: %[[FITS:.*]] = arith.cmpi ult, %[[STRIDE:.*]], %c16647160 : index
// CHECK: %[[VECTOR_END:.*]] = arith.select %[[FITS]], %{{.*}}, %c0{{.*}} : index
// CHECK: scf.for %[[ROW:.*]] = %c0{{.*}} to %[[VECTOR_END]] step %c8
// CHECK: %[[FIRST:.*]] = arith.muli %{{.*}}, %[[STRIDE]] : index
// CHECK: scf.for
// CHECK: %[[X:.*]] = vector.gather %arg0[%[[FIRST]]] [%{{.*}}], %{{.*}}, %{{.*}} : memref<?xf32>, vector<8xi32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: %[[NAN:.*]] = arith.cmpf uno, %[[X]], %[[X]] : vector<8xf32>
// CHECK: arith.select %[[NAN]], %cst{{.*}}, %[[X]] : vector<8xi1>, vector<8xf32>
// CHECK: vector.store %{{.*}}, %[[COPIES]]
// CHECK: arith.select %[[NAN]], %cst{{.*}}, %[[X]] : vector<8xi1>, vector<8xf32>
// CHECK: vector.store %{{.*}}, %[[COPIES]]
// CHECK: scf.for %{{.*}} = %[[VECTOR_END]] to
// CHECK: arith.cmpf uno
// CHECK: arith.select %{{.*}}, %cst{{.*}}, %{{.*}} : f32
// CHECK: memref.store
// CHECK: arith.select %{{.*}}, %cst{{.*}}, %{{.*}} : f32
// CHECK: memref.store
// Then per tree and tile, every node of the two levels compares one
// contiguous vector of its feature (the copy its default direction picks)
// with its threshold: x > t goes right (splits here are x <= t), and going
// right rules out the node's left exits in a per-lane bit vector.
// CHECK: vector.load %{{.*}} : memref<768xf32>, vector<8xf32>
// CHECK: arith.cmpf ogt, %{{.*}} : vector<8xf32>
// CHECK: arith.andi
// CHECK: arith.select
// The leftmost exit left is the position reached at level 2.
// CHECK: math.cttz %{{.*}} : vector<8xi32>
// Level 2 comes from the register images as without compare levels.
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.permd"
// LLVM: llvm.intr.cttz
// Nothing strategy-specific survives as a hardwood op.
// GENERIC-NOT: "hardwood.
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: x[1] <= 1.000000e+00 ? 3 : 4, nan -> left
    2: x[2] <= 2.000000e+00 ? 5 : 6, nan -> right
    3: leaf 1.0
    4: leaf 2.0
    5: x[0] <= 2.500000e-01 ? 7 : 8, nan -> left
    6: leaf 3.0
    7: leaf 4.0
    8: leaf 5.0
  }
  hardwood.tree { 0: leaf 6.0 }
}
}
