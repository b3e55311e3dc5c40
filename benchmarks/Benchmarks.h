//===- Benchmarks.h - Shared pieces of the hardwood-benchmarks suite ------===//
//
// The models and rows given on the command line, and the helpers every
// benchmark uses so that Hardwood and the baselines are timed the same way.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_BENCHMARKS_BENCHMARKS_H
#define HARDWOOD_BENCHMARKS_BENCHMARKS_H

#include "Npy.h"

#include "hardwood/hardwood.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hardwood::bench {

/// Frees a model through the C API when its owner goes away.
struct ModelDeleter {
  void operator()(hw_model *model) const { hw_model_free(model); }
};
using ModelPtr = std::unique_ptr<hw_model, ModelDeleter>;

/// A compiled model from --model=NAME=PATH, with the kind to time and the
/// rows every contender predicts for it.
struct BenchModel {
  std::string name;
  std::string path;
  ModelPtr model;
  hw_kind kind = HW_KIND_PREDICT;
  int64_t numFeatures = 0;
  std::shared_ptr<const Matrix> rows;
};

/// Linear weights for the oneDNN baseline of one model (--onednn=NAME=PATH):
/// K x (F + 1) float32, the last column is the bias.
struct LinearWeights {
  std::string modelName;
  Matrix weightsAndBias;
  bool softmax = false; // --onednn-post=NAME=softmax
};

/// "<what failed>: <status name>: <hw_last_error()>", for messages after a
/// failing C API call.
std::string hwError(const std::string &what, hw_status status);

/// Sets the counters every benchmark reports: rows/s (a rate over the
/// benchmark's wall time; the runs use real time so that multi-threaded runs
/// are not credited with the calling thread's CPU time only) and ns/row from
/// `loopSeconds`, the wall time of the timed loop. ns/row is a plain counter
/// because an inverted rate counter prints with a misleading "s" unit.
void setRowCounters(benchmark::State &state, int64_t batch, double loopSeconds);

/// Wall-clock seconds since construction, for the ns/row counter.
class LoopTimer {
public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                         start)
        .count();
  }

private:
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};

/// Start row of the next batch: consecutive batches walk through all rows so
/// small batches do not keep hitting the same cached rows, and every
/// contender walks the same way.
inline int64_t nextOffset(int64_t offset, int64_t batch, int64_t rows) {
  offset += batch;
  return offset + batch > rows ? 0 : offset;
}

/// Registers hardwood/NAME/KIND/threads:{1,all}/batch:B for each batch size.
void registerHardwoodBenchmarks(const BenchModel &model,
                                const std::vector<int64_t> &batches);

/// Registers readx/NAME/threads:1/batch:B: a vectorized pass that only reads
/// the batch's rows, the floor for any kernel that reads them.
void registerReadBenchmarks(const BenchModel &model,
                            const std::vector<int64_t> &batches);

/// True when the suite was built with oneDNN.
bool haveOneDnn();

/// Registers onednn/NAME/threads:1/batch:B for each batch size, or prints why
/// it cannot and returns false.
bool registerOneDnnBenchmarks(const BenchModel &model,
                              const LinearWeights &weights,
                              const std::vector<int64_t> &batches);

} // namespace hardwood::bench

#endif // HARDWOOD_BENCHMARKS_BENCHMARKS_H
