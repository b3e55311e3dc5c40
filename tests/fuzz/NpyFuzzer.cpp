//===- NpyFuzzer.cpp - Fuzz the .npy reader -------------------------------===//
//
// `hardwood predict --input` reads untrusted .npy files; the reader must
// refuse any header it cannot honour without reading out of bounds or
// allocating for a size the file does not hold.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Support/Npy.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char *>(data), size);
  hardwood::NpyArray converted;
  hardwood::NpyArray *array = &converted;
  std::string error;
  if (!hardwood::readNpyBuffer(bytes, "fuzz-input.npy", converted, error))
    return 0;
  // What the reader accepted must be self-consistent: the data holds every
  // element the shape claims.
  size_t element = array->dtype == HW_DTYPE_F64 ? 8 : 4;
  uint64_t count = 1;
  for (int64_t dim : array->shape)
    count *= static_cast<uint64_t>(dim);
  if (array->data.size() != count * element)
    abort();
  return 0;
}
