// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule -verify-diagnostics
// RUN: not hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=3>" 2>&1 | FileCheck %s --check-prefix=OPTION
// RUN: not hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=linear_row_tiles>" 2>&1 | FileCheck %s --check-prefix=KIND
// RUN: not hardwood-opt %s -split-input-file --hardwood-lower-to-kernels 2>&1 | FileCheck %s --check-prefix=UNSCHEDULED

// A schedule option that is no valid schedule names the problem.
// OPTION: strategy vector_gather needs vector_lanes a power of two in [2, 64], not 3
// OPTION: schedule option '<strategy=vector_gather,vector_lanes=3>' is not a #hardwood.schedule<...>

// A linear strategy for a tree ensemble is refused.
// KIND: 'hardwood.ensemble' op cannot use strategy linear_row_tiles for a tree ensemble

// Lowering needs a schedule.
// UNSCHEDULED: 'hardwood.ensemble' op has no #hardwood.schedule; run hardwood-select-schedule first

hardwood.ensemble @m task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: leaf 1.0 }
}

// -----

// A tree strategy on a linear model is refused (by the op's verifier).
// expected-error @+1 {{'hardwood.linear' op strategy scalar_interleaved walks trees; linear models take linear_row_tiles}}
hardwood.linear @l task regression inputs 1 x f64 outputs 1 transform identity
    coefficients [1.0] intercept [0.0]
    {schedule = #hardwood.schedule<strategy = scalar_interleaved>}

// -----

// expected-error @+1 {{'hardwood.target' belongs on a builtin.module}}
hardwood.linear @t task regression inputs 1 x f64 outputs 1 transform identity
    coefficients [1.0] intercept [0.0]
    {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64", features = "", vector_bits = 128, gather = false, permute = false, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>}
