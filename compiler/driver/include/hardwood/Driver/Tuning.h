//===- Tuning.h - What hardwood compile --tune measures ---------*- C++ -*-===//
//
// The compiler's half of `hardwood compile --tune`: checks that the target
// is this host, lists the candidate schedules (the cost model's choice
// first) and synthesizes sample rows from the model's thresholds. Compiling,
// loading and timing the candidates needs the runtime, which the compiler's
// libraries never link: the hardwood tool does that
// (compiler/tools/hardwood/TuneCommand.cpp). docs/design.md ("Schedules",
// "--tune") describes the whole.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_DRIVER_TUNING_H
#define HARDWOOD_DRIVER_TUNING_H

#include "hardwood/Driver/Compile.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hardwood {

struct TuningPlan {
  /// The candidate schedules as `--schedule` parameters (the text inside
  /// `#hardwood.schedule<...>`); candidates[0] is the cost model's choice.
  std::vector<std::string> candidates;
  /// Why the cost model chose candidates[0] (explainSchedule).
  std::string costModelReason;
  /// For a float64 tree ensemble with float32-row kernels (Float32Rows.h):
  /// their candidates (as `--float32-rows-schedule` parameters, [0] the
  /// cost model's choice) and its reason; empty otherwise. Tuning on
  /// float32 rows times these kernels, so it ranks these candidates.
  std::vector<std::string> float32RowsCandidates;
  std::string float32RowsCostModelReason;
  int64_t numFeatures = 0;
  /// Whether the kernels take float32 rows (else float64).
  bool float32Input = true;
  /// The host CPU the candidates are measured on.
  std::string hostCpu;
  /// Rows synthesized from the model's thresholds (rows x numFeatures,
  /// C order), exactly representable in the input type; empty unless
  /// asked for.
  std::vector<double> syntheticRows;
};

/// Plans the tuning of `options`' model: an error when the target is not
/// this host (nothing could be measured), when a schedule is forced, or
/// when the model cannot be imported. `syntheticRows` > 0 also
/// synthesizes that many sample rows (a fixed seed: the same rows each
/// time): every feature of a row takes, at random, one of the thresholds
/// the model compares it with or a float neighbour of one on either side
/// (in the input's precision), a category a split names, or once in 64
/// values NaN, so every branch is taken both ways over enough rows; linear
/// models take standard normal values.
llvm::Expected<TuningPlan> planTuning(const CompileOptions &options,
                                      int64_t syntheticRows);

} // namespace hardwood

#endif // HARDWOOD_DRIVER_TUNING_H
