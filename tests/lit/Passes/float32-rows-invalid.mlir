// RUN: hardwood-opt %s -split-input-file -verify-diagnostics --hardwood-select-schedule="float32-rows-schedule=<strategy=scalar_interleaved>"

// The float32-rows schedule needs float32-row kernels to apply to.

// expected-error @+1 {{is a float32 model: its kernels read float32 rows, so there is no float32-rows schedule (use schedule)}}
hardwood.ensemble @narrow task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

// expected-error @+1 {{has no float32-row kernels to schedule: categorical splits, linear leaves and zero snapping read float64 values}}
hardwood.ensemble @snaps task regression inputs 1 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity attributes {zero_threshold = 1.0e-35 : f64} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}

// -----

// expected-error @+1 {{has no float32-rows schedule: a linear model's float32-row kernels follow its schedule}}
hardwood.linear @lin task regression inputs 2 x f64 outputs 1
    transform identity coefficients [1.0, 2.0] intercept [0.5]
