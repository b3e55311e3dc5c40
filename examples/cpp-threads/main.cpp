// Predicts with a model linked into the program from 8 threads at once and
// checks that every thread gets exactly the single-threaded results: one
// hw_model serves all threads, with no locks and no Python.
//
//   cpp_threads ROWS.bin [EXPECTED.bin]
//
// ROWS.bin holds float32 rows of CLASSIFIER_NUM_FEATURES values (C order);
// EXPECTED.bin, when given, float64 class probabilities (for example
// scikit-learn's predict_proba), compared within 1e-5 * max(1, |expected|).
// The model is compiled with
//   hardwood compile model.json -o classifier.a --emit static
//            --header classifier.h --name classifier

#include "classifier.h"

#include <hardwood/hardwood.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <thread>
#include <vector>

namespace {

constexpr int64_t kFeatures = CLASSIFIER_NUM_FEATURES;
constexpr int64_t kWidth = CLASSIFIER_PROBA_WIDTH;
constexpr int kThreads = 8;

template <typename T> bool readArray(const char *path, std::vector<T> &out) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return false;
  std::vector<char> bytes((std::istreambuf_iterator<char>(file)),
                          std::istreambuf_iterator<char>());
  if (bytes.size() % sizeof(T) != 0)
    return false;
  out.resize(bytes.size() / sizeof(T));
  std::memcpy(out.data(), bytes.data(), bytes.size());
  return true;
}

using ModelPtr = std::unique_ptr<hw_model, decltype(&hw_model_free)>;

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s ROWS.bin [EXPECTED.bin]\n", argv[0]);
    return 2;
  }
  std::vector<float> rows;
  if (!readArray(argv[1], rows) || rows.size() % kFeatures != 0) {
    std::fprintf(stderr, "%s: cannot read float32 rows of %lld features\n",
                 argv[1], static_cast<long long>(kFeatures));
    return 1;
  }
  const int64_t n = static_cast<int64_t>(rows.size()) / kFeatures;

  // The descriptor of the linked model; nothing is loaded from disk.
  hw_model *raw = nullptr;
  if (hw_model_from_descriptor(hardwood_model_classifier(), &raw) != HW_OK) {
    std::fprintf(stderr, "hw_model_from_descriptor: %s\n", hw_last_error());
    return 1;
  }
  ModelPtr model(raw, hw_model_free);

  hw_predict_options oneThread = HW_PREDICT_OPTIONS_INIT;
  oneThread.threads = 1;
  std::vector<float> reference(n * kWidth);
  if (hw_predict(model.get(), HW_KIND_PROBA, rows.data(), HW_DTYPE_F32, n,
                 kFeatures, reference.data(), &oneThread) != HW_OK) {
    std::fprintf(stderr, "hw_predict: %s\n", hw_last_error());
    return 1;
  }

  // Eight threads predict all rows concurrently, each in batches of its own
  // size (batch 1 up to the whole batch), each on the calling thread only.
  const int64_t batchSizes[kThreads] = {1, 3, 16, 64, 100, 500, 4096, n};
  std::vector<std::vector<float>> results(kThreads,
                                          std::vector<float>(n * kWidth));
  std::atomic<int> failures{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < kThreads; ++t)
    workers.emplace_back([&, t] {
      int64_t batch = std::max<int64_t>(batchSizes[t], 1);
      for (int64_t begin = 0; begin < n; begin += batch) {
        int64_t count = std::min(batch, n - begin);
        if (hw_predict(model.get(), HW_KIND_PROBA, &rows[begin * kFeatures],
                       HW_DTYPE_F32, count, kFeatures,
                       &results[t][begin * kWidth], &oneThread) != HW_OK) {
          std::fprintf(stderr, "thread %d: hw_predict: %s\n", t,
                       hw_last_error());
          ++failures;
          return;
        }
      }
    });
  for (std::thread &worker : workers)
    worker.join();
  if (failures)
    return 1;

  // One call split by the runtime over 8 threads of its pool.
  hw_predict_options pooled = HW_PREDICT_OPTIONS_INIT;
  pooled.threads = kThreads;
  results.emplace_back(n * kWidth);
  if (hw_predict(model.get(), HW_KIND_PROBA, rows.data(), HW_DTYPE_F32, n,
                 kFeatures, results.back().data(), &pooled) != HW_OK) {
    std::fprintf(stderr, "hw_predict (pool): %s\n", hw_last_error());
    return 1;
  }

  int mismatches = 0;
  for (size_t t = 0; t < results.size(); ++t)
    if (std::memcmp(results[t].data(), reference.data(),
                    reference.size() * sizeof(float)) != 0) {
      std::fprintf(stderr, "%s %zu: results differ from single-threaded\n",
                   t < kThreads ? "thread" : "pooled call", t);
      ++mismatches;
    }

  if (argc == 3) {
    std::vector<double> expected;
    if (!readArray(argv[2], expected) || expected.size() != reference.size()) {
      std::fprintf(stderr, "%s: expected %lld float64 values\n", argv[2],
                   static_cast<long long>(reference.size()));
      return 1;
    }
    double maxError = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
      double error = std::fabs(reference[i] - expected[i]);
      maxError = std::max(maxError, error);
      if (!(error <= 1e-5 * std::max(1.0, std::fabs(expected[i])))) {
        if (++mismatches <= 5)
          std::fprintf(stderr, "row %zu, class %zu: %.9g, expected %.9g\n",
                       i / kWidth, i % kWidth, reference[i], expected[i]);
      }
    }
    std::printf("max |error| against the reference: %.3g\n", maxError);
  }
  if (mismatches) {
    std::fprintf(stderr, "FAILED: %d mismatches\n", mismatches);
    return 1;
  }
  std::printf("%lld rows from %d threads (batches of 1 to %lld rows) and a "
              "pooled call: identical to single-threaded\n",
              static_cast<long long>(n), kThreads, static_cast<long long>(n));
  return 0;
}
