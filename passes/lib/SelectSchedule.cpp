//===- SelectSchedule.cpp - Attach a #hardwood.schedule to model ops ------===//

#include "hardwood/Passes/ScheduleSelection.h"

#include "hardwood/Passes/Passes.h"

#include "mlir/AsmParser/AsmParser.h"

namespace hardwood {
#define GEN_PASS_DEF_SELECTSCHEDULE
#include "hardwood/Passes/Passes.h.inc"
} // namespace hardwood

using namespace mlir;
using namespace hardwood;

namespace {
struct SelectSchedulePass
    : public hardwood::impl::SelectScheduleBase<SelectSchedulePass> {
  using SelectScheduleBase::SelectScheduleBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TargetAttr target = TargetAttr::lookup(module);
    if (!target)
      target = getDefaultTarget(module.getContext());
    ScheduleAttr forced;
    if (!schedule.empty()) {
      // The option takes the attribute with or without its prefix.
      std::string text = StringRef(schedule).starts_with("#")
                             ? schedule
                             : "#hardwood.schedule" + schedule;
      Attribute parsed = parseAttribute(text, module.getContext());
      forced = dyn_cast_or_null<ScheduleAttr>(parsed);
      if (!forced) {
        module.emitError() << "schedule option '" << schedule
                           << "' is not a #hardwood.schedule<...>";
        return signalPassFailure();
      }
    }
    for (Operation &op : *module.getBody()) {
      if (auto ensemble = dyn_cast<EnsembleOp>(op)) {
        if (failed(attach(ensemble, ModelStatistics::of(ensemble), target,
                          forced)))
          return signalPassFailure();
      } else if (auto linear = dyn_cast<LinearOp>(op)) {
        if (failed(attach(linear, ModelStatistics::of(linear), target, forced)))
          return signalPassFailure();
      }
    }
  }

  template <typename ModelOp>
  LogicalResult attach(ModelOp op, const ModelStatistics &stats,
                       TargetAttr target, ScheduleAttr forced) {
    ScheduleAttr chosen = forced ? forced : op.getScheduleAttr();
    chosen = chosen ? completeSchedule(chosen, target, stats)
                    : selectSchedule(target, stats);
    bool linearStrategy =
        chosen.getStrategy() == TraversalStrategy::linear_row_tiles;
    if (linearStrategy != stats.isLinear)
      return op.emitOpError()
             << "cannot use strategy "
             << stringifyTraversalStrategy(chosen.getStrategy()) << " for a "
             << (stats.isLinear ? "linear model" : "tree ensemble");
    op.setScheduleAttr(chosen);
    return success();
  }
};
} // namespace
