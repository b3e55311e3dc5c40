//===- NoOneDnn.cpp - Stand-in when the suite is built without oneDNN -----===//

#include "Benchmarks.h"

#include <cstdio>

namespace hardwood::bench {

bool haveOneDnn() { return false; }

bool registerOneDnnBenchmarks(const BenchModel &model, const LinearWeights &,
                              const std::vector<int64_t> &) {
  std::fprintf(stderr,
               "hardwood-benchmarks: %s: built without oneDNN; no oneDNN "
               "baseline\n",
               model.name.c_str());
  return false;
}

} // namespace hardwood::bench
