// Error reporting shared by the C entry points: a per-thread message for
// hw_last_error() and a guard that keeps C++ exceptions inside the runtime.
#ifndef HARDWOOD_RUNTIME_ERROR_H
#define HARDWOOD_RUNTIME_ERROR_H

#include "hardwood/hardwood.h"

#include <exception>
#include <new>

namespace hardwood::runtime {

/// Records a printf-style message for hw_last_error() on this thread and
/// returns `status`, so callers can write `return setError(...)`. Never
/// allocates or throws.
hw_status setError(hw_status status, const char *format, ...)
    __attribute__((format(printf, 2, 3)));

/// Runs `body` (returning hw_status) and turns any exception into a status,
/// so that none crosses the C ABI.
template <typename Body> hw_status guardExceptions(Body &&body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc &) {
    return setError(HW_ERR_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return setError(HW_ERR_INTERNAL, "internal error: %s", e.what());
  } catch (...) {
    return setError(HW_ERR_INTERNAL, "internal error: unknown exception");
  }
}

} // namespace hardwood::runtime

#endif // HARDWOOD_RUNTIME_ERROR_H
