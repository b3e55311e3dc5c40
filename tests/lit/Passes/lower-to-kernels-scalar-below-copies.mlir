// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=1,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s
// RUN: hardwood-opt %s --hardwood-select-schedule="schedule=<strategy=vector_register_top,vector_lanes=8,interleave=2,register_levels=2,compare_levels=1,scalar_below=8,node_layout=compact8>" --hardwood-lower-to-kernels | FileCheck %s --check-prefix=PERMUTE

// With compare levels the block is copied feature-major twice (NaN read as
// +infinity, then as -infinity: 2 x 3 features x 128 rows), and when that
// is exact (NaN the only missing value, finite thresholds, all splits
// `<=`) the scalar steps below the registers read their input there, from
// column records (EnsembleTables.h): the low word holds the element offset
// of the column to read, (copy * 3 + feature) * 128 with copy 1 for
// default-left nodes, in its low 10 bits and the right child's offset
// above; the high word the threshold's bits, or at leaves a quiet NaN
// (0x7fc00000) whose payload is the leaf value offset.
//   node 0: x[0], nan left:  384 | 4 << 10, 0.5 (0x3f000000)
//   node 1: x[2], nan right: 256 | 2 << 10, 1.5 (0x3fc00000)
//   leaves 3, 4: 0x7fc00000, 0x7fc00001 (values 0 and 1)
//   node 2: x[1], nan left:  512 | 2 << 10, 2.5 (0x40200000)
//   leaves 5, 6: 0x7fc00002, 0x7fc00003
// CHECK: memref.global "private" constant @__hw_m_node_column : memref<7xi64> = dense<[4539628424389464448, 4593671619917908224, 9205357638345293824, 9205357642640261120, 4620693217682131456, 9205357646935228416, 9205357651230195712]>
// A step is one record load, one input load, one ordered compare (false
// at a leaf's NaN) and a select of 1 or the right offset. The walks carry
// 64-bit node indices, and every row of the group reads one view of the
// copies that starts at the group's first row, at its lane's constant
// offset (lane 1 below): no row pointer per chain.
// CHECK-LABEL: func.func @__hw_m_decision
// CHECK: %[[COPIES:.*]] = memref.alloca() : memref<768xf32>
// CHECK: %[[RECORDS:.*]] = memref.get_global @__hw_m_node_column
// CHECK: %[[VIEW:.*]] = memref.subview %[[COPIES]][%{{.*}}] [%{{.*}}] [1] : memref<768xf32> to memref<?xf32, strided<[1], offset: ?>>
// CHECK: scf.for {{.*}} iter_args(%{{[^ ]*}} = %{{[^ ]*}}, %[[NODE:[^ ]*]] = {{.*}}) -> (index, index, index, index, index, index, index, index)
// CHECK: memref.load %[[RECORDS]]
// CHECK: %[[RECORD:.*]] = memref.load %[[RECORDS]][%[[NODE]]] : memref<7xi64>
// CHECK: %[[WORD:.*]] = arith.trunci %[[RECORD]] : i64 to i32
// CHECK: %[[THRESHOLD:.*]] = arith.bitcast %{{.*}} : i32 to f32
// CHECK: %[[COLUMN:.*]] = arith.andi %[[WORD]], %c1023_i32
// CHECK: %[[RIGHT:.*]] = arith.shrui %[[WORD]], %c10_i32
// CHECK: %[[INDEX:.*]] = arith.index_castui %[[COLUMN]] : i32 to index
// CHECK: %[[AT:.*]] = arith.addi %c1{{.*}}, %[[INDEX]] : index
// CHECK: %[[X:.*]] = memref.load %[[VIEW]][%[[AT]]]
// CHECK-NEXT: %[[LEFT:.*]] = arith.cmpf ole, %[[X]], %[[THRESHOLD]] : f32
// CHECK: %[[STEP:.*]] = arith.select %[[LEFT]], %{{.*}}, %[[RIGHT]] : i32
// CHECK-NEXT: %[[STEP64:.*]] = arith.index_castui %[[STEP]] : i32 to index
// CHECK-NEXT: arith.addi %[[NODE]], %[[STEP64]] : index
// CHECK-NOT: arith.cmpf uno
// CHECK: scf.yield
// The leaves read their value offset from the same records.
// CHECK: %[[LEAF:.*]] = memref.load %[[RECORDS]]
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
