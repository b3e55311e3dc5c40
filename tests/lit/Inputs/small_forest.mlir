// A small float32 classifier used by the target tests.
hardwood.ensemble @forest task classification inputs 4 x f32 outputs 1
    leaf_width 1 aggregate sum transform sigmoid
    attributes {classes = [0, 1]} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[1] <= -1.5 ? 3 : 4, nan -> right
    2: x[2] <= 2.0 ? 5 : 6, nan -> left
    3: leaf -1.0
    4: leaf 0.5
    5: leaf 1.5
    6: leaf 2.0
  }
  hardwood.tree group 0 {
    0: x[3] <= 0.25 ? 1 : 2, nan -> right
    1: leaf -0.5
    2: leaf 0.75
  }
}
