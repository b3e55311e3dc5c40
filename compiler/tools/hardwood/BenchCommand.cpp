//===- BenchCommand.cpp - hardwood bench ----------------------------------===//
//
// Times the compiled model through the runtime at several batch sizes and
// thread counts, has the reference library predict and time the same rows
// (python3 -m hardwood.bench_reference), and prints agreement and speed.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "LoadedModel.h"
#include "Options.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/WithColor.h"

#include <chrono>
#include <cmath>
#include <thread>

using namespace llvm;

namespace hardwood {

static int fail(const Twine &message) {
  WithColor::error(errs(), "hardwood bench") << message << "\n";
  return 1;
}

/// Seconds per call of `fn`, repeated until about `budget` seconds pass.
template <typename Fn> static double timeCalls(Fn fn, double budget = 0.25) {
  using clock = std::chrono::steady_clock;
  fn(); // Warm caches and the thread pool.
  int64_t calls = 0;
  auto start = clock::now();
  double elapsed = 0;
  do {
    fn();
    ++calls;
    elapsed = std::chrono::duration<double>(clock::now() - start).count();
  } while (elapsed < budget && calls < 1000000);
  return elapsed / calls;
}

struct Timing {
  int64_t batch;
  int threads;
  double secondsPerRow;
};

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
  if (input->shape.size() != 2)
    return fail(benchInput + ": expected a 2-D array of rows");
  Expected<LoadedModel> model = LoadedModel::open(benchModel, selectedTarget());
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

  std::vector<int64_t> batches(benchBatches.begin(), benchBatches.end());
  if (batches.empty())
    batches = {1, 64, 4096, rows};
  std::vector<Timing> timings;
  for (int threadCount : {1, static_cast<int>(allThreads)}) {
    for (int64_t batch : batches) {
      batch = std::min(batch, rows);
      options.threads = threadCount;
      // Walk through the input so small batches do not sit in L1.
      int64_t offset = 0;
      double perCall = timeCalls([&] {
        if (offset + batch > rows)
          offset = 0;
        hw_predict(model->get(), kind,
                   input->data.data() + offset * columns * inElement,
                   input->dtype, batch, columns, out.data() + 0, &options);
        offset += batch;
      });
      timings.push_back({batch, threadCount, perCall / batch});
      if (threadCount == 1 && allThreads == 1)
        continue;
    }
    if (allThreads == 1)
      break;
  }
  // Restore the full prediction (timing runs overwrote the first rows).
  options.threads = 0;
  hw_predict(model->get(), kind, input->data.data(), input->dtype, rows,
             columns, out.data(), &options);

  // Reference.
  json::Object reference;
  bool haveReference = false;
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
                                     std::to_string(allThreads)};
    if (!benchReferenceModel.empty()) {
      args.push_back("--reference-model");
      args.push_back(benchReferenceModel);
    }
    for (int64_t batch : batches) {
      args.push_back("--batch");
      args.push_back(std::to_string(std::min(batch, rows)));
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
      if (parsed && parsed->getAsObject() && refValues) {
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
          outs() << formatv("agreement vs {0}: max abs error {1:e3}, max "
                            "error / max(1,|ref|) {2:e3} (tolerance {6:e0}), "
                            "{3} of {4} {5}\n",
                            reference.getString("library").value_or("?"),
                            maxAbs, maxRel, mismatches, count, what, tolerance);
        }
      }
    }
  }

  outs() << formatv("\n{0,-8} {1,8} {2,14} {3,12} {4,14} {5,12} {6,9}\n",
                    "threads", "batch", "hardwood r/s", "ns/row",
                    "reference r/s", "ns/row", "speedup");
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
    outs() << formatv("{0,-8} {1,8} {2,14:f0} {3,12:f1} {4,14} {5,12} {6,9}\n",
                      t.threads, t.batch, 1.0 / t.secondsPerRow, ours, refRate,
                      refNs, speedup);
  }
  if (!benchReport.empty()) {
    json::Array entries;
    for (const Timing &t : timings)
      entries.push_back(json::Object{{"threads", t.threads},
                                     {"batch", t.batch},
                                     {"ns_per_row", t.secondsPerRow * 1e9}});
    std::error_code ec;
    raw_fd_ostream os(benchReport, ec);
    if (ec)
      return fail("cannot write " + benchReport + ": " + ec.message());
    os << json::Value(json::Object{{"hardwood", std::move(entries)},
                                   {"reference", std::move(reference)}});
  }
  return 0;
}

} // namespace hardwood
