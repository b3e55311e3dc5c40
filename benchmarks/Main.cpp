//===- Main.cpp - hardwood-benchmarks entry point -------------------------===//
//
// Loads the compiled models named on the command line through the runtime's
// C API, registers one benchmark per model, thread setting and batch size
// (and the oneDNN baseline for linear models), then hands the remaining flags
// to Google Benchmark. run_benchmarks.py drives it and adds the reference
// libraries' timings.
//
//===----------------------------------------------------------------------===//

#include "Benchmarks.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <random>
#include <unistd.h>

using namespace hardwood::bench;

namespace {

/// Batch sizes timed unless --batches says otherwise; 1 is the latency
/// figure, 65536 is large enough for every thread to get many row blocks.
const std::vector<int64_t> kDefaultBatches = {1, 16, 256, 4096, 65536};

/// Seed of the generated rows, so every run times the same rows when no
/// --rows file is given.
constexpr unsigned kRowSeed = 20261128;

const char kUsage[] =
    "usage: hardwood-benchmarks --model=NAME=MODEL.so [...] [options] "
    "[--benchmark_...]\n"
    "  --model=NAME=PATH      compiled model (hardwood compile -o PATH)\n"
    "  --kind=NAME=KIND       kind to time: predict, proba, decision, score, "
    "leaf\n"
    "                         (default: proba when the model has it, else "
    "predict)\n"
    "  --rows=PATH.npy        float32 rows (N x features) for every model;\n"
    "                         default: rows from a fixed-seed normal RNG\n"
    "  --batches=B1,B2,...    batch sizes (default 1,16,256,4096,65536)\n"
    "  --onednn=NAME=PATH.npy oneDNN baseline for linear model NAME: K x "
    "(F+1)\n"
    "                         float32 coefficients, bias in the last column\n"
    "  --onednn-post=NAME=softmax|identity  what follows the matmul; softmax\n"
    "                         outputs are checked against Hardwood's proba\n"
    "  --read-baseline        also time a pass that only reads the rows\n"
    "                         (readx/, and readx64/ + hardwood64/ on a "
    "float64\n"
    "                         copy of them)\n";

struct Flags {
  std::vector<std::pair<std::string, std::string>> models;
  std::map<std::string, std::string> kinds, onednnWeights, onednnPost;
  std::string rowsPath;
  std::vector<int64_t> batches = kDefaultBatches;
  bool readBaseline = false;
};

[[noreturn]] void die(const std::string &message) {
  std::fprintf(stderr, "hardwood-benchmarks: %s\n", message.c_str());
  std::exit(2);
}

/// Splits "NAME=VALUE" (the text after the flag's own '=').
std::pair<std::string, std::string> nameValue(const std::string &flag,
                                              const std::string &text) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    die(flag + " expects NAME=VALUE, got '" + text + "'");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

/// Takes this program's flags out of argv, leaving Google Benchmark's.
Flags parseFlags(int &argc, char **argv) {
  Flags flags;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char *prefix) -> const char * {
      size_t n = std::strlen(prefix);
      return arg.compare(0, n, prefix) == 0 ? argv[i] + n : nullptr;
    };
    if (const char *v = value("--model=")) {
      flags.models.push_back(nameValue("--model", v));
    } else if (const char *v = value("--kind=")) {
      flags.kinds.insert(nameValue("--kind", v));
    } else if (const char *v = value("--onednn=")) {
      flags.onednnWeights.insert(nameValue("--onednn", v));
    } else if (const char *v = value("--onednn-post=")) {
      flags.onednnPost.insert(nameValue("--onednn-post", v));
    } else if (arg == "--read-baseline") {
      flags.readBaseline = true;
    } else if (const char *v = value("--rows=")) {
      flags.rowsPath = v;
    } else if (const char *v = value("--batches=")) {
      flags.batches.clear();
      for (char *end = nullptr;; v = end + 1) {
        long long batch = std::strtoll(v, &end, 10);
        if (end == v || batch <= 0)
          die(std::string("--batches expects positive integers, got '") +
              argv[i] + "'");
        flags.batches.push_back(batch);
        if (*end != ',')
          break;
      }
    } else {
      if (arg == "--help" || arg == "-h")
        std::fputs(kUsage, stdout);
      argv[kept++] = argv[i];
    }
  }
  argc = kept;
  argv[argc] = nullptr;
  return flags;
}

hw_kind parseKind(const std::string &name) {
  for (int k = 0; k < HW_KIND_COUNT; ++k)
    if (name == hw_kind_name(static_cast<hw_kind>(k)))
      return static_cast<hw_kind>(k);
  die("unknown kind '" + name + "'");
}

std::shared_ptr<const Matrix> generatedRows(int64_t rows, int64_t features) {
  auto matrix = std::make_shared<Matrix>();
  matrix->rows = rows;
  matrix->cols = features;
  matrix->data.resize(rows * features);
  std::mt19937 rng(kRowSeed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  for (float &x : matrix->data)
    x = normal(rng);
  return matrix;
}

/// oneDNN's CPU runtime here is OpenMP (libgomp), which reads
/// OMP_NUM_THREADS once when it is loaded, before main. To time oneDNN on one
/// thread like the other single-thread figures, re-run this program with
/// OMP_NUM_THREADS=1 when it is not set so. Hardwood's own pool ignores it.
void pinOpenMpToOneThread(char **argv) {
  const char *current = std::getenv("OMP_NUM_THREADS");
  if (current && std::strcmp(current, "1") == 0)
    return;
  setenv("OMP_NUM_THREADS", "1", 1);
  execv("/proc/self/exe", argv);
  std::fprintf(stderr,
               "hardwood-benchmarks: warning: cannot re-run with "
               "OMP_NUM_THREADS=1 (%s); oneDNN may use several threads\n",
               std::strerror(errno));
}

} // namespace

int main(int argc, char **argv) {
  if (haveOneDnn()) {
    for (int i = 1; i < argc; ++i)
      if (std::strncmp(argv[i], "--onednn=", 9) == 0) {
        pinOpenMpToOneThread(argv);
        break;
      }
  }
  Flags flags = parseFlags(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 2;
  if (flags.models.empty()) {
    std::fputs(kUsage, stderr);
    return 2;
  }

  std::shared_ptr<const Matrix> fileRows;
  if (!flags.rowsPath.empty()) {
    auto rows = std::make_shared<Matrix>();
    std::string error;
    if (!readNpyF32(flags.rowsPath, *rows, error))
      die(error);
    fileRows = rows;
  }
  int64_t largestBatch = 1;
  for (int64_t batch : flags.batches)
    largestBatch = std::max(largestBatch, batch);

  // Benchmarks keep references to these; they live until main returns.
  std::vector<std::unique_ptr<BenchModel>> models;
  std::vector<std::unique_ptr<LinearWeights>> linears;
  for (const auto &[name, path] : flags.models) {
    auto bench = std::make_unique<BenchModel>();
    bench->name = name;
    bench->path = path;
    hw_model *raw = nullptr;
    hw_status status = hw_model_load(path.c_str(), nullptr, &raw);
    if (status != HW_OK)
      die(hwError(path, status));
    bench->model.reset(raw);
    uint32_t kinds = 0;
    status = hw_model_num_features(raw, &bench->numFeatures);
    if (status == HW_OK)
      status = hw_model_supported_kinds(raw, &kinds);
    if (status != HW_OK)
      die(hwError(path, status));
    auto kind = flags.kinds.find(name);
    bench->kind = kind != flags.kinds.end()         ? parseKind(kind->second)
                  : (kinds & (1u << HW_KIND_PROBA)) ? HW_KIND_PROBA
                                                    : HW_KIND_PREDICT;
    if (!(kinds & (1u << bench->kind)))
      die(name + ": the model has no " + hw_kind_name(bench->kind) + " kernel");
    if (fileRows) {
      if (fileRows->cols != bench->numFeatures)
        die(flags.rowsPath + ": rows have " + std::to_string(fileRows->cols) +
            " features; model " + name + " expects " +
            std::to_string(bench->numFeatures));
      bench->rows = fileRows;
    } else {
      bench->rows = generatedRows(largestBatch, bench->numFeatures);
    }
    registerHardwoodBenchmarks(*bench, flags.batches);
    if (flags.readBaseline)
      registerReadBenchmarks(*bench, flags.batches);

    auto weights = flags.onednnWeights.find(name);
    if (weights != flags.onednnWeights.end()) {
      auto linear = std::make_unique<LinearWeights>();
      linear->modelName = name;
      std::string error;
      if (!readNpyF32(weights->second, linear->weightsAndBias, error))
        die(error);
      auto post = flags.onednnPost.find(name);
      std::string postName =
          post != flags.onednnPost.end() ? post->second : "identity";
      if (postName != "softmax" && postName != "identity")
        die("--onednn-post: expected softmax or identity, got '" + postName +
            "'");
      linear->softmax = postName == "softmax";
      if (registerOneDnnBenchmarks(*bench, *linear, flags.batches))
        linears.push_back(std::move(linear));
    }
    models.push_back(std::move(bench));
  }

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
