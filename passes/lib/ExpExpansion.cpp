//===- ExpExpansion.cpp - exp in arith ops, the same bits everywhere ------===//

#include "ExpExpansion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>

using namespace mlir;
using namespace mlir::hardwood;

namespace {
/// log2(e), and ln 2 split in two: kLn2Hi has 21 trailing zero bits, so
/// k * kLn2Hi is exact for every k the clamped range gives (fdlibm's
/// constants).
constexpr double kLog2E = 1.4426950408889634;
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
/// 1.5 * 2^52: adding it rounds |v| < 2^51 to an integer (in the current
/// rounding mode, to nearest even) that the low mantissa bits hold.
constexpr double kRoundMagic = 6755399441055744.0;
/// Inputs are clamped to [kMinInput, kMaxInput]: exp(kMaxInput) overflows
/// and exp(kMinInput) is below half the smallest subnormal (rounds to 0),
/// so clamping changes no result and keeps k within [-1077, 1025].
constexpr double kMinInput = -746.0;
constexpr double kMaxInput = 710.0;
/// Taylor degree: |r|^14 / 14! < 5e-18 relative for |r| <= ln2 / 2.
constexpr int kDegree = 13;

/// Builds constants and ops on f64 or vector<N x f64> values alike.
struct ExpMath {
  ImplicitLocOpBuilder &b;
  Type type;    ///< f64 or vector<N x f64>
  Type intType; ///< i64 or vector<N x i64>

  Value f(double v) {
    if (auto vector = dyn_cast<VectorType>(type))
      return b.create<arith::ConstantOp>(
          DenseElementsAttr::get(vector, b.getF64FloatAttr(v)));
    return b.create<arith::ConstantOp>(b.getF64FloatAttr(v));
  }
  Value i(int64_t v) {
    if (auto vector = dyn_cast<VectorType>(intType))
      return b.create<arith::ConstantOp>(
          DenseElementsAttr::get(vector, b.getI64IntegerAttr(v)));
    return b.create<arith::ConstantOp>(b.getI64IntegerAttr(v));
  }
  Value add(Value x, Value y) { return b.create<arith::AddFOp>(x, y); }
  Value sub(Value x, Value y) { return b.create<arith::SubFOp>(x, y); }
  Value mul(Value x, Value y) { return b.create<arith::MulFOp>(x, y); }
  /// 2^k for k in [-1022, 1023], built in the exponent field.
  Value pow2(Value k) {
    Value biased = b.create<arith::AddIOp>(k, i(1023));
    return b.create<arith::BitcastOp>(type,
                                      b.create<arith::ShLIOp>(biased, i(52)));
  }
};
} // namespace

Value mlir::hardwood::emitExpF64(ImplicitLocOpBuilder &b, Value x) {
  Type type = x.getType();
  Type intType = b.getI64Type();
  if (auto vector = dyn_cast<VectorType>(type))
    intType = VectorType::get(vector.getShape(), intType);
  ExpMath m{b, type, intType};

  // Clamp with compare + select: NaN fails both compares and stays NaN
  // (arith.minimumf would also keep it, at the cost of NaN fix-ups on x86).
  Value lo = m.f(kMinInput), hi = m.f(kMaxInput);
  Value clamped = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, x, lo), lo, x);
  clamped = b.create<arith::SelectOp>(
      b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, clamped, hi), hi,
      clamped);

  // k = round(x / ln2) as a float and as an integer, without a rounding
  // instruction (generic x86-64 has none, and fptosi of vectors of i64 is
  // lane by lane before AVX-512).
  Value shifted = m.add(m.mul(clamped, m.f(kLog2E)), m.f(kRoundMagic));
  Value kFloat = m.sub(shifted, m.f(kRoundMagic));
  Value kInt =
      b.create<arith::SubIOp>(b.create<arith::BitcastOp>(intType, shifted),
                              m.i(llvm::bit_cast<int64_t>(kRoundMagic)));

  // r = x - k ln2 in two steps (the first is exact).
  Value r = m.sub(m.sub(clamped, m.mul(kFloat, m.f(kLn2Hi))),
                  m.mul(kFloat, m.f(kLn2Lo)));

  // exp(r) = sum r^n / n!, Horner from the highest term.
  double coefficient[kDegree + 1];
  coefficient[0] = 1.0;
  for (int n = 1; n <= kDegree; ++n)
    coefficient[n] = coefficient[n - 1] / n;
  Value p = m.f(coefficient[kDegree]);
  for (int n = kDegree - 1; n >= 0; --n)
    p = m.add(m.mul(p, r), m.f(coefficient[n]));

  // 2^k as 2^k1 * 2^k2 with k1 = floor(k / 2) (both within the normal
  // range for every k above): p * 2^k1 is exact, the second product rounds
  // once, also into the subnormals. k + 1078 >= 0, so a logical shift
  // halves it (arithmetic shifts of i64 vectors need AVX-512).
  Value k1 = b.create<arith::SubIOp>(
      b.create<arith::ShRUIOp>(b.create<arith::AddIOp>(kInt, m.i(1078)),
                               m.i(1)),
      m.i(539));
  Value k2 = b.create<arith::SubIOp>(kInt, k1);
  return m.mul(m.mul(p, m.pow2(k1)), m.pow2(k2));
}
