//===- Npy.h - Minimal NumPy .npy reader and writer -------------*- C++ -*-===//
//
// Reads version 1/2/3 .npy files holding little-endian float32, float64 or
// int32 in C order with 1 or 2 dimensions; writes version 1 files.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_SUPPORT_NPY_H
#define HARDWOOD_SUPPORT_NPY_H

#include "hardwood/model_abi.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hardwood {

struct NpyArray {
  hw_dtype dtype = HW_DTYPE_F64;
  std::vector<int64_t> shape; ///< 1 or 2 dimensions.
  std::vector<char> data;     ///< C order.
  int64_t rows() const { return shape.empty() ? 0 : shape[0]; }
  int64_t columns() const { return shape.size() == 2 ? shape[1] : 1; }
};

llvm::Expected<NpyArray> readNpy(const std::string &path);
/// As readNpy, from the file's bytes; `path` names it in messages.
llvm::Expected<NpyArray> readNpyBuffer(llvm::StringRef bytes,
                                       const std::string &path);
llvm::Error writeNpy(const std::string &path, const NpyArray &array);

} // namespace hardwood

#endif // HARDWOOD_SUPPORT_NPY_H
