// Model metadata queries and runtime-wide constants (versions, names, sizes).
#include "CpuFeatures.h"
#include "Error.h"
#include "Model.h"

#include <cstring>

#define HW_STRINGIFY_(x) #x
#define HW_STRINGIFY(x) HW_STRINGIFY_(x)

using namespace hardwood::runtime;

namespace {

// The kind table must number its rows 0 .. HW_KIND_COUNT - 1, since kinds
// index the descriptor's arrays.
#define HW_KIND_ROW_(id, value, name) +1
static_assert(0 HW_KIND_TABLE(HW_KIND_ROW_) == HW_KIND_COUNT,
              "HW_KIND_COUNT must equal the rows of HW_KIND_TABLE");
#undef HW_KIND_ROW_
#define HW_KIND_VALUE_(id, value, name)                                        \
  static_assert(HW_KIND_##id >= 0 && HW_KIND_##id < HW_KIND_COUNT,             \
                "kind values must be below HW_KIND_COUNT");
HW_KIND_TABLE(HW_KIND_VALUE_)
#undef HW_KIND_VALUE_

/// "predict, proba, ..., leaf, " for messages (print without the last 2).
#define HW_KIND_LISTED_(id, value, name) name ", "
constexpr char kKindList[] = HW_KIND_TABLE(HW_KIND_LISTED_);
#undef HW_KIND_LISTED_

/// Shared argument checks of the queries: non-NULL model and out pointer.
hw_status checkQuery(const char *function, const hw_model *model,
                     const void *out) {
  if (!model)
    return setError(HW_ERR_INVALID_ARGUMENT, "%s: model is NULL", function);
  if (!out)
    return setError(HW_ERR_INVALID_ARGUMENT, "%s: out is NULL", function);
  return HW_OK;
}

/// Extra checks of the per-kind queries: a known kind the model supports.
hw_status checkKindQuery(const char *function, const hw_model *model,
                         hw_kind kind, const void *out) {
  if (hw_status status = checkQuery(function, model, out); status != HW_OK)
    return status;
  if (!isKnownKind(kind))
    return setError(HW_ERR_INVALID_ARGUMENT, "%s: unknown kind %d", function,
                    static_cast<int>(kind));
  if (!(model->desc.supported_kinds & (1u << kind)))
    return setError(HW_ERR_UNSUPPORTED_KIND,
                    "%s: model '%s' does not support kind '%s'", function,
                    model->desc.name, hw_kind_name(kind));
  return HW_OK;
}

} // namespace

extern "C" {

const char *hw_runtime_version(void) {
  return HW_STRINGIFY(HW_RUNTIME_VERSION_MAJOR) "." HW_STRINGIFY(
      HW_RUNTIME_VERSION_MINOR) "." HW_STRINGIFY(HW_RUNTIME_VERSION_PATCH);
}

uint32_t hw_runtime_abi_version(void) { return HW_MODEL_ABI_VERSION; }

const char *hw_kind_name(hw_kind kind) {
  return hw_kind_table_name(static_cast<uint32_t>(kind));
}

hw_status hw_kind_from_name(const char *name, hw_kind *out) {
  if (!name || !out)
    return setError(HW_ERR_INVALID_ARGUMENT, "hw_kind_from_name: %s is NULL",
                    !name ? "name" : "out");
#define HW_KIND_MATCH_(id, value, text)                                        \
  if (std::strcmp(name, text) == 0) {                                          \
    *out = HW_KIND_##id;                                                       \
    return HW_OK;                                                              \
  }
  HW_KIND_TABLE(HW_KIND_MATCH_)
#undef HW_KIND_MATCH_
  return setError(HW_ERR_INVALID_ARGUMENT,
                  "unknown kind '%s'; expected one of: %.*s", name,
                  static_cast<int>(sizeof(kKindList) - 3), kKindList);
}

const char *hw_dtype_name(hw_dtype dtype) {
  switch (dtype) {
#define HW_DTYPE_NAME_(id, value, name, ctype)                                 \
  case HW_DTYPE_##id:                                                          \
    return name;
    HW_DTYPE_TABLE(HW_DTYPE_NAME_)
#undef HW_DTYPE_NAME_
  }
  return nullptr;
}

size_t hw_dtype_size(hw_dtype dtype) {
  switch (dtype) {
#define HW_DTYPE_SIZE_(id, value, name, ctype)                                 \
  case HW_DTYPE_##id:                                                          \
    return sizeof(ctype);
    HW_DTYPE_TABLE(HW_DTYPE_SIZE_)
#undef HW_DTYPE_SIZE_
  }
  return 0;
}

hw_status hw_model_num_features(const hw_model *model, int64_t *out) {
  if (hw_status s = checkQuery("hw_model_num_features", model, out); s != HW_OK)
    return s;
  *out = model->desc.num_features;
  return HW_OK;
}

hw_status hw_model_num_classes(const hw_model *model, int64_t *out) {
  if (hw_status s = checkQuery("hw_model_num_classes", model, out); s != HW_OK)
    return s;
  *out = model->desc.num_classes;
  return HW_OK;
}

hw_status hw_model_class_labels(const hw_model *model, const double **out) {
  if (hw_status s = checkQuery("hw_model_class_labels", model, out); s != HW_OK)
    return s;
  *out = model->desc.num_classes ? model->desc.class_labels : nullptr;
  return HW_OK;
}

hw_status hw_model_num_trees(const hw_model *model, int64_t *out) {
  if (hw_status s = checkQuery("hw_model_num_trees", model, out); s != HW_OK)
    return s;
  *out = model->desc.num_trees;
  return HW_OK;
}

hw_status hw_model_min_parallel_rows(const hw_model *model, hw_kind kind,
                                     int64_t *out) {
  if (hw_status s =
          checkKindQuery("hw_model_min_parallel_rows", model, kind, out);
      s != HW_OK)
    return s;
  *out = minParallelRows(model->desc, kind);
  return HW_OK;
}

hw_status hw_model_input_dtype(const hw_model *model, hw_dtype *out) {
  if (hw_status s = checkQuery("hw_model_input_dtype", model, out); s != HW_OK)
    return s;
  *out = static_cast<hw_dtype>(model->desc.input_dtype);
  return HW_OK;
}

hw_status hw_model_supported_kinds(const hw_model *model, uint32_t *out) {
  if (hw_status s = checkQuery("hw_model_supported_kinds", model, out);
      s != HW_OK)
    return s;
  *out = model->desc.supported_kinds;
  return HW_OK;
}

hw_status hw_model_output_width(const hw_model *model, hw_kind kind,
                                int64_t *out) {
  if (hw_status s = checkKindQuery("hw_model_output_width", model, kind, out);
      s != HW_OK)
    return s;
  *out = model->desc.output_width[kind];
  return HW_OK;
}

hw_status hw_model_output_dtype(const hw_model *model, hw_kind kind,
                                hw_dtype *out) {
  if (hw_status s = checkKindQuery("hw_model_output_dtype", model, kind, out);
      s != HW_OK)
    return s;
  *out = static_cast<hw_dtype>(model->desc.output_dtype[kind]);
  return HW_OK;
}

hw_status hw_model_name(const hw_model *model, const char **out) {
  if (hw_status s = checkQuery("hw_model_name", model, out); s != HW_OK)
    return s;
  *out = model->desc.name;
  return HW_OK;
}

hw_status hw_model_target(const hw_model *model, const char **out) {
  if (hw_status s = checkQuery("hw_model_target", model, out); s != HW_OK)
    return s;
  *out = model->desc.target;
  return HW_OK;
}

hw_status hw_model_abi_version(const hw_model *model, uint32_t *out) {
  if (hw_status s = checkQuery("hw_model_abi_version", model, out); s != HW_OK)
    return s;
  *out = model->desc.abi_version;
  return HW_OK;
}

hw_status hw_model_cpu_features(const hw_model *model, uint64_t *out) {
  if (hw_status s = checkQuery("hw_model_cpu_features", model, out); s != HW_OK)
    return s;
  *out = model->desc.cpu_features;
  return HW_OK;
}

hw_status hw_model_content_hash(const hw_model *model, const char **out) {
  if (hw_status s = checkQuery("hw_model_content_hash", model, out); s != HW_OK)
    return s;
  *out = model->desc.content_hash;
  return HW_OK;
}

const char *hw_cpu_feature_name(uint32_t bit) { return cpuFeatureName(bit); }

hw_status hw_host_cpu_features(uint64_t *out) {
  if (!out)
    return setError(HW_ERR_INVALID_ARGUMENT,
                    "hw_host_cpu_features: out is NULL");
  return guardExceptions([&] { return hostCpuFeatures(out); });
}

} // extern "C"
