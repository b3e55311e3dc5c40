//===- BenchMachine.cpp - The machine a benchmark ran on ------------------===//
//
// CPU model, features and cores for the report, and the memory read
// bandwidth measured in the same run: the ceiling input GB/s is read
// against at large batches.
//
//===----------------------------------------------------------------------===//

#include "BenchReport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/Threading.h"
#include "llvm/TargetParser/Host.h"

#include <algorithm>
#include <chrono>
#include <numeric>
#include <thread>
#include <vector>

using namespace llvm;

namespace hardwood {

/// The value of the first `key:` line of `text` (lscpu, /proc/cpuinfo).
static std::string findField(StringRef text, StringRef key) {
  SmallVector<StringRef> lines;
  text.split(lines, '\n');
  for (StringRef line : lines) {
    auto [name, value] = line.split(':');
    if (name.trim().equals_insensitive(key))
      return value.trim().str();
  }
  return "";
}

/// lscpu's "Model name" (it also names ARM cores, which /proc/cpuinfo does
/// not); /proc/cpuinfo's "model name" when lscpu is missing.
static std::string cpuModelName() {
  if (ErrorOr<std::string> lscpu = sys::findProgramByName("lscpu")) {
    SmallString<128> out;
    if (!sys::fs::createTemporaryFile("hardwood-lscpu", "txt", out)) {
      FileRemover remove(out);
      std::optional<StringRef> redirects[] = {StringRef(""), StringRef(out),
                                              StringRef("")};
      StringRef args[] = {*lscpu};
      // LC_ALL=C: lscpu translates its field names.
      StringRef env[] = {"LC_ALL=C"};
      if (sys::ExecuteAndWait(*lscpu, args, ArrayRef<StringRef>(env),
                              redirects) == 0)
        if (auto text = MemoryBuffer::getFile(out))
          if (std::string name = findField((*text)->getBuffer(), "Model name");
              !name.empty())
            return name;
    }
  }
  if (auto text = MemoryBuffer::getFileAsStream("/proc/cpuinfo"))
    return findField((*text)->getBuffer(), "model name");
  return "";
}

json::Object describeMachine() {
  // The features that decide which kernels run, in a fixed order; the full
  // list is in `hardwood --version`.
  static constexpr const char *kSummaryFeatures[] = {
      "sse4.2",     "avx",        "avx2",       "fma",      "bmi2",
      "avx512f",    "avx512bw",   "avx512dq",   "avx512vl", "avx512vbmi",
      "avx512vnni", "avx512bf16", "avx512fp16", "amx-tile", "neon",
      "sve",        "sve2",       "dotprod",    "i8mm",     "bf16"};
  StringMap<bool> features = sys::getHostCPUFeatures();
  SmallVector<StringRef> present;
  for (const char *feature : kSummaryFeatures)
    if (features.lookup(feature))
      present.push_back(feature);
  int physical = get_physical_cores();
  return json::Object{
      {"cpu_model", cpuModelName()},
      {"llvm_host_cpu", sys::getHostCPUName().str()},
      {"triple", sys::getProcessTriple()},
      {"features_summary", join(present, " ")},
      {"logical_cpus",
       static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency()))},
      {"physical_cores",
       physical > 0 ? json::Value(physical) : json::Value(nullptr)}};
}

double measureReadBandwidth(unsigned threads) {
  // 256 MiB: several times the last-level cache of any current server CPU
  // and still quick to fill; 64-bit integer sums vectorize and do not
  // depend on the values, so the loop is bound by reads alone.
  constexpr size_t kBytes = size_t(256) << 20;
  constexpr int kPasses = 4; // The first also faults the pages in again.
  static std::vector<uint64_t> buffer;
  if (buffer.empty()) {
    buffer.resize(kBytes / sizeof(uint64_t));
    std::iota(buffer.begin(), buffer.end(), uint64_t(1));
  }
  threads = std::max(1u, threads);
  std::vector<uint64_t> sums(threads);
  auto sumRange = [&](unsigned part) {
    size_t chunk = buffer.size() / threads;
    const uint64_t *begin = buffer.data() + part * chunk;
    const uint64_t *end =
        part + 1 == threads ? buffer.data() + buffer.size() : begin + chunk;
    uint64_t a = 0, b = 0, c = 0, d = 0;
    for (; begin + 4 <= end; begin += 4) {
      a += begin[0];
      b += begin[1];
      c += begin[2];
      d += begin[3];
    }
    for (; begin < end; ++begin)
      a += *begin;
    sums[part] = a + b + c + d;
  };
  double best = 0;
  for (int pass = 0; pass < kPasses; ++pass) {
    auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> workers;
    for (unsigned part = 1; part < threads; ++part)
      workers.emplace_back(sumRange, part);
    sumRange(0);
    for (std::thread &worker : workers)
      worker.join();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    // Keep the sums observable so the loop is not removed.
    volatile uint64_t sink =
        std::accumulate(sums.begin(), sums.end(), uint64_t(0));
    (void)sink;
    if (pass > 0)
      best = std::max(best, kBytes / seconds / 1e9);
  }
  return best;
}

} // namespace hardwood
