// Row conversion. A plain cast is the IEEE conversion in the default rounding
// mode (nearest even): NaN stays NaN, values beyond float32's range become
// +/-inf and tiny ones round to denormals or zero, as in numpy.
#include "RowConversion.h"

// The runtime is built for the baseline ISA; on x86-64 the conversions are
// also compiled for AVX2 and AVX-512, and the first call picks the host's
// (a plain function pointer, not an ifunc: ifunc resolvers run before
// sanitizer runtimes are initialised). A baseline build converts 2 values
// per instruction, and the conversion then costs more than a linear
// model's kernel. Every variant does the same IEEE conversion of each
// value, so the bits do not change.
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define HARDWOOD_CONVERT_DISPATCH 1
#endif

namespace hardwood::runtime {

namespace {
template <typename From, typename To>
inline __attribute__((always_inline)) void
convert(const From *src, int64_t srcStride, int64_t rows, int64_t cols,
        To *dst) {
  if (srcStride == cols) {
    // Dense rows: one loop over all values, no per-row remainder.
    int64_t n = rows * cols;
    for (int64_t i = 0; i < n; ++i)
      dst[i] = static_cast<To>(src[i]);
    return;
  }
  for (int64_t r = 0; r < rows; ++r, src += srcStride, dst += cols)
    for (int64_t c = 0; c < cols; ++c)
      dst[c] = static_cast<To>(src[c]);
}

template <typename From, typename To>
using ConvertFn = void (*)(const From *, int64_t, int64_t, int64_t, To *);

template <typename From, typename To>
void convertBaseline(const From *src, int64_t srcStride, int64_t rows,
                     int64_t cols, To *dst) {
  convert(src, srcStride, rows, cols, dst);
}

#ifdef HARDWOOD_CONVERT_DISPATCH
template <typename From, typename To>
__attribute__((target("avx2"))) void
convertAvx2(const From *src, int64_t srcStride, int64_t rows, int64_t cols,
            To *dst) {
  convert(src, srcStride, rows, cols, dst);
}

template <typename From, typename To>
__attribute__((target("avx512f"))) void
convertAvx512(const From *src, int64_t srcStride, int64_t rows, int64_t cols,
              To *dst) {
  convert(src, srcStride, rows, cols, dst);
}
#endif

/// The widest variant the host runs, chosen once.
template <typename From, typename To> ConvertFn<From, To> bestConvert() {
#ifdef HARDWOOD_CONVERT_DISPATCH
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f"))
    return convertAvx512<From, To>;
  if (__builtin_cpu_supports("avx2"))
    return convertAvx2<From, To>;
#endif
  return convertBaseline<From, To>;
}
} // namespace

void convertRows(const double *src, int64_t srcStride, int64_t rows,
                 int64_t cols, float *dst) {
  static const ConvertFn<double, float> fn = bestConvert<double, float>();
  fn(src, srcStride, rows, cols, dst);
}

void convertRows(const float *src, int64_t srcStride, int64_t rows,
                 int64_t cols, double *dst) {
  static const ConvertFn<float, double> fn = bestConvert<float, double>();
  fn(src, srcStride, rows, cols, dst);
}

} // namespace hardwood::runtime
