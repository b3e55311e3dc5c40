//===- Npy.h - NumPy .npy reader and writer ---------------------*- C++ -*-===//
//
// The one .npy reader of the CLI, the benchmarks and the fuzzer: plain C++
// (no LLVM), so anything that links the runtime can link it too. Reads
// version 1/2/3 files in C order with 1 or 2 dimensions holding any of
// numpy's common dtypes in either byte order, and converts them to what
// hw_predict takes: float32 stays float32, float16 becomes float32, float64
// stays float64, and integers and bools become float64 (exact up to 2^53).
// Writes version 1 files of float32, float64 or int32.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_SUPPORT_NPY_H
#define HARDWOOD_SUPPORT_NPY_H

#include "hardwood/model_abi.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hardwood {

struct NpyArray {
  hw_dtype dtype = HW_DTYPE_F64;
  std::vector<int64_t> shape; ///< 1 or 2 dimensions.
  std::vector<char> data;     ///< C order, host byte order.
  int64_t rows() const { return shape.empty() ? 0 : shape[0]; }
  int64_t columns() const { return shape.size() == 2 ? shape[1] : 1; }
};

/// What the reader accepts, for error messages and --help.
extern const char *const kNpyAcceptedDtypes;

/// Reads `path` into `out`. On failure returns false and sets `error` to a
/// message that starts with the path and says what was expected.
bool readNpy(const std::string &path, NpyArray &out, std::string &error);
/// As readNpy, from the file's bytes; `path` names it in messages.
bool readNpyBuffer(std::string_view bytes, const std::string &path,
                   NpyArray &out, std::string &error);
/// Writes `array` atomically (a temporary file renamed into place), so a
/// failed write leaves nothing at `path`.
bool writeNpy(const std::string &path, const NpyArray &array,
              std::string &error);

} // namespace hardwood

#endif // HARDWOOD_SUPPORT_NPY_H
