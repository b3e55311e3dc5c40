//===- Npy.h - Benchmark rows from .npy files ----------------------------===//
//
// The driver writes the benchmark rows and the oneDNN weights with
// numpy.save; they are read with the project's one .npy reader
// (hardwood/Support/Npy.h, plain C++) so that every contender times the
// same float32 rows without a NumPy dependency here.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_BENCHMARKS_NPY_H
#define HARDWOOD_BENCHMARKS_NPY_H

#include "hardwood/Support/Npy.h"

#include <cstdint>
#include <cstring>
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

/// Reads a 2-D float32 .npy file into `out`. On failure returns false and
/// sets `error` to a message naming the file and the problem.
inline bool readNpyF32(const std::string &path, Matrix &out,
                       std::string &error) {
  NpyArray array;
  if (!readNpy(path, array, error))
    return false;
  if (array.shape.size() != 2 || array.dtype != HW_DTYPE_F32) {
    error = path + ": expected a 2-D float32 array";
    return false;
  }
  out.rows = array.shape[0];
  out.cols = array.shape[1];
  out.data.resize(array.data.size() / sizeof(float));
  std::memcpy(out.data.data(), array.data.data(), array.data.size());
  return true;
}

} // namespace hardwood::bench

#endif // HARDWOOD_BENCHMARKS_NPY_H
