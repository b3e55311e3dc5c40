//===- XGBoostModelParams.cpp - XGBoost learner parameters ----------------===//
//
// learner_model_param and the objective: number of features and outputs,
// base_score in the objective's space, and XGBoost's string-encoded numbers.
//
//===----------------------------------------------------------------------===//

#include "ModelLimits.h"
#include "XGBoostImporter.h"
#include "XGBoostObjectives.h"

#include "llvm/ADT/APFloat.h"

using namespace hardwood;
using namespace hardwood::xgboost;
using llvm::json::Array;

const Object *XGBoostImporter::member(const Object &object, llvm::StringRef key,
                                      const std::string &path) {
  const Value *value = reader.require(object, key, path);
  return value ? reader.asObject(*value, memberPath(path, key)) : nullptr;
}

/// XGBoost stores parameters as strings ("num_class": "3").
std::optional<int64_t> XGBoostImporter::stringInteger(const Object &object,
                                                      llvm::StringRef key,
                                                      const std::string &path,
                                                      int64_t min,
                                                      int64_t max) {
  const Value *value = reader.require(object, key, path);
  if (!value)
    return std::nullopt;
  std::string field = memberPath(path, key);
  if (std::optional<llvm::StringRef> text = value->getAsString()) {
    int64_t parsed;
    if (text->getAsInteger(10, parsed) || parsed < min || parsed > max) {
      errors.at(field) << "expected an integer in [" << min << ", " << max
                       << "], got " << describeJson(*value);
      return std::nullopt;
    }
    return parsed;
  }
  return reader.asInteger(*value, field, min, max);
}

/// Decimal text to float32 directly, as XGBoost parses it: going through
/// double could round twice.
static std::optional<float> parseFloat32(llvm::StringRef text) {
  llvm::APFloat parsed(llvm::APFloat::IEEEsingle());
  auto status =
      parsed.convertFromString(text.trim(), llvm::APFloat::rmNearestTiesToEven);
  if (!status) {
    llvm::consumeError(status.takeError());
    return std::nullopt;
  }
  if (!parsed.isFinite())
    return std::nullopt;
  return parsed.convertToFloat();
}

std::optional<llvm::SmallVector<float>>
XGBoostImporter::stringFloats(const Object &object, llvm::StringRef key,
                              const std::string &path) {
  const Value *value = reader.require(object, key, path);
  if (!value)
    return std::nullopt;
  llvm::SmallVector<float> result;
  std::optional<double> number = value->getAsNumber();
  if (std::optional<llvm::StringRef> text = value->getAsString()) {
    // XGBoost 1.x writes one number ("5E-1"); 2.1+ a list ("[5E-1]").
    llvm::StringRef list = text->trim();
    bool bracketed = list.consume_front("[") && list.consume_back("]");
    llvm::SmallVector<llvm::StringRef> parts;
    if (bracketed)
      list.split(parts, ',');
    else
      parts.push_back(list);
    for (llvm::StringRef part : parts) {
      std::optional<float> parsed = parseFloat32(part);
      if (!parsed) {
        result.clear();
        break;
      }
      result.push_back(*parsed);
    }
  } else if (std::optional<double> exact = toFloat32(number.value_or(NAN))) {
    result.push_back(static_cast<float>(*exact));
  }
  if (result.empty()) {
    errors.at(memberPath(path, key))
        << "expected a finite float32 number, got " << describeJson(*value);
    return std::nullopt;
  }
  return result;
}

mlir::LogicalResult XGBoostImporter::readModelParams(const Object &learner,
                                                     ModelInfo &model,
                                                     EnsembleInfo &ensemble) {
  const std::string paramsPath = "learner.learner_model_param";
  const Object *params = member(learner, "learner_model_param", "learner");
  const Object *objective = member(learner, "objective", "learner");
  if (!params || !objective)
    return mlir::failure();
  const Value *nameValue =
      reader.require(*objective, "name", "learner.objective");
  if (!nameValue)
    return mlir::failure();
  std::optional<llvm::StringRef> name =
      reader.asString(*nameValue, "learner.objective.name");
  if (!name)
    return mlir::failure();
  std::optional<XGBoostObjective> meaning = lookupXGBoostObjective(*name);
  if (!meaning)
    return errors.at("learner.objective.name")
           << "unsupported objective \"" << *name
           << "\"; expected one of: " << listXGBoostObjectives();

  std::optional<int64_t> numFeatures = stringInteger(
      *params, "num_feature", paramsPath, 1, limits::kMaxFeatures);
  std::optional<int64_t> numClass =
      stringInteger(*params, "num_class", paramsPath, 0, limits::kMaxOutputs);
  std::optional<llvm::SmallVector<float>> baseScores =
      stringFloats(*params, "base_score", paramsPath);
  if (!numFeatures || !numClass || !baseScores)
    return mlir::failure();
  // num_target appeared in 1.6 for multi-output regression.
  int64_t numTarget = 1;
  if (params->get("num_target")) {
    std::optional<int64_t> value = stringInteger(
        *params, "num_target", paramsPath, 1, limits::kMaxOutputs);
    if (!value)
      return mlir::failure();
    numTarget = *value;
  }
  if (*numClass > 1 && numTarget > 1)
    return errors.at(memberPath(paramsPath, "num_target"))
           << "expected 1 with num_class " << *numClass << ", got "
           << numTarget;

  model.numFeatures = *numFeatures;
  model.numOutputs = std::max<int64_t>({*numClass, numTarget, 1});
  model.float64Input = false;
  model.task = meaning->task;
  model.transform = meaning->transform;
  if (model.task == Task::classification) {
    bool multiClass = model.transform == Transform::softmax;
    if (multiClass != (model.numOutputs > 1))
      return errors.at(memberPath(paramsPath, "num_class"))
             << "objective \"" << *name << "\" expects "
             << (multiClass ? "num_class >= 2" : "a single output") << ", got "
             << model.numOutputs << " output(s)";
    model.classes = makeIndexClassLabels(errors.getContext(),
                                         multiClass ? model.numOutputs : 2);
  }
  // One base_score applies to every output; newer versions may give one
  // per output.
  if (baseScores->size() != 1 &&
      static_cast<int64_t>(baseScores->size()) != model.numOutputs)
    return errors.at(memberPath(paramsPath, "base_score"))
           << "expected 1 or " << model.numOutputs << " values, got "
           << baseScores->size();
  for (int64_t k = 0; k < model.numOutputs; ++k) {
    float baseScore = (*baseScores)[baseScores->size() == 1 ? 0 : k];
    std::optional<float> margin =
        baseScoreToMargin(baseScore, meaning->baseScoreSpace);
    if (!margin || !std::isfinite(*margin))
      return errors.at(memberPath(paramsPath, "base_score"))
             << "base_score " << formatNumber(baseScore)
             << " is outside the domain of " << *name
             << "'s link function (expected "
             << (meaning->baseScoreSpace == BaseScoreSpace::Probability
                     ? "a value in (0, 1)"
                     : "a positive value")
             << ")";
    ensemble.baseScore.push_back(static_cast<double>(*margin));
  }
  return mlir::success();
}
