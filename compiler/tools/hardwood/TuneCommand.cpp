//===- TuneCommand.cpp - hardwood compile --tune --------------------------===//
//
// Measures the candidate schedules of a model on this host and compiles the
// fastest: the compiler lists the candidates (the cost model's choice first)
// and synthesizes sample rows (hardwood/Driver/Tuning.h); this file compiles
// each candidate to a temporary shared library, loads it through the
// runtime, checks that its outputs are bit-identical to the cost model's
// choice's on the sample rows for every prediction kind, times it (one
// thread, the minimum over rounds that visit every candidate in turn) and
// compiles the winner to the output with the measurements in its build
// info. docs/design.md ("Schedules", "--tune") describes it.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "LoadedModel.h"
#include "Options.h"

#include "hardwood/Driver/Compile.h"
#include "hardwood/Driver/Tuning.h"
#include "hardwood/hardwood.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <memory>

using namespace llvm;

namespace hardwood {

namespace {
using Clock = std::chrono::steady_clock;

Error makeError(const Twine &message) {
  return createStringError(inconvertibleErrorCode(), message);
}

double secondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// One candidate: its temporary library, loaded, and its timings.
struct Candidate {
  std::string schedule;
  std::string library;
  hw_model *model = nullptr;
  /// Calls per timing sample (at least ~2 ms of work each).
  int64_t calls = 1;
  double bestSeconds = 0;
  double nsPerRow() const { return bestSeconds * 1e9 / rowsTimed; }
  int64_t rowsTimed = 1;
  /// Timing samples taken; whether it is still timed.
  int samples = 0;
  bool timed = true;
  Candidate() = default;
  Candidate(const Candidate &) = delete;
  ~Candidate() {
    if (model)
      hw_model_free(model);
    if (!library.empty())
      sys::fs::remove(library);
  }
};

/// The sample rows: synthesized ones in the model's input type, rows from
/// --tune-data in the file's.
struct SampleRows {
  hw_dtype dtype = HW_DTYPE_F32;
  int64_t rows = 0;
  std::vector<char> data;
  std::string source; ///< The file, or "synthesized".
};

Expected<SampleRows> readSampleRows(const TuningPlan &plan) {
  SampleRows sample;
  sample.dtype = plan.float32Input ? HW_DTYPE_F32 : HW_DTYPE_F64;
  size_t width = plan.float32Input ? sizeof(float) : sizeof(double);
  int64_t wanted = compileTuneRows;
  if (compileTuneData.empty()) {
    sample.source = "synthesized";
    sample.rows = static_cast<int64_t>(plan.syntheticRows.size()) /
                  std::max<int64_t>(plan.numFeatures, 1);
    sample.data.resize(plan.syntheticRows.size() * width);
    for (size_t i = 0; i < plan.syntheticRows.size(); ++i) {
      if (plan.float32Input) {
        float v = static_cast<float>(plan.syntheticRows[i]);
        std::memcpy(&sample.data[i * width], &v, width);
      } else {
        std::memcpy(&sample.data[i * width], &plan.syntheticRows[i], width);
      }
    }
    return sample;
  }
  sample.source = compileTuneData;
  Expected<NpyArray> array = readRows(compileTuneData);
  if (!array)
    return makeError("--tune-data " + toString(array.takeError()));
  // A 1-D array is one row.
  int64_t rows = array->shape.size() == 1 ? 1 : array->rows();
  int64_t columns =
      array->shape.size() == 1 ? array->shape[0] : array->columns();
  if (columns != plan.numFeatures)
    return makeError("--tune-data " + compileTuneData + ": rows of " +
                     Twine(columns) + " features; the model takes " +
                     Twine(plan.numFeatures));
  if (rows < 1)
    return makeError("--tune-data " + compileTuneData +
                     ": no rows to time the candidates on");
  sample.rows = std::min(rows, wanted);
  // The rows keep the file's element type, as a caller passing them to
  // hw_predict would: a float64 linear model reads float32 rows directly,
  // other mismatches convert in the runtime (float64 data for a float32
  // model rounding as numpy's astype does), and that is what gets timed.
  // Converting here instead timed a float64 Ridge on rows twice the size
  // of the ones the benchmark passes, and ranked its schedules otherwise.
  sample.dtype = array->dtype;
  size_t bytes =
      static_cast<size_t>(sample.rows * columns) * hw_dtype_size(array->dtype);
  sample.data.assign(array->data.begin(), array->data.begin() + bytes);
  return sample;
}

/// Output bytes of `kind` for `rows` rows.
size_t outputBytes(hw_model *model, hw_kind kind, int64_t rows) {
  int64_t width = 0;
  hw_dtype dtype = HW_DTYPE_F64;
  hw_model_output_width(model, kind, &width);
  hw_model_output_dtype(model, kind, &dtype);
  return static_cast<size_t>(rows * width) * hw_dtype_size(dtype);
}

/// `kind` of the sample's rows (or of the same number of rows of its dtype
/// at `rows`, a slice of the streamed copies) on one thread.
Error predict(hw_model *model, hw_kind kind, const SampleRows &sample,
              int64_t numFeatures, std::vector<char> &out,
              const char *rows = nullptr) {
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = 1;
  if (hw_predict(model, kind, rows ? rows : sample.data.data(), sample.dtype,
                 sample.rows, numFeatures, out.data(), &options) != HW_OK)
    return makeError(Twine("prediction failed: ") + hw_last_error());
  return Error::success();
}

/// Bytes of the buffer timed calls stream their rows from: more than the
/// last-level caches of the CPUs met (32 MiB per AMD CCD, 32-60 MiB on
/// Intel servers).
constexpr size_t kStreamBytes = size_t{96} << 20;

/// Copies of the sample's rows filling about kStreamBytes (one copy when
/// the sample alone is that large). Timed calls take the next copy each, so
/// they read rows the caches do not hold, as the calls of a large batch
/// do: timed on the same 4,096 rows again and again (all in L2 or L3), the
/// suite's Ridge ran 12.6 ns/row with 4 lanes against 16.4 with 8, but
/// 40.7-43.6 against 35.5-36.4 streaming 100,000 distinct rows (AMD EPYC
/// znver4, hardwood bench), and the tuner picked the slower one.
std::vector<char> streamedCopies(const SampleRows &sample) {
  size_t copies = std::max<size_t>(1, kStreamBytes / sample.data.size());
  std::vector<char> stream;
  stream.reserve(copies * sample.data.size());
  for (size_t i = 0; i < copies; ++i)
    stream.insert(stream.end(), sample.data.begin(), sample.data.end());
  return stream;
}

/// The first element where `got` and `want` differ, as text.
std::string firstDifference(hw_model *model, hw_kind kind,
                            const std::vector<char> &got,
                            const std::vector<char> &want) {
  int64_t width = 0;
  hw_dtype dtype = HW_DTYPE_F64;
  hw_model_output_width(model, kind, &width);
  hw_model_output_dtype(model, kind, &dtype);
  size_t size = hw_dtype_size(dtype);
  for (size_t i = 0; i * size < got.size(); ++i) {
    if (std::memcmp(&got[i * size], &want[i * size], size) == 0)
      continue;
    auto value = [&](const std::vector<char> &bytes) {
      std::string text;
      raw_string_ostream os(text);
      if (dtype == HW_DTYPE_F32) {
        float v;
        std::memcpy(&v, &bytes[i * size], size);
        os << format("%.9g", v);
      } else if (dtype == HW_DTYPE_F64) {
        double v;
        std::memcpy(&v, &bytes[i * size], size);
        os << format("%.17g", v);
      } else {
        int32_t v;
        std::memcpy(&v, &bytes[i * size], sizeof(v));
        os << v;
      }
      return text;
    };
    return ("row " + Twine(i / width) + ", output " + Twine(i % width) + ": " +
            value(got) + " instead of " + value(want))
        .str();
  }
  return "no difference";
}

Error tuneAndCompile(CompileOptions options, bool progress) {
  auto started = Clock::now();
  Expected<TuningPlan> plan =
      planTuning(options, compileTuneData.empty() ? compileTuneRows : 0);
  if (!plan)
    return plan.takeError();
  Expected<SampleRows> sample = readSampleRows(*plan);
  if (!sample)
    return sample.takeError();
  // Float32 rows for a float64 tree model run its float32-row kernels: those
  // are what gets timed, so their schedules are the candidates (the float64
  // kernels keep the cost model's choice).
  bool float32Rows =
      sample->dtype == HW_DTYPE_F32 && !plan->float32RowsCandidates.empty();
  if (float32Rows) {
    plan->candidates = plan->float32RowsCandidates;
    plan->costModelReason = plan->float32RowsCostModelReason;
  }
  size_t count = plan->candidates.size();
  if (progress)
    errs() << "hardwood: tuning " << options.modelPath << " on this host ("
           << plan->hostCpu << "): " << count << " candidate schedules, "
           << sample->rows << " " << sample->source << " rows"
           << (float32Rows ? " (float32: the float32-row kernels' schedules)"
                           : "")
           << "\n";

  // Compile and load every candidate.
  std::vector<std::unique_ptr<Candidate>> candidates;
  for (size_t i = 0; i < count; ++i) {
    auto candidate = std::make_unique<Candidate>();
    candidate->schedule = plan->candidates[i];
    SmallString<256> temp;
    if (std::error_code ec =
            sys::fs::createTemporaryFile("hardwood-tune", "so", temp))
      return makeError("cannot create a temporary library: " + ec.message());
    candidate->library = std::string(temp);
    CompileOptions compile = options;
    (float32Rows ? compile.float32RowsSchedule : compile.schedule) =
        candidate->schedule;
    compile.outputPath = candidate->library;
    compile.emit = EmitKind::SharedLibrary;
    compile.headerPath.clear();
    compile.printAfter.clear();
    compile.timeReport = false;
    compile.tuning.reset();
    if (progress)
      errs() << "hardwood: tuning: compiling " << (i + 1) << "/" << count
             << ": " << candidate->schedule << "\n";
    if (Error error = compileModel(compile, nulls()))
      return makeError("candidate schedule '" + candidate->schedule +
                       "' failed to compile (a compiler bug: every "
                       "candidate should lower): " +
                       toString(std::move(error)));
    if (hw_model_load(candidate->library.c_str(), nullptr, &candidate->model) !=
        HW_OK)
      return makeError("candidate schedule '" + candidate->schedule +
                       "': cannot load its library: " + hw_last_error());
    candidates.push_back(std::move(candidate));
  }
  double compileSeconds = secondsSince(started);

  // Every kind of every candidate must be bit-identical to the cost
  // model's choice: the strategies reorder no arithmetic.
  hw_model *reference = candidates[0]->model;
  // The kind `hardwood predict` would run by default.
  hw_kind kind = defaultKindOf(reference);
  uint32_t kinds = 0;
  hw_model_supported_kinds(reference, &kinds);
  for (unsigned k = 0; k < HW_KIND_COUNT; ++k) {
    if (!(kinds & (1u << k)))
      continue;
    auto current = static_cast<hw_kind>(k);
    std::vector<char> want(outputBytes(reference, current, sample->rows));
    if (Error error =
            predict(reference, current, *sample, plan->numFeatures, want))
      return error;
    for (size_t i = 1; i < count; ++i) {
      std::vector<char> got(want.size());
      if (Error error = predict(candidates[i]->model, current, *sample,
                                plan->numFeatures, got))
        return error;
      if (got != want)
        return makeError(
            "schedule '" + candidates[i]->schedule + "' computes " +
            hw_kind_name(current) + " differently from the cost model's '" +
            candidates[0]->schedule + "' on the sample rows (" +
            sample->source + "; " +
            firstDifference(reference, current, got, want) +
            "): the strategies must agree bit for bit; please report this "
            "model");
    }
  }

  // Timing: calibrate each candidate to ~2 ms per sample (short enough
  // that on a busy machine many samples run without being preempted), then
  // rounds that visit every candidate in turn (so a machine's drift hits
  // all of them alike) until the budget is spent, at least 3 and at most
  // 200; the minimum of each candidate's samples counts. After 3 rounds a
  // candidate over 1.5x the fastest so far is timed no more (it cannot
  // win; the cost model's choice is always timed), so the budget goes to
  // the contenders.
  std::vector<char> out(outputBytes(reference, kind, sample->rows));
  std::vector<char> stream = streamedCopies(*sample);
  const size_t copyBytes = sample->data.size();
  const size_t copies = stream.size() / copyBytes;
  size_t nextCopy = 0;
  auto timeCalls = [&](Candidate &c, int64_t calls) -> Expected<double> {
    auto start = Clock::now();
    for (int64_t call = 0; call < calls; ++call) {
      const char *rows = stream.data() + nextCopy * copyBytes;
      nextCopy = nextCopy + 1 == copies ? 0 : nextCopy + 1;
      if (Error error =
              predict(c.model, kind, *sample, plan->numFeatures, out, rows))
        return std::move(error);
    }
    return secondsSince(start);
  };
  for (auto &c : candidates) {
    Expected<double> once = timeCalls(*c, 1);
    if (!once)
      return once.takeError();
    c->calls = std::clamp<int64_t>(
        static_cast<int64_t>(std::ceil(0.002 / std::max(*once, 1e-9))), 1,
        1000000);
    c->rowsTimed = sample->rows;
  }
  constexpr int kMinRounds = 3, kMaxRounds = 200;
  constexpr double kDropAbove = 1.5;
  auto timingStarted = Clock::now();
  int rounds = 0;
  for (; rounds < kMaxRounds; ++rounds) {
    if (rounds >= kMinRounds) {
      if (secondsSince(timingStarted) > compileTuneTimeBudget)
        break;
      double best = candidates[0]->bestSeconds;
      for (auto &c : candidates)
        best = std::min(best, c->bestSeconds);
      for (size_t i = 1; i < count; ++i)
        if (candidates[i]->bestSeconds > kDropAbove * best)
          candidates[i]->timed = false;
    }
    for (auto &c : candidates) {
      if (!c->timed)
        continue;
      Expected<double> seconds = timeCalls(*c, c->calls);
      if (!seconds)
        return seconds.takeError();
      double perCall = *seconds / c->calls;
      if (c->samples == 0 || perCall < c->bestSeconds)
        c->bestSeconds = perCall;
      ++c->samples;
    }
  }
  double timingSeconds = secondsSince(timingStarted);

  size_t winner = 0;
  for (size_t i = 1; i < count; ++i)
    if (candidates[i]->bestSeconds < candidates[winner]->bestSeconds)
      winner = i;
  double ratio = candidates[0]->bestSeconds / candidates[winner]->bestSeconds;

  json::Array measured;
  for (auto &c : candidates)
    measured.push_back(
        json::Object{{"schedule", "#hardwood.schedule<" + c->schedule + ">"},
                     {"ns_per_row", std::round(c->nsPerRow() * 100) / 100},
                     {"samples", c->samples}});
  json::Object tuning{
      {"winner", "#hardwood.schedule<" + candidates[winner]->schedule + ">"},
      {"cost_model_choice",
       "#hardwood.schedule<" + candidates[0]->schedule + ">"},
      {"cost_model_reason", plan->costModelReason},
      {"cost_model_ratio", std::round(ratio * 1000) / 1000},
      {"host_cpu", plan->hostCpu},
      {"kind", hw_kind_name(kind)},
      {"kernels", float32Rows ? "float32_rows" : "input_type"},
      {"rows", sample->rows},
      {"data", sample->source},
      {"threads", 1},
      {"rounds", rounds},
      {"candidates", std::move(measured)}};
  if (progress) {
    errs() << "hardwood: tuning: " << rounds << " rounds of " << count
           << " candidates, " << hw_kind_name(kind) << ", 1 thread ("
           << format("%.1f", compileSeconds) << " s compiling, "
           << format("%.1f", timingSeconds) << " s timing); ns/row:\n";
    for (size_t i = 0; i < count; ++i)
      errs() << format("  %10.1f  ", candidates[i]->nsPerRow())
             << candidates[i]->schedule << (i == winner ? "  <- fastest" : "")
             << (i == 0 ? "  (cost model)" : "") << "\n";
    errs() << "hardwood: tuning: the cost model's choice takes "
           << format("%.3f", ratio) << "x the fastest's time\n";
  }
  (float32Rows ? options.float32RowsSchedule : options.schedule) =
      candidates[winner]->schedule;
  options.tuning = std::move(tuning);
  // The libraries go before the final compile writes the output.
  candidates.clear();
  if (Error error = compileModel(options, errs()))
    return error;
  if (progress)
    errs() << "hardwood: wrote " << options.outputPath << " in "
           << format("%.2f", secondsSince(started)) << " s\n";
  return Error::success();
}
} // namespace

int runTunedCompile(const CompileOptions &options, bool progress) {
  if (Error error = tuneAndCompile(options, progress)) {
    WithColor::error(errs(), "hardwood compile")
        << toString(std::move(error)) << "\n";
    return 1;
  }
  return 0;
}

} // namespace hardwood
