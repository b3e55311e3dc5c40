// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule | FileCheck %s

// One split per target, as the driver describes it (IREE's
// select_x86_64_lowering_strategy.mlir does the same): the schedule is
// chosen from the #hardwood.target on the module, on any host.

// Generic x86-64 (SSE2): no hardware gathers, so four interleaved scalar
// walks per tile; 4 trees in lockstep for the rows no tile covers. Scalar
// steps on x86 read compact records (one load, a conditional move).
// CHECK-LABEL: hardwood.ensemble @generic
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, gather = false, permute = false, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @generic task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// x86-64-v3 (AVX2 with gathers and vpermd): 8 rows per 256-bit vector of
// node indices, 4 vectors in lockstep (a 32-row tile); a float32 model's
// levels come from registers, as many as its trees have (here 1), and
// the top ones (up to 4) by contiguous compares instead of gathers.
// CHECK-LABEL: hardwood.ensemble @v3
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 8, block_rows = 32, node_layout = compact8, register_levels = 1, compare_levels = 1, row_walk = chains>
// A float64 model keeps its thresholds in their own table: plain gathers,
// whose steps read 8-byte compact records (the left child is next).
// CHECK-LABEL: hardwood.ensemble @v3_f64
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, block_rows = 128, node_layout = compact8>
// Compact records hold right-child offsets below 2^(24 - feature bits):
// with 2^22 + 1 features (23 bits) a 3-node tree's offset 2 does not fit.
// CHECK-LABEL: hardwood.ensemble @v3_f64_wide
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 8, block_rows = 128>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @v3 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
hardwood.ensemble @v3_f64 task regression inputs 2 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
hardwood.ensemble @v3_f64_wide task regression inputs 4194305 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// x86-64-v4 (AVX-512): 16 rows per 512-bit vector, a 64-row tile; levels
// in registers as deep as the trees go (up to 7: vpermi2d per 32 words).
// CHECK-LABEL: hardwood.ensemble @v4
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 64, node_layout = compact8, register_levels = 1, compare_levels = 1, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// Depth 6: all six levels in registers, the top 4 by compares; every tree
// ends at an exit of the register levels.
// CHECK-LABEL: hardwood.ensemble @v4_depth6
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 64, node_layout = compact8, register_levels = 6, compare_levels = 4, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_depth6 task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[2] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[0] <= 3.5 ? 7 : 8, nan -> left
    7: leaf 3.0
    8: x[1] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[2] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: leaf 6.0
  }
}
}

// -----

// Deeper than 8 levels: 6 in registers, 4 of them by compares, the rest
// scalar walks of 16 rows at a time from the exits over compact records.
// The chains reuse each tree's records across the block: blocks of 256 rows
// where the feature-major copies still fit L1 (one copy here, every split
// sends NaN left: 256 x 3 x 4 bytes).
// CHECK-LABEL: hardwood.ensemble @v4_depth9
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 256, node_layout = compact8, register_levels = 6, compare_levels = 4, scalar_below = 16, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_depth9 task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[2] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[0] <= 3.5 ? 7 : 8, nan -> left
    7: leaf 3.0
    8: x[1] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[2] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: x[0] <= 6.5 ? 13 : 14, nan -> left
    13: leaf 6.0
    14: x[1] <= 7.5 ? 15 : 16, nan -> left
    15: leaf 7.0
    16: x[2] <= 8.5 ? 17 : 18, nan -> left
    17: leaf 8.0
    18: leaf 9.0
  }
}
}

// -----

// 20 features: one copy of 256 rows (20 KiB) fits the 32 KiB L1, two do
// not (40 KiB): splits sending NaN both ways keep 128-row blocks.
// CHECK-LABEL: hardwood.ensemble @v4_depth9_one_copy
// CHECK-SAME: block_rows = 256,
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_depth9_one_copy task regression inputs 20 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[2] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[0] <= 3.5 ? 7 : 8, nan -> left
    7: leaf 3.0
    8: x[1] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[2] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: x[0] <= 6.5 ? 13 : 14, nan -> left
    13: leaf 6.0
    14: x[1] <= 7.5 ? 15 : 16, nan -> left
    15: leaf 7.0
    16: x[2] <= 8.5 ? 17 : 18, nan -> left
    17: leaf 8.0
    18: leaf 9.0
  }
}
}

// -----

// CHECK-LABEL: hardwood.ensemble @v4_depth9_two_copies
// CHECK-SAME: block_rows = 128,
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_depth9_two_copies task regression inputs 20 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[2] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[0] <= 3.5 ? 7 : 8, nan -> right
    7: leaf 3.0
    8: x[1] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[2] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: x[0] <= 6.5 ? 13 : 14, nan -> left
    13: leaf 6.0
    14: x[1] <= 7.5 ? 15 : 16, nan -> left
    15: leaf 7.0
    16: x[2] <= 8.5 ? 17 : 18, nan -> left
    17: leaf 8.0
    18: leaf 9.0
  }
}
}

// -----

// Deeper than 16 levels: 7 in registers, 3 of them by compares (the
// unlimited-depth forest measured faster so).
// CHECK-LABEL: hardwood.ensemble @v4_depth17
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 256, node_layout = compact8, register_levels = 7, compare_levels = 3, scalar_below = 16, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_depth17 task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 2 : 1, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 4 : 3, nan -> left
    3: leaf 1.0
    4: x[2] <= 2.5 ? 6 : 5, nan -> left
    5: leaf 2.0
    6: x[0] <= 3.5 ? 8 : 7, nan -> left
    7: leaf 3.0
    8: x[1] <= 4.5 ? 10 : 9, nan -> left
    9: leaf 4.0
    10: x[2] <= 5.5 ? 12 : 11, nan -> left
    11: leaf 5.0
    12: x[0] <= 6.5 ? 14 : 13, nan -> left
    13: leaf 6.0
    14: x[1] <= 7.5 ? 16 : 15, nan -> left
    15: leaf 7.0
    16: x[2] <= 8.5 ? 18 : 17, nan -> left
    17: leaf 8.0
    18: x[0] <= 9.5 ? 20 : 19, nan -> left
    19: leaf 9.0
    20: x[1] <= 10.5 ? 22 : 21, nan -> left
    21: leaf 10.0
    22: x[2] <= 11.5 ? 24 : 23, nan -> left
    23: leaf 11.0
    24: x[0] <= 12.5 ? 26 : 25, nan -> left
    25: leaf 12.0
    26: x[1] <= 13.5 ? 28 : 27, nan -> left
    27: leaf 13.0
    28: x[2] <= 14.5 ? 30 : 29, nan -> left
    29: leaf 14.0
    30: x[0] <= 15.5 ? 32 : 31, nan -> left
    31: leaf 15.0
    32: x[1] <= 16.5 ? 34 : 33, nan -> left
    33: leaf 16.0
    34: leaf -1.0
  }
}
}

// -----

// 300 features: two feature-major copies of even a 64-row block (150 KiB)
// would not fit the 48 KiB stack budget, so no compare levels.
// CHECK-LABEL: hardwood.ensemble @v4_wide_rows
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 64, node_layout = compact8, register_levels = 2, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_wide_rows task regression inputs 300 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: leaf 2.0
  }
}
}

// -----


// AArch64 NEON, float32 trees of depth <= 6: vector_register_top with 4
// float32 lanes (NeonRegisterTopWalk.cpp), every level in registers.
// CHECK-LABEL: hardwood.ensemble @arm
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 4, block_rows = 128, register_levels = 1, compare_levels = 1>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @arm task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// Without a target the portable scalar schedule is chosen (the default
// target is generic x86-64).
// CHECK-LABEL: hardwood.ensemble @no_target
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
hardwood.ensemble @no_target task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}

// -----

// Trees that end within the register levels take one-tile blocks (32 rows
// here), within what the 8192-double stack scratch allows at 100 outputs
// (81 rows; ScheduleSelectionTest checks that bound for every target).
// CHECK-LABEL: hardwood.ensemble @wide
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 8, block_rows = 32, node_layout = compact8, register_levels = 1, compare_levels = 1, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @wide task regression inputs 2 x f32 outputs 100 leaf_width 100
    aggregate sum transform identity {
  hardwood.tree { 0: leaf [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] }
}
}

// -----

// A schedule already on the op is kept as is; only a block_rows it leaves
// out is chosen (for 6 vectors of 4 rows: the largest multiple of the
// 24-row tile within the target's 128).
// CHECK-LABEL: hardwood.ensemble @explicit
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, interleave = 8, tree_group = 2, block_rows = 16>
// CHECK-LABEL: hardwood.ensemble @explicit_blocks
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 4, interleave = 6, block_rows = 120>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @explicit task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {schedule = #hardwood.schedule<strategy = scalar_interleaved, interleave = 8, tree_group = 2, block_rows = 16>} {
  hardwood.tree { 0: leaf 1.0 }
}
hardwood.ensemble @explicit_blocks task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 4, interleave = 6>} {
  hardwood.tree { 0: leaf 1.0 }
}
}

// -----

// Linear models: rows in the lanes of the target's vectors (here 128-bit:
// 2 x f64) up to 32 outputs; one output takes 4 vectors per tile (2 when a
// row has 1 KiB or more: 128 float64 features), several outputs 1 vector
// (K accumulators each); 1 row beyond 32 outputs (one dot product per
// output).
// CHECK-LABEL: hardwood.linear @one
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 2>
// CHECK-LABEL: hardwood.linear @three
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 2, interleave = 1>
// CHECK-LABEL: hardwood.linear @many
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, interleave = 1>
hardwood.linear @one task regression inputs 2 x f64 outputs 1 transform identity
    coefficients [1.0, 2.0] intercept [0.5]
hardwood.linear @three task regression inputs 1 x f64 outputs 3 transform identity
    coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0]
hardwood.linear @many task regression inputs 1 x f64 outputs 33 transform identity
    coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0]
    intercept [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]
// CHECK-LABEL: hardwood.linear @wide_rows
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 2, interleave = 2>
hardwood.linear @wide_rows task regression inputs 128 x f64 outputs 1 transform identity
    coefficients [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] intercept [0.5]

// -----

// On AVX-512: 8 float64 rows per vector, 16 float32 rows.
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
// CHECK-LABEL: hardwood.linear @wide64
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 8>
// CHECK-LABEL: hardwood.linear @wide32
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 16>
// CHECK-LABEL: hardwood.linear @softmax
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 8, interleave = 1>
hardwood.linear @wide64 task regression inputs 2 x f64 outputs 1 transform identity
    coefficients [1.0, 2.0] intercept [0.5]
hardwood.linear @wide32 task regression inputs 2 x f32 outputs 1 transform identity
    coefficients [1.0, 2.0] intercept [0.5]
hardwood.linear @softmax task classification inputs 1 x f64 outputs 3 transform softmax
    coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0] {classes = [0, 1, 2]}
}

// -----

// Float64 trees on AVX-512 gather 16 doubles (two registers) per vector
// of rows: 2 vectors in lockstep, not the target's 4 (measured, see
// ScheduleSelection.cpp).
// CHECK-LABEL: hardwood.ensemble @v4_f64
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_gather, vector_lanes = 16, interleave = 2, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_f64 task regression inputs 2 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }

}
}

// -----

// Neoverse N1 (catalog: 4 vectors in flight), depth 6: every level in
// registers, the first 4 by contiguous compares.
// CHECK-LABEL: hardwood.ensemble @neoverse_n1_depth6
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 4, block_rows = 128, register_levels = 6, compare_levels = 4>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "neoverse-n1", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neoverse_n1_depth6 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[0] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[1] <= 3.5 ? 7 : 8, nan -> left
    7: leaf 3.0
    8: x[0] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[1] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: leaf -1.0
  }
}
}

// -----

// Neoverse V1 (catalog: 4 ASIMD pipes, 8 vectors in flight).
// CHECK-LABEL: hardwood.ensemble @neoverse_v1
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 4, interleave = 8, block_rows = 128, register_levels = 3, compare_levels = 3>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "neoverse-v1", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 8, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neoverse_v1 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[0] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: leaf -1.0
  }
}
}

// -----

// Deeper than 6 levels: the lanes below would be loaded one by one
// (llvm-mca: slower than scalar walks), so interleaved scalar walks.
// CHECK-LABEL: hardwood.ensemble @neon_depth7
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neon_depth7 task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: x[0] <= 2.5 ? 5 : 6, nan -> left
    5: leaf 2.0
    6: x[1] <= 3.5 ? 7 : 8, nan -> left
    7: leaf 3.0
    8: x[0] <= 4.5 ? 9 : 10, nan -> left
    9: leaf 4.0
    10: x[1] <= 5.5 ? 11 : 12, nan -> left
    11: leaf 5.0
    12: x[0] <= 6.5 ? 13 : 14, nan -> left
    13: leaf 6.0
    14: leaf -1.0
  }
}
}

// -----

// Float64 models keep their thresholds out of the node records: scalar.
// CHECK-LABEL: hardwood.ensemble @neon_f64
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neon_f64 task regression inputs 2 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: leaf -1.0
  }
}
}

// -----

// 200 features: two feature-major copies of 128 rows exceed 48 KiB,
// blocks of one tile (16 rows) fit.
// CHECK-LABEL: hardwood.ensemble @neon_wide
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 4, block_rows = 16, register_levels = 2, compare_levels = 2>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neon_wide task regression inputs 200 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: leaf -1.0
  }
}
}

// -----

// 2000 features: not even one tile's copies fit: scalar walks.
// CHECK-LABEL: hardwood.ensemble @neon_too_wide
// CHECK-SAME: schedule = #hardwood.schedule<strategy = scalar_interleaved, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "aarch64-unknown-linux-gnu", cpu = "generic", features = "+neon", vector_bits = 128, gather = false, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 65536, l2_bytes = 1048576>} {
hardwood.ensemble @neon_too_wide task regression inputs 2000 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 0.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> left
    3: leaf 1.0
    4: leaf -1.0
  }
}
}

// -----

// znver5 (AVX-512), a small float32 model (3 splits): every tree unrolled
// into straight-line code over constants, 16 rows per tile (measured there;
// other CPUs keep their walks, docs/design.md "Schedules").
// CHECK-LABEL: hardwood.ensemble @znver5_small
// (The rows no tile covers walk compact records as scalar chains.)
// CHECK-SAME: schedule = #hardwood.schedule<strategy = unrolled, vector_lanes = 16, interleave = 1, block_rows = 128, node_layout = compact8>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "znver5", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 49152, l2_bytes = 1048576>} {
hardwood.ensemble @znver5_small task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: x[1] <= 1.000000e+00 ? 3 : 4, nan -> left
    2: x[2] <= 2.000000e+00 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}
}

// -----

// Single rows (row_walk): with a vector of trees (16) of depth <= 6 and a
// row in two zmm registers, AVX-512 walks 16 trees in the lanes of a
// vector (the default, not printed), so the node tables are never stepped
// and keep records16; fewer trees than lanes (@v4 above) or deeper trees
// walk chains, which step compact records.
// CHECK-LABEL: hardwood.ensemble @v4_tree_lanes
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 64, register_levels = 1, compare_levels = 1>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @v4_tree_lanes task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// znver4 splits 512-bit instructions in halves: the same model's single
// rows walk 8 trees at a time as scalar chains over compact records
// (measured faster there).
// CHECK-LABEL: hardwood.ensemble @znver4_chains
// CHECK-SAME: schedule = #hardwood.schedule<strategy = vector_register_top, vector_lanes = 16, block_rows = 64, node_layout = compact8, register_levels = 1, compare_levels = 1, row_walk = chains>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "znver4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.ensemble @znver4_chains task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
  hardwood.tree { 0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0 }
}
}

// -----

// znver4: linear models of one output take 256-bit vectors (4 float64
// rows, 8 float32); rows of 512 bytes to 4 KiB one vector per tile, of 4
// KiB or more 4 (16 rows); several outputs keep 512 bits.
// CHECK-LABEL: hardwood.linear @znver4_wide_rows
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 4, interleave = 1>
// CHECK-LABEL: hardwood.linear @znver4_very_wide_rows
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 4>
// CHECK-LABEL: hardwood.linear @znver4_f32
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 8>
// CHECK-LABEL: hardwood.linear @znver4_softmax
// CHECK-SAME: schedule = #hardwood.schedule<strategy = linear_row_tiles, vector_lanes = 8, interleave = 1>
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "znver4", features = "", vector_bits = 512, gather = true, permute = true, masking = true, prefer_512 = true, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 1048576>} {
hardwood.linear @znver4_wide_rows task regression inputs 128 x f64 outputs 1 transform identity
    coefficients [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] intercept [0.5]
hardwood.linear @znver4_very_wide_rows task regression inputs 512 x f64 outputs 1 transform identity
    coefficients [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] intercept [0.5]
hardwood.linear @znver4_f32 task regression inputs 2 x f32 outputs 1 transform identity
    coefficients [1.0, 2.0] intercept [0.5]
hardwood.linear @znver4_softmax task classification inputs 1 x f64 outputs 3 transform softmax
    coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0] {classes = [0, 1, 2]}
}
