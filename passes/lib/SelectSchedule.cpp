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
    ScheduleAttr forced, forcedRows;
    if (failed(parseOption(module, schedule, "schedule", forced)) ||
        failed(parseOption(module, float32RowsSchedule, "float32-rows-schedule",
                           forcedRows)))
      return signalPassFailure();
    for (Operation &op : *module.getBody()) {
      if (auto ensemble = dyn_cast<EnsembleOp>(op)) {
        if (failed(attach(ensemble, ModelStatistics::of(ensemble), target,
                          forced)) ||
            failed(attachFloat32Rows(ensemble, target, forcedRows)))
          return signalPassFailure();
      } else if (auto linear = dyn_cast<LinearOp>(op)) {
        if (forcedRows) {
          linear.emitOpError()
              << "has no float32-rows schedule: a linear model's float32-row "
                 "kernels follow its schedule";
          return signalPassFailure();
        }
        if (failed(attach(linear, ModelStatistics::of(linear), target, forced)))
          return signalPassFailure();
      }
    }
  }

  /// The #hardwood.schedule in `text` (with or without its prefix), or
  /// null for an empty option.
  static LogicalResult parseOption(ModuleOp module, StringRef text,
                                   StringRef option, ScheduleAttr &result) {
    if (text.empty())
      return success();
    std::string full = text.starts_with("#")
                           ? text.str()
                           : ("#hardwood.schedule" + text).str();
    result = dyn_cast_or_null<ScheduleAttr>(
        parseAttribute(full, module.getContext()));
    if (!result)
      return module.emitError() << option << " option '" << text
                                << "' is not a #hardwood.schedule<...>";
    return success();
  }

  /// The float32-rows schedule of a float64 ensemble with an exact copy:
  /// as for `schedule`, for the same model with float32 input.
  static LogicalResult attachFloat32Rows(EnsembleOp ensemble, TargetAttr target,
                                         ScheduleAttr forced) {
    std::optional<ModelStatistics> stats =
        ModelStatistics::ofFloat32Rows(ensemble);
    if (!stats) {
      if (!forced)
        return success();
      if (ensemble.getInputType().isF32())
        return ensemble.emitOpError()
               << "is a float32 model: its kernels read float32 rows, so "
                  "there is no float32-rows schedule (use schedule)";
      return ensemble.emitOpError()
             << "has no float32-row kernels to schedule: categorical "
                "splits, linear leaves and zero snapping read float64 values";
    }
    ScheduleAttr chosen =
        forced ? forced : ensemble.getFloat32RowsScheduleAttr();
    chosen = chosen ? completeSchedule(chosen, target, *stats)
                    : selectSchedule(target, *stats);
    if (chosen.getStrategy() == TraversalStrategy::linear_row_tiles)
      return ensemble.emitOpError()
             << "cannot use strategy linear_row_tiles for a tree ensemble";
    ensemble.setFloat32RowsScheduleAttr(chosen);
    return success();
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
