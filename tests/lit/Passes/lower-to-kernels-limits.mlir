// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels -verify-diagnostics

// Each categorical split's bitset takes domain / 32 words, and a domain of
// 2^31 - 1 is a few bytes of model file: the lowering bounds the bitsets of
// the whole model (2^24 words) before allocating them. Computing the word
// count in int32 used to overflow (domain + 31) and abort in
// std::vector::resize.
// expected-error @+1 {{has categorical splits whose bitsets take 67108864 32-bit words (the sum of each split's domain / 32); at most 16777216 (64 MiB) are allowed}}
hardwood.ensemble @m task regression inputs 2 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] in {5, 2147483646} domain 2147483647 ? 1 : 2, nan -> left, outside -> right
    1: leaf -1.0
    2: leaf 1.0
  }
}
