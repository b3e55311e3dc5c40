//===- NeonTarget.h - AArch64 NEON facts and tbl permutes -------*- C++ -*-===//
//
// What the passes know of NEON targets: which targets are, which models the
// cost model walks with vectors there (NeonRegisterTopWalk.cpp), and word
// permutes with tbl. NEON has no word permute with a variable index, but `tbl`
// selects bytes from up to four q registers (64 bytes = 16 words) by a vector
// of byte indices, and `tbx` does the same while keeping the destination's
// bytes where an index is out of range. A word permute is one of them per 16
// words, on byte indices 4k, 4k+1, 4k+2, 4k+3 for word k.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_NEONTARGET_H
#define HARDWOOD_PASSES_NEONTARGET_H

#include "hardwood/Dialect/HardwoodAttrs.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace hardwood {

/// Whether `target` is AArch64 with NEON's tbl (the vector_register_top
/// images of a NEON target are selected by emitNeonTablePermute).
bool isNeonTarget(TargetAttr target);

/// `table[index]` per lane for `table` a vector<W x i32> (W a multiple of 4,
/// at most kMaxNeonTableWords) and `index` a vector<4 x i32> of word
/// positions below W: tbl1..tbl4 on the first 16 words, then one tbx4 per
/// 16 words more. Null when `target` is not a NEON target or the shapes do
/// not fit (the caller falls back to its generic form).
mlir::Value emitNeonTablePermute(mlir::ImplicitLocOpBuilder &b,
                                 TargetAttr target, mlir::Value table,
                                 mlir::Value index);

/// The widest image emitNeonTablePermute selects from: byte indices must
/// stay below 256 (64 words = 4 tbl/tbx of 4 registers).
constexpr int64_t kMaxNeonTableWords = 64;

/// Register levels a NEON vector_register_top holds: the image of level
/// l has 2^l words, at most kMaxNeonTableWords.
constexpr int64_t kMaxNeonRegisterLevels = 7;

/// Register levels the cost model gives trees on NEON: images up to level
/// 5 (32 words: one tbl and one tbx over 4 q registers per image). With
/// level 6 as well each level-6 step costs 4 tbl/tbx per image and the
/// images no longer fit the 32 q registers beside the walk's own.
constexpr int64_t kNeonRegisterLevels = 6;

/// Whether the cost model walks `model` with NEON vectors on `target`
/// (vector_register_top, 4 float32 lanes) instead of scalar walks.
bool isNeonSchedulable(TargetAttr target, const ModelStatistics &model);

} // namespace hardwood

#endif // HARDWOOD_PASSES_NEONTARGET_H
