//===- BenchCommand.cpp - hardwood bench ----------------------------------===//
//
// Times the compiled model through the runtime at several batch sizes and
// thread counts, has the reference library predict and time the same rows
// (python3 -m hardwood.bench_reference), and prints agreement and speed;
// --report DIR also writes them as report.json, report.md and report.png
// (BenchReport.cpp).
//
//===----------------------------------------------------------------------===//

#include "BenchReport.h"
#include "Commands.h"
#include "Inspect.h"
#include "LoadedModel.h"
#include "Options.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <functional>
#include <thread>

using namespace llvm;

namespace hardwood {

static int fail(const Twine &message) {
  WithColor::error(errs(), "hardwood bench") << message << "\n";
  return 1;
}

/// Seconds per call of each of `variants` (the same work under different
/// settings, e.g. thread counts): the median over timed rounds. A round runs
/// each variant in turn, repeating its call until it has taken at least a
/// millisecond (so the clock's cost does not count); rounds repeat for
/// `budget` seconds per variant and at least 5 rounds (3 when calls are so
/// slow that 3 rounds took 20 budgets). One preempted or migrated round on a
/// busy host moves a mean over a few calls by tens of percent (a 100,000-row
/// call of a large model takes 0.1-2 s, so the budget holds only a few
/// calls); it moves the median not at all. Alternating the variants within
/// each round gives them the same host conditions: on a shared virtual
/// machine the second core's speed and the memory bandwidth drift over
/// seconds, and variants timed one after the other compared their drift.
/// `ratios[v]` receives the median over rounds of variant 0's time per call
/// divided by variant v's in the same round. The reference side
/// (hardwood.bench_reference) times the same way.
static std::vector<double>
timeAlternatingCalls(ArrayRef<std::function<void()>> variants, double budget,
                     std::vector<double> &ratios) {
  using clock = std::chrono::steady_clock;
  auto seconds = [](clock::duration d) {
    return std::chrono::duration<double>(d).count();
  };
  for (const std::function<void()> &fn : variants)
    fn(); // Warm caches and the thread pool.
  size_t n = variants.size();
  std::vector<std::vector<double>> rounds(n);
  int64_t totalCalls = 0;
  double totalBudget = budget * n;
  auto begin = clock::now();
  while (true) {
    for (size_t v = 0; v < n; ++v) {
      int64_t calls = 0;
      auto start = clock::now();
      double elapsed = 0;
      do {
        variants[v]();
        ++calls;
        elapsed = seconds(clock::now() - start);
      } while (elapsed < 1e-3 && calls < 1000000);
      rounds[v].push_back(elapsed / calls);
      totalCalls += calls;
    }
    size_t done = rounds[0].size();
    double total = seconds(clock::now() - begin);
    if ((done >= 5 && total >= totalBudget) ||
        (done >= 3 && total >= 20 * totalBudget) ||
        totalCalls >= 10000000 * static_cast<int64_t>(n))
      break;
  }
  auto median = [](std::vector<double> values) {
    llvm::sort(values);
    size_t m = values.size();
    return m % 2 ? values[m / 2] : (values[m / 2 - 1] + values[m / 2]) / 2;
  };
  ratios.clear();
  for (size_t v = 0; v < n; ++v) {
    std::vector<double> perRound;
    for (size_t r = 0; r < rounds[0].size(); ++r)
      perRound.push_back(rounds[0][r] / rounds[v][r]);
    ratios.push_back(median(std::move(perRound)));
  }
  std::vector<double> medians;
  for (std::vector<double> &variantRounds : rounds)
    medians.push_back(median(std::move(variantRounds)));
  return medians;
}

/// Batch-1 calls timed one by one: the median and the 99th percentile
/// (nearest rank) of the time per call.
struct Latency {
  double medianNs = 0, p99Ns = 0;
  int64_t calls = 0;
};

/// Times single calls of `fn` for about `budget` seconds (at most
/// `maxCalls`, at least 100 or 20 budgets), after one warm-up call.
template <typename Fn>
static Latency timeSingleCalls(Fn fn, double budget = 0.25,
                               int64_t maxCalls = 20000) {
  using clock = std::chrono::steady_clock;
  fn();
  std::vector<double> samples;
  auto begin = clock::now();
  while ((int64_t)samples.size() < maxCalls) {
    auto start = clock::now();
    fn();
    auto end = clock::now();
    samples.push_back(
        std::chrono::duration<double, std::nano>(end - start).count());
    // At least 100 calls for the p99, unless calls are so slow that 10
    // of them take 20 budgets.
    double elapsed = std::chrono::duration<double>(end - begin).count();
    if ((samples.size() >= 100 && elapsed >= budget) ||
        (samples.size() >= 10 && elapsed >= 20 * budget))
      break;
  }
  std::sort(samples.begin(), samples.end());
  size_t n = samples.size();
  Latency latency;
  latency.calls = n;
  latency.medianNs =
      n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
  latency.p99Ns = samples[std::max<size_t>(1, std::ceil(0.99 * n)) - 1];
  return latency;
}

struct Timing {
  int64_t batch;
  int threads;
  double secondsPerRow;
  /// One thread's time over this one's, the median over rounds that timed
  /// both (1 for one thread).
  double threadScaling;
};

/// "2026-12-04T23:59:00Z".
static std::string utcNow() {
  std::time_t now = std::time(nullptr);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  return buffer;
}

/// Everything measured, as report.json holds it (docs/benchmarks.md).
static json::Object buildReport(const LoadedModel &model, hw_kind kind,
                                const NpyArray &input, ArrayRef<Timing> timings,
                                ArrayRef<std::pair<int, Latency>> latencies,
                                const json::Object &reference,
                                bool haveReference,
                                std::optional<json::Object> agreement,
                                unsigned allThreads, double openSeconds) {
  json::Object machine = describeMachine();
  machine["read_bandwidth_gb_s"] =
      json::Object{{"1", measureReadBandwidth(1)},
                   {"all", measureReadBandwidth(allThreads)}};
  machine["read_bandwidth_method"] =
      "best of 3 passes of a 64-bit integer sum over 256 MiB, split over the "
      "threads";

  json::Object library;
  if (Expected<json::Object> described = describeLibrary(model.libraryPath()))
    library = std::move(*described);
  else
    consumeError(described.takeError());
  json::Object visits = measureNodeVisits(benchModel, model.get(), input);
  std::optional<double> visitsPerRow = visits.getNumber("per_row");
  int64_t bytesPerRow = input.columns() * hw_dtype_size(input.dtype);

  const json::Object *refNs = reference.getObject("ns_per_row");
  const json::Object *refLatency = reference.getObject("latency_ns");
  auto threadsKey = [](int threads) { return threads == 1 ? "1" : "0"; };
  auto threadsLabel = [&](int threads) -> json::Value {
    if (threads == 1)
      return 1;
    return "all";
  };
  json::Array results;
  for (const Timing &t : timings) {
    double ns = t.secondsPerRow * 1e9;
    json::Object row{{"threads", threadsLabel(t.threads)},
                     {"thread_count", t.threads},
                     {"batch", t.batch},
                     {"hardwood", json::Object{{"ns_per_row", ns},
                                               {"rows_per_s", 1e9 / ns}}},
                     {"input_gb_s", bytesPerRow / ns}};
    if (t.threads != 1)
      row["thread_scaling"] = t.threadScaling;
    if (visitsPerRow && *visitsPerRow > 0)
      row["ns_per_node_visit"] = ns / *visitsPerRow;
    std::string key =
        std::string(threadsKey(t.threads)) + ":" + std::to_string(t.batch);
    if (std::optional<double> theirs =
            refNs ? refNs->getNumber(key) : std::nullopt) {
      row["reference"] =
          json::Object{{"ns_per_row", *theirs}, {"rows_per_s", 1e9 / *theirs}};
      row["speedup"] = *theirs / ns;
    }
    results.push_back(std::move(row));
  }
  json::Array latency;
  for (const auto &[threads, ours] : latencies) {
    json::Object row{{"threads", threadsLabel(threads)},
                     {"thread_count", threads},
                     {"hardwood", json::Object{{"median_ns", ours.medianNs},
                                               {"p99_ns", ours.p99Ns},
                                               {"calls", ours.calls}}}};
    if (const json::Object *theirs =
            refLatency ? refLatency->getObject(threadsKey(threads)) : nullptr)
      row["reference"] = json::Object(*theirs);
    latency.push_back(std::move(row));
  }

  json::Object versions{{"hardwood", HARDWOOD_VERSION},
                        {"llvm", LLVM_VERSION_STRING},
                        {"runtime", hw_runtime_version()}};
  if (haveReference)
    versions["reference"] = json::Object{
        {"library", reference.getString("library").value_or("?").str()},
        {"version", reference.getString("version").value_or("?").str()},
        {"numpy", reference.getString("numpy").value_or("?").str()},
        {"python", reference.getString("python").value_or("?").str()}};
  auto libraryText = [&](StringRef key) -> json::Value {
    if (auto value = library.getString(key))
      return value->str();
    return nullptr;
  };
  return json::Object{
      {"format", "hardwood-bench-report/1"},
      {"date", utcNow()},
      {"model",
       json::Object{{"path", std::string(benchModel)},
                    {"compiled", !StringRef(benchModel).ends_with(".so")},
                    {"compile_and_load_s", openSeconds},
                    {"kind", hw_kind_name(kind)},
                    {"target", libraryText("target")},
                    {"cpu", libraryText("cpu")},
                    {"schedule", libraryText("schedule")},
                    {"compiled_by",
                     json::Object{{"hardwood", libraryText("hardwood_version")},
                                  {"llvm", libraryText("llvm_version")}}}}},
      {"input", json::Object{{"path", std::string(benchInput)},
                             {"rows", input.rows()},
                             {"features", input.columns()},
                             {"dtype", hw_dtype_name(input.dtype)},
                             {"bytes_per_row", bytesPerRow}}},
      {"threads", json::Object{{"1", 1}, {"all", allThreads}}},
      {"machine", std::move(machine)},
      {"versions", std::move(versions)},
      {"agreement",
       agreement ? json::Value(std::move(*agreement)) : json::Value(nullptr)},
      {"node_visits", std::move(visits)},
      {"results", std::move(results)},
      {"latency", std::move(latency)}};
}

int runBench() {
  if (std::optional<int> status = printTargetHelpIfAsked())
    return *status;
  // A bad --kind fails while parsing (exit 2); so does an unknown target.
  if (Expected<TargetDescription> target = resolveTarget(selectedTarget());
      !target) {
    WithColor::error(errs(), "hardwood bench")
        << toString(target.takeError()) << "\n";
    return 2;
  }
  Expected<NpyArray> input = readRows(benchInput);
  if (!input)
    return fail(toString(input.takeError()));
  if (!(benchMinTime > 0))
    return fail("--min-time must be positive");
  if (input->shape.size() != 2)
    return fail(benchInput + ": expected a 2-D array of rows");
  if (input->rows() < 1)
    return fail(benchInput + ": no rows to time");
  auto openStart = std::chrono::steady_clock::now();
  Expected<LoadedModel> model = LoadedModel::open(benchModel, selectedTarget());
  // Compile (for a model file) and load time, for the report.
  double openSeconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - openStart)
                           .count();
  if (!model)
    return fail(toString(model.takeError()));
  hw_kind kind = model->resolveKind(selectedKind());
  int64_t rows = input->rows(), columns = input->columns(), features = 0,
          width = 0;
  hw_dtype outDtype;
  hw_model_num_features(model->get(), &features);
  if (columns != features)
    return fail(benchInput + ": rows have " + Twine(columns) +
                " features; the model expects " + Twine(features));
  if (hw_model_output_width(model->get(), kind, &width) != HW_OK ||
      hw_model_output_dtype(model->get(), kind, &outDtype) != HW_OK)
    return fail(hw_last_error());
  size_t inElement = hw_dtype_size(input->dtype);
  std::vector<char> out(rows * width * hw_dtype_size(outDtype));
  unsigned allThreads = benchThreads > 0
                            ? benchThreads
                            : std::max(1u, std::thread::hardware_concurrency());

  // Full prediction for agreement.
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  if (hw_predict(model->get(), kind, input->data.data(), input->dtype, rows,
                 columns, out.data(), &options) != HW_OK)
    return fail(hw_last_error());

  std::vector<int64_t> batches;
  for (int64_t batch : benchBatches)
    batches.push_back(std::clamp<int64_t>(batch, 1, rows));
  if (batches.empty())
    batches = {1, std::min<int64_t>(64, rows), std::min<int64_t>(4096, rows),
               rows};
  llvm::sort(batches);
  batches.erase(std::unique(batches.begin(), batches.end()), batches.end());
  std::vector<Timing> timings;
  std::vector<std::pair<int, Latency>> latencies;
  std::vector<int> threadCounts = {1};
  if (allThreads > 1)
    threadCounts.push_back(static_cast<int>(allThreads));
  for (int threadCount : threadCounts) {
    options.threads = threadCount;
    latencies.push_back(
        {threadCount, timeSingleCalls(
                          [&, row = int64_t(0)]() mutable {
                            hw_predict(
                                model->get(), kind,
                                input->data.data() + row * columns * inElement,
                                input->dtype, 1, columns, out.data(), &options);
                            row = row + 1 == rows ? 0 : row + 1;
                          },
                          benchMinTime)});
  }
  for (int64_t batch : batches) {
    // One variant per thread count, timed in alternating rounds. Each walks
    // through the input so small batches do not sit in L1.
    std::vector<hw_predict_options> variantOptions(threadCounts.size(),
                                                   HW_PREDICT_OPTIONS_INIT);
    std::vector<int64_t> offsets(threadCounts.size(), 0);
    std::vector<std::function<void()>> calls;
    for (size_t v = 0; v < threadCounts.size(); ++v) {
      variantOptions[v].threads = threadCounts[v];
      calls.push_back([&, v] {
        int64_t &offset = offsets[v];
        if (offset + batch > rows)
          offset = 0;
        hw_predict(model->get(), kind,
                   input->data.data() + offset * columns * inElement,
                   input->dtype, batch, columns, out.data(),
                   &variantOptions[v]);
        offset += batch;
      });
    }
    std::vector<double> scaling;
    std::vector<double> perCall =
        timeAlternatingCalls(calls, benchMinTime, scaling);
    for (size_t v = 0; v < threadCounts.size(); ++v)
      timings.push_back(
          {batch, threadCounts[v], perCall[v] / batch, scaling[v]});
  }
  // Reported by thread count, then batch.
  llvm::sort(timings, [](const Timing &a, const Timing &b) {
    return std::make_pair(a.threads, a.batch) <
           std::make_pair(b.threads, b.batch);
  });
  // Restore the full prediction (timing runs overwrote the first rows).
  options.threads = 0;
  hw_predict(model->get(), kind, input->data.data(), input->dtype, rows,
             columns, out.data(), &options);

  // Reference.
  json::Object reference;
  bool haveReference = false;
  std::optional<json::Object> agreement;
  if (benchReference != ReferenceOption::None) {
    SmallString<128> refOut, refJson;
    sys::fs::createTemporaryFile("hardwood-ref", "npy", refOut);
    sys::fs::createTemporaryFile("hardwood-ref", "json", refJson);
    FileRemover removeOut(refOut), removeJson(refJson);
    std::vector<std::string> args = {"/usr/bin/python3",
                                     "-m",
                                     "hardwood.bench_reference",
                                     benchModel,
                                     "--input",
                                     benchInput,
                                     "--kind",
                                     hw_kind_name(kind),
                                     "--output",
                                     std::string(refOut),
                                     "--report",
                                     std::string(refJson),
                                     "--reference",
                                     referenceName(benchReference),
                                     "--threads",
                                     std::to_string(allThreads),
                                     "--min-time",
                                     std::to_string(benchMinTime)};
    if (!benchReferenceModel.empty()) {
      args.push_back("--reference-model");
      args.push_back(benchReferenceModel);
    }
    for (int64_t batch : batches) {
      args.push_back("--batch");
      args.push_back(std::to_string(batch));
    }
    std::vector<StringRef> argRefs(args.begin(), args.end());
    int status = sys::ExecuteAndWait(args[0], argRefs);
    if (status != 0) {
      WithColor::warning(errs(), "hardwood bench")
          << "reference run failed (exit " << status
          << "); reporting Hardwood alone\n";
    } else {
      auto buffer = MemoryBuffer::getFile(refJson);
      Expected<json::Value> parsed =
          buffer ? json::parse((*buffer)->getBuffer())
                 : Expected<json::Value>(errorCodeToError(buffer.getError()));
      Expected<NpyArray> refValues = readRows(std::string(refOut));
      if (!parsed || !parsed->getAsObject() || !refValues) {
        // Say why instead of silently reporting Hardwood alone.
        std::string why;
        if (!parsed)
          why = toString(parsed.takeError());
        else if (!parsed->getAsObject())
          why = "the reference report is not a JSON object";
        if (!refValues)
          why += (why.empty() ? "" : "; ") + toString(refValues.takeError());
        WithColor::warning(errs(), "hardwood bench")
            << "cannot read the reference's results (" << why
            << "); reporting Hardwood alone\n";
      } else {
        reference = *parsed->getAsObject();
        haveReference = true;
        // Agreement.
        auto value = [](const NpyArray &a, int64_t i) -> double {
          if (a.dtype == HW_DTYPE_F32)
            return reinterpret_cast<const float *>(a.data.data())[i];
          if (a.dtype == HW_DTYPE_F64)
            return reinterpret_cast<const double *>(a.data.data())[i];
          return reinterpret_cast<const int32_t *>(a.data.data())[i];
        };
        NpyArray ours{outDtype, {rows, width}, out};
        int64_t count = rows * width;
        if ((int64_t)(refValues->data.size() /
                      hw_dtype_size(refValues->dtype)) != count) {
          outs() << "agreement: reference output has a different shape\n";
          agreement = json::Object{
              {"library", reference.getString("library").value_or("?").str()},
              {"ok", false},
              {"what", "reference output has a different shape"}};
        } else {
          // DESIGN.md's parity: 1e-5 relative for float32 models, 1e-9
          // for float64 ones; leaves and labels must match exactly.
          hw_dtype modelDtype = HW_DTYPE_F64;
          hw_model_input_dtype(model->get(), &modelDtype);
          bool exact = kind == HW_KIND_LEAF || outDtype == HW_DTYPE_I32 ||
                       (kind == HW_KIND_PREDICT &&
                        reference.getString("task") == "classification");
          double tolerance = exact                        ? 0.0
                             : modelDtype == HW_DTYPE_F32 ? 1e-5
                                                          : 1e-9;
          double maxAbs = 0, maxRel = 0;
          int64_t mismatches = 0;
          for (int64_t i = 0; i < count; ++i) {
            double a = value(ours, i), b = value(*refValues, i);
            double diff = std::fabs(a - b);
            if (std::isnan(a) != std::isnan(b))
              diff = INFINITY;
            double relative = diff / std::max(1.0, std::fabs(b));
            maxAbs = std::max(maxAbs, diff);
            maxRel = std::max(maxRel, relative);
            mismatches += relative > tolerance;
          }
          const char *what = kind == HW_KIND_LEAF ? "leaf mismatches"
                             : exact              ? "label mismatches"
                                                  : "values outside tolerance";
          agreement = json::Object{
              {"library", reference.getString("library").value_or("?").str()},
              {"max_abs_error", maxAbs},
              {"max_relative_error", maxRel},
              {"tolerance", tolerance},
              {"mismatches", mismatches},
              {"count", count},
              {"what", what},
              {"ok", mismatches == 0}};
          outs() << formatv("agreement vs {0}: max abs error {1:e3}, max "
                            "error / max(1,|ref|) {2:e3} (tolerance {6:e0}), "
                            "{3} of {4} {5}\n",
                            reference.getString("library").value_or("?"),
                            maxAbs, maxRel, mismatches, count, what, tolerance);
        }
      }
    }
  }

  outs() << formatv("\n{0,-8} {1,8} {2,14} {3,12} {4,14} {5,12} {6,9} {7,11}\n",
                    "threads", "batch", "hardwood r/s", "ns/row",
                    "reference r/s", "ns/row", "speedup", "x 1 thread");
  for (const Timing &t : timings) {
    double ours = t.secondsPerRow * 1e9;
    std::string refRate = "-", refNs = "-", speedup = "-";
    if (haveReference) {
      std::string key = std::to_string(t.threads == 1 ? 1 : 0) + ":" +
                        std::to_string(t.batch);
      if (auto ns = reference.getObject("ns_per_row")
                        ? reference.getObject("ns_per_row")->getNumber(key)
                        : std::nullopt) {
        refRate = formatv("{0:f0}", 1e9 / *ns).str();
        refNs = formatv("{0:f1}", *ns).str();
        speedup = formatv("{0:f2}x", *ns / ours).str();
      }
    }
    std::string scaling =
        t.threads == 1 ? "-" : formatv("{0:f2}x", t.threadScaling).str();
    outs() << formatv(
        "{0,-8} {1,8} {2,14:f0} {3,12:f1} {4,14} {5,12} {6,9} {7,11}\n",
        t.threads, t.batch, 1.0 / t.secondsPerRow, ours, refRate, refNs,
        speedup, scaling);
  }
  if (!benchReport.empty()) {
    json::Object report = buildReport(
        *model, kind, *input, timings, latencies, reference, haveReference,
        std::move(agreement), allThreads, openSeconds);
    if (Error error = writeBenchReport(benchReport, report))
      return fail(toString(std::move(error)));
  }
  return 0;
}

} // namespace hardwood
