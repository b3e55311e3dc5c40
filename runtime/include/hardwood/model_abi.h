/* Hardwood compiled-model ABI: the contract between generated code and the
 * runtime. A compiled model exports one function returning a pointer to a
 * static hw_model_descriptor; everything else is reached through it. Plain C,
 * no dependency on the compiler. Bump HW_MODEL_ABI_VERSION on any change to
 * this file's structs or kernel signature. */
#ifndef HARDWOOD_MODEL_ABI_H
#define HARDWOOD_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define HW_MODEL_ABI_VERSION 1u

/* Name of the descriptor function every compiled shared library exports in
 * addition to its model-specific one, so hw_model_load() needs no name. */
#define HW_DEFAULT_DESCRIPTOR_SYMBOL "hardwood_model_descriptor"

/* In C++ the enums get a fixed 32-bit underlying type, so that any int a C
 * caller passes is a valid value there: the runtime rejects unknown values
 * instead of reading an out-of-range enum (undefined behaviour in C++). Size
 * and calling convention are those of the C enum. */
#ifdef __cplusplus
#define HW_ENUM_BASE : int32_t
#else
#define HW_ENUM_BASE
#endif

/* Element types of kernel inputs and outputs. */
typedef enum hw_dtype HW_ENUM_BASE {
  HW_DTYPE_F32 = 0,
  HW_DTYPE_F64 = 1,
  HW_DTYPE_I32 = 2,
} hw_dtype;

/* What a kernel computes; mirrors the reference libraries' methods. */
typedef enum hw_kind HW_ENUM_BASE {
  HW_KIND_PREDICT = 0,  /* sklearn predict / XGBoost Booster.predict */
  HW_KIND_PROBA = 1,    /* predict_proba */
  HW_KIND_DECISION = 2, /* decision_function / output_margin / raw_score */
  HW_KIND_SCORE = 3,    /* IsolationForest score_samples */
  HW_KIND_LEAF = 4,     /* apply / pred_leaf: one int32 per tree */
  HW_KIND_COUNT = 5,
} hw_kind;

/* A kernel processes rows [0, rows) of `x` single-threaded. Row r starts at
 * x + r * row_stride elements of input_dtype (row_stride >= num_features);
 * output row r starts at out + r * output_width[kind] elements. The runtime
 * parallelises by calling kernels on disjoint row ranges from several threads
 * at once, so a kernel must be reentrant (no writable global state). rows may
 * be 0. */
typedef void (*hw_kernel_fn)(const void *x, int64_t rows, int64_t row_stride,
                             void *out);

/* The runtime only cuts a caller's batch at multiples of this many rows: every
 * kernel call covers caller rows [begin, end) with begin a multiple of it and
 * end a multiple of it or the end of the batch. A kernel whose row tiles
 * divide it (8, 16, 32 or 64 rows) thus sees the same tiles for any thread
 * count, and results stay bit-identical even if partial tiles take another
 * code path. Not part of any struct: no version bump. */
#define HW_KERNEL_ROW_ALIGNMENT 64

typedef struct hw_model_descriptor {
  uint32_t abi_version;       /* HW_MODEL_ABI_VERSION of the generator */
  uint32_t input_dtype;       /* hw_dtype of x */
  uint32_t num_features;      /* columns the kernels read */
  uint32_t num_classes;       /* 0 for regressors and anomaly detectors */
  uint32_t num_trees;         /* 0 for linear models */
  uint32_t supported_kinds;   /* bit (1u << kind) set exactly when
                                 kernels[kind] != 0 (checked at load) */
  const char *name;           /* model name given at compile time */
  const char *target;         /* target description it was compiled for */
  const double *class_labels; /* num_classes numeric labels, or NULL */
  hw_kernel_fn kernels[HW_KIND_COUNT];
  uint32_t output_dtype[HW_KIND_COUNT]; /* hw_dtype of each kernel's out */
  uint32_t output_width[HW_KIND_COUNT]; /* elements per output row; 1 means
                                           a 1-D result */
} hw_model_descriptor;

typedef const hw_model_descriptor *(*hw_descriptor_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* HARDWOOD_MODEL_ABI_H */
