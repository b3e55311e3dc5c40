// Row conversion. A plain cast is the IEEE conversion in the default rounding
// mode (nearest even): NaN stays NaN, values beyond float32's range become
// +/-inf and tiny ones round to denormals or zero, as in numpy.
#include "RowConversion.h"

namespace hardwood::runtime {

void convertRows(const double *src, int64_t srcStride, int64_t rows,
                 int64_t cols, float *dst) {
  for (int64_t r = 0; r < rows; ++r, src += srcStride, dst += cols)
    for (int64_t c = 0; c < cols; ++c)
      dst[c] = static_cast<float>(src[c]);
}

void convertRows(const float *src, int64_t srcStride, int64_t rows,
                 int64_t cols, double *dst) {
  for (int64_t r = 0; r < rows; ++r, src += srcStride, dst += cols)
    for (int64_t c = 0; c < cols; ++c)
      dst[c] = static_cast<double>(src[c]);
}

} // namespace hardwood::runtime
