//===- InspectCommand.cpp - hardwood inspect ------------------------------===//
//
// A model file is summarised from its imported IR (and the schedule the cost
// model would choose for the selected target); a compiled library from its
// descriptor (InspectLibrary.cpp). Each summary is built once as JSON and
// printed either as JSON (--json) or as text.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Inspect.h"
#include "Options.h"

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Driver/Compile.h"
#include "hardwood/Driver/LoweredModel.h"
#include "hardwood/Driver/TargetAttribute.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/WithColor.h"

#include <map>

using namespace llvm;
using namespace hardwood;

namespace hardwood {

/// Labels as the user wrote them, not as typed attributes.
static json::Value labelValue(mlir::Attribute label) {
  if (auto integer = dyn_cast<mlir::IntegerAttr>(label))
    return integer.getValue().getSExtValue();
  if (auto real = dyn_cast<mlir::FloatAttr>(label))
    return real.getValueAsDouble();
  if (auto text = dyn_cast<mlir::StringAttr>(label))
    return text.getValue();
  std::string printed;
  raw_string_ostream os(printed);
  label.print(os);
  return printed;
}

static void printClasses(raw_ostream &os, const json::Object &model) {
  const json::Array *classes = model.getArray("classes");
  if (!classes)
    return;
  os << "classes:    " << classes->size() << " [";
  unsigned shown = 0;
  for (const json::Value &label : *classes) {
    if (shown++)
      os << ", ";
    if (shown > 10) {
      os << "...";
      break;
    }
    if (auto text = label.getAsString())
      os << '"' << *text << '"';
    else if (auto integer = label.getAsInteger())
      os << *integer;
    else if (auto real = label.getAsNumber())
      os << *real;
  }
  os << "]\n";
}

/// The schedule the compiler would choose for `op` on the target, and why.
template <typename ModelOp>
static void addSchedule(json::Object &model, ModelOp op,
                        const TargetDescription &target) {
  TargetAttr targetAttr = buildTargetAttr(*op.getContext(), target);
  ModelStatistics stats = ModelStatistics::of(op);
  std::string schedule;
  raw_string_ostream os(schedule);
  os << selectSchedule(targetAttr, stats);
  model["target"] = json::Object{{"name", target.name},
                                 {"triple", target.triple},
                                 {"cpu", target.cpu},
                                 {"features", target.features}};
  model["schedule"] = schedule;
  model["schedule_reason"] = explainSchedule(targetAttr, stats);
}

/// For a float64 ensemble with float32-row kernels (Float32Rows.h): their
/// schedule on the target, and why.
static void addFloat32RowsSchedule(json::Object &model, EnsembleOp ensemble,
                                   const TargetDescription &target) {
  std::optional<ModelStatistics> stats =
      ModelStatistics::ofFloat32Rows(ensemble);
  if (!stats)
    return;
  TargetAttr targetAttr = buildTargetAttr(*ensemble.getContext(), target);
  std::string schedule;
  raw_string_ostream os(schedule);
  os << selectSchedule(targetAttr, *stats);
  model["float32_rows_schedule"] = schedule;
  model["float32_rows_schedule_reason"] = explainSchedule(targetAttr, *stats);
}

template <typename ModelOp>
static void addClasses(json::Object &model, ModelOp op) {
  if (std::optional<mlir::ArrayAttr> classes = op.getClasses()) {
    json::Array labels;
    for (mlir::Attribute label : *classes)
      labels.push_back(labelValue(label));
    model["classes"] = std::move(labels);
  }
}

static json::Object summariseLinear(LinearOp linear,
                                    const TargetDescription &target) {
  json::Object model{
      {"name", linear.getSymName()},
      {"family", "linear"},
      {"task", stringifyTask(linear.getTask())},
      {"num_features", linear.getNumFeatures()},
      {"input_type", linear.getInputType().isF32() ? "float32" : "float64"},
      {"outputs", linear.getNumOutputs()},
      {"transform", stringifyTransform(linear.getTransform())}};
  addClasses(model, linear);
  addSchedule(model, linear, target);
  return model;
}

static json::Object summariseEnsemble(EnsembleOp ensemble,
                                      const TargetDescription &target) {
  std::map<unsigned, unsigned> depthHistogram;
  uint64_t nodes = 0, leaves = 0, categorical = 0;
  uint64_t linearTrees = 0, linearTerms = 0;
  DenseSet<int32_t> features;
  for (TreeOp tree : ensemble.getTrees()) {
    ++depthHistogram[tree.computeDepth()];
    nodes += tree.getNumNodes();
    for (unsigned node = 0; node < tree.getNumNodes(); ++node) {
      if (tree.isLeaf(node)) {
        ++leaves;
        continue;
      }
      features.insert(tree.getFeature()[node]);
    }
    if (auto cats = tree.getCategoricalNodes())
      categorical += cats->size();
    // Linear leaves read features the splits may not.
    if (tree.isLinear()) {
      ++linearTrees;
      // A named ArrayRef: iterating `*optional-temporary` would bind to
      // an ArrayRef destroyed with the optional.
      llvm::ArrayRef<int32_t> linearFeatures = *tree.getLinearFeatures();
      linearTerms += linearFeatures.size();
      for (int32_t feature : linearFeatures)
        features.insert(feature);
    }
  }
  json::Object depths;
  for (auto [depth, count] : depthHistogram)
    depths[std::to_string(depth)] = count;
  json::Object model{
      {"name", ensemble.getSymName()},
      {"family", "tree ensemble"},
      {"task", stringifyTask(ensemble.getTask())},
      {"num_features", ensemble.getNumFeatures()},
      {"input_type", ensemble.getInputType().isF32() ? "float32" : "float64"},
      {"features_used", static_cast<int64_t>(features.size())},
      {"trees", ensemble.getNumTrees()},
      {"aggregation", stringifyAggregation(ensemble.getAggregation())},
      {"leaf_width", ensemble.getLeafWidth()},
      {"nodes", nodes},
      {"leaves", leaves},
      {"categorical_splits", categorical},
      {"linear_trees", linearTrees},
      {"linear_terms", linearTerms},
      {"outputs", ensemble.getNumOutputs()},
      {"transform", stringifyTransform(ensemble.getTransform())},
      {"depths", std::move(depths)}};
  if (auto scale = ensemble.getTransformScale())
    model["transform_scale"] = scale->convertToDouble();
  addClasses(model, ensemble);
  addSchedule(model, ensemble, target);
  addFloat32RowsSchedule(model, ensemble, target);
  return model;
}

static void printModel(raw_ostream &os, const json::Object &model) {
  auto text = [&](StringRef key) {
    return model.getString(key).value_or("").str();
  };
  auto number = [&](StringRef key) {
    return model.getInteger(key).value_or(0);
  };
  os << "model:      " << text("name") << "\n"
     << "family:     " << text("family") << "\n"
     << "task:       " << text("task") << "\n";
  if (text("family") == "linear") {
    os << "features:   " << number("num_features") << "\n"
       << "outputs:    " << number("outputs") << "\n"
       << "transform:  " << text("transform") << "\n";
    printClasses(os, model);
  } else {
    os << "input:      " << number("num_features") << " features, "
       << text("input_type") << "\n"
       << "features used: " << number("features_used") << "\n"
       << "trees:      " << number("trees") << " (" << text("aggregation")
       << ", leaf width " << number("leaf_width") << ")\n"
       << "nodes:      " << number("nodes") << " (" << number("leaves")
       << " leaves, " << number("categorical_splits")
       << " categorical splits)\n";
    if (number("linear_trees"))
      os << "linear:     " << number("linear_trees")
         << " trees with linear leaves (" << number("linear_terms")
         << " terms)\n";
    os << "outputs:    " << number("outputs") << "\n"
       << "transform:  " << text("transform");
    if (auto scale = model.getNumber("transform_scale"))
      os << " (scale " << *scale << ")";
    os << "\n";
    printClasses(os, model);
    os << "depths:    ";
    if (const json::Object *depths = model.getObject("depths")) {
      // Numeric order (json::Object iterates in hash order).
      std::map<unsigned, int64_t> sorted;
      for (const auto &[depth, count] : *depths)
        sorted[std::stoul(depth.str())] = count.getAsInteger().value_or(0);
      for (auto [depth, count] : sorted)
        os << " " << depth << ":" << count;
    }
    os << "  (depth:trees)\n";
  }
  const json::Object *target = model.getObject("target");
  os << "schedule:   " << (target ? target->getString("name").value_or("") : "")
     << ": " << text("schedule") << "\n"
     << "            " << text("schedule_reason") << "\n";
  if (model.getString("float32_rows_schedule"))
    os << "  float32 rows: " << text("float32_rows_schedule") << "\n"
       << "            " << text("float32_rows_schedule_reason") << "\n";
}

int runInspect() {
  if (std::optional<int> status = printTargetHelpIfAsked())
    return *status;
  auto fail = [](Error error, int status) {
    WithColor::error(errs(), "hardwood inspect")
        << toString(std::move(error)) << "\n";
    return status;
  };
  Expected<TargetDescription> target = resolveTarget(selectedTarget());
  if (!target)
    return fail(target.takeError(), 2);
  raw_ostream &os = outs();
  if (isSharedLibrary(inspectModel)) {
    Expected<json::Object> library = describeLibrary(inspectModel);
    if (!library)
      return fail(library.takeError(), 1);
    if (inspectJson)
      os << formatv("{0:2}", json::Value(std::move(*library))) << "\n";
    else
      printLibrary(os, *library);
    return 0;
  }
  auto context = createCompilerContext();
  auto module = loadModel(inspectModel, *context);
  if (!module)
    return fail(module.takeError(), 1);
  json::Array models;
  for (mlir::Operation &op : *(*module)->getBody()) {
    if (auto linear = dyn_cast<LinearOp>(op))
      models.push_back(summariseLinear(linear, *target));
    else if (auto ensemble = dyn_cast<EnsembleOp>(op))
      models.push_back(summariseEnsemble(ensemble, *target));
  }
  if (inspectJson) {
    Expected<std::string> hash = hashModelFile(inspectModel);
    if (!hash)
      return fail(hash.takeError(), 1);
    json::Object file{{"path", std::string(inspectModel)},
                      {"content_hash", *hash},
                      {"models", std::move(models)}};
    os << formatv("{0:2}", json::Value(std::move(file))) << "\n";
    return 0;
  }
  for (const json::Value &model : models)
    printModel(os, *model.getAsObject());
  return 0;
}

} // namespace hardwood
