// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// The post-transforms' exp is expanded in arith ops (ExpExpansion.cpp), not
// math.exp (a libm call whose bits depend on the libm): clamp to
// [-746, 710] with compare + select (NaN passes through), k = round(x / ln2)
// with the 1.5 * 2^52 trick (as a float and, from the bits, as an integer),
// r = x - k ln2 in two Cody-Waite steps, the degree-11 Chebyshev polynomial
// by Horner, then 2^k as two exact powers of two built in the exponent field.
// No fast-math flags, so LLVM forms no FMA and every target computes the
// same bits. Here the scalar form (predict of a two-output exp regression
// goes through the scalar epilogue).
// CHECK-LABEL: func.func @__hw_poisson_predict(
// CHECK: %[[LO:.*]] = arith.constant -7.460000e+02 : f64
// CHECK: %[[HI:.*]] = arith.constant 7.100000e+02 : f64
// CHECK: %[[BELOW:.*]] = arith.cmpf olt, %[[X:.*]], %[[LO]] : f64
// CHECK: %[[X1:.*]] = arith.select %[[BELOW]], %[[LO]], %[[X]] : f64
// CHECK: %[[ABOVE:.*]] = arith.cmpf ogt, %[[X1]], %[[HI]] : f64
// CHECK: %[[X2:.*]] = arith.select %[[ABOVE]], %[[HI]], %[[X1]] : f64
// CHECK: %[[LOG2E:.*]] = arith.constant 1.4426950408889634 : f64
// CHECK: %[[MAGIC:.*]] = arith.constant 0x4338000000000000 : f64
// CHECK: %[[T0:.*]] = arith.mulf %[[X2]], %[[LOG2E]] : f64
// CHECK: %[[T:.*]] = arith.addf %[[T0]], %[[MAGIC]] : f64
// CHECK: %[[KF:.*]] = arith.subf %[[T]], %[[MAGIC]] : f64
// CHECK: arith.bitcast %[[T]] : f64 to i64
// CHECK: %[[LN2HI:.*]] = arith.constant 0.69314718036912382 : f64
// CHECK: %[[LN2LO:.*]] = arith.constant 1.9082149292705877E-10 : f64
// CHECK: %[[A:.*]] = arith.mulf %[[KF]], %[[LN2HI]] : f64
// CHECK: %[[B:.*]] = arith.subf %[[X2]], %[[A]] : f64
// CHECK: %[[C:.*]] = arith.mulf %[[KF]], %[[LN2LO]] : f64
// CHECK: %[[R:.*]] = arith.subf %[[B]], %[[C]] : f64
// The degree-11 coefficient first, then 10 more Horner steps down to 1.
// CHECK: arith.constant 2.5110037605963777E-8 : f64
// CHECK-COUNT-11: arith.mulf %{{.*}}, %[[R]] : f64
// CHECK-NOT: arith.mulf %{{.*}}, %[[R]] : f64
// CHECK: arith.shrui %{{.*}}, %{{.*}} : i64
// CHECK: arith.shli %{{.*}}, %{{.*}} : i64
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK: arith.shli %{{.*}}, %{{.*}} : i64
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK-NOT: math.exp
// CHECK-LABEL: func.func @__hw_poisson_decision(

// LLVM-LABEL: llvm.func @__hw_poisson_predict
// LLVM-NOT: llvm.intr.exp
// LLVM-NOT: llvm.intr.fma
// LLVM-NOT: llvm.call
// LLVM: llvm.return
hardwood.linear @poisson task regression inputs 1 x f64 outputs 2
    transform exp coefficients [1.0, 2.0] intercept [0.0, 0.0]
