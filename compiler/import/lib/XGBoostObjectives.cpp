//===- XGBoostObjectives.cpp - XGBoost objectives as transforms -----------===//
//
// From XGBoost 1.7's objective classes (src/objective/*.cc): PredTransform
// gives the transform, ProbToMargin the base_score space. binary:logitraw
// keeps base_score as a margin (checked against XGBoost 1.7.4 by the
// xgb_logitraw.json fixture), and multi:softmax predicts labels, which
// Hardwood's `predict` gives for a softmax classifier.
//
//===----------------------------------------------------------------------===//

#include "XGBoostObjectives.h"

#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace hardwood;
using hardwood::Task;
using hardwood::Transform;

namespace {
struct NamedObjective {
  llvm::StringLiteral name;
  XGBoostObjective objective;
};
} // namespace

static const NamedObjective kObjectives[] = {
    {"reg:squarederror",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:linear",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:squaredlogerror",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:pseudohubererror",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:absoluteerror",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:quantileerror",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"reg:logistic",
     {Task::regression, Transform::sigmoid, BaseScoreSpace::Probability}},
    {"binary:logistic",
     {Task::classification, Transform::sigmoid, BaseScoreSpace::Probability}},
    {"binary:logitraw",
     {Task::regression, Transform::identity, BaseScoreSpace::Margin}},
    {"binary:hinge",
     {Task::classification, Transform::binary_hinge, BaseScoreSpace::Margin}},
    {"count:poisson", {Task::regression, Transform::exp, BaseScoreSpace::Exp}},
    {"reg:gamma", {Task::regression, Transform::exp, BaseScoreSpace::Exp}},
    {"reg:tweedie", {Task::regression, Transform::exp, BaseScoreSpace::Exp}},
    {"survival:cox", {Task::regression, Transform::exp, BaseScoreSpace::Exp}},
    {"survival:aft", {Task::regression, Transform::exp, BaseScoreSpace::Exp}},
    {"rank:pairwise",
     {Task::ranking, Transform::identity, BaseScoreSpace::Margin}},
    {"rank:ndcg", {Task::ranking, Transform::identity, BaseScoreSpace::Margin}},
    {"rank:map", {Task::ranking, Transform::identity, BaseScoreSpace::Margin}},
    {"multi:softprob",
     {Task::classification, Transform::softmax, BaseScoreSpace::Margin}},
    {"multi:softmax",
     {Task::classification, Transform::softmax, BaseScoreSpace::Margin}},
};

std::optional<XGBoostObjective>
hardwood::lookupXGBoostObjective(llvm::StringRef name) {
  for (const NamedObjective &entry : kObjectives)
    if (entry.name == name)
      return entry.objective;
  return std::nullopt;
}

std::string hardwood::listXGBoostObjectives() {
  std::string names;
  for (const NamedObjective &entry : kObjectives)
    names += (names.empty() ? "" : ", ") + entry.name.str();
  return names;
}

std::optional<float> hardwood::baseScoreToMargin(float baseScore,
                                                 BaseScoreSpace space) {
  switch (space) {
  case BaseScoreSpace::Margin:
    return baseScore;
  case BaseScoreSpace::Probability:
    // XGBoost: -logf(1.0f / base_score - 1.0f), all in float.
    if (!(baseScore > 0.0f && baseScore < 1.0f))
      return std::nullopt;
    // + 0.0f turns the logit of 0.5, -0.0, into 0.0 for a tidy printout.
    return -std::log(1.0f / baseScore - 1.0f) + 0.0f;
  case BaseScoreSpace::Exp:
    if (!(baseScore > 0.0f))
      return std::nullopt;
    return std::log(baseScore);
  }
  return std::nullopt;
}
