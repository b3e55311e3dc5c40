// Many threads predicting on one model at once, small and large batches, both
// input dtypes: every result must equal the single-threaded one. Also built
// with ThreadSanitizer (hardwood_runtime_tsan_tests).
#include "TestUtil.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace hardwood::test;

namespace {

constexpr int kCallerThreads = 12;

struct Workload {
  hw_kind kind;
  int64_t rows;
  hw_dtype dtype;
  int32_t threads;
};

/// Runs the workloads from kCallerThreads threads at once, six each, and
/// expects every output to equal its single-threaded one, computed first.
void expectConcurrentCallsMatch(const hw_model_descriptor *desc,
                                const std::vector<Workload> &workloads,
                                const std::vector<float> &x32,
                                const std::vector<double> &x64,
                                int64_t stride) {
  ModelPtr model = modelFrom(desc);
  std::vector<std::vector<unsigned char>> expected;
  for (const Workload &w : workloads)
    expected.push_back(predictBytes(model.get(), desc, w.kind, x32.data(),
                                    HW_DTYPE_F32, w.rows, stride, 1));

  std::atomic<int> mismatches{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kCallerThreads; ++t)
    callers.emplace_back([&, t] {
      for (int iteration = 0; iteration < 6; ++iteration) {
        size_t index = (t + iteration) % workloads.size();
        const Workload &w = workloads[index];
        const void *x = w.dtype == HW_DTYPE_F64
                            ? static_cast<const void *>(x64.data())
                            : static_cast<const void *>(x32.data());
        std::vector<double> out(expected[index].size() / sizeof(double) + 1);
        hw_predict_options opts = withThreads(w.threads);
        if (hw_predict(model.get(), w.kind, x, w.dtype, w.rows, stride,
                       out.data(), &opts) != HW_OK) {
          ++failures;
          continue;
        }
        if (std::memcmp(out.data(), expected[index].data(),
                        expected[index].size()) != 0)
          ++mismatches;
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(mismatches.load(), 0);
}

TEST(ConcurrencyTest, ManyThreadsShareOneModel) {
  const int64_t maxRows = 6000, stride = FAKE_FOREST_FEATURES + 1;
  auto x64 = makeRows<double>(maxRows, stride, FAKE_FOREST_FEATURES, 77);
  std::vector<float> x32(x64.begin(), x64.end());
  expectConcurrentCallsMatch(fake_forest_descriptor(),
                             {{HW_KIND_DECISION, 1, HW_DTYPE_F32, 0},
                              {HW_KIND_PROBA, 7, HW_DTYPE_F64, 0},
                              {HW_KIND_LEAF, 200, HW_DTYPE_F32, 4},
                              {HW_KIND_DECISION, 6000, HW_DTYPE_F32, 0},
                              {HW_KIND_PROBA, 4000, HW_DTYPE_F64, 3},
                              {HW_KIND_PREDICT, 5000, HW_DTYPE_F32, 8},
                              {HW_KIND_LEAF, 3000, HW_DTYPE_F64, 2}},
                             x32, x64, stride);
}

// Tree-parallel batches (several callers' tree ranges on the shared pool,
// each caller's leaves in its own staging buffer) beside row-parallel and
// inline ones on a model with a walk and sums.
TEST(ConcurrencyTest, TreeParallelCallsShareThePool) {
  const int64_t maxRows = 600, stride = FAKE_WIDE_FEATURES;
  auto x64 = makeRows<double>(maxRows, stride, FAKE_WIDE_FEATURES, 78);
  std::vector<float> x32(x64.begin(), x64.end());
  int64_t walksBefore = fake_wide_walk_calls();
  expectConcurrentCallsMatch(
      fake_wide_descriptor(),
      {{HW_KIND_DECISION, 16, HW_DTYPE_F32, 2},
       {HW_KIND_DECISION, FAKE_WIDE_PARALLEL_ROWS - 1, HW_DTYPE_F64, 4},
       {HW_KIND_DECISION, 9, HW_DTYPE_F32, 3},
       {HW_KIND_DECISION, 600, HW_DTYPE_F32, 3},
       {HW_KIND_DECISION, 1, HW_DTYPE_F64, 2}},
      x32, x64, stride);
  EXPECT_GT(fake_wide_walk_calls(), walksBefore);
}

TEST(ConcurrencyTest, ErrorsStayWithTheirThread) {
  ModelPtr model = modelFrom(fake_forest_descriptor());
  std::atomic<int> wrong{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < kCallerThreads; ++t)
    callers.emplace_back([&, t] {
      float out[1];
      float x[FAKE_FOREST_FEATURES] = {};
      for (int i = 0; i < 200; ++i) {
        // Each thread fails with its own negative row count.
        hw_status status =
            hw_predict(model.get(), HW_KIND_DECISION, x, HW_DTYPE_F32, -1 - t,
                       FAKE_FOREST_FEATURES, out, nullptr);
        std::string expected = "rows is " + std::to_string(-1 - t) + ",";
        if (status != HW_ERR_SHAPE ||
            std::string(hw_last_error()).find(expected) == std::string::npos)
          ++wrong;
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(ConcurrencyTest, LoadAndFreeFromManyThreads) {
  std::atomic<int> failures{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 8; ++t)
    callers.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        hw_model *model = nullptr;
        if (hw_model_load(HW_FAKE_MODEL_PATH, nullptr, &model) != HW_OK) {
          ++failures;
          continue;
        }
        float x[FAKE_FOREST_FEATURES] = {0.0f, -1.0f, 0.0f, 0.0f};
        float out[1] = {-1.0f};
        if (hw_predict(model, HW_KIND_DECISION, x, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, out, nullptr) != HW_OK ||
            out[0] != 0.0f)
          ++failures;
        hw_model_free(model);
      }
    });
  for (std::thread &caller : callers)
    caller.join();
  EXPECT_EQ(failures.load(), 0);
}

} // namespace
