//===- XGBoostObjectives.h - XGBoost objectives as transforms ---*- C++ -*-===//
//
// What each XGBoost objective means for Hardwood: the task, the transform
// from margin to prediction, and the space `base_score` is stored in.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_XGBOOSTOBJECTIVES_H
#define HARDWOOD_LIB_IMPORT_XGBOOSTOBJECTIVES_H

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace hardwood {

/// The space XGBoost stores `base_score` in; the margin is its image under
/// the objective's ProbToMargin.
enum class BaseScoreSpace { Margin, Probability, Exp };

struct XGBoostObjective {
  hardwood::Task task;
  hardwood::Transform transform;
  BaseScoreSpace baseScoreSpace;
};

/// The objective called `name`, or nullopt when Hardwood does not know it.
std::optional<XGBoostObjective> lookupXGBoostObjective(llvm::StringRef name);

/// The supported objective names, comma-separated, for messages.
std::string listXGBoostObjectives();

/// base_score as a margin, computed in float32 exactly as XGBoost 1.7's
/// ProbToMargin does so the bias matches bit for bit; nullopt when
/// `baseScore` is outside the space's domain.
std::optional<float> baseScoreToMargin(float baseScore, BaseScoreSpace space);

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_XGBOOSTOBJECTIVES_H
