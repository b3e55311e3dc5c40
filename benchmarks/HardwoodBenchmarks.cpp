//===- HardwoodBenchmarks.cpp - hw_predict throughput and latency ---------===//
//
// Times hw_predict on the rows every contender sees, one benchmark per batch
// size and thread setting. Batch 1 on one thread is the latency figure.
//
//===----------------------------------------------------------------------===//

#include "Benchmarks.h"

namespace hardwood::bench {

std::string hwError(const std::string &what, hw_status status) {
  return what + ": " + hw_status_string(status) + ": " + hw_last_error();
}

void setRowCounters(benchmark::State &state, int64_t batch,
                    double loopSeconds) {
  double rows = static_cast<double>(state.iterations()) * batch;
  state.counters["rows/s"] =
      benchmark::Counter(rows, benchmark::Counter::kIsRate);
  state.counters["ns/row"] =
      benchmark::Counter(rows > 0 ? loopSeconds * 1e9 / rows : 0);
}

namespace {

void predictBenchmark(benchmark::State &state, const BenchModel &bench,
                      int32_t threads, int64_t batch) {
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
  // Doubles keep the buffer aligned for every output dtype.
  size_t outBytes = batch * width * hw_dtype_size(outDtype);
  std::vector<double> out((outBytes + sizeof(double) - 1) / sizeof(double));

  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = threads;
  // One untimed call checks the arguments and starts the thread pool, so
  // the timed loop measures steady state.
  status = hw_predict(bench.model.get(), bench.kind, rows.row(0), HW_DTYPE_F32,
                      batch, rows.cols, out.data(), &options);
  if (status != HW_OK) {
    state.SkipWithError(hwError(bench.name, status).c_str());
    return;
  }
  int64_t offset = 0;
  LoopTimer timer;
  for (auto _ : state) {
    status = hw_predict(bench.model.get(), bench.kind, rows.row(offset),
                        HW_DTYPE_F32, batch, rows.cols, out.data(), &options);
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

} // namespace

void registerHardwoodBenchmarks(const BenchModel &model,
                                const std::vector<int64_t> &batches) {
  // threads = 0 asks the runtime for one thread per hardware thread.
  for (int32_t threads : {1, 0}) {
    for (int64_t batch : batches) {
      std::string name = "hardwood/" + model.name + "/" +
                         hw_kind_name(model.kind) +
                         "/threads:" + (threads == 1 ? "1" : "all") +
                         "/batch:" + std::to_string(batch);
      benchmark::RegisterBenchmark(name.c_str(), [&model, threads, batch](
                                                     benchmark::State &state) {
        predictBenchmark(state, model, threads, batch);
      })->UseRealTime();
    }
  }
}

} // namespace hardwood::bench
