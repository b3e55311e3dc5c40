// The definition behind the opaque hw_model handle.
#ifndef HARDWOOD_RUNTIME_MODEL_H
#define HARDWOOD_RUNTIME_MODEL_H

#include "hardwood/hardwood.h"

#include <cstddef>

/// A validated copy of a compiled model's descriptor, plus the dlopen handle
/// that keeps its code mapped (NULL for statically linked models). Immutable
/// after creation, which is what makes concurrent prediction lock-free.
struct hw_model {
  hw_model_descriptor desc;
  void *library;
};

namespace hardwood::runtime {

/// Checks a descriptor against this runtime's ABI and its own consistency;
/// sets the error message and returns its status when it is unusable.
hw_status validateDescriptor(const hw_model_descriptor &desc);

/// Bytes of hw_model_descriptor a library of ABI version `abiVersion`
/// (already validated) provides: the fields up to those later versions
/// appended.
size_t descriptorSize(uint32_t abiVersion);

/// True for the dtypes a kernel may read or write (rows of HW_DTYPE_TABLE).
inline bool isKnownDtype(uint32_t dtype) {
#define HW_DTYPE_IS_(id, value, name, ctype)                                   \
  if (dtype == HW_DTYPE_##id)                                                  \
    return true;
  HW_DTYPE_TABLE(HW_DTYPE_IS_)
#undef HW_DTYPE_IS_
  return false;
}

inline bool isKnownKind(int kind) { return kind >= 0 && kind < HW_KIND_COUNT; }

/// The fewest rows hw_predict of `kind` may cut across threads (by rows or
/// by trees, given enough threads and calls back to back): smaller batches
/// always run on the calling thread (Predict.cpp).
int64_t minParallelRows(const hw_model_descriptor &desc, int kind);

} // namespace hardwood::runtime

#endif // HARDWOOD_RUNTIME_MODEL_H
