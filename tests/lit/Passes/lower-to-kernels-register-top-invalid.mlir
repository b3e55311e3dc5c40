// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8>" --hardwood-lower-to-kernels -verify-diagnostics

// The register images hold float32 thresholds in the records' aux words: a
// float64 model is refused with the strategy to use instead.
// expected-error @+1 {{'hardwood.ensemble' op strategy vector_register_top needs float32 input; use vector_gather}}
hardwood.ensemble @d task regression inputs 1 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree { 0: leaf 1.0 }
}
