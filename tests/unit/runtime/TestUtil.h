// Helpers shared by the runtime tests: owned models, test rows, direct kernel
// calls as the reference for what hw_predict must produce.
#ifndef HARDWOOD_TESTS_RUNTIME_TESTUTIL_H
#define HARDWOOD_TESTS_RUNTIME_TESTUTIL_H

#include "fake_model.h"
#include "hardwood/hardwood.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <vector>

namespace hardwood::test {

struct ModelDeleter {
  void operator()(hw_model *model) const { hw_model_free(model); }
};
using ModelPtr = std::unique_ptr<hw_model, ModelDeleter>;

inline ModelPtr modelFrom(const hw_model_descriptor *desc) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_from_descriptor(desc, &model), HW_OK) << hw_last_error();
  return ModelPtr(model);
}

inline hw_predict_options withThreads(int32_t threads) {
  hw_predict_options opts = HW_PREDICT_OPTIONS_INIT;
  opts.threads = threads;
  return opts;
}

/// Rows of `stride` values; the first `features` columns cover both sides of
/// the fake forest's thresholds, the thresholds themselves and, now and then,
/// NaN and infinities; padding columns hold NaN to catch stray reads.
template <typename T>
std::vector<T> makeRows(int64_t rows, int64_t stride, int64_t features,
                        uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> uniform(-2.0, 2.0);
  const double specials[] = {0.5,
                             -0.25,
                             0.0,
                             -0.0,
                             1.0,
                             std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(),
                             -std::numeric_limits<double>::infinity()};
  std::vector<T> x(static_cast<size_t>(rows * stride),
                   std::numeric_limits<T>::quiet_NaN());
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < features; ++c) {
      uint32_t pick = rng() % 16;
      double v = pick < 8 ? specials[pick] : uniform(rng);
      x[r * stride + c] = static_cast<T>(v);
    }
  return x;
}

/// Bytes of one output row of `kind` for the model described by `desc`.
inline size_t outputRowBytes(const hw_model_descriptor *desc, hw_kind kind) {
  return desc->output_width[kind] *
         hw_dtype_size(static_cast<hw_dtype>(desc->output_dtype[kind]));
}

/// What hw_predict must produce: the kernel called once on all rows.
inline std::vector<unsigned char> callKernel(const hw_model_descriptor *desc,
                                             hw_kind kind, const void *x,
                                             int64_t rows, int64_t stride) {
  std::vector<unsigned char> out(rows * outputRowBytes(desc, kind) + 1);
  desc->kernels[kind](x, rows, stride, out.data());
  out.pop_back();
  return out;
}

/// hw_predict into a fresh buffer; fails the test on a non-OK status.
inline std::vector<unsigned char>
predictBytes(const hw_model *model, const hw_model_descriptor *desc,
             hw_kind kind, const void *x, hw_dtype xDtype, int64_t rows,
             int64_t stride, int32_t threads) {
  // double storage keeps any output dtype aligned.
  std::vector<double> storage(
      (rows * outputRowBytes(desc, kind) + sizeof(double) - 1) /
          sizeof(double) +
      1);
  hw_predict_options opts = withThreads(threads);
  hw_status status =
      hw_predict(model, kind, x, xDtype, rows, stride, storage.data(), &opts);
  EXPECT_EQ(status, HW_OK) << hw_last_error();
  auto *bytes = reinterpret_cast<unsigned char *>(storage.data());
  return std::vector<unsigned char>(bytes,
                                    bytes + rows * outputRowBytes(desc, kind));
}

} // namespace hardwood::test

#endif // HARDWOOD_TESTS_RUNTIME_TESTUTIL_H
