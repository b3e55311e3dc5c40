// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s -split-input-file --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// Per-row epilogues: transforms (proba) and the rule predict decides by.

// modified_huber (SGDClassifier): p = (clip(r, -1, 1) + 1) / 2, divided by
// sum p, or 1/K each where all p are 0. A linear model decides predict on
// the raw score (arg-max r), not on the clipped probabilities.
// CHECK-LABEL: func.func @__hw_huber_predict(
// CHECK-NOT: arith.maximumf
// CHECK-NOT: arith.minimumf
// CHECK: arith.cmpf ogt
// CHECK-LABEL: func.func @__hw_huber_proba(
// CHECK: %[[LO:.*]] = arith.constant -1.000000e+00 : f64
// CHECK-NEXT: %[[A:.*]] = arith.maximumf %{{.*}}, %[[LO]] : f64
// CHECK-NEXT: %[[HI:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[B:.*]] = arith.minimumf %[[A]], %[[HI]] : f64
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f64
// CHECK-NEXT: %[[C:.*]] = arith.addf %[[B]], %[[ONE]] : f64
// CHECK-NEXT: %[[TWO:.*]] = arith.constant 2.000000e+00 : f64
// CHECK-NEXT: arith.divf %[[C]], %[[TWO]] : f64
// CHECK: %[[ALLZERO:.*]] = arith.cmpf oeq, %[[SUM:.*]], %{{.*}} : f64
// CHECK: %[[K:.*]] = arith.constant 3.000000e+00 : f64
// CHECK-NEXT: %[[DIV:.*]] = arith.select %[[ALLZERO]], %[[K]], %[[SUM]] : f64
// CHECK: %[[NUM:.*]] = arith.select %[[ALLZERO]], %{{.*}}, %{{.*}} : f64
// CHECK-NEXT: arith.divf %[[NUM]], %[[DIV]] : f64
// CHECK-LABEL: func.func @__hw_huber_decision(
// LLVM: llvm.func @__hw_huber_proba
hardwood.linear @huber task classification inputs 2 x f64 outputs 3
    transform modified_huber coefficients [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    intercept [0.0, 0.0, 0.0] {classes = [0, 1, 2]}

// -----

// Binary modified_huber: [1 - p, p], no normalisation; predict is r > 0.
// CHECK-LABEL: func.func @__hw_huber2_predict(
// CHECK-NOT: arith.minimumf
// CHECK: arith.cmpf ogt
// CHECK-LABEL: func.func @__hw_huber2_proba(
// CHECK: arith.minimumf
// CHECK-NOT: arith.cmpf oeq
// CHECK: arith.subf
// CHECK-LABEL: func.func @__hw_huber2_decision(
hardwood.linear @huber2 task classification inputs 2 x f64 outputs 1
    transform modified_huber coefficients [1.0, 2.0] intercept [0.5]
    {classes = [-1, 1]}

// -----

// A binary logistic regression predicts r > 0, not sigmoid(r) > 1 - sigmoid(r)
// (which differs where sigmoid(r) rounds to 0.5).
// exp is expanded in arith ops (ExpExpansion.cpp, exp-expansion.mlir): its
// integer-to-float bitcast marks it.
// CHECK-LABEL: func.func @__hw_logistic_predict(
// CHECK-NOT: arith.bitcast
// CHECK: arith.cmpf ogt
// CHECK-NOT: arith.bitcast
// CHECK-LABEL: func.func @__hw_logistic_proba(
// CHECK: arith.bitcast %{{.*}} : vector<2xi64> to vector<2xf64>
hardwood.linear @logistic task classification inputs 2 x f64 outputs 1
    transform sigmoid coefficients [1.5, -2.0] intercept [0.25]
    {classes = [0, 1]}

// -----

// A margin classifier with one score per class (LinearSVC, 3 classes):
// arg-max of r, and no proba kernel.
// CHECK: module attributes {hardwood.model = #hardwood.lowered_model<name = "svc"
// CHECK-SAME: predict = <function = @__hw_svc_predict, width = 1, element_type = f64>, decision = <function = @__hw_svc_decision, width = 3, element_type = f64>>}
// CHECK-LABEL: func.func @__hw_svc_predict(
// CHECK: arith.cmpf ogt
// CHECK-NOT: func.func @__hw_svc_proba
// CHECK-LABEL: func.func @__hw_svc_decision(
hardwood.linear @svc task classification inputs 1 x f64 outputs 3
    transform binary_hinge coefficients [1.0, 2.0, 3.0] intercept [0.0, 0.0, 0.0]
    {classes = [0, 1, 2]}

// -----

// A tree ensemble decides on its probabilities: predict applies the
// softmax before the arg-max.
// CHECK-LABEL: func.func @__hw_gb_predict(
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK: arith.cmpf ogt
hardwood.ensemble @gb task classification inputs 1 x f32 outputs 2
    leaf_width 1 aggregate sum transform softmax attributes {classes = [0, 1]} {
  hardwood.tree group 0 {
    0: leaf 1.0
  }
  hardwood.tree group 1 {
    0: leaf 2.0
  }
}

// -----

// IsolationForest with max_samples = 1: c = 0 and sklearn takes the
// normalised path length as 1, so score = -2^-1 for every row.
// predict: -1 where decision < 0, 1 elsewhere.
// CHECK-LABEL: func.func @__hw_iforest1_predict(
// CHECK: arith.cmpf olt
// CHECK-LABEL: func.func @__hw_iforest1_score(
// The exponent is the negated constant 1, not a division by c:
// CHECK: %[[NEG:[0-9]+]] = arith.negf %cst{{[_0-9]*}} : f64
// CHECK-NEXT: %[[POW:[0-9]+]] = math.exp2 %[[NEG]] : f64
// CHECK-NEXT: arith.negf %[[POW]] : f64
hardwood.ensemble @iforest1 task anomaly inputs 1 x f32 outputs 1 leaf_width 1
    aggregate average transform isolation_forest
    attributes {average_path_length = 0.0 : f64, score_offset = -0.5 : f64} {
  hardwood.tree group 0 {
    0: leaf 0.0
  }
}
