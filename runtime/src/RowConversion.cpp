// Row conversion. A plain cast is the IEEE conversion in the default rounding
// mode (nearest even): NaN stays NaN, values beyond float32's range become
// +/-inf and tiny ones round to denormals or zero, as in numpy.
#include "RowConversion.h"

// The runtime is built for the baseline ISA; on x86-64 the conversions are
// also compiled for AVX2 and AVX-512 and the loader picks the host's
// (ifunc): a baseline build converts 2 values per instruction and the
// conversion costs more than a linear model's kernel. Every variant does
// the same IEEE conversion of each value, so the bits do not change.
#if defined(__x86_64__) && defined(__linux__) &&                               \
    (defined(__clang__) || defined(__GNUC__))
#define HARDWOOD_CONVERT_CLONES                                                \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define HARDWOOD_CONVERT_CLONES
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
} // namespace

HARDWOOD_CONVERT_CLONES
void convertRows(const double *src, int64_t srcStride, int64_t rows,
                 int64_t cols, float *dst) {
  convert(src, srcStride, rows, cols, dst);
}

HARDWOOD_CONVERT_CLONES
void convertRows(const float *src, int64_t srcStride, int64_t rows,
                 int64_t cols, double *dst) {
  convert(src, srcStride, rows, cols, dst);
}

} // namespace hardwood::runtime
