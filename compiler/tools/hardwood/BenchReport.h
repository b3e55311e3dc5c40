//===- BenchReport.h - hardwood bench --report ------------------*- C++ -*-===//
//
// What `hardwood bench --report DIR` adds to the console table: the machine
// (CPU, features, cores, measured read bandwidth), node visits per row from
// the model's trees, and the report files (report.json, report.md and the
// report.png plot drawn by python3 -m hardwood.bench_plot).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_BENCHREPORT_H
#define HARDWOOD_TOOLS_HARDWOOD_BENCHREPORT_H

#include "hardwood/Support/Npy.h"
#include "hardwood/hardwood.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"

#include <string>

namespace hardwood {

/// The CPU (lscpu's model name, LLVM's host CPU name, a summary of its
/// vector features), logical CPUs and physical cores.
llvm::json::Object describeMachine();

/// Main-memory read bandwidth in GB/s (1e9 bytes/s): the best of a few
/// passes of a streaming integer sum over a buffer far larger than the
/// caches, split over `threads` threads.
double measureReadBandwidth(unsigned threads);

/// Node visits per row: the sum over trees of the depth of the leaf each
/// row reaches (one visit per split evaluated on the root-to-leaf path).
/// Measured from the `leaf` kind on (up to) the first rows of `input` and
/// the depths of the leaves in the model file; an object with
/// "per_row", "definition", "rows_measured" and "trees", or null with a
/// "reason" when it cannot be measured (linear model, compiled library).
llvm::json::Object measureNodeVisits(const std::string &modelPath,
                                     hw_model *model, const NpyArray &input);

/// Writes DIR/report.json and DIR/report.md from `report`, then draws
/// DIR/report.png with python3 -m hardwood.bench_plot; a missing
/// matplotlib is a warning naming the package, not an error.
llvm::Error writeBenchReport(const std::string &dir,
                             const llvm::json::Object &report);

} // namespace hardwood

#endif
