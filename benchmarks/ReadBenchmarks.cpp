//===- ReadBenchmarks.cpp - The memory floor: a pass that only reads X ----===//
//
// readx/NAME/threads:1/batch:B sums every input value of a batch with wide
// vector loads and several independent accumulators, nothing else: the
// fastest any kernel reading the same float32 rows can be. Issue 10's
// linear-model target is stated against it (within 1.5x for binary
// LogisticRegression), so it runs in the same process on the same array.
// readx64/... and hardwood64/... do the same on a float64 copy of the rows
// (sklearn's own dtype; a float64 model then reads them without conversion).
//
//===----------------------------------------------------------------------===//

#include "Benchmarks.h"

#include <cstring>
#include <memory>
#include <vector>

namespace hardwood::bench {

namespace {

/// 16 floats, one 512-bit register (two or four narrower ones elsewhere).
typedef float Floats16 __attribute__((vector_size(64)));

/// Sums n floats: 4 accumulators of 16 lanes, so loads, not add latency,
/// bound the loop. The order of the sum does not matter here. Always
/// inlined, so each caller below compiles it for its own vector width.
__attribute__((always_inline)) inline float sumFloats(const float *p,
                                                      int64_t n) {
  Floats16 acc[4] = {};
  int64_t i = 0;
  for (; i + 64 <= n; i += 64)
    for (int j = 0; j < 4; ++j) {
      Floats16 v;
      std::memcpy(&v, p + i + 16 * j, sizeof v);
      acc[j] += v;
    }
  Floats16 total = acc[0] + acc[1] + acc[2] + acc[3];
  float sum = 0;
  for (int j = 0; j < 16; ++j)
    sum += total[j];
  for (; i < n; ++i)
    sum += p[i];
  return sum;
}

typedef double Doubles8 __attribute__((vector_size(64)));

__attribute__((always_inline)) inline double sumDoubles(const double *p,
                                                        int64_t n) {
  Doubles8 acc[4] = {};
  int64_t i = 0;
  for (; i + 32 <= n; i += 32)
    for (int j = 0; j < 4; ++j) {
      Doubles8 v;
      std::memcpy(&v, p + i + 8 * j, sizeof v);
      acc[j] += v;
    }
  Doubles8 total = acc[0] + acc[1] + acc[2] + acc[3];
  double sum = 0;
  for (int j = 0; j < 8; ++j)
    sum += total[j];
  for (; i < n; ++i)
    sum += p[i];
  return sum;
}

__attribute__((target("avx512f"))) float sumFloatsAvx512(const float *p,
                                                         int64_t n) {
  return sumFloats(p, n);
}
__attribute__((target("avx2"))) float sumFloatsAvx2(const float *p, int64_t n) {
  return sumFloats(p, n);
}
float sumFloatsBaseline(const float *p, int64_t n) { return sumFloats(p, n); }
__attribute__((target("avx512f"))) double sumDoublesAvx512(const double *p,
                                                           int64_t n) {
  return sumDoubles(p, n);
}
__attribute__((target("avx2"))) double sumDoublesAvx2(const double *p,
                                                      int64_t n) {
  return sumDoubles(p, n);
}
double sumDoublesBaseline(const double *p, int64_t n) {
  return sumDoubles(p, n);
}

/// A float64 copy of a model's rows, made once before timing.
std::shared_ptr<const std::vector<double>> widened(const Matrix &rows) {
  return std::make_shared<const std::vector<double>>(rows.data.begin(),
                                                     rows.data.end());
}

void readDoublesBenchmark(benchmark::State &state, const BenchModel &bench,
                          const std::vector<double> &rows64, int64_t batch) {
  const Matrix &rows = *bench.rows;
  if (batch > rows.rows) {
    state.SkipWithError("batch is larger than the rows given");
    return;
  }
  double (*sum)(const double *, int64_t) =
      __builtin_cpu_supports("avx512f") ? sumDoublesAvx512
      : __builtin_cpu_supports("avx2")  ? sumDoublesAvx2
                                        : sumDoublesBaseline;
  int64_t offset = 0;
  LoopTimer timer;
  for (auto _ : state) {
    double s = sum(rows64.data() + offset * rows.cols, batch * rows.cols);
    benchmark::DoNotOptimize(s);
    offset = nextOffset(offset, batch, rows.rows);
  }
  setRowCounters(state, batch, timer.seconds());
}

/// hw_predict on the float64 copy, one thread.
void predictDoublesBenchmark(benchmark::State &state, const BenchModel &bench,
                             const std::vector<double> &rows64, int64_t batch) {
  const Matrix &rows = *bench.rows;
  if (batch > rows.rows) {
    state.SkipWithError("batch is larger than the rows given");
    return;
  }
  int64_t width = 0;
  hw_dtype outDtype = HW_DTYPE_F32;
  hw_status status =
      hw_model_output_width(bench.model.get(), bench.kind, &width);
  if (status == HW_OK)
    status = hw_model_output_dtype(bench.model.get(), bench.kind, &outDtype);
  if (status != HW_OK) {
    state.SkipWithError(hwError(bench.name, status).c_str());
    return;
  }
  size_t outBytes = batch * width * hw_dtype_size(outDtype);
  std::vector<double> out((outBytes + sizeof(double) - 1) / sizeof(double));
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = 1;
  int64_t offset = 0;
  LoopTimer timer;
  for (auto _ : state) {
    status = hw_predict(bench.model.get(), bench.kind,
                        rows64.data() + offset * rows.cols, HW_DTYPE_F64, batch,
                        rows.cols, out.data(), &options);
    if (status != HW_OK) {
      state.SkipWithError(hwError(bench.name, status).c_str());
      break;
    }
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    offset = nextOffset(offset, batch, rows.rows);
  }
  setRowCounters(state, batch, timer.seconds());
}

void readBenchmark(benchmark::State &state, const BenchModel &bench,
                   int64_t batch) {
  const Matrix &rows = *bench.rows;
  if (batch > rows.rows) {
    state.SkipWithError("batch is larger than the rows given");
    return;
  }
  // The widest vectors the host has, as a compiled model for native uses.
  float (*sum)(const float *, int64_t) =
      __builtin_cpu_supports("avx512f") ? sumFloatsAvx512
      : __builtin_cpu_supports("avx2")  ? sumFloatsAvx2
                                        : sumFloatsBaseline;
  int64_t offset = 0;
  LoopTimer timer;
  for (auto _ : state) {
    float s = sum(rows.row(offset), batch * rows.cols);
    benchmark::DoNotOptimize(s);
    offset = nextOffset(offset, batch, rows.rows);
  }
  setRowCounters(state, batch, timer.seconds());
}

} // namespace

void registerReadBenchmarks(const BenchModel &model,
                            const std::vector<int64_t> &batches) {
  for (int64_t batch : batches) {
    std::string name =
        "readx/" + model.name + "/threads:1/batch:" + std::to_string(batch);
    benchmark::RegisterBenchmark(name.c_str(), [&model, batch](
                                                   benchmark::State &state) {
      readBenchmark(state, model, batch);
    })->UseRealTime();
  }
  auto rows64 = widened(*model.rows);
  for (int64_t batch : batches) {
    std::string suffix = "/threads:1/batch:" + std::to_string(batch);
    benchmark::RegisterBenchmark(
        ("readx64/" + model.name + suffix).c_str(),
        [&model, rows64, batch](benchmark::State &state) {
          readDoublesBenchmark(state, model, *rows64, batch);
        })
        ->UseRealTime();
    benchmark::RegisterBenchmark(
        ("hardwood64/" + model.name + "/" + hw_kind_name(model.kind) + suffix)
            .c_str(),
        [&model, rows64, batch](benchmark::State &state) {
          predictDoublesBenchmark(state, model, *rows64, batch);
        })
        ->UseRealTime();
  }
}

} // namespace hardwood::bench
