/* A tiny compiled-model stand-in: real tree walks over node tables, written
 * in C, exporting descriptors the way generated code does. */
#include "fake_model.h"

#include <math.h>
#include <stddef.h>

#define EXPORT __attribute__((visibility("default")))

/* Node tables of 3 trees of depth 2; a node is a leaf when left < 0.
 * Leaves mix 1e8 and small values so that summation order changes bits. */
enum { kNodes = 7 };
static const int kFeature[FAKE_FOREST_TREES][kNodes] = {
    {0, 1, 2, -1, -1, -1, -1},
    {3, 0, 1, -1, -1, -1, -1},
    {2, 3, 0, -1, -1, -1, -1}};
static const float kThreshold[FAKE_FOREST_TREES][kNodes] = {
    {0.5f, -0.25f, 1.0f, 0, 0, 0, 0},
    {0.0f, 0.75f, -1.0f, 0, 0, 0, 0},
    {0.25f, 0.5f, -0.5f, 0, 0, 0, 0}};
static const int kLeft[FAKE_FOREST_TREES][kNodes] = {{1, 3, 5, -1, -1, -1, -1},
                                                     {1, 3, 5, -1, -1, -1, -1},
                                                     {1, 3, 5, -1, -1, -1, -1}};
static const float kLeafValue[FAKE_FOREST_TREES][kNodes] = {
    {0, 0, 0, 1e8f, 0.5f, -3.25f, 2.0f},
    {0, 0, 0, -1e8f, 0.25f, 1.0f, -0.75f},
    {0, 0, 0, 1.0f, -0.125f, 1e8f, 0.375f}};
static const double kClassLabels[FAKE_FOREST_CLASSES] = {3.0, 7.0};

/* x <= t goes left (sklearn's rule); NaN goes right. */
static int leaf_of(int tree, const float *row) {
  int node = 0;
  while (kLeft[tree][node] >= 0)
    node = row[kFeature[tree][node]] <= kThreshold[tree][node]
               ? kLeft[tree][node]
               : kLeft[tree][node] + 1;
  return node;
}

float fake_forest_margin_forward(const float *row) {
  float sum = 0.0f;
  for (int t = 0; t < FAKE_FOREST_TREES; ++t)
    sum += kLeafValue[t][leaf_of(t, row)];
  return sum;
}

static float margin_reverse(const float *row) {
  float sum = 0.0f;
  for (int t = FAKE_FOREST_TREES - 1; t >= 0; --t)
    sum += kLeafValue[t][leaf_of(t, row)];
  return sum;
}

/* Full tiles of FAKE_FOREST_TILE rows sum forward, the partial tail tile in
 * reverse, like a vector body and a scalar epilogue that differ. */
static float margin_at(const float *x, int64_t r, int64_t rows,
                       int64_t stride) {
  const float *row = x + r * stride;
  int64_t full = rows - rows % FAKE_FOREST_TILE;
  return r < full ? fake_forest_margin_forward(row) : margin_reverse(row);
}

static float sigmoid(float m) { return 1.0f / (1.0f + expf(-m)); }

static void forest_decision(const void *xv, int64_t rows, int64_t stride,
                            void *outv) {
  const float *x = (const float *)xv;
  float *out = (float *)outv;
  for (int64_t r = 0; r < rows; ++r)
    out[r] = margin_at(x, r, rows, stride);
}

static void forest_proba(const void *xv, int64_t rows, int64_t stride,
                         void *outv) {
  const float *x = (const float *)xv;
  float *out = (float *)outv;
  for (int64_t r = 0; r < rows; ++r) {
    float p = sigmoid(margin_at(x, r, rows, stride));
    out[2 * r] = 1.0f - p;
    out[2 * r + 1] = p;
  }
}

static void forest_predict(const void *xv, int64_t rows, int64_t stride,
                           void *outv) {
  const float *x = (const float *)xv;
  float *out = (float *)outv;
  for (int64_t r = 0; r < rows; ++r)
    out[r] = (float)kClassLabels[margin_at(x, r, rows, stride) > 0.0f];
}

static void forest_leaf(const void *xv, int64_t rows, int64_t stride,
                        void *outv) {
  const float *x = (const float *)xv;
  int32_t *out = (int32_t *)outv;
  for (int64_t r = 0; r < rows; ++r)
    for (int t = 0; t < FAKE_FOREST_TREES; ++t)
      out[r * FAKE_FOREST_TREES + t] = leaf_of(t, x + r * stride);
}

#define FOREST_KINDS                                                           \
  ((1u << HW_KIND_PREDICT) | (1u << HW_KIND_PROBA) |                           \
   (1u << HW_KIND_DECISION) | (1u << HW_KIND_LEAF))

#define FOREST_DESCRIPTOR(abi, target, features)                               \
  {                                                                            \
      (abi),                                                                   \
      HW_DTYPE_F32,                                                            \
      FAKE_FOREST_FEATURES,                                                    \
      FAKE_FOREST_CLASSES,                                                     \
      FAKE_FOREST_TREES,                                                       \
      FOREST_KINDS,                                                            \
      "fake_forest",                                                           \
      (target),                                                                \
      kClassLabels,                                                            \
      {forest_predict, forest_proba, forest_decision, NULL, forest_leaf},      \
      {HW_DTYPE_F32, HW_DTYPE_F32, HW_DTYPE_F32, 0, HW_DTYPE_I32},             \
      {1, FAKE_FOREST_CLASSES, 1, 0, FAKE_FOREST_TREES},                       \
      (features),                                                              \
      FAKE_FOREST_CONTENT_HASH,                                                \
  }

/* What x86-64-v4 code needs beyond x86-64-v3 (the v3 bits are left out so
 * that an AVX2-only override can tell the two apart). */
#define AVX512_FEATURES                                                        \
  ((UINT64_C(1) << HW_CPU_AVX512F) | (UINT64_C(1) << HW_CPU_AVX512BW) |        \
   (UINT64_C(1) << HW_CPU_AVX512CD) | (UINT64_C(1) << HW_CPU_AVX512DQ) |       \
   (UINT64_C(1) << HW_CPU_AVX512VL))

static const hw_model_descriptor kForest =
    FOREST_DESCRIPTOR(HW_MODEL_ABI_VERSION, "generic", 0);
static const hw_model_descriptor kBadAbi =
    FOREST_DESCRIPTOR(999u, "generic", 0);
static const hw_model_descriptor kAbiV1 = FOREST_DESCRIPTOR(1u, "generic", 0);
static const hw_model_descriptor kAvx512 =
    FOREST_DESCRIPTOR(HW_MODEL_ABI_VERSION, "x86-64-v4", AVX512_FEATURES);
static const hw_model_descriptor kUnknownFeature =
    FOREST_DESCRIPTOR(HW_MODEL_ABI_VERSION, "future", UINT64_C(1) << 63);

static void echo_f32(const void *xv, int64_t rows, int64_t stride, void *outv) {
  const float *x = (const float *)xv;
  float *out = (float *)outv;
  for (int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < FAKE_ECHO_FEATURES; ++c)
      out[r * FAKE_ECHO_FEATURES + c] = x[r * stride + c];
}

static void echo_f64(const void *xv, int64_t rows, int64_t stride, void *outv) {
  const double *x = (const double *)xv;
  double *out = (double *)outv;
  for (int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < FAKE_ECHO_FEATURES; ++c)
      out[r * FAKE_ECHO_FEATURES + c] = x[r * stride + c];
}

#define ECHO_DESCRIPTOR(dtype, kernel, name)                                   \
  {                                                                            \
      HW_MODEL_ABI_VERSION,                                                    \
      (dtype),                                                                 \
      FAKE_ECHO_FEATURES,                                                      \
      0,                                                                       \
      0,                                                                       \
      1u << HW_KIND_DECISION,                                                  \
      (name),                                                                  \
      "generic",                                                               \
      NULL,                                                                    \
      {NULL, NULL, (kernel), NULL, NULL},                                      \
      {0, 0, (dtype), 0, 0},                                                   \
      {0, 0, FAKE_ECHO_FEATURES, 0, 0},                                        \
      0,                                                                       \
      NULL,                                                                    \
  }

/* kernels_f32 of the float64 echo: reads float32 rows, counts its calls. */
static int64_t echoRowsF32Calls;
static void echo_rows_f32(const void *xv, int64_t rows, int64_t stride,
                          void *outv) {
  const float *x = (const float *)xv;
  double *out = (double *)outv;
  __atomic_fetch_add(&echoRowsF32Calls, 1, __ATOMIC_RELAXED);
  for (int64_t r = 0; r < rows; ++r)
    for (int c = 0; c < FAKE_ECHO_FEATURES; ++c)
      out[r * FAKE_ECHO_FEATURES + c] = x[r * stride + c];
}

#define ECHO_ROWS_F32_DESCRIPTOR(version)                                      \
  {                                                                            \
      (version),                                                               \
      HW_DTYPE_F64,                                                            \
      FAKE_ECHO_FEATURES,                                                      \
      0,                                                                       \
      0,                                                                       \
      1u << HW_KIND_DECISION,                                                  \
      "echo_f64_rows_f32",                                                     \
      "generic",                                                               \
      NULL,                                                                    \
      {NULL, NULL, echo_f64, NULL, NULL},                                      \
      {0, 0, HW_DTYPE_F64, 0, 0},                                              \
      {0, 0, FAKE_ECHO_FEATURES, 0, 0},                                        \
      0,                                                                       \
      NULL,                                                                    \
      {NULL, NULL, echo_rows_f32, NULL, NULL},                                 \
  }

static const hw_model_descriptor kEchoRowsF32 =
    ECHO_ROWS_F32_DESCRIPTOR(HW_MODEL_ABI_VERSION);
/* Version 2 has no kernels_f32: the runtime must not read the field. */
static const hw_model_descriptor kEchoRowsF32V2 = ECHO_ROWS_F32_DESCRIPTOR(2);

EXPORT const hw_model_descriptor *fake_echo_rows_f32_descriptor(void) {
  return &kEchoRowsF32;
}
EXPORT const hw_model_descriptor *fake_echo_rows_f32_v2_descriptor(void) {
  return &kEchoRowsF32V2;
}
EXPORT int64_t fake_echo_rows_f32_calls(void) {
  return __atomic_load_n(&echoRowsF32Calls, __ATOMIC_RELAXED);
}

static const hw_model_descriptor kEchoF32 =
    ECHO_DESCRIPTOR(HW_DTYPE_F32, echo_f32, "echo_f32");
static const hw_model_descriptor kEchoF64 =
    ECHO_DESCRIPTOR(HW_DTYPE_F64, echo_f64, "echo_f64");

/* The wide forest (tree-parallel evaluation). */
static int wide_leaf(int tree, const float *row) {
  return 2 * tree + (row[tree % FAKE_WIDE_FEATURES] > 0.0f);
}
static float wide_value(int leaf) {
  static const float kValues[4] = {1e8f, 0.375f, -1e8f, 1.25f};
  return kValues[leaf % 4] * (float)(1 + leaf % 7);
}
static int64_t wideKernelCalls;
static void wide_decision(const void *xv, int64_t rows, int64_t stride,
                          void *outv) {
  const float *x = (const float *)xv;
  float *out = (float *)outv;
  __atomic_fetch_add(&wideKernelCalls, 1, __ATOMIC_RELAXED);
  for (int64_t r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (int t = 0; t < FAKE_WIDE_TREES; ++t)
      sum += wide_value(wide_leaf(t, x + r * stride));
    out[r] = sum;
  }
}
static int64_t wideWalkCalls, wideTreesWalked, wideSumCalls;
static void wide_walk(const void *xv, int64_t rows, int64_t stride,
                      int64_t begin, int64_t end, int32_t *leaves) {
  const float *x = (const float *)xv;
  __atomic_fetch_add(&wideWalkCalls, 1, __ATOMIC_RELAXED);
  __atomic_fetch_add(&wideTreesWalked, end - begin, __ATOMIC_RELAXED);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t t = begin; t < end; ++t)
      leaves[r * FAKE_WIDE_TREES + t] = wide_leaf((int)t, x + r * stride);
}
static void wide_sum(const void *xv, int64_t rows, int64_t stride,
                     const int32_t *leaves, void *outv) {
  (void)xv;
  (void)stride;
  float *out = (float *)outv;
  __atomic_fetch_add(&wideSumCalls, 1, __ATOMIC_RELAXED);
  for (int64_t r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (int t = 0; t < FAKE_WIDE_TREES; ++t)
      sum += wide_value(leaves[r * FAKE_WIDE_TREES + t]);
    out[r] = sum;
  }
}

#define WIDE_DESCRIPTOR(version)                                               \
  {                                                                            \
      (version),                                                               \
      HW_DTYPE_F32,                                                            \
      FAKE_WIDE_FEATURES,                                                      \
      0,                                                                       \
      FAKE_WIDE_TREES,                                                         \
      1u << HW_KIND_DECISION,                                                  \
      "fake_wide",                                                             \
      "generic",                                                               \
      NULL,                                                                    \
      {NULL, NULL, wide_decision, NULL, NULL},                                 \
      {0, 0, HW_DTYPE_F32, 0, 0},                                              \
      {0, 0, 1, 0, 0},                                                         \
      0,                                                                       \
      NULL,                                                                    \
      {NULL, NULL, NULL, NULL, NULL},                                          \
      wide_walk,                                                               \
      {NULL, NULL, wide_sum, NULL, NULL},                                      \
      FAKE_WIDE_PARALLEL_ROWS,                                                 \
  }

static const hw_model_descriptor kWide = WIDE_DESCRIPTOR(HW_MODEL_ABI_VERSION);
static const hw_model_descriptor kWideV3 = WIDE_DESCRIPTOR(3u);

EXPORT const hw_model_descriptor *fake_wide_descriptor(void) { return &kWide; }
EXPORT const hw_model_descriptor *fake_wide_v3_descriptor(void) {
  return &kWideV3;
}
EXPORT int64_t fake_wide_kernel_calls(void) {
  return __atomic_load_n(&wideKernelCalls, __ATOMIC_RELAXED);
}
EXPORT int64_t fake_wide_walk_calls(void) {
  return __atomic_load_n(&wideWalkCalls, __ATOMIC_RELAXED);
}
EXPORT int64_t fake_wide_trees_walked(void) {
  return __atomic_load_n(&wideTreesWalked, __ATOMIC_RELAXED);
}
EXPORT int64_t fake_wide_sum_calls(void) {
  return __atomic_load_n(&wideSumCalls, __ATOMIC_RELAXED);
}

EXPORT const hw_model_descriptor *fake_forest_descriptor(void) {
  return &kForest;
}
EXPORT const hw_model_descriptor *hardwood_model_descriptor(void) {
  return &kForest;
}
EXPORT const hw_model_descriptor *fake_echo_f32_descriptor(void) {
  return &kEchoF32;
}
EXPORT const hw_model_descriptor *fake_echo_f64_descriptor(void) {
  return &kEchoF64;
}
EXPORT const hw_model_descriptor *fake_bad_abi_descriptor(void) {
  return &kBadAbi;
}
EXPORT const hw_model_descriptor *fake_abi_v1_descriptor(void) {
  return &kAbiV1;
}
EXPORT const hw_model_descriptor *fake_avx512_descriptor(void) {
  return &kAvx512;
}
EXPORT const hw_model_descriptor *fake_unknown_feature_descriptor(void) {
  return &kUnknownFeature;
}
EXPORT const hw_model_descriptor *fake_null_descriptor(void) { return NULL; }
