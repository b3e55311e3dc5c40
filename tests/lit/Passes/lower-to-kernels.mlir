// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM
// Float32 models keep thresholds inside the node words: no separate table.
// RUN: hardwood-opt %s --hardwood-select-schedule --hardwood-lower-to-kernels | FileCheck %s --check-prefix=NOTHRESHOLD
// NOTHRESHOLD-NOT: @__hw_clf_threshold

// The model op is gone; its metadata stays on the module for the
// descriptor, each kind it has (predict, proba, decision, leaf; no score)
// referring to its kernel function.
// CHECK: module attributes {hardwood.model = #hardwood.lowered_model<name = "clf", family = tree_ensemble, task = classification, input_type = f32, num_features = 2, num_classes = 2, num_trees = 1, class_labels = [0.000000e+00, 1.000000e+00], predict = <function = @__hw_clf_predict, width = 1, element_type = f64>, proba = <function = @__hw_clf_proba, width = 2, element_type = f32>, decision = <function = @__hw_clf_decision, width = 1, element_type = f32>, leaf = <function = @__hw_clf_leaf, width = 1, element_type = i32>>}
// CHECK-NOT: hardwood.ensemble
// Node table: 4 words per node: info (feature | flags << 24), aux (float32
// threshold bits; leaf value offset at leaves), left, right. Leaves point
// to themselves so every walk takes exactly depth steps. Node 0 splits on
// x[0] <= 0.5 (0x3F000000) with missing values going left (flag 1 << 24).
// CHECK-DAG: memref.global "private" constant @__hw_clf_nodes : memref<20xi32> = dense<[16777216, 1056964608, 1, 2, 0, 0, 1, 1, 1, 1069547520, 3, 4, 0, 1, 3, 3, 0, 2, 4, 4]>
// CHECK-DAG: memref.global "private" constant @__hw_clf_depth : memref<1xi32> = dense<2>
// CHECK-DAG: memref.global "private" constant @__hw_clf_leaf_values : memref<3xf64> = dense<[-1.000000e+00, 2.000000e+00, 3.000000e+00]>
// One kernel per kind the model has, with the hw_kernel_fn shape. The walk
// compares with <= (no strict nodes in this model), routes NaN by the
// default-left bit and indexes the children table; predict decides on the
// sigmoid probability.
// Class labels are written as float64 even by float32 models.
// CHECK-LABEL: func.func @__hw_clf_predict(%{{.*}}: memref<?xf32>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: memref<?xf64>)
// CHECK: arith.cmpf uno
// CHECK-NOT: arith.cmpf olt
// CHECK: arith.cmpf ole
// CHECK: arith.select
// CHECK: arith.bitcast %{{.*}} : i32 to f32
// CHECK: memref.load %{{.*}}[%{{.*}}] : memref<20xi32>
// CHECK: arith.bitcast %{{.*}} : i64 to f64
// CHECK-LABEL: func.func @__hw_clf_proba(
// CHECK-LABEL: func.func @__hw_clf_decision(
// CHECK-NOT: func.func @__hw_clf_score
// CHECK-LABEL: func.func @__hw_clf_leaf(%{{.*}}: memref<?xf32>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: memref<?xi32>)

// LLVM-NOT: hardwood.ensemble
// LLVM: llvm.func @__hw_clf_proba
// The 16-byte records, given explicitly: the generic x86-64 target would
// take compact8 (lower-to-kernels-compact.mlir).
hardwood.ensemble @clf task classification inputs 2 x f32 outputs 1
    leaf_width 1 aggregate sum transform sigmoid
    attributes {classes = [0, 1], schedule = #hardwood.schedule<
        strategy = scalar_interleaved, node_layout = records16>} {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: leaf -1.0
    2: x[1] <= 1.5 ? 3 : 4, nan -> right
    3: leaf 2.0
    4: leaf 3.0
  }
}
