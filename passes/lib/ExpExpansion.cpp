//===- ExpExpansion.cpp - exp in arith ops, the same bits everywhere ------===//

#include "ExpExpansion.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>
#include <iterator>

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
/// exp(r) for |r| <= ln2 / 2 as a polynomial of degree 11: the Chebyshev
/// interpolant of exp on [-ln2/2, ln2/2] (mpmath.chebyfit at 50 digits),
/// coefficients rounded to float64; its error, 3.2e-18, is far below half
/// an ulp, as the degree-13 Taylor polynomial's (4.3e-18) was, with two
/// fewer multiply-add steps (26 exps per row in the suite's 26-class
/// softmax: 55.2 -> 50.9 ns/row on AMD EPYC znver4). The constant term
/// is exactly 1, so exp(0) = 1.
constexpr double kCoefficients[] = {
    0x1.0000000000000p+0,  0x1.0000000000000p+0,  0x1.0000000000011p-1,
    0x1.555555555555ap-3,  0x1.555555554f0cfp-5,  0x1.111111110f225p-7,
    0x1.6c16c187fbe02p-10, 0x1.a01a01b14378fp-13, 0x1.a01991ac8730ap-16,
    0x1.71ddf5749d126p-19, 0x1.28b4057f44145p-22, 0x1.af631d0059becp-26};
constexpr int kDegree = std::size(kCoefficients) - 1;

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

  // exp(r) by the polynomial, Horner from the highest term.
  Value top = m.f(kCoefficients[kDegree]);
  SmallVector<Value> p(xs.size(), top);
  for (int n = kDegree - 1; n >= 0; --n) {
    Value c = m.f(kCoefficients[n]);
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
