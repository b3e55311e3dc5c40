/* Hardwood runtime: the stable public C API for loading compiled models and
 * predicting with them, from any number of threads, with no Python and no
 * compiler. Everything here is plain C; the runtime itself is C++17 but no
 * exception ever crosses this boundary. */
#ifndef HARDWOOD_HARDWOOD_H
#define HARDWOOD_HARDWOOD_H

#include <stddef.h>
#include <stdint.h>

#include "hardwood/model_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define HW_API
#else
#define HW_API __attribute__((visibility("default")))
#endif

#define HW_RUNTIME_VERSION_MAJOR 0
#define HW_RUNTIME_VERSION_MINOR 1
#define HW_RUNTIME_VERSION_PATCH 0

/* A loaded model: a validated copy of a compiled model's descriptor, plus the
 * shared library it came from when loaded with hw_model_load(). Opaque;
 * immutable after creation, so any number of threads may use one model at
 * once. */
typedef struct hw_model hw_model;

/* Every fallible call returns a status; on failure it also sets a message
 * for hw_last_error(). Values are stable: new codes are only appended. */
typedef enum hw_status HW_ENUM_BASE {
  HW_OK = 0,
  HW_ERR_INVALID_ARGUMENT = 1, /* NULL pointer, unknown kind or dtype, bad
                                  options, misaligned buffer */
  HW_ERR_IO = 2,               /* library cannot be opened or loaded, or it
                                  lacks the descriptor symbol */
  HW_ERR_ABI_MISMATCH = 3,     /* descriptor's abi_version differs from this
                                  runtime's HW_MODEL_ABI_VERSION */
  HW_ERR_UNSUPPORTED_KIND = 4, /* the model has no kernel for this kind */
  HW_ERR_SHAPE = 5,            /* rows < 0, row_stride < num_features, or a
                                  size that overflows */
  HW_ERR_OUT_OF_MEMORY = 6,
  HW_ERR_INVALID_MODEL = 7,   /* descriptor is inconsistent (e.g. a kind is
                                 listed as supported with a NULL kernel) */
  HW_ERR_INTERNAL = 8,        /* a bug in the runtime */
  HW_ERR_UNSUPPORTED_CPU = 9, /* the model's code needs CPU features this
                                 host lacks (the message names them) */
} hw_status;

/* Options for hw_predict(). Initialise with HW_PREDICT_OPTIONS_INIT so
 * struct_size is set. Fields added later are appended: the runtime reads a
 * field only when it lies within struct_size (older callers get the zero
 * default for newer fields) and ignores bytes past the fields it knows. */
typedef struct hw_predict_options {
  size_t struct_size; /* sizeof(hw_predict_options) of the caller */
  int32_t threads;    /* threads to use including the caller; 0 = one per
                         hardware thread, 1 = only the calling thread */
} hw_predict_options;

#define HW_PREDICT_OPTIONS_INIT {sizeof(hw_predict_options), 0}

/* ---- Errors and versions ------------------------------------------------ */

/* The message of the most recent failing call on the calling thread, or ""
 * when none failed yet. Successful calls do not clear it. The string is owned
 * by the runtime and stays valid until the next failing call on this thread.
 * Thread safety: per thread. Never returns NULL. */
HW_API const char *hw_last_error(void);

/* A static, human-readable name for a status ("HW_OK", ...); "unknown status"
 * for values outside the enum. Never returns NULL. */
HW_API const char *hw_status_string(hw_status status);

/* The runtime's version as "MAJOR.MINOR.PATCH"; static string. */
HW_API const char *hw_runtime_version(void);

/* The compiled-model ABI this runtime accepts (HW_MODEL_ABI_VERSION when the
 * runtime was built). */
HW_API uint32_t hw_runtime_abi_version(void);

/* The lower-case name of a kind as used by the CLI ("predict", "proba",
 * "decision", "score", "leaf"; HW_KIND_TABLE), or NULL for an unknown kind.
 * Static string. */
HW_API const char *hw_kind_name(hw_kind kind);

/* The kind named `name` (the inverse of hw_kind_name). Errors:
 * HW_ERR_INVALID_ARGUMENT for a NULL argument or an unknown name (the message
 * lists the known names); *out is unchanged on failure. */
HW_API hw_status hw_kind_from_name(const char *name, hw_kind *out);

/* The name of a dtype ("float32", "float64", "int32"; HW_DTYPE_TABLE), or
 * NULL for an unknown dtype. Static string. */
HW_API const char *hw_dtype_name(hw_dtype dtype);

/* Bytes per element of a dtype; 0 for an unknown dtype. */
HW_API size_t hw_dtype_size(hw_dtype dtype);

/* ---- CPU features ---------------------------------------------------------
 * A compiled model records the CPU features its code needs
 * (hw_model_descriptor.cpu_features, bits of HW_CPU_FEATURE_TABLE); loading
 * it on a host that lacks one fails with HW_ERR_UNSUPPORTED_CPU instead of
 * crashing with an illegal instruction at the first prediction.
 *
 * Testing hook: the environment variable HARDWOOD_TEST_DISABLE_CPU_FEATURES,
 * a comma-separated list of feature names (e.g. "avx512f,avx512bw"), removes
 * those features from what the runtime believes the host has, so that a test
 * can simulate an older CPU. It can only remove features, never add them, so
 * it cannot make an unsafe load succeed. It is read at every query and load;
 * an unknown name makes those fail with HW_ERR_INVALID_ARGUMENT. */

/* The LLVM name of CPU feature bit `bit` ("avx2", ...), or NULL when the
 * bit is not in HW_CPU_FEATURE_TABLE. Static string. */
HW_API const char *hw_cpu_feature_name(uint32_t bit);

/* The table's features this host has (CPUID and the OS's saved-state mask on
 * x86-64, hardware capabilities on AArch64), less those the testing hook
 * disables. Errors: HW_ERR_INVALID_ARGUMENT (NULL out, unknown name in the
 * hook). */
HW_API hw_status hw_host_cpu_features(uint64_t *out);

/* ---- Loading ---------------------------------------------------------- */

/* Loads a compiled model from the shared library at `path` and stores a new
 * model in *out (on failure *out is set to NULL when `out` is not NULL).
 * `path` is a file path: a name without '/' refers to the current directory,
 * not to the dynamic linker's search path. `symbol` names the descriptor
 * function (hw_descriptor_fn) to call; NULL means
 * HW_DEFAULT_DESCRIPTOR_SYMBOL. The library stays loaded until hw_model_free;
 * loading the same path twice gives two independent models sharing the
 * library. The descriptor is validated before the model is returned, and the
 * host must have every CPU feature the model needs.
 * Errors: HW_ERR_INVALID_ARGUMENT (NULL path or out), HW_ERR_IO (dlopen
 * failed or symbol missing), HW_ERR_ABI_MISMATCH (another ABI version,
 * version 1 included), HW_ERR_INVALID_MODEL, HW_ERR_UNSUPPORTED_CPU (the
 * message names the missing features), HW_ERR_OUT_OF_MEMORY. Thread safety:
 * may be called from any thread. */
HW_API hw_status hw_model_load(const char *path, const char *symbol,
                               hw_model **out);

/* Wraps the descriptor of a model linked into the program (the generated
 * header declares its descriptor function). The descriptor and everything it
 * points to must outlive the model; they are not copied deeply. Same
 * validation and errors as hw_model_load, less HW_ERR_IO. */
HW_API hw_status hw_model_from_descriptor(const hw_model_descriptor *desc,
                                          hw_model **out);

/* Frees a model and unloads its library when it was the last user. NULL is a
 * no-op. The caller must ensure no other thread is still using the model. */
HW_API void hw_model_free(hw_model *model);

/* ---- Prediction ------------------------------------------------------- */

/* Computes `kind` for `rows` rows of `x` into `out`.
 * - x: rows x row_stride elements of x_dtype (HW_DTYPE_F32 or HW_DTYPE_F64),
 *   C order; only the first num_features columns of each row are read. When
 *   x_dtype differs from the model's input dtype, rows are converted in
 *   chunks (float64 -> float32 rounds to nearest even, like numpy astype;
 *   float32 -> float64 is exact) into a stack or per-thread buffer; the
 *   caller's array is never written.
 * - out: caller-owned, rows x output_width(kind) elements of output_dtype
 *   (kind), C order, aligned for that dtype.
 * - opts: NULL for defaults (all hardware threads).
 * - rows == 0: nothing is read or written, and x and out may be NULL.
 *
 * Threads: small batches (a few hundred rows; kInlineRowLimit in
 * runtime/src/Predict.cpp) and any batch with threads == 1 run on the calling
 * thread with no lock and no thread hand-off, and allocate nothing (converted
 * rows over 8 KiB use a per-thread buffer allocated once). Larger batches are
 * split into contiguous row ranges cut at multiples of
 * HW_KERNEL_ROW_ALIGNMENT (about 8 per thread, of at least 2048 rows where
 * the batch allows) that the threads of a process-wide pool, created on
 * first use, take in turn, the calling thread included. Results are
 * bit-identical for any thread count.
 *
 * Stack: a generated kernel keeps its block's raw scores (at most 64 KiB)
 * and, for some schedules, a feature-major copy of the block's rows (at most
 * 48 KiB) on the calling thread's stack: give threads that predict at least
 * 256 KiB of stack (glibc's default is 8 MiB; musl's 128 KiB is too small).
 *
 * Thread safety: any number of threads may predict with one model at once;
 * the small-batch path takes no lock. Concurrent large batches share the
 * pool, whose job queue a short mutex guards; each caller works on its own
 * rows until they are done, so none waits for another's batch to finish.
 *
 * Errors: HW_ERR_INVALID_ARGUMENT (NULL model, x or out; unknown kind or
 * x_dtype; bad options; misaligned x or out), HW_ERR_UNSUPPORTED_KIND,
 * HW_ERR_SHAPE (rows < 0, row_stride < num_features, sizes that overflow),
 * HW_ERR_OUT_OF_MEMORY. `out` is untouched on error, except that it may be
 * partly written on HW_ERR_OUT_OF_MEMORY. */
HW_API hw_status hw_predict(const hw_model *model, hw_kind kind, const void *x,
                            hw_dtype x_dtype, int64_t rows, int64_t row_stride,
                            void *out, const hw_predict_options *opts);

/* ---- Metadata --------------------------------------------------------------
 * All queries fail with HW_ERR_INVALID_ARGUMENT for a NULL model or out
 * pointer and leave *out unchanged on failure. Strings and arrays returned
 * are owned by the model and valid until hw_model_free. Thread safe. */

/* Columns the kernels read; row_stride must be at least this. */
HW_API hw_status hw_model_num_features(const hw_model *model, int64_t *out);

/* Number of classes; 0 for regressors and anomaly detectors. */
HW_API hw_status hw_model_num_classes(const hw_model *model, int64_t *out);

/* num_classes numeric class labels, or NULL when the model has no classes or
 * its labels are not numeric. */
HW_API hw_status hw_model_class_labels(const hw_model *model,
                                       const double **out);

/* Number of trees; 0 for linear models. */
HW_API hw_status hw_model_num_trees(const hw_model *model, int64_t *out);

/* The fewest rows an hw_predict of `kind` may run on more than one thread
 * (with threads > 1; for small batches of many trees only when calls come
 * back to back). Smaller batches run on the calling thread whatever the
 * thread count, so a caller may skip choosing one for them. Errors as
 * hw_model_output_width. */
HW_API hw_status hw_model_min_parallel_rows(const hw_model *model, hw_kind kind,
                                            int64_t *out);

/* dtype the kernels read (x of another float dtype is converted). */
HW_API hw_status hw_model_input_dtype(const hw_model *model, hw_dtype *out);

/* Bit (1u << kind) is set for each kind the model can compute. */
HW_API hw_status hw_model_supported_kinds(const hw_model *model, uint32_t *out);

/* Elements per output row for `kind` (1 means a 1-D result). Also fails with
 * HW_ERR_INVALID_ARGUMENT for an unknown kind and HW_ERR_UNSUPPORTED_KIND for
 * a kind the model lacks. */
HW_API hw_status hw_model_output_width(const hw_model *model, hw_kind kind,
                                       int64_t *out);

/* Element type of the output for `kind`; errors as hw_model_output_width. */
HW_API hw_status hw_model_output_dtype(const hw_model *model, hw_kind kind,
                                       hw_dtype *out);

/* Model name given at compile time ("" when none). */
HW_API hw_status hw_model_name(const hw_model *model, const char **out);

/* Target description the model was compiled for ("" when none). */
HW_API hw_status hw_model_target(const hw_model *model, const char **out);

/* abi_version of the model's descriptor. */
HW_API hw_status hw_model_abi_version(const hw_model *model, uint32_t *out);

/* Bits (UINT64_C(1) << HW_CPU_*) of the CPU features the model's code needs. */
HW_API hw_status hw_model_cpu_features(const hw_model *model, uint64_t *out);

/* "sha256:<hex>" of the model file the library was compiled from ("" when
 * unknown). */
HW_API hw_status hw_model_content_hash(const hw_model *model, const char **out);

#ifdef __cplusplus
}
#endif

#endif /* HARDWOOD_HARDWOOD_H */
