//===- ExpExpansion.cpp - exp in arith ops, the same bits everywhere ------===//

#include "ExpExpansion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>

using namespace mlir;
using namespace mlir;
using namespace hardwood;

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

SmallVector<Value> hardwood::emitExpF64(ImplicitLocOpBuilder &b,
                                        ArrayRef<Value> xs) {
  if (xs.empty())
    return {};
  Type type = xs.front().getType();
  Type intType = b.getI64Type();
  if (auto vector = dyn_cast<VectorType>(type))
    intType = VectorType::get(vector.getShape(), intType);
  ExpMath m{b, type, intType};
  // Each step is emitted for every value before the next step: the values'
  // dependency chains (about 35 operations deep) interleave in the
  // instruction stream instead of relying on the out-of-order window.
  auto each = [&](llvm::function_ref<Value(unsigned)> step) {
    SmallVector<Value> result;
    for (unsigned i = 0; i < xs.size(); ++i)
      result.push_back(step(i));
    return result;
  };

  // Clamp with compare + select: NaN fails both compares and stays NaN
  // (arith.minimumf would also keep it, at the cost of NaN fix-ups on x86).
  Value lo = m.f(kMinInput), hi = m.f(kMaxInput);
  SmallVector<Value> clamped = each([&](unsigned i) -> Value {
    Value low = b.create<arith::SelectOp>(
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OLT, xs[i], lo), lo,
        xs[i]);
    return b.create<arith::SelectOp>(
        b.create<arith::CmpFOp>(arith::CmpFPredicate::OGT, low, hi), hi, low);
  });

  // k = round(x / ln2) as a float and as an integer, without a rounding
  // instruction (generic x86-64 has none, and fptosi of vectors of i64 is
  // lane by lane before AVX-512).
  Value log2e = m.f(kLog2E), magic = m.f(kRoundMagic);
  SmallVector<Value> shifted =
      each([&](unsigned i) { return m.add(m.mul(clamped[i], log2e), magic); });
  SmallVector<Value> kFloat =
      each([&](unsigned i) { return m.sub(shifted[i], magic); });
  Value magicBits = m.i(llvm::bit_cast<int64_t>(kRoundMagic));
  SmallVector<Value> kInt = each([&](unsigned i) -> Value {
    return b.create<arith::SubIOp>(
        b.create<arith::BitcastOp>(intType, shifted[i]), magicBits);
  });

  // r = x - k ln2 in two steps (the first is exact).
  Value ln2Hi = m.f(kLn2Hi), ln2Lo = m.f(kLn2Lo);
  SmallVector<Value> r = each([&](unsigned i) {
    return m.sub(m.sub(clamped[i], m.mul(kFloat[i], ln2Hi)),
                 m.mul(kFloat[i], ln2Lo));
  });

  // exp(r) = sum r^n / n!, Horner from the highest term.
  double coefficient[kDegree + 1];
  coefficient[0] = 1.0;
  for (int n = 1; n <= kDegree; ++n)
    coefficient[n] = coefficient[n - 1] / n;
  Value top = m.f(coefficient[kDegree]);
  SmallVector<Value> p(xs.size(), top);
  for (int n = kDegree - 1; n >= 0; --n) {
    Value c = m.f(coefficient[n]);
    p = each([&](unsigned i) { return m.add(m.mul(p[i], r[i]), c); });
  }

  // 2^k as 2^k1 * 2^k2 with k1 = floor(k / 2) (both within the normal
  // range for every k above): p * 2^k1 is exact, the second product rounds
  // once, also into the subnormals. k + 1078 >= 0, so a logical shift
  // halves it (arithmetic shifts of i64 vectors need AVX-512).
  Value bias = m.i(1078), half = m.i(539), oneBit = m.i(1);
  return each([&](unsigned i) {
    Value k1 = b.create<arith::SubIOp>(
        b.create<arith::ShRUIOp>(b.create<arith::AddIOp>(kInt[i], bias),
                                 oneBit),
        half);
    Value k2 = b.create<arith::SubIOp>(kInt[i], k1);
    return m.mul(m.mul(p[i], m.pow2(k1)), m.pow2(k2));
  });
}

Value hardwood::emitExpF64(ImplicitLocOpBuilder &b, Value x) {
  return emitExpF64(b, ArrayRef<Value>{x}).front();
}
