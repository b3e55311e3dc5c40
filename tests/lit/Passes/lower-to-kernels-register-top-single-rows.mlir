// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=16>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=16,row_walk=chains>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=CHAINS

// Single rows (batch 1, the rows after a block's whole vectors) of
// vector_register_top walk 16 trees in the lanes, the row in two registers
// and each lane's input one vpermps, only where that pays on AVX-512: rows
// of at most 32 features and trees of depth at most 6 (kMaxRowTreeLaneDepth).
// Otherwise they walk as `tree_group` scalar chains over the group depths
// (batch 1 on znver5: XGBoost 1000 x 8, 90 features, 15.7-16.7 against
// 12.2-12.9 us; RandomForest depth 12, 28 features, 1.48-1.52 against
// 1.35-1.40 us).

// 16 stumps over 2 features: trees in the lanes, unless the schedule says
// row_walk = chains (the cost model's choice on znver4): then the single
// rows walk tree_group scalar chains, with no permute of the row.
// CHECK-LABEL: func.func @__hw_s_decision(
// CHECK: llvm.x86.avx512.permvar.sf.512
// CHECK-LABEL: func.func @__hw_s_leaf(
// CHAINS-LABEL: func.func @__hw_s_decision(
// CHAINS-NOT: llvm.x86.avx512.permvar.sf.512
// CHAINS-LABEL: func.func @__hw_s_leaf(

module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "+avx512f", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @s task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.00 ? 1 : 2, nan -> right
    1: leaf 0.0
    2: leaf -0.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 0.25 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf -1.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 0.50 ? 1 : 2, nan -> right
    1: leaf 2.0
    2: leaf -2.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 0.75 ? 1 : 2, nan -> right
    1: leaf 3.0
    2: leaf -3.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 1.00 ? 1 : 2, nan -> right
    1: leaf 4.0
    2: leaf -4.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 1.25 ? 1 : 2, nan -> right
    1: leaf 5.0
    2: leaf -5.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 1.50 ? 1 : 2, nan -> right
    1: leaf 6.0
    2: leaf -6.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 1.75 ? 1 : 2, nan -> right
    1: leaf 7.0
    2: leaf -7.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.00 ? 1 : 2, nan -> right
    1: leaf 8.0
    2: leaf -8.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 2.25 ? 1 : 2, nan -> right
    1: leaf 9.0
    2: leaf -9.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.50 ? 1 : 2, nan -> right
    1: leaf 10.0
    2: leaf -10.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 2.75 ? 1 : 2, nan -> right
    1: leaf 11.0
    2: leaf -11.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 3.00 ? 1 : 2, nan -> right
    1: leaf 12.0
    2: leaf -12.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 3.25 ? 1 : 2, nan -> right
    1: leaf 13.0
    2: leaf -13.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 3.50 ? 1 : 2, nan -> right
    1: leaf 14.0
    2: leaf -14.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 3.75 ? 1 : 2, nan -> right
    1: leaf 15.0
    2: leaf -15.5
  }
}
}

// -----

// The same with one tree of depth 7: scalar walks of the single rows.
// CHECK-LABEL: func.func @__hw_d_decision(
// CHECK-NOT: llvm.x86.avx512.permvar.sf.512
// CHECK: memref.get_global @__hw_d_group_depth
// CHECK-NOT: llvm.x86.avx512.permvar.sf.512
// CHECK-LABEL: func.func @__hw_d_leaf(

module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "+avx512f", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @d task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.00 ? 1 : 2, nan -> right
    1: leaf 0.0
    2: leaf -0.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 0.25 ? 1 : 2, nan -> right
    1: leaf 1.0
    2: leaf -1.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 0.50 ? 1 : 2, nan -> right
    1: leaf 2.0
    2: leaf -2.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 0.75 ? 1 : 2, nan -> right
    1: leaf 3.0
    2: leaf -3.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 1.00 ? 1 : 2, nan -> right
    1: leaf 4.0
    2: leaf -4.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 0.00 ? 1 : 2, nan -> left
    1: leaf 0.5
    2: x[1] <= 0.25 ? 3 : 4, nan -> left
    3: leaf 1.5
    4: x[0] <= 0.50 ? 5 : 6, nan -> left
    5: leaf 2.5
    6: x[1] <= 0.75 ? 7 : 8, nan -> left
    7: leaf 3.5
    8: x[0] <= 1.00 ? 9 : 10, nan -> left
    9: leaf 4.5
    10: x[1] <= 1.25 ? 11 : 12, nan -> left
    11: leaf 5.5
    12: x[0] <= 1.50 ? 13 : 14, nan -> left
    13: leaf 6.5
    14: leaf 9.0
  }
  hardwood.tree group 0 {
    0: x[0] <= 1.50 ? 1 : 2, nan -> right
    1: leaf 6.0
    2: leaf -6.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 1.75 ? 1 : 2, nan -> right
    1: leaf 7.0
    2: leaf -7.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.00 ? 1 : 2, nan -> right
    1: leaf 8.0
    2: leaf -8.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 2.25 ? 1 : 2, nan -> right
    1: leaf 9.0
    2: leaf -9.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 2.50 ? 1 : 2, nan -> right
    1: leaf 10.0
    2: leaf -10.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 2.75 ? 1 : 2, nan -> right
    1: leaf 11.0
    2: leaf -11.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 3.00 ? 1 : 2, nan -> right
    1: leaf 12.0
    2: leaf -12.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 3.25 ? 1 : 2, nan -> right
    1: leaf 13.0
    2: leaf -13.5
  }
  hardwood.tree group 0 {
    0: x[0] <= 3.50 ? 1 : 2, nan -> right
    1: leaf 14.0
    2: leaf -14.5
  }
  hardwood.tree group 0 {
    0: x[1] <= 3.75 ? 1 : 2, nan -> right
    1: leaf 15.0
    2: leaf -15.5
  }
}
}
