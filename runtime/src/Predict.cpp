// hw_predict: argument checks, then the rows run either inline on the caller
// (small batches) or as contiguous row ranges on the thread pool, converting
// the caller's float dtype to the kernel's on the way when they differ.
#include "Error.h"
#include "Model.h"
#include "RowConversion.h"
#include "ThreadPool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstddef>
#include <new>
#include <thread>
#include <vector>

namespace hardwood::runtime {
namespace {

// Batches below this many rows run inline on the calling thread unless they
// hold enough tree walks to split (kMinTileWalksPerThread, tree-parallel
// batches below). Waking a sleeping pool worker costs 8-20 us (futex
// wake-up, an idle vCPU, cold caches; the pool polls a while before
// sleeping, so back-to-back calls avoid most of it), about what a 100-tree
// model needs for a couple of hundred rows, so splitting smaller batches
// would add latency rather than remove it; batch-1 calls of small models
// stay free of locks, allocation and thread hand-off.
constexpr int64_t kInlineRowLimit = 256;

// Each thread taking part in a batch gets at least this many rows, for the
// same reason: fewer rows do not pay for the hand-off.
constexpr int64_t kMinRowsPerThread = 128;

// Rows of tree ensembles cost in proportion to their trees: a thread may
// also take as few as kRowAlignment rows (one kernel tile) when they hold at
// least this many tree walks (rows x trees; 11-20 us in the tiles of the
// suite's XGBoost models on znver5), even below kInlineRowLimit: 128 rows
// of a 1,000-tree model are 300 us of work.
constexpr int64_t kMinTileWalksPerThread = 8192;

// Large batches are cut into about this many tasks per thread, which the
// threads take in turn: one that starts late (a worker's wake-up) or is
// interrupted leaves the rest of the rows to the others instead of setting
// the batch's time. Tasks keep at least kMinRowsPerTask rows, so a task
// still spans many kernel blocks.
constexpr int64_t kTasksPerThread = 8;
constexpr int64_t kMinRowsPerTask = 2048;

// Batches too small to cut into row ranges run tree-parallel instead when
// the model has the functions for it (hw_walk_trees_fn) and each thread
// gets at least this many walks (rows x trees): thread t walks a range of
// the trees for every row, then the caller adds the stored leaves in model
// order, which takes about a nanosecond per walk against 5-20 for the
// walk itself.
constexpr int64_t kMinTreeWalksPerThread = 1024;
// Smaller batches, down to one row, still split by trees with at least
// this many walks per thread while calls come back to back: after a job, a
// pool worker polls for kSpinNanoseconds, so a call that follows within
// that time hands its ranges over in about a microsecond, while an
// isolated call would wait 8-20 us for a sleeping worker to wake for a few
// microseconds of walks (callers never wait for a late worker, see
// ThreadPool::runTasks; they only pay the wake-up call). The first call
// of a run stays inline and stamps the time (followsRecentCall), the next
// splits and wakes the worker, and the ones after find it polling.
constexpr int64_t kMinBackToBackTreeWalksPerThread = 256;
// Tree ranges are multiples of this many trees (the walk function's
// lockstep groups), and each thread gets a few ranges for the reason tasks
// do.
constexpr int64_t kTreeRangeGranule = HW_WALK_TREES_GRANULE;
constexpr int64_t kTreeTasksPerThread = 4;

// Converted rows live on the stack when they fit here: one row of up to 2048
// float32 or 1024 float64 features, so a converting batch-1 call allocates
// nothing. Small enough for any thread's stack.
constexpr size_t kStackBufferBytes = 8 * 1024;

// Larger conversions go through a per-thread buffer in blocks of about this
// many bytes, small enough to stay in L2 between conversion and kernel.
constexpr size_t kConvertBlockBytes = 32 * 1024;

constexpr int64_t kRowAlignment = HW_KERNEL_ROW_ALIGNMENT;

// Largest element size of any dtype, for overflow checks.
constexpr int64_t kMaxElementBytes = 8;

/// Everything one hw_predict call needs to run any row range.
struct PredictCall {
  hw_kernel_fn kernel;
  const unsigned char *x;
  hw_dtype xDtype;
  hw_dtype kernelDtype;
  int64_t rowStride; // in elements of xDtype
  int64_t numFeatures;
  unsigned char *out;
  int64_t outRowBytes;
  int64_t rows;
  int64_t rowsPerTask;                  // pool path only
  std::atomic<hw_status> status{HW_OK}; // first failure of a pool task
};

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

int hardwareThreads() {
  static const int count =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return count;
}

/// The calling thread's conversion buffer; grows, never shrinks, so after the
/// first large call a thread converts without allocating.
void *threadStagingBuffer(size_t bytes) {
  thread_local std::vector<double> buffer;
  size_t elements = (bytes + sizeof(double) - 1) / sizeof(double);
  if (buffer.size() < elements)
    buffer.resize(elements);
  return buffer.data();
}

void convert(const PredictCall &call, int64_t firstRow, int64_t rows,
             void *dst) {
  if (call.xDtype == HW_DTYPE_F64)
    convertRows(
        reinterpret_cast<const double *>(call.x) + firstRow * call.rowStride,
        call.rowStride, rows, call.numFeatures, static_cast<float *>(dst));
  else
    convertRows(
        reinterpret_cast<const float *>(call.x) + firstRow * call.rowStride,
        call.rowStride, rows, call.numFeatures, static_cast<double *>(dst));
}

/// Rows [begin, end) when x must be converted first. Kernel calls start at
/// `begin` and advance by multiples of kRowAlignment (see
/// HW_KERNEL_ROW_ALIGNMENT).
hw_status runConvertedRows(const PredictCall &call, int64_t begin,
                           int64_t end) {
  const int64_t rowBytes =
      call.numFeatures * static_cast<int64_t>(hw_dtype_size(call.kernelDtype));
  const int64_t rows = end - begin;
  unsigned char *out = call.out + begin * call.outRowBytes;
  if (rows * rowBytes <= static_cast<int64_t>(kStackBufferBytes)) {
    alignas(64) unsigned char stack[kStackBufferBytes];
    convert(call, begin, rows, stack);
    call.kernel(stack, rows, call.numFeatures, out);
    return HW_OK;
  }
  int64_t blockRows = static_cast<int64_t>(kConvertBlockBytes) / rowBytes;
  blockRows =
      std::max(kRowAlignment, blockRows / kRowAlignment * kRowAlignment);
  blockRows = std::min(blockRows, rows);
  void *buffer;
  try {
    buffer = threadStagingBuffer(static_cast<size_t>(blockRows * rowBytes));
  } catch (const std::bad_alloc &) {
    return HW_ERR_OUT_OF_MEMORY;
  }
  for (int64_t done = 0; done < rows; done += blockRows) {
    int64_t n = std::min(blockRows, rows - done);
    convert(call, begin + done, n, buffer);
    call.kernel(buffer, n, call.numFeatures, out + done * call.outRowBytes);
  }
  return HW_OK;
}

/// Rows [begin, end) on the calling thread; begin is 0 or a multiple of
/// kRowAlignment.
hw_status runRows(const PredictCall &call, int64_t begin, int64_t end) {
  if (call.xDtype != call.kernelDtype)
    return runConvertedRows(call, begin, end);
  const int64_t xElement = static_cast<int64_t>(hw_dtype_size(call.xDtype));
  call.kernel(call.x + begin * call.rowStride * xElement, end - begin,
              call.rowStride, call.out + begin * call.outRowBytes);
  return HW_OK;
}

void runTask(void *context, int64_t task) noexcept {
  auto &call = *static_cast<PredictCall *>(context);
  int64_t begin = task * call.rowsPerTask;
  int64_t end = std::min(begin + call.rowsPerTask, call.rows);
  hw_status status = runRows(call, begin, end);
  if (status != HW_OK) {
    hw_status expected = HW_OK;
    call.status.compare_exchange_strong(expected, status);
  }
}

/// rows x trees, saturating (rows is only bounded by the address space).
int64_t treeWalks(const hw_model_descriptor &desc, int64_t rows) {
  int64_t walks;
  if (__builtin_mul_overflow(rows, static_cast<int64_t>(desc.num_trees),
                             &walks))
    return INT64_MAX;
  return walks;
}

/// How many threads a batch of `rows` rows is cut among by rows (1: none).
int64_t rowParallelThreads(const hw_model_descriptor &desc, int64_t rows,
                           int threads) {
  int64_t byWork = rows / kMinRowsPerThread;
  if (desc.num_trees > 0)
    byWork = std::max(byWork,
                      std::min(rows / kRowAlignment,
                               treeWalks(desc, rows) / kMinTileWalksPerThread));
  return std::max<int64_t>(
      1, std::min<int64_t>({threads, byWork, ThreadPool::kMaxWorkers + 1}));
}

/// Splits the rows into contiguous ranges for `participants` threads, cut
/// at multiples of kRowAlignment, and runs them on the pool.
hw_status runParallel(PredictCall &call, int64_t participants) {
  ThreadPool *pool = participants > 1 ? ThreadPool::global() : nullptr;
  if (!pool)
    return runRows(call, 0, call.rows);
  int64_t rowsPerTask =
      std::max(std::min(kMinRowsPerTask, ceilDiv(call.rows, participants)),
               ceilDiv(call.rows, participants * kTasksPerThread));
  call.rowsPerTask = ceilDiv(rowsPerTask, kRowAlignment) * kRowAlignment;
  int64_t tasks = ceilDiv(call.rows, call.rowsPerTask);
  pool->parallelFor(tasks, static_cast<int>(participants), runTask, &call);
  return call.status.load();
}

/// Everything the walks of one tree-parallel hw_predict call need.
struct TreeWalkCall {
  hw_walk_trees_fn walk;
  const void *x;
  int64_t rows;
  int64_t rowStride;
  int64_t numTrees;
  int64_t treesPerTask;
  int32_t *leaves;
};

void runTreeTask(void *context, int64_t task) noexcept {
  auto &call = *static_cast<const TreeWalkCall *>(context);
  int64_t begin = task * call.treesPerTask;
  int64_t end = std::min(begin + call.treesPerTask, call.numTrees);
  call.walk(call.x, call.rows, call.rowStride, begin, end, call.leaves);
}

/// How many threads would walk a batch of `rows` rows tree-parallel, each
/// with at least `minWalksPerThread` walks: 0 when the model cannot (no walk
/// or sum functions, one tree), the batch is not small (kInlineRowLimit rows
/// or the model's tree_parallel_rows), or fewer than two would take part.
int64_t treeParallelThreads(const hw_model_descriptor &desc, int kind,
                            int64_t rows, int threads,
                            int64_t minWalksPerThread) {
  if (!desc.walk_trees || !desc.sum_leaves[kind] || desc.num_trees < 2 ||
      rows >= kInlineRowLimit || rows >= desc.tree_parallel_rows)
    return 0;
  int64_t participants =
      std::min<int64_t>({threads, treeWalks(desc, rows) / minWalksPerThread,
                         ceilDiv(desc.num_trees, kTreeRangeGranule),
                         ThreadPool::kMaxWorkers + 1});
  return participants >= 2 ? participants : 0;
}

/// Whether the previous call that could split by trees only back to back
/// started less than the pool's polling time ago; records this call's
/// start. One clock read (about 20 ns) on calls of at least a few
/// microseconds.
bool followsRecentCall() {
  static std::atomic<int64_t> lastStartNs{INT64_MIN / 2};
  int64_t now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                    std::chrono::steady_clock::now().time_since_epoch())
                    .count();
  int64_t last = lastStartNs.exchange(now, std::memory_order_relaxed);
  return now - last < ThreadPool::kSpinNanoseconds;
}

/// Threads for a batch below kInlineRowLimit split by trees (0: none):
/// enough walks for kMinTreeWalksPerThread each, or while calls come back
/// to back for kMinBackToBackTreeWalksPerThread.
int64_t smallBatchTreeThreads(const hw_model_descriptor &desc, int kind,
                              int64_t rows, int threads) {
  if (int64_t participants = treeParallelThreads(desc, kind, rows, threads,
                                                 kMinTreeWalksPerThread))
    return participants;
  int64_t participants = treeParallelThreads(desc, kind, rows, threads,
                                             kMinBackToBackTreeWalksPerThread);
  return participants && followsRecentCall() ? participants : 0;
}

} // namespace

int64_t minParallelRows(const hw_model_descriptor &desc, int kind) {
  // The partition rules above, asked for every batch size up to the one
  // that any model cuts by rows (two threads' kMinRowsPerThread): the
  // answer is theirs by construction, whatever they become.
  const int threads = ThreadPool::kMaxWorkers + 1;
  int64_t rows = 1;
  for (; rows < 2 * kMinRowsPerThread; ++rows)
    if (rowParallelThreads(desc, rows, threads) > 1 ||
        treeParallelThreads(desc, kind, rows, threads,
                            kMinBackToBackTreeWalksPerThread))
      break;
  return rows;
}

namespace {

/// Runs the batch tree-parallel on `participants` threads: the rows, in the
/// model's input dtype, are walked by ranges of trees on the pool, then the
/// caller adds every row's leaves in model order (sum_leaves), which gives
/// the bits of the kernel for any thread count.
hw_status runTreeParallel(const PredictCall &call,
                          const hw_model_descriptor &desc, int kind,
                          int64_t participants) {
  ThreadPool *pool = ThreadPool::global();
  if (!pool)
    return runRows(call, 0, call.rows);
  const hw_dtype modelDtype = static_cast<hw_dtype>(desc.input_dtype);
  const bool convertRows = call.xDtype != modelDtype;
  // One staging buffer holds the converted rows (when the caller's dtype is
  // not the model's) and then the leaves, rows x trees int32.
  const int64_t rowBytes =
      call.numFeatures * static_cast<int64_t>(hw_dtype_size(modelDtype));
  const int64_t convertedBytes =
      convertRows ? ceilDiv(call.rows * rowBytes, 64) * 64 : 0;
  const int64_t leafBytes =
      call.rows * static_cast<int64_t>(desc.num_trees) * 4;
  unsigned char *staging;
  try {
    staging = static_cast<unsigned char *>(
        threadStagingBuffer(static_cast<size_t>(convertedBytes + leafBytes)));
  } catch (const std::bad_alloc &) {
    return HW_ERR_OUT_OF_MEMORY;
  }
  TreeWalkCall walks;
  walks.walk = desc.walk_trees;
  walks.x = call.x;
  walks.rowStride = call.rowStride;
  if (convertRows) {
    convert(call, 0, call.rows, staging);
    walks.x = staging;
    walks.rowStride = call.numFeatures;
  }
  walks.rows = call.rows;
  walks.numTrees = desc.num_trees;
  walks.leaves = reinterpret_cast<int32_t *>(staging + convertedBytes);
  int64_t tasks = participants * kTreeTasksPerThread;
  walks.treesPerTask =
      ceilDiv(ceilDiv(walks.numTrees, tasks), kTreeRangeGranule) *
      kTreeRangeGranule;
  tasks = ceilDiv(walks.numTrees, walks.treesPerTask);
  pool->parallelFor(tasks, static_cast<int>(participants), runTreeTask, &walks);
  desc.sum_leaves[kind](walks.x, call.rows, walks.rowStride, walks.leaves,
                        call.out);
  return HW_OK;
}

bool isAligned(const void *pointer, size_t alignment) {
  return reinterpret_cast<uintptr_t>(pointer) % alignment == 0;
}

/// a * b * c <= INT64_MAX for non-negative operands.
bool productFits(int64_t a, int64_t b, int64_t c) {
  int64_t ab;
  int64_t abc;
  return !__builtin_mul_overflow(a, b, &ab) &&
         !__builtin_mul_overflow(ab, c, &abc);
}

hw_status readThreads(const hw_predict_options *opts, int32_t *threads) {
  *threads = 0;
  if (!opts)
    return HW_OK;
  constexpr size_t kThreadsEnd =
      offsetof(hw_predict_options, threads) + sizeof(opts->threads);
  if (opts->struct_size < kThreadsEnd)
    return setError(HW_ERR_INVALID_ARGUMENT,
                    "hw_predict: options struct_size %zu is smaller than %zu; "
                    "initialise options with HW_PREDICT_OPTIONS_INIT",
                    opts->struct_size, kThreadsEnd);
  if (opts->threads < 0)
    return setError(HW_ERR_INVALID_ARGUMENT,
                    "hw_predict: threads is %d, expected >= 0 (0 = all)",
                    opts->threads);
  *threads = opts->threads;
  return HW_OK;
}

hw_status predict(const hw_model *model, hw_kind kind, const void *x,
                  hw_dtype xDtype, int64_t rows, int64_t rowStride, void *out,
                  const hw_predict_options *opts) {
  if (!model)
    return setError(HW_ERR_INVALID_ARGUMENT, "hw_predict: model is NULL");
  const hw_model_descriptor &desc = model->desc;
  const int kindIndex = static_cast<int>(kind);
  if (!isKnownKind(kindIndex))
    return setError(HW_ERR_INVALID_ARGUMENT, "hw_predict: unknown kind %d",
                    kindIndex);
  if (!(desc.supported_kinds & (1u << kindIndex)))
    return setError(HW_ERR_UNSUPPORTED_KIND,
                    "hw_predict: model '%s' does not support kind '%s'",
                    desc.name, hw_kind_name(kind));
  if (xDtype != HW_DTYPE_F32 && xDtype != HW_DTYPE_F64)
    return setError(HW_ERR_INVALID_ARGUMENT,
                    "hw_predict: x_dtype %d is not float32 or float64",
                    static_cast<int>(xDtype));
  if (rows < 0)
    return setError(HW_ERR_SHAPE, "hw_predict: rows is %lld, expected >= 0",
                    static_cast<long long>(rows));
  if (rowStride < static_cast<int64_t>(desc.num_features))
    return setError(HW_ERR_SHAPE,
                    "hw_predict: row_stride %lld is less than the model's "
                    "%u features",
                    static_cast<long long>(rowStride), desc.num_features);
  int32_t threads;
  if (hw_status status = readThreads(opts, &threads); status != HW_OK)
    return status;
  if (rows == 0)
    return HW_OK;
  if (!x || !out)
    return setError(HW_ERR_INVALID_ARGUMENT, "hw_predict: %s is NULL",
                    !x ? "x" : "out");
  const hw_dtype outDtype = static_cast<hw_dtype>(desc.output_dtype[kindIndex]);
  if (!isAligned(x, hw_dtype_size(xDtype)) ||
      !isAligned(out, hw_dtype_size(outDtype)))
    return setError(HW_ERR_INVALID_ARGUMENT,
                    "hw_predict: %s is not aligned to its element size",
                    !isAligned(x, hw_dtype_size(xDtype)) ? "x" : "out");
  const int64_t width = desc.output_width[kindIndex];
  if (!productFits(rows, rowStride, kMaxElementBytes) ||
      !productFits(rows, width, kMaxElementBytes))
    return setError(HW_ERR_SHAPE,
                    "hw_predict: %lld rows of stride %lld overflow the "
                    "address space",
                    static_cast<long long>(rows),
                    static_cast<long long>(rowStride));

  PredictCall call;
  call.kernel = desc.kernels[kindIndex];
  call.x = static_cast<const unsigned char *>(x);
  call.xDtype = xDtype;
  call.kernelDtype = static_cast<hw_dtype>(desc.input_dtype);
  // Float32 rows for a float64 model: its float32-row kernel, when it has
  // one, widens them as it reads them (no converted copy).
  if (xDtype == HW_DTYPE_F32 && call.kernelDtype == HW_DTYPE_F64 &&
      desc.kernels_f32[kindIndex]) {
    call.kernel = desc.kernels_f32[kindIndex];
    call.kernelDtype = HW_DTYPE_F32;
  }
  call.rowStride = rowStride;
  call.numFeatures = desc.num_features;
  call.out = static_cast<unsigned char *>(out);
  call.outRowBytes = width * static_cast<int64_t>(hw_dtype_size(outDtype));
  call.rows = rows;
  call.rowsPerTask = rows;

  const int availableThreads = threads ? threads : hardwareThreads();
  hw_status status;
  // Small batches split by trees where that pays; every other batch by rows
  // (runParallel runs a single participant inline).
  if (threads == 1)
    status = runRows(call, 0, rows);
  else if (int64_t treeThreads =
               smallBatchTreeThreads(desc, kindIndex, rows, availableThreads))
    status = runTreeParallel(call, desc, kindIndex, treeThreads);
  else
    status =
        runParallel(call, rowParallelThreads(desc, rows, availableThreads));
  if (status == HW_ERR_OUT_OF_MEMORY)
    return setError(status, "hw_predict: out of memory staging converted "
                            "rows or tree leaves");
  return status;
}

} // namespace
} // namespace hardwood::runtime

extern "C" hw_status hw_predict(const hw_model *model, hw_kind kind,
                                const void *x, hw_dtype x_dtype, int64_t rows,
                                int64_t row_stride, void *out,
                                const hw_predict_options *opts) {
  using namespace hardwood::runtime;
  return guardExceptions([&] {
    return predict(model, kind, x, x_dtype, rows, row_stride, out, opts);
  });
}
