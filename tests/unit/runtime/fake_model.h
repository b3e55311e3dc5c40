/* A hand-written stand-in for a compiled model, built both as a module for
 * hw_model_load() and as a static library for hw_model_from_descriptor(). */
#ifndef HARDWOOD_TESTS_FAKE_MODEL_H
#define HARDWOOD_TESTS_FAKE_MODEL_H

#include "hardwood/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Tree ensemble shape: a binary classifier over float32 rows. */
#define FAKE_FOREST_FEATURES 4
#define FAKE_FOREST_TREES 3
#define FAKE_FOREST_CLASSES 2
/* The decision kernel walks rows in tiles of this many, like a vectorised
 * kernel, and sums a partial tile's trees in the opposite order, so results
 * depend on where a kernel call starts (see HW_KERNEL_ROW_ALIGNMENT). */
#define FAKE_FOREST_TILE 8

#define FAKE_ECHO_FEATURES 3

/* The forest's content_hash. */
#define FAKE_FOREST_CONTENT_HASH                                               \
  "sha256:0000000000000000000000000000000000000000000000000000000000000000"

/* Binary classifier, float32 in: predict (class label, f32), proba (2 x f32),
 * decision (f32), leaf (3 x i32); no score kernel. Also exported under
 * HW_DEFAULT_DESCRIPTOR_SYMBOL. */
const hw_model_descriptor *fake_forest_descriptor(void);
const hw_model_descriptor *hardwood_model_descriptor(void);
/* decision copies the 3 float32 features of each row (3 x f32 out). */
const hw_model_descriptor *fake_echo_f32_descriptor(void);
/* decision copies the 3 float64 features of each row (3 x f64 out). */
const hw_model_descriptor *fake_echo_f64_descriptor(void);
/* The float64 echo with a kernels_f32 decision kernel that reads float32
 * rows (and counts its calls), as version 3 and as version 2 (whose
 * runtime-visible layout ends before kernels_f32, so it must be ignored). */
const hw_model_descriptor *fake_echo_rows_f32_descriptor(void);
const hw_model_descriptor *fake_echo_rows_f32_v2_descriptor(void);
int64_t fake_echo_rows_f32_calls(void);
/* Tree-parallel evaluation (ABI version 4): a float32 regressor of
 * FAKE_WIDE_TREES stumps with a walk and a sum for its decision kernel. Tree
 * t sends a row to leaf 2t or 2t + 1 by the sign of feature t % features;
 * leaf values of +-1e8 and small ones make the order of additions show in
 * the bits. Its walk counts calls and trees walked; tree_parallel_rows is
 * FAKE_WIDE_PARALLEL_ROWS. As version 3 the runtime must ignore the walk
 * (the layout ends before it). */
#define FAKE_WIDE_TREES 256
#define FAKE_WIDE_FEATURES 5
#define FAKE_WIDE_PARALLEL_ROWS 64
const hw_model_descriptor *fake_wide_descriptor(void);
const hw_model_descriptor *fake_wide_v3_descriptor(void);
/* Calls of the wide forest's decision kernel, walk and sum, and trees its
 * walks covered. */
int64_t fake_wide_kernel_calls(void);
int64_t fake_wide_walk_calls(void);
int64_t fake_wide_trees_walked(void);
int64_t fake_wide_sum_calls(void);

/* The forest with abi_version 999. */
const hw_model_descriptor *fake_bad_abi_descriptor(void);
/* The forest with abi_version 1 (the layout before cpu_features). */
const hw_model_descriptor *fake_abi_v1_descriptor(void);
/* The forest as if compiled for x86-64-v4: needs the AVX-512 features. */
const hw_model_descriptor *fake_avx512_descriptor(void);
/* The forest needing CPU feature bit 63, which no table row names. */
const hw_model_descriptor *fake_unknown_feature_descriptor(void);
/* Returns NULL. */
const hw_model_descriptor *fake_null_descriptor(void);

/* Reference: the forest's margin for one row, summed in tree order. */
float fake_forest_margin_forward(const float *row);

#ifdef __cplusplus
}
#endif

#endif /* HARDWOOD_TESTS_FAKE_MODEL_H */
