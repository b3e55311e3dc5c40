// A small linear model (3 outputs, float32) for driver tests.
hardwood.linear @three task regression inputs 2 x f32 outputs 3
    transform identity coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.5, -0.5, 0.0]
