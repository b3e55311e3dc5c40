//===- ExpExpansion.h - exp in arith ops, the same bits everywhere -*- C++
//-*-===//
//
// The float64 exp of the post-transforms (sigmoid, softmax, exp family),
// expanded into plain arith ops on scalars or vectors, so that every target
// computes the same bits and rows in vector lanes need no libm call.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_EXPEXPANSION_H
#define HARDWOOD_PASSES_EXPEXPANSION_H

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace hardwood {

/// exp(x) for `x` of type f64 or vector<N x f64>: Cody-Waite reduction
/// x = k ln2 + r (|r| <= ln2 / 2), exp(r) by a Chebyshev polynomial of
/// degree 11, then 2^k applied as two exact powers of two (so results that
/// round to subnormals round once). Overflow gives +inf, underflow 0, NaN
/// stays NaN. At most 2 ulp from the correctly rounded value over the
/// float64 range (tests/python/test_exp_expansion.py sweeps it against
/// libm). No fused multiply-add is formed (the ops carry no fast-math
/// flags), so the bits do not depend on the target.
mlir::Value emitExpF64(mlir::ImplicitLocOpBuilder &b, mlir::Value x);
/// exp of several values of one type, computed in lockstep (each step for
/// all of them, then the next): independent chains for the scheduler.
llvm::SmallVector<mlir::Value> emitExpF64(mlir::ImplicitLocOpBuilder &b,
                                          llvm::ArrayRef<mlir::Value> xs);

} // namespace hardwood

#endif // HARDWOOD_PASSES_EXPEXPANSION_H
