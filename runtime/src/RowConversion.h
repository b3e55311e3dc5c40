// Converting rows between the caller's float dtype and the kernel's.
#ifndef HARDWOOD_RUNTIME_ROWCONVERSION_H
#define HARDWOOD_RUNTIME_ROWCONVERSION_H

#include <cstdint>

namespace hardwood::runtime {

/// Copies `cols` leading columns of `rows` rows (source row stride
/// `srcStride` elements) into the dense `dst` (row stride `cols`), rounding
/// to nearest even like numpy's astype(float32).
void convertRows(const double *src, int64_t srcStride, int64_t rows,
                 int64_t cols, float *dst);

/// The same, widening float32 to float64 (exact).
void convertRows(const float *src, int64_t srcStride, int64_t rows,
                 int64_t cols, double *dst);

} // namespace hardwood::runtime

#endif // HARDWOOD_RUNTIME_ROWCONVERSION_H
