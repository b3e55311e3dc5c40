//===- Npy.h - Minimal float32 .npy reader for the benchmarks ------------===//
//
// The driver writes the benchmark rows and the oneDNN weights with
// numpy.save; this reads exactly that (2-D, little-endian float32, C order)
// so that every contender times the same rows without a NumPy dependency here.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_BENCHMARKS_NPY_H
#define HARDWOOD_BENCHMARKS_NPY_H

#include <cstdint>
#include <string>
#include <vector>

namespace hardwood::bench {

/// A row-major float32 matrix.
struct Matrix {
  int64_t rows = 0;
  int64_t cols = 0;
  std::vector<float> data;

  const float *row(int64_t r) const { return data.data() + r * cols; }
};

/// Reads a 2-D float32 C-order .npy file into `out`. On failure returns false
/// and sets `error` to a message naming the file and the problem.
bool readNpyF32(const std::string &path, Matrix &out, std::string &error);

} // namespace hardwood::bench

#endif // HARDWOOD_BENCHMARKS_NPY_H
