// Per-thread error messages and status names.
#include "Error.h"

#include <cstdarg>
#include <cstdio>

namespace hardwood::runtime {
namespace {
// Long enough for a path plus dlerror()'s text; longer messages are cut.
// A fixed array keeps setError() free of allocation and of TLS destructors.
constexpr size_t kMaxMessageBytes = 2048;
thread_local char lastError[kMaxMessageBytes] = "";
} // namespace

hw_status setError(hw_status status, const char *format, ...) {
  va_list args;
  va_start(args, format);
  std::vsnprintf(lastError, sizeof(lastError), format, args);
  va_end(args);
  return status;
}

} // namespace hardwood::runtime

extern "C" {

const char *hw_last_error(void) { return hardwood::runtime::lastError; }

const char *hw_status_string(hw_status status) {
  switch (status) {
  case HW_OK:
    return "HW_OK";
  case HW_ERR_INVALID_ARGUMENT:
    return "HW_ERR_INVALID_ARGUMENT";
  case HW_ERR_IO:
    return "HW_ERR_IO";
  case HW_ERR_ABI_MISMATCH:
    return "HW_ERR_ABI_MISMATCH";
  case HW_ERR_UNSUPPORTED_KIND:
    return "HW_ERR_UNSUPPORTED_KIND";
  case HW_ERR_SHAPE:
    return "HW_ERR_SHAPE";
  case HW_ERR_OUT_OF_MEMORY:
    return "HW_ERR_OUT_OF_MEMORY";
  case HW_ERR_INVALID_MODEL:
    return "HW_ERR_INVALID_MODEL";
  case HW_ERR_INTERNAL:
    return "HW_ERR_INTERNAL";
  case HW_ERR_UNSUPPORTED_CPU:
    return "HW_ERR_UNSUPPORTED_CPU";
  }
  return "unknown status";
}

} // extern "C"
