//===- InspectCommand.cpp - hardwood inspect ------------------------------===//

#include "Commands.h"
#include "Options.h"

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Driver/Compile.h"
#include "hardwood/Driver/TargetAttribute.h"
#include "hardwood/Passes/ScheduleSelection.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/WithColor.h"

#include <map>

using namespace llvm;
using namespace hardwood;

namespace hardwood {

static void printClasses(raw_ostream &os,
                         std::optional<mlir::ArrayAttr> classes) {
  if (!classes)
    return;
  os << "classes:    " << classes->size() << " [";
  unsigned shown = 0;
  for (mlir::Attribute label : *classes) {
    if (shown++)
      os << ", ";
    if (shown > 10) {
      os << "...";
      break;
    }
    // Labels as the user wrote them, not as typed attributes.
    if (auto integer = dyn_cast<mlir::IntegerAttr>(label))
      os << integer.getValue().getSExtValue();
    else if (auto real = dyn_cast<mlir::FloatAttr>(label))
      os << real.getValueAsDouble();
    else if (auto text = dyn_cast<mlir::StringAttr>(label))
      os << '"' << text.getValue() << '"';
    else
      label.print(os);
  }
  os << "]\n";
}

/// The schedule the compiler would choose for `op` on --target, and why.
template <typename ModelOp>
static void printSchedule(raw_ostream &os, ModelOp op,
                          const TargetDescription &target) {
  TargetAttr targetAttr = buildTargetAttr(*op.getContext(), target);
  ModelStatistics stats = ModelStatistics::of(op);
  os << "schedule:   " << target.name << ": "
     << selectSchedule(targetAttr, stats) << "\n"
     << "            " << explainSchedule(targetAttr, stats) << "\n";
}

int runInspect() {
  Expected<TargetDescription> target = lookupTarget(compileTarget);
  if (!target) {
    WithColor::error(errs(), "hardwood inspect")
        << toString(target.takeError()) << "\n";
    return 2;
  }
  auto context = createCompilerContext();
  auto module = loadModel(inspectModel, *context);
  if (!module) {
    WithColor::error(errs(), "hardwood inspect")
        << toString(module.takeError()) << "\n";
    return 1;
  }
  raw_ostream &os = outs();
  for (mlir::Operation &op : *(*module)->getBody()) {
    if (auto linear = dyn_cast<LinearOp>(op)) {
      os << "model:      " << linear.getSymName() << "\n"
         << "family:     linear\n"
         << "task:       " << stringifyTask(linear.getTask()) << "\n"
         << "features:   " << linear.getNumFeatures() << "\n"
         << "outputs:    " << linear.getNumOutputs() << "\n"
         << "transform:  " << stringifyTransform(linear.getTransform()) << "\n";
      printClasses(os, linear.getClasses());
      printSchedule(os, linear, *target);
      continue;
    }
    auto ensemble = dyn_cast<EnsembleOp>(op);
    if (!ensemble)
      continue;
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
    os << "model:      " << ensemble.getSymName() << "\n"
       << "family:     tree ensemble\n"
       << "task:       " << stringifyTask(ensemble.getTask()) << "\n"
       << "input:      " << ensemble.getNumFeatures() << " features, "
       << (ensemble.getInputType().isF32() ? "float32" : "float64") << "\n"
       << "features used: " << features.size() << "\n"
       << "trees:      " << ensemble.getNumTrees() << " ("
       << stringifyAggregation(ensemble.getAggregation()) << ", leaf width "
       << ensemble.getLeafWidth() << ")\n"
       << "nodes:      " << nodes << " (" << leaves << " leaves, "
       << categorical << " categorical splits)\n";
    if (linearTrees)
      os << "linear:     " << linearTrees << " trees with linear leaves ("
         << linearTerms << " terms)\n";
    os << "outputs:    " << ensemble.getNumOutputs() << "\n"
       << "transform:  " << stringifyTransform(ensemble.getTransform());
    if (auto scale = ensemble.getTransformScale())
      os << " (scale " << scale->convertToDouble() << ")";
    os << "\n";
    printClasses(os, ensemble.getClasses());
    os << "depths:    ";
    for (auto [depth, count] : depthHistogram)
      os << " " << depth << ":" << count;
    os << "  (depth:trees)\n";
    printSchedule(os, ensemble, *target);
  }
  return 0;
}

} // namespace hardwood
