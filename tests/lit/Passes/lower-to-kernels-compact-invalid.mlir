// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_gather,vector_lanes=8,node_layout=compact8>" --hardwood-lower-to-kernels -verify-diagnostics

// compact8 holds right-child offsets below 2^(24 - 23) beside 2^22 + 1
// features (23 bits each): a 3-node tree's offset 2 does not fit, and the
// error names the layout to use instead.
// expected-error @+1 {{node_layout compact8 holds right-child offsets below 2^1 beside 4194305 features, but a tree has 3 nodes; use node_layout = records16}}
hardwood.ensemble @wide task regression inputs 4194305 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0
    2: leaf 2.0
  }
}
