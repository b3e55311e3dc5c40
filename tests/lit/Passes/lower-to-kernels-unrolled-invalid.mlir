// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=unrolled,vector_lanes=16,interleave=1>" --hardwood-lower-to-kernels -verify-diagnostics
// RUN: %python -c "print('hardwood.ensemble @big task regression inputs 2 x f32 outputs 1 leaf_width 1 aggregate sum transform identity {'); [print('hardwood.tree { 0: x[0] <= 0.5 ? 1 : 2, nan -> left\n 1: leaf 1.0\n 2: leaf 2.0 }') for _ in range(8193)]; print('}')" > %t.mlir
// RUN: not hardwood-opt %t.mlir --hardwood-select-schedule="schedule=<strategy=unrolled,vector_lanes=16>" --hardwood-lower-to-kernels 2>&1 | FileCheck %s --check-prefix=BIG

// A model of more split nodes than the straight-line code may hold (8,193
// stumps) is refused when the strategy is forced, with the way out.
// BIG: error: 'hardwood.ensemble' op strategy unrolled emits straight-line code per split node, and this model has 8193 of them, more than 8192; use a tree-walk strategy

// Linear leaves are evaluated from their own tables after a walk; the
// unrolled code has no walk to end.
// expected-error @+1 {{'hardwood.ensemble' op strategy unrolled does not evaluate linear leaves; use a tree-walk strategy}}
hardwood.ensemble @lin task regression inputs 3 x f64 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf 1.0 linear 0.25 + -1.5 * x[2]
    2: leaf -2.0 linear 3.0
  }
}
