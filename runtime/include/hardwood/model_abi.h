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

/* Version 2 appended cpu_features and content_hash to the descriptor; the
 * runtime refuses version 1 libraries (they record no CPU features, so
 * loading one could end in SIGILL): recompile them. Version 3 appended
 * kernels_f32; the runtime still loads version 2 libraries (it reads no
 * field past content_hash of theirs). Version 4 appended walk_trees and
 * sum_leaves; the runtime reads neither from older libraries. */
#define HW_MODEL_ABI_VERSION 4u
/* Oldest descriptor version the runtime loads. */
#define HW_MODEL_ABI_MIN_VERSION 2u

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

/* ---- The one table of kinds, dtypes and CPU features ----------------------
 * Every layer takes names and values from these tables: the runtime's
 * hw_kind_name / hw_kind_from_name / hw_dtype_name, the compiler's kernel
 * names and generated headers, the CLI's --kind, the Python bindings. Each is
 * an X-macro: define X(...) and expand the table. */

/* Element types of kernel inputs and outputs: X(ID, value, name, C type). */
#define HW_DTYPE_TABLE(X)                                                      \
  X(F32, 0, "float32", float)                                                  \
  X(F64, 1, "float64", double)                                                 \
  X(I32, 2, "int32", int32_t)

/* What a kernel computes; mirrors the reference libraries' methods:
 * X(ID, value, name). The name is the CLI's --kind and Python's kind. */
#define HW_KIND_TABLE(X)                                                       \
  X(PREDICT, 0, "predict")   /* sklearn predict / XGBoost Booster.predict */   \
  X(PROBA, 1, "proba")       /* predict_proba */                               \
  X(DECISION, 2, "decision") /* decision_function / raw margin */              \
  X(SCORE, 3, "score")       /* IsolationForest score_samples */               \
  X(LEAF, 4, "leaf")         /* apply / pred_leaf: one int32 per tree */

/* clang-format off */
#define HW_DTYPE_ENUMERATOR_(id, value, name, ctype) HW_DTYPE_##id = value,
typedef enum hw_dtype HW_ENUM_BASE {
  HW_DTYPE_TABLE(HW_DTYPE_ENUMERATOR_)
} hw_dtype;
#undef HW_DTYPE_ENUMERATOR_

#define HW_KIND_ENUMERATOR_(id, value, name) HW_KIND_##id = value,
typedef enum hw_kind HW_ENUM_BASE {
  HW_KIND_TABLE(HW_KIND_ENUMERATOR_)
  HW_KIND_COUNT = 5, /* rows of HW_KIND_TABLE (the runtime checks it) */
} hw_kind;
#undef HW_KIND_ENUMERATOR_

/* The name HW_KIND_TABLE gives `kind`, or NULL outside the table. Inline
 * here so the compiler (kernel symbols, headers) and the runtime
 * (hw_kind_name) share one definition. */
static inline const char *hw_kind_table_name(uint32_t kind) {
#define HW_KIND_CASE_(id, value, name) case value: return name;
  switch (kind) {
    HW_KIND_TABLE(HW_KIND_CASE_)
  }
#undef HW_KIND_CASE_
  return 0;
}
/* clang-format on */

/* CPU features a model's code may need: X(ID, bit, name, arch). The name is
 * LLVM's feature name; bit b stands for (UINT64_C(1) << b) in
 * hw_model_descriptor.cpu_features. The compiler sets the bits of every
 * feature of this table that the target enables (for `native`, the host
 * features it compiled with); the runtime refuses to load a model whose bits
 * the host lacks. Features outside the table (baseline x86-64: SSE2, CMOV,
 * ...) are not recorded. Bits are stable: rows are only appended. */
#define HW_CPU_FEATURE_TABLE(X)                                                \
  /* x86-64-v2 */                                                              \
  X(SSE3, 0, "sse3", X86_64)                                                   \
  X(SSSE3, 1, "ssse3", X86_64)                                                 \
  X(SSE4_1, 2, "sse4.1", X86_64)                                               \
  X(SSE4_2, 3, "sse4.2", X86_64)                                               \
  X(POPCNT, 4, "popcnt", X86_64)                                               \
  X(CX16, 5, "cx16", X86_64)                                                   \
  X(SAHF, 6, "sahf", X86_64)                                                   \
  /* x86-64-v3 */                                                              \
  X(AVX, 7, "avx", X86_64)                                                     \
  X(AVX2, 8, "avx2", X86_64)                                                   \
  X(BMI, 9, "bmi", X86_64)                                                     \
  X(BMI2, 10, "bmi2", X86_64)                                                  \
  X(F16C, 11, "f16c", X86_64)                                                  \
  X(FMA, 12, "fma", X86_64)                                                    \
  X(LZCNT, 13, "lzcnt", X86_64)                                                \
  X(MOVBE, 14, "movbe", X86_64)                                                \
  X(XSAVE, 15, "xsave", X86_64)                                                \
  /* x86-64-v4 */                                                              \
  X(AVX512F, 16, "avx512f", X86_64)                                            \
  X(AVX512BW, 17, "avx512bw", X86_64)                                          \
  X(AVX512CD, 18, "avx512cd", X86_64)                                          \
  X(AVX512DQ, 19, "avx512dq", X86_64)                                          \
  X(AVX512VL, 20, "avx512vl", X86_64)                                          \
  /* Later x86 extensions a `native` build may enable */                       \
  X(AVX512VNNI, 21, "avx512vnni", X86_64)                                      \
  X(AVX512VBMI, 22, "avx512vbmi", X86_64)                                      \
  X(AVX512VBMI2, 23, "avx512vbmi2", X86_64)                                    \
  X(AVX512BITALG, 24, "avx512bitalg", X86_64)                                  \
  X(AVX512VPOPCNTDQ, 25, "avx512vpopcntdq", X86_64)                            \
  X(AVX512IFMA, 26, "avx512ifma", X86_64)                                      \
  X(AVX512BF16, 27, "avx512bf16", X86_64)                                      \
  X(AVX512FP16, 28, "avx512fp16", X86_64)                                      \
  X(GFNI, 29, "gfni", X86_64)                                                  \
  X(VAES, 30, "vaes", X86_64)                                                  \
  X(VPCLMULQDQ, 31, "vpclmulqdq", X86_64)                                      \
  X(AVXVNNI, 32, "avxvnni", X86_64)                                            \
  X(AES, 33, "aes", X86_64)                                                    \
  X(PCLMUL, 34, "pclmul", X86_64)                                              \
  X(SHA, 35, "sha", X86_64)                                                    \
  X(ADX, 36, "adx", X86_64)                                                    \
  X(RDRND, 37, "rdrnd", X86_64)                                                \
  X(RDSEED, 38, "rdseed", X86_64)                                              \
  /* AArch64 */                                                                \
  X(NEON, 48, "neon", AARCH64)                                                 \
  X(FULLFP16, 49, "fullfp16", AARCH64)                                         \
  X(DOTPROD, 50, "dotprod", AARCH64)                                           \
  X(SVE, 51, "sve", AARCH64)                                                   \
  X(SVE2, 52, "sve2", AARCH64)

#define HW_CPU_FEATURE_ENUMERATOR_(id, bit, name, arch) HW_CPU_##id = bit,
/* Bit numbers of the CPU features: HW_CPU_AVX2, ... */
enum hw_cpu_feature { HW_CPU_FEATURE_TABLE(HW_CPU_FEATURE_ENUMERATOR_) };
#undef HW_CPU_FEATURE_ENUMERATOR_

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
 * code path. Not part of any struct: no version bump. The compiler checks
 * that every schedule's tile divides it (ScheduleAttr's verifier). */
#define HW_KERNEL_ROW_ALIGNMENT 64

/* The runtime cuts the trees of a tree-parallel batch (walk_trees, below)
 * into ranges of multiples of this many trees (of the walk's order); the
 * generated walk takes a range in lockstep groups of at most this many
 * trees, so a range is whole groups. Not part of any struct. */
#define HW_WALK_TREES_GRANULE 16

/* Tree-parallel evaluation of a small batch (ABI version 4): the runtime
 * cuts the trees, not the rows, into ranges that threads walk at once, then
 * one thread adds the leaves in model order.
 *
 * A walk function walks trees [tree_begin, tree_end) of the model for rows
 * [0, rows) of `x` (as a kernel reads them) and stores, for row r and tree
 * t, the leaf it reaches at leaves[r * num_trees + t] (an index private to
 * the generated code; other elements are not written). Reentrant; calls on
 * disjoint tree ranges may run at once on the same `leaves`. */
typedef void (*hw_walk_trees_fn)(const void *x, int64_t rows,
                                 int64_t row_stride, int64_t tree_begin,
                                 int64_t tree_end, int32_t *leaves);
/* A sum function writes what kernels[kind] writes for the same rows, from
 * the leaves a walk function stored for every tree: it adds them in model
 * order, as the kernel does, so the output has the kernel's bits. It reads
 * `x` too (linear leaves). */
typedef void (*hw_sum_leaves_fn)(const void *x, int64_t rows,
                                 int64_t row_stride, const int32_t *leaves,
                                 void *out);

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
  /* Since version 2. */
  uint64_t cpu_features;    /* bits (UINT64_C(1) << HW_CPU_*) of the CPU
                               features the kernels need; hw_model_load
                               refuses a host that lacks any of them */
  const char *content_hash; /* "sha256:<64 hex digits>" of the model file
                               it was compiled from, or NULL */
  /* Since version 3. */
  hw_kernel_fn kernels_f32[HW_KIND_COUNT]; /* for a float64 model
      (input_dtype HW_DTYPE_F64), kernels of the same kinds that read
      float32 rows (row_stride in floats) and widen each value exactly as
      they load it: the bits of kernels[kind] on the rows converted to
      float64, without the copy. NULL where there is none; the runtime then
      converts float32 rows itself. Each may be non-NULL only where
      kernels[kind] is. */
  /* Since version 4. Both NULL, or walk_trees set and sum_leaves[kind] set
     exactly where kernels[kind] is (tree ensembles only): see
     hw_walk_trees_fn. They read rows of input_dtype. */
  hw_walk_trees_fn walk_trees;
  hw_sum_leaves_fn sum_leaves[HW_KIND_COUNT];
  uint32_t tree_parallel_rows; /* batches of fewer rows may run
      tree-parallel (the compiler's estimate of where the walks beat the
      kernel); 0 when walk_trees is NULL */
} hw_model_descriptor;

/* Name suffix of the generated function behind kernels_f32[kind]: the name
 * of the one behind kernels[kind] plus this (compiler-internal symbols; the
 * descriptor is the interface). */
#define HW_F32_ROWS_KERNEL_SUFFIX "_f32rows"
/* Names of the generated functions behind walk_trees ("__hw_<model>" plus
 * HW_WALK_TREES_SUFFIX) and sum_leaves[kind] (the name behind kernels[kind]
 * plus HW_SUM_LEAVES_SUFFIX); compiler-internal like the one above. */
#define HW_WALK_TREES_SUFFIX "_walk_trees"
#define HW_SUM_LEAVES_SUFFIX "_sum_leaves"

typedef const hw_model_descriptor *(*hw_descriptor_fn)(void);

#ifdef __cplusplus
}
#endif

#endif /* HARDWOOD_MODEL_ABI_H */
