//===- ReadBenchmarks.cpp - The memory floor: a pass that only reads X ----===//
//
// readx/NAME/threads:1/batch:B sums every input value of a batch with wide
// vector loads and several independent accumulators, nothing else: the
// fastest any kernel reading the same float32 rows can be. Issue 10's
// linear-model target is stated against it (within 1.5x for binary
// LogisticRegression), so it runs in the same process on the same array.
//
//===----------------------------------------------------------------------===//

#include "Benchmarks.h"

#include <cstring>

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

__attribute__((target("avx512f"))) float sumFloatsAvx512(const float *p,
                                                         int64_t n) {
  return sumFloats(p, n);
}
__attribute__((target("avx2"))) float sumFloatsAvx2(const float *p, int64_t n) {
  return sumFloats(p, n);
}
float sumFloatsBaseline(const float *p, int64_t n) { return sumFloats(p, n); }

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
}

} // namespace hardwood::bench
