//===- Tuning.cpp - What hardwood compile --tune measures -----------------===//

#include "hardwood/Driver/Tuning.h"
#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Driver/TargetAttribute.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

#include <cmath>
#include <limits>
#include <random>

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

/// The parameters of a schedule, as --schedule takes them.
static std::string scheduleParameters(ScheduleAttr schedule) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << schedule;
  llvm::StringRef params(text);
  params.consume_front("#hardwood.schedule<");
  params.consume_back(">");
  return params.str();
}

/// The values a feature is compared with, and their neighbours in the
/// input's precision on either side; categories a split names.
static std::vector<std::vector<double>> splitValues(EnsembleOp ensemble,
                                                    bool float32) {
  std::vector<std::vector<double>> values(ensemble.getNumFeatures());
  auto addThreshold = [&](std::vector<double> &out, double threshold) {
    if (std::isnan(threshold))
      return;
    if (float32) {
      float t = static_cast<float>(threshold);
      float inf = std::numeric_limits<float>::infinity();
      for (float v : {std::nextafter(t, -inf), t, std::nextafter(t, inf)})
        out.push_back(v);
    } else {
      double inf = std::numeric_limits<double>::infinity();
      for (double v : {std::nextafter(threshold, -inf), threshold,
                       std::nextafter(threshold, inf)})
        out.push_back(v);
    }
  };
  for (TreeOp tree : ensemble.getTrees()) {
    llvm::ArrayRef<int32_t> feature = tree.getFeature();
    llvm::ArrayRef<double> threshold = tree.getThreshold();
    for (unsigned node = 0; node < tree.getNumNodes(); ++node) {
      if (tree.isLeaf(node) || feature[node] < 0 ||
          feature[node] >= static_cast<int64_t>(values.size()))
        continue;
      std::vector<double> &out = values[feature[node]];
      int categorical = tree.findCategorical(node);
      if (categorical < 0) {
        addThreshold(out, threshold[node]);
        continue;
      }
      // Categories in the set go left; one outside it goes right.
      auto set = llvm::cast<mlir::DenseI32ArrayAttr>(
          (*tree.getCategorySets())[categorical]);
      for (int32_t category : set.asArrayRef())
        out.push_back(category);
      int32_t domain = (*tree.getCategoryDomains())[categorical];
      for (int32_t category = 0; category < std::min(domain, 8); ++category)
        out.push_back(category);
    }
  }
  for (std::vector<double> &v : values) {
    llvm::sort(v);
    v.erase(std::unique(v.begin(), v.end()), v.end());
  }
  return values;
}

static std::vector<double> synthesizeRows(mlir::ModuleOp module, int64_t rows,
                                          int64_t numFeatures, bool float32) {
  std::vector<double> out(rows * numFeatures, 0.0);
  std::mt19937_64 random(0x5eed);
  EnsembleOp ensemble;
  for (mlir::Operation &op : *module.getBody())
    if (auto e = llvm::dyn_cast<EnsembleOp>(op))
      ensemble = e;
  if (!ensemble) {
    std::normal_distribution<double> normal;
    for (double &v : out)
      v = float32 ? static_cast<float>(normal(random)) : normal(random);
    return out;
  }
  std::vector<std::vector<double>> values = splitValues(ensemble, float32);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t f = 0; f < numFeatures; ++f) {
      double &v = out[r * numFeatures + f];
      const std::vector<double> &choices = values[f];
      uint64_t draw = random();
      if (draw % 64 == 0)
        v = std::numeric_limits<double>::quiet_NaN();
      else if (!choices.empty())
        v = choices[(draw >> 6) % choices.size()];
    }
  return out;
}

llvm::Expected<TuningPlan> hardwood::planTuning(const CompileOptions &options,
                                                int64_t syntheticRows) {
  if (!options.schedule.empty() || !options.float32RowsSchedule.empty())
    return makeError("--tune measures schedules to choose one; it cannot be "
                     "combined with --schedule or --float32-rows-schedule");
  llvm::Expected<TargetDescription> target = resolveTarget(options.target);
  if (!target)
    return target.takeError();
  std::string hostCpu = llvm::sys::getHostCPUName().str();
  if (target->name != "native" || !target->runsOnHost)
    return makeError(
        "--tune times the candidate schedules on this host (" + hostCpu +
        "), so it needs --target native (the default), not '" + target->name +
        "': code for another target cannot be measured here; compile for it "
        "without --tune (the cost model chooses), or tune on a machine of "
        "that kind");
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  auto module = loadModel(options.modelPath, *context, options.modelName,
                          options.numIterations);
  if (!module)
    return module.takeError();
  if (llvm::Error error = applyInputType(**module, options.inputType))
    return std::move(error);
  TargetAttr targetAttr = buildTargetAttr(*context, *target);

  TuningPlan plan;
  plan.hostCpu = hostCpu;
  bool found = false;
  for (mlir::Operation &op : *(*module)->getBody()) {
    ModelStatistics stats;
    if (auto ensemble = llvm::dyn_cast<EnsembleOp>(op)) {
      stats = ModelStatistics::of(ensemble);
      plan.float32Input = ensemble.getInputType().isF32();
      if (std::optional<ModelStatistics> rows =
              ModelStatistics::ofFloat32Rows(ensemble)) {
        plan.float32RowsCostModelReason = explainSchedule(targetAttr, *rows);
        for (ScheduleAttr schedule :
             enumerateCandidateSchedules(targetAttr, *rows))
          plan.float32RowsCandidates.push_back(scheduleParameters(schedule));
      }
    } else if (auto linear = llvm::dyn_cast<LinearOp>(op)) {
      stats = ModelStatistics::of(linear);
      plan.float32Input = linear.getInputType().isF32();
    } else {
      continue;
    }
    if (found)
      return makeError(options.modelPath +
                       ": --tune needs a file with one model");
    found = true;
    plan.numFeatures = stats.numFeatures;
    plan.costModelReason = explainSchedule(targetAttr, stats);
    for (ScheduleAttr schedule : enumerateCandidateSchedules(targetAttr, stats))
      plan.candidates.push_back(scheduleParameters(schedule));
  }
  if (!found)
    return makeError(options.modelPath + ": no model to tune");
  if (syntheticRows > 0)
    plan.syntheticRows = synthesizeRows(**module, syntheticRows,
                                        plan.numFeatures, plan.float32Input);
  return plan;
}
