// RUN: hardwood-opt %s -split-input-file --hardwood-select-schedule="schedule=<strategy=scalar_interleaved>" --hardwood-lower-to-kernels | FileCheck %s

// Vector leaves wider than 16 values (sklearn forests of more than 16
// classes) add to the row's raw scores in vector chunks: 16 values at a
// time and one narrower vector for the rest, each output still adding the
// tree's value once, in tree order. Up to 4 chunks are straight-line code;
// more take a loop over the chunks. (A scalar loop of load/add/store per
// output ran the 26-class ExtraTrees 1.7x slower.)

// 20 outputs: one chunk of 16 and a vector of 4.
// CHECK-LABEL: func.func @__hw_w20_decision
// CHECK: %[[V16:.*]] = vector.load %{{.*}}[%{{.*}}] : memref<40xf64>, vector<16xf64>
// CHECK-NEXT: %[[S16:.*]] = vector.load %[[SCRATCH:.*]][%[[SLOT:.*]]] : memref<{{[0-9]+}}xf64>, vector<16xf64>
// CHECK-NEXT: %[[SUM16:.*]] = arith.addf %[[S16]], %[[V16]] : vector<16xf64>
// CHECK-NEXT: vector.store %[[SUM16]], %[[SCRATCH]][%[[SLOT]]] : memref<{{[0-9]+}}xf64>, vector<16xf64>
// CHECK: vector.load %{{.*}}[%{{.*}}] : memref<40xf64>, vector<4xf64>
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<4xf64>
// CHECK-NOT: memref.load %{{.*}} : memref<40xf64>
// CHECK-LABEL: func.func @__hw_w20_leaf

hardwood.ensemble @w20 task regression inputs 1 x f32 outputs 20 leaf_width 20
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    2: leaf [0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0]
  }
}

// -----

// 70 outputs: four chunks of 16 unrolled, then a vector of 6; no loop.
// CHECK-LABEL: func.func @__hw_w70_decision
// CHECK-COUNT-4: arith.addf %{{.*}}, %{{.*}} : vector<16xf64>
// CHECK-NOT: scf.for
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<6xf64>
// CHECK-LABEL: func.func @__hw_w70_leaf

hardwood.ensemble @w70 task regression inputs 1 x f32 outputs 70 leaf_width 70
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]
    2: leaf [0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0]
  }
}

// -----

// 90 outputs: five chunks, so a loop over them by 16, then a vector of 10.
// CHECK-LABEL: func.func @__hw_w90_decision
// CHECK: %[[END:.*]] = arith.constant 80 : index
// CHECK-NEXT: %[[STEP:.*]] = arith.constant 16 : index
// CHECK-NEXT: scf.for %[[K:.*]] = %{{.*}} to %[[END]] step %[[STEP]] {
// CHECK-NEXT: %[[SLOT:.*]] = arith.addi %{{.*}}, %[[K]] : index
// CHECK-NEXT: %[[AT:.*]] = arith.addi %{{.*}}, %[[K]] : index
// CHECK-NEXT: %[[V:.*]] = vector.load %{{.*}}[%[[AT]]] : memref<180xf64>, vector<16xf64>
// CHECK-NEXT: %[[S:.*]] = vector.load %{{.*}}[%[[SLOT]]] : memref<{{[0-9]+}}xf64>, vector<16xf64>
// CHECK-NEXT: arith.addf %[[S]], %[[V]] : vector<16xf64>
// CHECK-NEXT: vector.store
// CHECK-NEXT: }
// CHECK: arith.addf %{{.*}}, %{{.*}} : vector<10xf64>
// CHECK-LABEL: func.func @__hw_w90_leaf

hardwood.ensemble @w90 task regression inputs 1 x f32 outputs 90 leaf_width 90
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> right
    1: leaf [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5]
    2: leaf [0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0, 0.0, 0.25, 0.5, 0.75, 1.0]
  }
}
