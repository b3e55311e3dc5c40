// hw_predict results: equal to one direct kernel call over all rows, for
// every kind, batch size, thread count, row stride and input dtype.
#include "TestUtil.h"

#include <chrono>
#include <cmath>
#include <cstring>
#include <thread>
#include <tuple>

using namespace hardwood::test;

namespace {

const hw_kind kForestKinds[] = {HW_KIND_PREDICT, HW_KIND_PROBA,
                                HW_KIND_DECISION, HW_KIND_LEAF};

uint32_t bitsOf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

// The row {0, -1, 0, 0} reaches leaves 1e8, -1e8 and 1 in the three trees:
// summed forward that is 1, in reverse 0. A call of one row is a partial tile
// (reverse), eight copies a full tile (forward), so the tests below would
// catch a runtime that cut batches at other than HW_KERNEL_ROW_ALIGNMENT.
TEST(PredictTest, FakeKernelDependsOnTiling) {
  ModelPtr model = modelFrom(fake_forest_descriptor());
  const float row[FAKE_FOREST_FEATURES] = {0.0f, -1.0f, 0.0f, 0.0f};
  std::vector<float> rows;
  for (int i = 0; i < FAKE_FOREST_TILE; ++i)
    rows.insert(rows.end(), row, row + FAKE_FOREST_FEATURES);

  float decision[FAKE_FOREST_TILE];
  float proba[2 * FAKE_FOREST_TILE];
  float label[FAKE_FOREST_TILE];
  int32_t leaves[FAKE_FOREST_TREES];
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, row, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, decision, nullptr),
            HW_OK);
  EXPECT_EQ(decision[0], 0.0f);
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_PROBA, row, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, proba, nullptr),
            HW_OK);
  EXPECT_EQ(proba[0], 0.5f);
  EXPECT_EQ(proba[1], 0.5f);
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_PREDICT, row, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, label, nullptr),
            HW_OK);
  EXPECT_EQ(label[0], 3.0f);
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_LEAF, row, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, leaves, nullptr),
            HW_OK);
  EXPECT_EQ(leaves[0], 3);
  EXPECT_EQ(leaves[1], 3);
  EXPECT_EQ(leaves[2], 3);

  ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, rows.data(), HW_DTYPE_F32,
                       FAKE_FOREST_TILE, FAKE_FOREST_FEATURES, decision,
                       nullptr),
            HW_OK);
  EXPECT_EQ(decision[0], 1.0f);
  EXPECT_EQ(decision[0], fake_forest_margin_forward(row));
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_PREDICT, rows.data(), HW_DTYPE_F32,
                       FAKE_FOREST_TILE, FAKE_FOREST_FEATURES, label, nullptr),
            HW_OK);
  EXPECT_EQ(label[0], 7.0f);
}

TEST(PredictTest, MatchesOneKernelCallForEveryKindAndBatchSize) {
  const hw_model_descriptor *desc = fake_forest_descriptor();
  ModelPtr model = modelFrom(desc);
  for (int64_t rows : {1, 7, 8, 63, 64, 65, 255, 256, 257, 1000, 4099}) {
    auto x = makeRows<float>(rows, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES,
                             static_cast<uint32_t>(rows));
    for (hw_kind kind : kForestKinds) {
      auto expected =
          callKernel(desc, kind, x.data(), rows, FAKE_FOREST_FEATURES);
      for (int32_t threads : {1, 3, 0})
        EXPECT_EQ(predictBytes(model.get(), desc, kind, x.data(), HW_DTYPE_F32,
                               rows, FAKE_FOREST_FEATURES, threads),
                  expected)
            << "rows " << rows << " kind " << hw_kind_name(kind) << " threads "
            << threads;
    }
  }
}

TEST(PredictTest, ThreadCountsAreBitIdentical) {
  const hw_model_descriptor *desc = fake_forest_descriptor();
  ModelPtr model = modelFrom(desc);
  for (int64_t rows : {300, 10007}) {
    auto x =
        makeRows<float>(rows, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES, 42);
    for (hw_kind kind : kForestKinds) {
      auto single = predictBytes(model.get(), desc, kind, x.data(),
                                 HW_DTYPE_F32, rows, FAKE_FOREST_FEATURES, 1);
      EXPECT_EQ(single,
                callKernel(desc, kind, x.data(), rows, FAKE_FOREST_FEATURES));
      for (int32_t threads : {2, 8, 0, 3, 64})
        EXPECT_EQ(predictBytes(model.get(), desc, kind, x.data(), HW_DTYPE_F32,
                               rows, FAKE_FOREST_FEATURES, threads),
                  single)
            << "rows " << rows << " kind " << hw_kind_name(kind) << " threads "
            << threads;
    }
  }
}

TEST(PredictTest, RowStrideLargerThanFeatures) {
  const hw_model_descriptor *desc = fake_forest_descriptor();
  ModelPtr model = modelFrom(desc);
  const int64_t stride = 7; // padding columns hold NaN
  for (int64_t rows : {1, 5, 1000}) {
    auto padded = makeRows<float>(rows, stride, FAKE_FOREST_FEATURES, 9);
    std::vector<float> dense;
    for (int64_t r = 0; r < rows; ++r)
      dense.insert(dense.end(), padded.begin() + r * stride,
                   padded.begin() + r * stride + FAKE_FOREST_FEATURES);
    for (hw_kind kind : kForestKinds)
      for (int32_t threads : {1, 4})
        EXPECT_EQ(
            predictBytes(model.get(), desc, kind, padded.data(), HW_DTYPE_F32,
                         rows, stride, threads),
            callKernel(desc, kind, dense.data(), rows, FAKE_FOREST_FEATURES))
            << "rows " << rows << " kind " << hw_kind_name(kind);
  }
}

TEST(PredictTest, EchoSeesOnlyTheFeatureColumns) {
  const hw_model_descriptor *desc = fake_echo_f32_descriptor();
  ModelPtr model = modelFrom(desc);
  const int64_t rows = 2000, stride = 5;
  auto x = makeRows<float>(rows, stride, FAKE_ECHO_FEATURES, 3);
  std::vector<float> out(rows * FAKE_ECHO_FEATURES);
  hw_predict_options opts = withThreads(4);
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32,
                       rows, stride, out.data(), &opts),
            HW_OK);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < FAKE_ECHO_FEATURES; ++c)
      ASSERT_EQ(bitsOf(out[r * FAKE_ECHO_FEATURES + c]),
                bitsOf(x[r * stride + c]))
          << r << "," << c;
}

// float64 -> float32 must round to nearest even, like numpy's astype.
TEST(PredictTest, Float64InputRoundsToNearestEven) {
  ModelPtr model = modelFrom(fake_echo_f32_descriptor());
  const double inf = std::numeric_limits<double>::infinity();
  const struct {
    double in;
    float expected;
  } cases[] = {
      {1.0 + std::ldexp(1.0, -24), 1.0f}, // tie, even is 1.0f
      {1.0 + 3 * std::ldexp(1.0, -24),
       1.0f + std::ldexp(1.0f, -22)}, // tie, even rounds up
      {1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -40),
       1.0f + std::ldexp(1.0f, -23)}, // just above the tie
      {0.1, 0.1f},
      {-0.0, -0.0f},
      {1e300, std::numeric_limits<float>::infinity()},
      {-1e300, -std::numeric_limits<float>::infinity()},
      {inf, std::numeric_limits<float>::infinity()},
      {1e-310, 0.0f},
      {1e-45, std::numeric_limits<float>::denorm_min()},
      {3.4028234663852886e38, std::numeric_limits<float>::max()},
  };
  for (const auto &c : cases) {
    double row[FAKE_ECHO_FEATURES] = {c.in, -c.in, 0.0};
    float out[FAKE_ECHO_FEATURES];
    ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, row, HW_DTYPE_F64, 1,
                         FAKE_ECHO_FEATURES, out, nullptr),
              HW_OK);
    EXPECT_EQ(bitsOf(out[0]), bitsOf(c.expected)) << c.in;
    EXPECT_EQ(bitsOf(out[1]), bitsOf(-c.expected)) << c.in;
  }
  double nanRow[FAKE_ECHO_FEATURES] = {std::nan(""), 0.0, 0.0};
  float out[FAKE_ECHO_FEATURES];
  ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, nanRow, HW_DTYPE_F64, 1,
                       FAKE_ECHO_FEATURES, out, nullptr),
            HW_OK);
  EXPECT_TRUE(std::isnan(out[0]));
}

TEST(PredictTest, Float64InputLargeBatches) {
  ModelPtr model = modelFrom(fake_echo_f32_descriptor());
  for (int64_t rows : {100, 300, 5000, 70001}) {
    const int64_t stride = 4;
    auto x = makeRows<double>(rows, stride, FAKE_ECHO_FEATURES, 11);
    for (int64_t i = 0; i < rows * stride; i += 3)
      x[i] = x[i] * 1.0000001 + 1e-9; // bits float32 cannot hold
    for (int32_t threads : {1, 2, 8, 0}) {
      std::vector<float> out(rows * FAKE_ECHO_FEATURES);
      hw_predict_options opts = withThreads(threads);
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                           HW_DTYPE_F64, rows, stride, out.data(), &opts),
                HW_OK);
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < FAKE_ECHO_FEATURES; ++c)
          ASSERT_EQ(bitsOf(out[r * FAKE_ECHO_FEATURES + c]),
                    bitsOf(static_cast<float>(x[r * stride + c])))
              << "rows " << rows << " threads " << threads << " at " << r;
    }
  }
}

// A float64 model with float32-row kernels (kernels_f32, ABI version 3):
// float32 rows go to them, unconverted; float64 rows to kernels[kind]. A
// version 2 descriptor's kernels_f32 is never read: its float32 rows are
// converted as before.
TEST(PredictTest, Float32RowsKernelsTakeFloat32Rows) {
  const int64_t rows = 3000, stride = 3;
  auto x = makeRows<float>(rows, stride, FAKE_ECHO_FEATURES, 12);
  for (bool v2 : {false, true}) {
    ModelPtr model = modelFrom(v2 ? fake_echo_rows_f32_v2_descriptor()
                                  : fake_echo_rows_f32_descriptor());
    for (int32_t threads : {1, 0}) {
      std::vector<double> out(rows * FAKE_ECHO_FEATURES);
      hw_predict_options opts = withThreads(threads);
      int64_t before = fake_echo_rows_f32_calls();
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                           HW_DTYPE_F32, rows, stride, out.data(), &opts),
                HW_OK);
      EXPECT_EQ(fake_echo_rows_f32_calls() > before, !v2);
      for (int64_t r = 0; r < rows; ++r)
        for (int c = 0; c < FAKE_ECHO_FEATURES; ++c) {
          double got = out[r * FAKE_ECHO_FEATURES + c];
          double expected = static_cast<double>(x[r * stride + c]);
          ASSERT_TRUE(got == expected ||
                      (std::isnan(got) && std::isnan(expected)));
        }
      // Float64 rows never reach the float32-row kernel.
      std::vector<double> x64(x.begin(), x.end());
      before = fake_echo_rows_f32_calls();
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x64.data(),
                           HW_DTYPE_F64, rows, stride, out.data(), &opts),
                HW_OK);
      EXPECT_EQ(fake_echo_rows_f32_calls(), before);
    }
  }
}

// Tree-parallel evaluation (ABI version 4): a batch below the model's
// tree_parallel_rows, with several threads and enough walks, is walked in
// tree ranges on the pool, each tree exactly once, and summed once by the
// sum function: the kernel's bits for float32 rows and float64 rows (which
// are converted first). One thread, larger batches, too few walks and a
// version 3 descriptor (whose layout ends before the walk) use the kernel.
// (Each call that must not split follows a pause: a call that comes back
// to back with another may split smaller batches, tested below.)
TEST(PredictTest, SmallBatchesRunTreeParallel) {
  const int64_t stride = FAKE_WIDE_FEATURES + 2;
  auto x =
      makeRows<float>(FAKE_WIDE_PARALLEL_ROWS, stride, FAKE_WIDE_FEATURES, 21);
  std::vector<double> x64(x.begin(), x.end());
  struct Case {
    const hw_model_descriptor *desc;
    int64_t rows;
    int32_t threads;
    bool parallel;
  };
  // 16 rows x 256 trees: 4,096 walks, two threads' worth.
  const Case cases[] = {
      {fake_wide_descriptor(), 16, 2, true},
      {fake_wide_descriptor(), 16, 3, true},
      {fake_wide_descriptor(), FAKE_WIDE_PARALLEL_ROWS - 1, 2, true},
      {fake_wide_descriptor(), 16, 1, false},
      {fake_wide_descriptor(), FAKE_WIDE_PARALLEL_ROWS, 2, false},
      {fake_wide_descriptor(), 1, 2, false},
      {fake_wide_v3_descriptor(), 16, 2, false}};
  for (const Case &c : cases) {
    ModelPtr model = modelFrom(c.desc);
    std::vector<float> expected(c.rows);
    c.desc->kernels[HW_KIND_DECISION](x.data(), c.rows, stride,
                                      expected.data());
    for (hw_dtype dtype : {HW_DTYPE_F32, HW_DTYPE_F64}) {
      std::vector<float> out(c.rows, -1.0f);
      hw_predict_options opts = withThreads(c.threads);
      int64_t walks = fake_wide_walk_calls(), trees = fake_wide_trees_walked(),
              sums = fake_wide_sum_calls();
      const void *rows = dtype == HW_DTYPE_F32
                             ? static_cast<const void *>(x.data())
                             : x64.data();
      if (!c.parallel)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, rows, dtype, c.rows,
                           stride, out.data(), &opts),
                HW_OK);
      std::string what = "rows " + std::to_string(c.rows) + " threads " +
                         std::to_string(c.threads) + " dtype " +
                         hw_dtype_name(dtype);
      if (c.parallel) {
        EXPECT_GE(fake_wide_walk_calls() - walks, 2) << what;
        EXPECT_EQ(fake_wide_trees_walked() - trees, FAKE_WIDE_TREES) << what;
        EXPECT_EQ(fake_wide_sum_calls() - sums, 1) << what;
      } else {
        EXPECT_EQ(fake_wide_walk_calls(), walks) << what;
        EXPECT_EQ(fake_wide_sum_calls(), sums) << what;
      }
      for (int64_t r = 0; r < c.rows; ++r)
        ASSERT_EQ(bitsOf(out[r]), bitsOf(expected[r])) << what << " row " << r;
    }
  }
}

// Two rows of the 256-tree model (256 walks per thread on two, below the
// 1,024 a batch needs on its own) split by trees only when they follow
// another such call within the pool's polling time (the worker is then
// awake): after a pause of a millisecond they always run the kernel
// inline; of 200 calls in a row at least one splits (each would, but for a
// preempted caller). Every call gives the kernel's bits.
TEST(PredictTest, BackToBackSmallBatchesSplitByTrees) {
  const int64_t stride = FAKE_WIDE_FEATURES;
  auto x = makeRows<float>(2, stride, FAKE_WIDE_FEATURES, 23);
  ModelPtr model = modelFrom(fake_wide_descriptor());
  float expected[2];
  fake_wide_descriptor()->kernels[HW_KIND_DECISION](x.data(), 2, stride,
                                                    expected);
  hw_predict_options opts = withThreads(2);
  auto predictOne = [&] {
    float out[2] = {-1.0f, -1.0f};
    EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32,
                         2, stride, out, &opts),
              HW_OK);
    EXPECT_EQ(bitsOf(out[0]), bitsOf(expected[0]));
    EXPECT_EQ(bitsOf(out[1]), bitsOf(expected[1]));
  };
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    int64_t walks = fake_wide_walk_calls(), kernels = fake_wide_kernel_calls();
    predictOne();
    EXPECT_EQ(fake_wide_walk_calls(), walks) << "isolated call " << i;
    EXPECT_EQ(fake_wide_kernel_calls() - kernels, 1) << "isolated call " << i;
  }
  int64_t sums = fake_wide_sum_calls();
  for (int i = 0; i < 200; ++i)
    predictOne();
  EXPECT_GE(fake_wide_sum_calls() - sums, 1);
  // One thread never splits, back to back or not.
  hw_predict_options one = withThreads(1);
  int64_t walks = fake_wide_walk_calls();
  for (int i = 0; i < 10; ++i) {
    float out[2];
    ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32,
                         2, stride, out, &one),
              HW_OK);
  }
  EXPECT_EQ(fake_wide_walk_calls(), walks);
}

// Batches of tree ensembles below the inline limit but from one tile of rows
// per thread up, with enough tree walks (kMinTileWalksPerThread), are cut by
// rows: 128 rows x 256 trees on two threads are two kernel calls of 64 rows,
// with the bits of one call; 255 rows on three threads two calls (a thread's
// range rounds up to a multiple of 64 rows). Fewer than two tiles (100 rows)
// stay inline.
TEST(PredictTest, BatchesWithManyTreeWalksSplitByRows) {
  const int64_t stride = FAKE_WIDE_FEATURES;
  auto x = makeRows<float>(256, stride, FAKE_WIDE_FEATURES, 22);
  ModelPtr model = modelFrom(fake_wide_descriptor());
  for (auto [rows, threads, calls] :
       {std::tuple{128, 2, 2}, {128, 1, 1}, {100, 2, 1}, {255, 3, 2}}) {
    std::vector<float> expected(rows), out(rows);
    fake_wide_descriptor()->kernels[HW_KIND_DECISION](x.data(), rows, stride,
                                                      expected.data());
    hw_predict_options opts = withThreads(threads);
    int64_t before = fake_wide_kernel_calls();
    ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32,
                         rows, stride, out.data(), &opts),
              HW_OK);
    EXPECT_EQ(fake_wide_kernel_calls() - before, calls)
        << rows << " rows, " << threads << " threads";
    for (int r = 0; r < rows; ++r)
      ASSERT_EQ(bitsOf(out[r]), bitsOf(expected[r])) << r;
  }
}

// hw_model_min_parallel_rows is where threads start: the 256-tree model
// with walk functions splits 2 rows by trees (512 walks, back to back), the
// same model without them (ABI 3) 128 rows by rows (two tiles), and the
// 3-tree forest and the tree-less echo model only two threads' 128 rows.
// One row fewer never leaves the calling thread, even back to back; at the
// bound some call splits.
TEST(PredictTest, MinParallelRowsIsWhereThreadsStart) {
  struct Case {
    const hw_model_descriptor *desc;
    hw_kind kind;
    int64_t rows;
  };
  const Case cases[] = {{fake_wide_descriptor(), HW_KIND_DECISION, 2},
                        {fake_wide_v3_descriptor(), HW_KIND_DECISION, 128},
                        {fake_forest_descriptor(), HW_KIND_PROBA, 256},
                        {fake_echo_f32_descriptor(), HW_KIND_DECISION, 256}};
  for (const Case &c : cases) {
    ModelPtr model = modelFrom(c.desc);
    int64_t rows = -1;
    ASSERT_EQ(hw_model_min_parallel_rows(model.get(), c.kind, &rows), HW_OK);
    EXPECT_EQ(rows, c.rows) << c.desc->name;
  }
  const int64_t stride = FAKE_WIDE_FEATURES;
  auto x = makeRows<float>(128, stride, FAKE_WIDE_FEATURES, 24);
  std::vector<float> out(128);
  hw_predict_options opts = withThreads(2);
  for (const hw_model_descriptor *desc :
       {fake_wide_descriptor(), fake_wide_v3_descriptor()}) {
    ModelPtr model = modelFrom(desc);
    int64_t bound = 0;
    ASSERT_EQ(hw_model_min_parallel_rows(model.get(), HW_KIND_DECISION, &bound),
              HW_OK);
    int64_t walks = fake_wide_walk_calls(), kernels = fake_wide_kernel_calls();
    for (int i = 0; i < 200; ++i)
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                           HW_DTYPE_F32, bound - 1, stride, out.data(), &opts),
                HW_OK);
    EXPECT_EQ(fake_wide_walk_calls(), walks) << desc->name;
    EXPECT_EQ(fake_wide_kernel_calls() - kernels, 200) << desc->name;
    kernels = fake_wide_kernel_calls();
    for (int i = 0; i < 200; ++i)
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                           HW_DTYPE_F32, bound, stride, out.data(), &opts),
                HW_OK);
    EXPECT_TRUE(fake_wide_walk_calls() > walks ||
                fake_wide_kernel_calls() - kernels > 200)
        << desc->name;
  }
}

TEST(PredictTest, Float32InputWidensExactly) {
  ModelPtr model = modelFrom(fake_echo_f64_descriptor());
  const int64_t rows = 3000, stride = 3;
  auto x = makeRows<float>(rows, stride, FAKE_ECHO_FEATURES, 12);
  for (int32_t threads : {1, 0}) {
    std::vector<double> out(rows * FAKE_ECHO_FEATURES);
    hw_predict_options opts = withThreads(threads);
    ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32,
                         rows, stride, out.data(), &opts),
              HW_OK);
    for (int64_t i = 0; i < rows * FAKE_ECHO_FEATURES; ++i) {
      double expected = static_cast<double>(x[i]);
      ASSERT_TRUE(out[i] == expected ||
                  (std::isnan(out[i]) && std::isnan(expected)))
          << i;
    }
  }
}

TEST(PredictTest, Float64InputToForestMatchesCastInput) {
  const hw_model_descriptor *desc = fake_forest_descriptor();
  ModelPtr model = modelFrom(desc);
  const int64_t stride = 6;
  for (int64_t rows : {1, 9, 257, 10007}) {
    auto x64 = makeRows<double>(rows, stride, FAKE_FOREST_FEATURES, 21);
    std::vector<float> x32(x64.begin(), x64.end());
    for (hw_kind kind : kForestKinds) {
      auto expected = predictBytes(model.get(), desc, kind, x32.data(),
                                   HW_DTYPE_F32, rows, stride, 1);
      for (int32_t threads : {1, 2, 8, 0})
        EXPECT_EQ(predictBytes(model.get(), desc, kind, x64.data(),
                               HW_DTYPE_F64, rows, stride, threads),
                  expected)
            << "rows " << rows << " kind " << hw_kind_name(kind) << " threads "
            << threads;
    }
  }
}

// A model with rows too wide for the runtime's stack buffer: conversion goes
// through the per-thread buffer even for a single row.
constexpr int64_t kWideFeatures = 3000;

void sumRow(const void *xv, int64_t rows, int64_t stride, void *outv) {
  const float *x = static_cast<const float *>(xv);
  float *out = static_cast<float *>(outv);
  for (int64_t r = 0; r < rows; ++r) {
    float sum = 0.0f;
    for (int64_t c = 0; c < kWideFeatures; ++c)
      sum += x[r * stride + c];
    out[r] = sum;
  }
}

TEST(PredictTest, WideRowsConvert) {
  hw_model_descriptor desc = *fake_echo_f32_descriptor();
  desc.num_features = kWideFeatures;
  desc.kernels[HW_KIND_DECISION] = sumRow;
  desc.output_width[HW_KIND_DECISION] = 1;
  ModelPtr model = modelFrom(&desc);
  for (int64_t rows : {1, 2, 700}) {
    std::vector<double> x(rows * kWideFeatures);
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = std::sin(static_cast<double>(i)) * 1.000000123;
    std::vector<float> x32(x.begin(), x.end());
    std::vector<float> expected(rows);
    sumRow(x32.data(), rows, kWideFeatures, expected.data());
    for (int32_t threads : {1, 0}) {
      std::vector<float> out(rows);
      hw_predict_options opts = withThreads(threads);
      ASSERT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                           HW_DTYPE_F64, rows, kWideFeatures, out.data(),
                           &opts),
                HW_OK);
      for (int64_t r = 0; r < rows; ++r)
        ASSERT_EQ(bitsOf(out[r]), bitsOf(expected[r])) << r;
    }
  }
}

} // namespace
