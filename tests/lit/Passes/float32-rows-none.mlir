// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule | FileCheck %s --check-prefix=SCHEDULE
// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s

// Zero snapping (LightGBM) compares |x| with a float64 bound: no copy, no
// float32-row kernels (the runtime widens float32 rows).
// SCHEDULE-LABEL: hardwood.ensemble @snaps
// SCHEDULE-NOT: float32_rows_schedule
// SCHEDULE: schedule =
// CHECK-LABEL: func.func @__hw_snaps_decision
// CHECK-NOT: _f32rows
hardwood.ensemble @snaps task regression inputs 1 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {zero_threshold = 1.0e-35 : f64} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

// A float32 model's kernels read float32 rows already.
// SCHEDULE-LABEL: hardwood.ensemble @narrow
// SCHEDULE-NOT: float32_rows_schedule
// SCHEDULE: schedule =
hardwood.ensemble @narrow task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}
