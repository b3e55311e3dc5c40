// Creating and freeing models: dlopen + descriptor lookup, or a descriptor
// linked into the program, validated either way before use.
#include "CpuFeatures.h"
#include "Error.h"
#include "Model.h"

#include <dlfcn.h>

#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>

namespace hardwood::runtime {
namespace {

constexpr uint32_t kAllKindsMask = (1u << HW_KIND_COUNT) - 1;

hw_status makeModel(const hw_model_descriptor *desc, void *library,
                    hw_model **out) {
  if (!desc)
    return setError(HW_ERR_INVALID_MODEL, "model descriptor is NULL");
  if (hw_status status = validateDescriptor(*desc); status != HW_OK)
    return status;
  if (hw_status status = checkHostHasCpuFeatures(*desc); status != HW_OK)
    return status;
  // Older descriptors end before the fields later versions appended: copy
  // what they have, the rest stays NULL (version 2: no float32-row kernels;
  // 2 and 3: no tree-parallel evaluation).
  hw_model_descriptor copy{};
  std::memcpy(&copy, desc, descriptorSize(desc->abi_version));
  auto *model = new (std::nothrow) hw_model{copy, library};
  if (!model)
    return setError(HW_ERR_OUT_OF_MEMORY, "out of memory allocating a model");
  if (!model->desc.name)
    model->desc.name = "";
  if (!model->desc.target)
    model->desc.target = "";
  if (!model->desc.content_hash)
    model->desc.content_hash = "";
  *out = model;
  return HW_OK;
}

/// Serialises dlopen/dlclose. The dynamic loader has its own lock, but
/// ThreadSanitizer cannot see it and reports its bookkeeping as races; loads
/// are rare, so taking ours as well costs nothing. Recursive because a
/// library constructor run by dlopen may itself load a model. Never
/// destroyed, so models freed by static destructors can still use it.
std::recursive_mutex &loaderMutex() {
  static auto *mutex = new std::recursive_mutex;
  return *mutex;
}

/// dlclose on scope exit unless released.
struct LibraryCloser {
  void operator()(void *handle) const {
    std::lock_guard<std::recursive_mutex> lock(loaderMutex());
    dlclose(handle);
  }
};
using LibraryHandle = std::unique_ptr<void, LibraryCloser>;

} // namespace

size_t descriptorSize(uint32_t abiVersion) {
  if (abiVersion >= 4)
    return sizeof(hw_model_descriptor);
  if (abiVersion == 3)
    return offsetof(hw_model_descriptor, walk_trees);
  return offsetof(hw_model_descriptor, kernels_f32);
}

hw_status validateDescriptor(const hw_model_descriptor &desc) {
  // The version comes first: with another version the other fields may not
  // even be where this runtime expects them.
  if (desc.abi_version == 1)
    // Version 1 descriptors end before cpu_features: nothing says which CPU
    // the code needs, so it may not run here. Refuse rather than guess.
    return setError(HW_ERR_ABI_MISMATCH,
                    "model was compiled for Hardwood model ABI version 1, "
                    "which records no CPU features; this runtime supports "
                    "version %u: recompile the model with this Hardwood",
                    HW_MODEL_ABI_VERSION);
  if (desc.abi_version < HW_MODEL_ABI_MIN_VERSION ||
      desc.abi_version > HW_MODEL_ABI_VERSION)
    return setError(HW_ERR_ABI_MISMATCH,
                    "model was compiled for Hardwood model ABI version %u, "
                    "this runtime supports versions %u to %u",
                    desc.abi_version, HW_MODEL_ABI_MIN_VERSION,
                    HW_MODEL_ABI_VERSION);
  if (desc.input_dtype != HW_DTYPE_F32 && desc.input_dtype != HW_DTYPE_F64)
    return setError(HW_ERR_INVALID_MODEL,
                    "invalid model: input_dtype %u is not float32 or float64",
                    desc.input_dtype);
  if (desc.supported_kinds & ~kAllKindsMask)
    return setError(HW_ERR_INVALID_MODEL,
                    "invalid model: supported_kinds 0x%x has bits beyond the "
                    "%d known kinds",
                    desc.supported_kinds, HW_KIND_COUNT);
  for (int kind = 0; kind < HW_KIND_COUNT; ++kind) {
    bool listed = desc.supported_kinds & (1u << kind);
    bool present = desc.kernels[kind] != nullptr;
    const char *kindName = hw_kind_name(static_cast<hw_kind>(kind));
    if (listed && !present)
      return setError(HW_ERR_INVALID_MODEL,
                      "invalid model: kind '%s' is listed as supported but "
                      "its kernel is NULL",
                      kindName);
    if (!listed && present)
      return setError(HW_ERR_INVALID_MODEL,
                      "invalid model: kind '%s' has a kernel but is not "
                      "listed in supported_kinds",
                      kindName);
    if (desc.abi_version >= 3 && desc.kernels_f32[kind] &&
        (!present || desc.input_dtype != HW_DTYPE_F64))
      return setError(
          HW_ERR_INVALID_MODEL,
          "invalid model: kind '%s' has a float32-row kernel "
          "but %s",
          kindName, present ? "the model's input is not float64" : "no kernel");
    // Tree-parallel evaluation: a sum exactly where there is a kernel, or
    // no walk and no sums at all (the runtime picks the path by kind).
    if (desc.abi_version >= 4 &&
        (desc.walk_trees ? present != (desc.sum_leaves[kind] != nullptr)
                         : desc.sum_leaves[kind] != nullptr))
      return setError(HW_ERR_INVALID_MODEL, "invalid model: kind '%s' has %s",
                      kindName,
                      !desc.walk_trees ? "a leaf-sum function but no tree walk"
                      : present        ? "a tree walk but no leaf-sum function"
                                       : "a leaf-sum function but no kernel");
    if (!listed)
      continue;
    if (!isKnownDtype(desc.output_dtype[kind]))
      return setError(HW_ERR_INVALID_MODEL,
                      "invalid model: output dtype %u of kind '%s' is unknown",
                      desc.output_dtype[kind], kindName);
    if (desc.output_width[kind] == 0)
      return setError(HW_ERR_INVALID_MODEL,
                      "invalid model: output width of kind '%s' is 0",
                      kindName);
  }
  return HW_OK;
}

} // namespace hardwood::runtime

using namespace hardwood::runtime;

extern "C" {

hw_status hw_model_load(const char *path, const char *symbol, hw_model **out) {
  return guardExceptions([&]() -> hw_status {
    if (out)
      *out = nullptr;
    if (!path || !out)
      return setError(HW_ERR_INVALID_ARGUMENT, "hw_model_load: %s is NULL",
                      !path ? "path" : "out");
    if (!symbol)
      symbol = HW_DEFAULT_DESCRIPTOR_SYMBOL;
    // dlopen() searches the library path for a bare name; a model path is a
    // file path, so anchor bare names to the current directory.
    std::string file = std::strchr(path, '/') ? path : std::string("./") + path;
    // RTLD_LOCAL: two models built from different sources export the same
    // default descriptor symbol and must not interpose on each other.
    std::unique_lock<std::recursive_mutex> lock(loaderMutex());
    LibraryHandle library(dlopen(file.c_str(), RTLD_NOW | RTLD_LOCAL));
    if (!library) {
      const char *reason = dlerror();
      return setError(HW_ERR_IO, "cannot load model library '%s': %s", path,
                      reason ? reason : "unknown dlopen error");
    }
    dlerror(); // clear any stale error before dlsym
    void *address = dlsym(library.get(), symbol);
    if (!address)
      return setError(HW_ERR_IO,
                      "model library '%s' does not export descriptor "
                      "symbol '%s'",
                      path, symbol);
    auto descriptorFn = reinterpret_cast<hw_descriptor_fn>(address);
    hw_status status = makeModel(descriptorFn(), library.get(), out);
    if (status != HW_OK)
      return setError(status, "%s (loading '%s', symbol '%s')",
                      std::string(hw_last_error()).c_str(), path, symbol);
    library.release(); // now owned by the model
    return HW_OK;
  });
}

hw_status hw_model_from_descriptor(const hw_model_descriptor *desc,
                                   hw_model **out) {
  return guardExceptions([&]() -> hw_status {
    if (!out)
      return setError(HW_ERR_INVALID_ARGUMENT,
                      "hw_model_from_descriptor: out is NULL");
    *out = nullptr;
    if (!desc)
      return setError(HW_ERR_INVALID_ARGUMENT,
                      "hw_model_from_descriptor: desc is NULL");
    return makeModel(desc, nullptr, out);
  });
}

void hw_model_free(hw_model *model) {
  if (!model)
    return;
  if (model->library) {
    std::lock_guard<std::recursive_mutex> lock(loaderMutex());
    dlclose(model->library);
  }
  delete model;
}

} // extern "C"
