//===- OneDnnBenchmarks.cpp - oneDNN baseline for linear models -----------===//
//
// The same computation as a compiled linear model, done by oneDNN: an f32
// matmul with bias (rows x coefficients^T + intercept), followed by a softmax
// over the classes when the model's probabilities are a softmax. Before
// timing, its outputs are checked against Hardwood's on the same rows.
//
//===----------------------------------------------------------------------===//

#include "Benchmarks.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace hardwood::bench {

bool haveOneDnn() { return true; }

namespace {

/// Largest allowed difference between oneDNN (float32) and Hardwood (float64
/// for sklearn linear models): 1e-5, relative to the value once it exceeds 1.
constexpr double kTolerance = 1e-5;

/// The oneDNN primitives and buffers for one batch size.
struct OneDnnLinear {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
  dnnl::matmul matmul;
  dnnl::memory src, weights, bias, dst;
  std::unordered_map<int, dnnl::memory> matmulArgs;
  bool softmax = false;
  dnnl::softmax_forward softmaxPrimitive;
  std::unordered_map<int, dnnl::memory> softmaxArgs;

  OneDnnLinear(const LinearWeights &linear, int64_t batch, float *rows) {
    using dt = dnnl::memory::data_type;
    using tag = dnnl::memory::format_tag;
    const Matrix &wb = linear.weightsAndBias;
    int64_t outputs = wb.rows, features = wb.cols - 1;
    dnnl::memory::desc srcMd({batch, features}, dt::f32, tag::ab);
    // format any lets oneDNN choose its preferred weights layout, as a real
    // deployment would (the reorder happens once, here).
    dnnl::memory::desc weightsMd({features, outputs}, dt::f32, tag::any);
    dnnl::memory::desc biasMd({1, outputs}, dt::f32, tag::ab);
    dnnl::memory::desc dstMd({batch, outputs}, dt::f32, tag::ab);
    dnnl::matmul::primitive_desc pd(
        dnnl::matmul::desc(srcMd, weightsMd, biasMd, dstMd), engine);
    matmul = dnnl::matmul(pd);

    // The coefficients are K x F row-major, i.e. the F x K matrix in "ba".
    dnnl::memory userWeights({{features, outputs}, dt::f32, tag::ba}, engine);
    float *w = static_cast<float *>(userWeights.get_data_handle());
    for (int64_t k = 0; k < outputs; ++k)
      std::copy(wb.row(k), wb.row(k) + features, w + k * features);
    weights = dnnl::memory(pd.weights_desc(), engine);
    dnnl::reorder(userWeights, weights).execute(stream, userWeights, weights);
    bias = dnnl::memory(biasMd, engine);
    float *b = static_cast<float *>(bias.get_data_handle());
    for (int64_t k = 0; k < outputs; ++k)
      b[k] = wb.row(k)[features];
    src = dnnl::memory(srcMd, engine, rows);
    dst = dnnl::memory(dstMd, engine);
    matmulArgs = {{DNNL_ARG_SRC, src},
                  {DNNL_ARG_WEIGHTS, weights},
                  {DNNL_ARG_BIAS, bias},
                  {DNNL_ARG_DST, dst}};

    softmax = linear.softmax;
    if (softmax) {
      dnnl::softmax_forward::primitive_desc spd(
          dnnl::softmax_forward::desc(dnnl::prop_kind::forward_inference, dstMd,
                                      /*softmax_axis=*/1),
          engine);
      softmaxPrimitive = dnnl::softmax_forward(spd);
      softmaxArgs = {{DNNL_ARG_SRC, dst}, {DNNL_ARG_DST, dst}};
    }
    stream.wait();
  }

  void runMatmul() { matmul.execute(stream, matmulArgs); }
  void runSoftmax() {
    if (softmax)
      softmaxPrimitive.execute(stream, softmaxArgs);
  }
  const float *output() const {
    return static_cast<const float *>(dst.get_data_handle());
  }
};

double element(const std::vector<double> &buffer, hw_dtype dtype, size_t i) {
  const void *data = buffer.data();
  switch (dtype) {
  case HW_DTYPE_F32:
    return static_cast<const float *>(data)[i];
  case HW_DTYPE_F64:
    return static_cast<const double *>(data)[i];
  case HW_DTYPE_I32:
    return static_cast<const int32_t *>(data)[i];
  }
  return NAN;
}

/// Compares oneDNN's current output with Hardwood's `kind` on the first
/// `batch` rows; returns an empty string when they agree.
std::string compareWithHardwood(const BenchModel &bench, hw_kind kind,
                                const OneDnnLinear &onednn, int64_t batch,
                                int64_t outputs) {
  int64_t width = 0;
  hw_dtype dtype = HW_DTYPE_F32;
  hw_status status = hw_model_output_width(bench.model.get(), kind, &width);
  if (status == HW_OK)
    status = hw_model_output_dtype(bench.model.get(), kind, &dtype);
  if (status != HW_OK)
    return hwError(bench.name, status);
  if (width != outputs)
    return bench.name + ": Hardwood " + hw_kind_name(kind) + " has " +
           std::to_string(width) + " outputs per row, the weights " +
           std::to_string(outputs);
  std::vector<double> expected(batch * width);
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = 1;
  status = hw_predict(bench.model.get(), kind, bench.rows->row(0), HW_DTYPE_F32,
                      batch, bench.rows->cols, expected.data(), &options);
  if (status != HW_OK)
    return hwError(bench.name, status);
  for (int64_t i = 0; i < batch * width; ++i) {
    double want = element(expected, dtype, i), got = onednn.output()[i];
    if (!(std::fabs(got - want) <= kTolerance * std::max(1.0, std::fabs(want))))
      return bench.name + ": oneDNN differs from Hardwood " +
             hw_kind_name(kind) + " at element " + std::to_string(i) + ": " +
             std::to_string(got) + " vs " + std::to_string(want);
  }
  return "";
}

void oneDnnBenchmark(benchmark::State &state, const BenchModel &bench,
                     const LinearWeights &linear, int64_t batch) {
  const Matrix &rows = *bench.rows;
  if (batch > rows.rows) {
    state.SkipWithError("batch is larger than the rows given");
    return;
  }
  int64_t outputs = linear.weightsAndBias.rows;
  // oneDNN takes a non-const handle; it only reads the source.
  float *rowData = const_cast<float *>(rows.row(0));
  try {
    OneDnnLinear onednn(linear, batch, rowData);
    // Same work, same answers: the pre-softmax result must match Hardwood's
    // decision function and the final result the kind it is compared with.
    onednn.runMatmul();
    onednn.stream.wait();
    std::string mismatch =
        compareWithHardwood(bench, HW_KIND_DECISION, onednn, batch, outputs);
    if (mismatch.empty() && linear.softmax) {
      onednn.runSoftmax();
      onednn.stream.wait();
      mismatch =
          compareWithHardwood(bench, HW_KIND_PROBA, onednn, batch, outputs);
    }
    if (!mismatch.empty()) {
      state.SkipWithError(mismatch.c_str());
      return;
    }
    int64_t offset = 0;
    LoopTimer timer;
    for (auto _ : state) {
      onednn.src.set_data_handle(const_cast<float *>(rows.row(offset)));
      onednn.runMatmul();
      onednn.runSoftmax();
      onednn.stream.wait();
      offset = nextOffset(offset, batch, rows.rows);
    }
    setRowCounters(state, batch, timer.seconds());
  } catch (const dnnl::error &e) {
    state.SkipWithError((bench.name + ": oneDNN: " + e.what()).c_str());
  }
}

} // namespace

bool registerOneDnnBenchmarks(const BenchModel &model,
                              const LinearWeights &linear,
                              const std::vector<int64_t> &batches) {
  if (linear.weightsAndBias.cols != model.numFeatures + 1) {
    std::fprintf(stderr,
                 "hardwood-benchmarks: %s: oneDNN weights have %lld columns; "
                 "the model has %lld features (+1 for the bias)\n",
                 model.name.c_str(),
                 static_cast<long long>(linear.weightsAndBias.cols),
                 static_cast<long long>(model.numFeatures));
    return false;
  }
  // One thread only: main() pins oneDNN's OpenMP runtime to one thread.
  for (int64_t batch : batches) {
    std::string name =
        "onednn/" + model.name + "/threads:1/batch:" + std::to_string(batch);
    benchmark::RegisterBenchmark(name.c_str(), [&model, &linear,
                                                batch](benchmark::State &s) {
      oneDnnBenchmark(s, model, linear, batch);
    })->UseRealTime();
  }
  return true;
}

} // namespace hardwood::bench
