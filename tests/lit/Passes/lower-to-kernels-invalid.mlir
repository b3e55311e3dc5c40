// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels -verify-diagnostics

// Lowering a float32 model whose thresholds were not narrowed would compare
// wrongly; the pass refuses and says which pass to run.
hardwood.ensemble @m task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  // expected-error @+1 {{threshold 1.000000e-01 of node 0 is not a float32 value in a float32 model; run -hardwood-narrow-thresholds before lowering}}
  hardwood.tree group 0 {
    0: x[0] <= 0.1 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}
