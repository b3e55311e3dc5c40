// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=2,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=PERMUTE

// With compare levels the block is copied feature-major twice (NaN read as
// +infinity, then as -infinity: 2 x 3 features x 128 rows), and when that
// is exact (NaN the only missing value, finite thresholds, all splits
// `<=`) the scalar steps below the registers read their input there, from
// column records (EnsembleTables.h): the low word holds the element offset
// of the column to read, (copy * 3 + feature) * 128 with copy 1 for
// default-left nodes, in its low 16 bits and, tree-relative
// (columnRecordsTreeRelative: columns and tree sizes fit 16 bits), the right
// child's index within its tree above (a leaf's own index); the high word
// the threshold's bits, or at leaves a quiet NaN (0x7fc00000) whose payload
// is the leaf value offset.
//   node 0: x[0], nan left:  384 | 4 << 16, 0.5 (0x3f000000)
//   node 1: x[2], nan right: 256 | 3 << 16, 1.5 (0x3fc00000)
//   leaves 2, 3: 2 << 16, 3 << 16; 0x7fc00000, 0x7fc00001 (values 0 and 1)
//   node 4: x[1], nan left:  512 | 6 << 16, 2.5 (0x40200000)
//   leaves 5, 6: 5 << 16, 6 << 16; 0x7fc00002, 0x7fc00003
// CHECK: memref.global "private" constant @__hw_m_node_column : memref<7xi64> = dense<[4539628424389722496, 4593671619918102784, 9205357638345424896, 9205357642640457728, 4620693217682522624, 9205357646935556096, 9205357651230588928]>
// The chains walk indices within the tree, from a view of the records at
// its root. A step is one record load, one input load, one ordered compare
// (false at a leaf's NaN) and a select of node + 1 or the right child. The
// walks carry 64-bit node indices, and every row of the group reads one
// view of the copies that starts at the group's first row, at its lane's
// constant offset (lane 1 below): no row pointer per chain.
// CHECK-LABEL: func.func @__hw_m_decision
// CHECK: %[[COPIES:.*]] = memref.alloca() : memref<768xf32>
// CHECK: %[[RECORDS:.*]] = memref.get_global @__hw_m_node_column
// CHECK: %[[ROOT:.*]] = arith.index_cast %{{.*}} : i32 to index
// CHECK: %[[TREE:.*]] = memref.subview %[[RECORDS]][%[[ROOT]]] [%{{.*}}] [1] : memref<7xi64> to memref<?xi64, strided<[1], offset: ?>>
// The lanes' exits are stored within their tree: one vector subtraction
// of the root per vector.
// CHECK: %[[ROOT32:.*]] = arith.index_cast %[[ROOT]] : index to i32
// CHECK-NEXT: %[[ROOTS:.*]] = vector.broadcast %[[ROOT32]] : i32 to vector<8xi32>
// CHECK-NEXT: %[[WITHIN:.*]] = arith.subi %{{.*}}, %[[ROOTS]] : vector<8xi32>
// CHECK: vector.store %[[WITHIN]]
// CHECK: %[[VIEW:.*]] = memref.subview %[[COPIES]][%{{.*}}] [%{{.*}}] [1] : memref<768xf32> to memref<?xf32, strided<[1], offset: ?>>
// CHECK: scf.for {{.*}} iter_args(%{{[^ ]*}} = %{{[^ ]*}}, %[[NODE:[^ ]*]] = {{.*}}) -> (index, index, index, index, index, index, index, index)
// CHECK: memref.load %[[TREE]]
// CHECK: %[[RECORD:.*]] = memref.load %[[TREE]][%[[NODE]]] : memref<?xi64, strided<[1], offset: ?>>
// CHECK: %[[WORD:.*]] = arith.trunci %[[RECORD]] : i64 to i32
// CHECK: %[[THRESHOLD:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK: %[[COLUMN:.*]] = arith.trunci %[[WORD]] : i32 to i16
// CHECK: %[[INDEX:.*]] = arith.index_castui %[[COLUMN]] : i16 to index
// CHECK: %[[RIGHT32:.*]] = arith.shrui %[[WORD]], %c16_i32
// CHECK: %[[RIGHT:.*]] = arith.index_castui %[[RIGHT32]] : i32 to index
// CHECK: %[[AT:.*]] = arith.addi %c1{{.*}}, %[[INDEX]] : index
// CHECK: %[[X:.*]] = memref.load %[[VIEW]][%[[AT]]]
// CHECK-NEXT: %[[LEFT:.*]] = arith.cmpf ole, %[[X]], %[[THRESHOLD]] : f32
// CHECK: %[[NEXT:.*]] = arith.addi %[[NODE]], %c1{{.*}} : index
// CHECK-NEXT: arith.select %[[LEFT]], %[[NEXT]], %[[RIGHT]] : index
// CHECK-NOT: arith.cmpf uno
// CHECK: scf.yield
// The leaves read their value offset from the same records, at the node
// index back in the whole table.
// CHECK: %[[REACHED:.*]] = arith.addi %{{.*}}, %[[ROOT]] : index
// CHECK-NEXT: %[[LEAF32:.*]] = arith.index_castui %[[REACHED]] : index to i32
// CHECK: %[[LEAFAT:.*]] = arith.index_castui %[[LEAF32]] : i32 to index
// CHECK-NEXT: %[[LEAF:.*]] = memref.load %[[RECORDS]][%[[LEAFAT]]]
// CHECK: arith.andi %{{.*}}, %c4194303_i32
// The register levels below the compare levels read the copies too: a
// third image holds each top node's column (the same offsets: 384 for the
// root, 256 and 512 for its children), a level permutes it, adds the
// tile's rows and gathers from the copies, then one ordered compare.
// PERMUTE: memref.global "private" constant @__hw_m_top_column : memref<12xi32> = dense<[384, 256, 512, 0,
// PERMUTE-LABEL: func.func @__hw_m_decision
// PERMUTE: %[[COPIES:.*]] = memref.alloca() : memref<768xf32>
// PERMUTE: %[[COLUMNS:.*]] = memref.get_global @__hw_m_top_column
// PERMUTE: %[[IMAGE:.*]] = vector.load %[[COLUMNS]][%{{.*}}] : memref<12xi32>, vector<8xi32>
// PERMUTE: vector.extractelement %[[IMAGE]]
// PERMUTE: %[[COLUMN:.*]] = vector.insert %{{.*}} [7] : i32 into vector<8xi32>
// PERMUTE-NEXT: %[[INDEX:.*]] = arith.addi %[[COLUMN]], %{{.*}} : vector<8xi32>
// PERMUTE: %[[X:.*]] = vector.gather %[[COPIES]][%{{.*}}] [%[[INDEX]]]
// PERMUTE-NEXT: arith.cmpf ogt, %[[X]], %{{.*}} : vector<8xf32>
// PERMUTE-NOT: arith.cmpf uno
// PERMUTE: memref.get_global @__hw_m_top_exit_value
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.5 ? 1 : 2, nan -> left
    1: x[2] <= 1.5 ? 3 : 4, nan -> right
    2: x[1] <= 2.5 ? 5 : 6, nan -> left
    3: leaf 1.0
    4: leaf 2.0
    5: leaf 3.0
    6: leaf 4.0
  }
}
