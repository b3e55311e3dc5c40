// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8>" --hardwood-to-llvm | FileCheck %s --check-prefix=LLVM

// vector_register_top with 8 lanes: the top 3 levels (7 nodes, breadth
// first) of each tree are register images (info and aux words), 8 words
// per tree (the 8th unused), each level loaded as its own image; 8 words
// of padding follow the last tree so every image load stays in the table.
// Tree 0 (depth 3): node 0 splits x[0] (info 1 << 24: missing goes left),
// nodes 1 and 2 split x[1] and x[2], node 5 x[0] again; leaves 3, 4 and 6
// fill their positions with padding (0) whose children are the leaf. The
// tables number nodes depth-first (0 1 3 4 2 5 7 8 6 become 0-8), so
// level 3's eight exits are 2, 2, 3, 3 (leaves 3 and 4), then node 5's
// children 7 and 8 (now 6 and 7), then 8, 8 (leaf 6). Tree 1 is a single
// leaf (node 9): all padding, every exit is the leaf.
// CHECK-DAG: memref.global "private" constant @__hw_m_top_info : memref<24xi32> = dense<[16777216, 16777217, 16777218, 0, 0, 16777216, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// CHECK-DAG: memref.global "private" constant @__hw_m_top_aux : memref<24xi32> = dense<[1056964608, 1065353216, 1073741824, 0, 0, 1048576000, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]>
// The leaf kind reports leaf ids: its exits lead to the node table, whose
// leaf ids keep the model's numbering.
// CHECK-DAG: memref.global "private" constant @__hw_m_leaf_id : memref<10xi32> = dense<[0, 1, 3, 4, 2, 5, 7, 8, 6, 0]>
// CHECK-DAG: memref.global "private" constant @__hw_m_node_info_aux : memref<10xi64> = dense<[4539628424406237184, 4575657221425201153, 0, 4294967296, 4611686018444165122, 4503599627387273216, 8589934592, 12884901888, 17179869184, 21474836480]>
// CHECK-DAG: memref.global "private" constant @__hw_m_top_exit : memref<16xi32> = dense<[2, 2, 3, 3, 6, 7, 8, 8, 9, 9, 9, 9, 9, 9, 9, 9]>
// Every tree ends within the 3 levels, so the other kinds read each exit's
// leaf value directly (float32: every value is one).
// CHECK-DAG: memref.global "private" constant @__hw_m_top_exit_value : memref<16xf32> = dense<[1.000000e+00, 1.000000e+00, 2.000000e+00, 2.000000e+00, 4.000000e+00, 5.000000e+00, 3.000000e+00, 3.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00, 6.000000e+00]>
// CHECK-LABEL: func.func @__hw_m_decision
// Per tree and level, the two register images are plain vector loads.
// CHECK: vector.load %{{.*}}[%{{.*}}] : memref<24xi32>, vector<8xi32>
// CHECK: vector.load %{{.*}}[%{{.*}}] : memref<24xi32>, vector<8xi32>
// Below the root, a lane's node record is a permute of the registers.
// CHECK: llvm.call_intrinsic "llvm.x86.avx2.permd"
// After 3 levels, one gather of the exit's leaf value per vector.
// CHECK: vector.gather %{{.*}} : memref<16xf32>, vector<8xi32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK-NEXT: arith.extf %{{.*}} : vector<8xf32> to vector<8xf64>
// CHECK-LABEL: func.func @__hw_m_leaf
// The leaf kind: the positions exit to the node table (a gather), and the
// walk goes on as vector_gather walks (0 steps here: depth 3).
// CHECK: vector.gather %{{.*}} : memref<16xi32>, vector<8xi32>, vector<8xi1>, vector<8xi32> into vector<8xi32>
// CHECK: arith.maxsi
// CHECK: scf.for {{.*}} -> (vector<8xi32>, vector<8xi32>, vector<8xi32>, vector<8xi32>)
// A step reads a node's info and aux words with one 64-bit gather
// (@__hw_m_node_info_aux: info in the low half), then its child.
// CHECK: vector.gather %{{.*}} : memref<10xi64>, vector<8xi32>, vector<8xi1>, vector<8xi64> into vector<8xi64>
// CHECK: arith.trunci %{{.*}} : vector<8xi64> to vector<8xi32>
// CHECK: arith.shrui
// LLVM: llvm.call_intrinsic "llvm.x86.avx2.permd"
module attributes {hardwood.target = #hardwood.target<triple = "x86_64-unknown-linux-gnu", cpu = "x86-64-v3", features = "+fast-gather", vector_bits = 256, gather = true, permute = true, masking = false, prefer_512 = false, scalar_interleave = 4, vector_interleave = 4, max_block_rows = 128, l1_bytes = 32768, l2_bytes = 524288>} {
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree {
    0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: x[1] <= 1.000000e+00 ? 3 : 4, nan -> left
    2: x[2] <= 2.000000e+00 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: x[0] <= 2.500000e-01 ? 7 : 8, nan -> left
    6: leaf 3.0
    7: leaf 4.0
    8: leaf 5.0
  }
  hardwood.tree { 0: leaf 6.0 }
}
}

