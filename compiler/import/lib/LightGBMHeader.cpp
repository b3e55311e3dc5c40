//===- LightGBMHeader.cpp - LightGBM model text header --------------------===//
//
// The header section of LightGBM's model text: sizes, feature lists, the
// objective and its parameters as a Hardwood transform.
//
//===----------------------------------------------------------------------===//

#include "LightGBMTextImporter.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace hardwood;
using namespace hardwood::lightgbm;

//===----------------------------------------------------------------------===//
// Header
//===----------------------------------------------------------------------===//

std::optional<int64_t> LightGBMTextImporter::headerInteger(llvm::StringRef key,
                                                           int64_t min,
                                                           int64_t max) {
  int64_t value = 0;
  if (mlir::failed(reader.readInteger(header, key, min, max, value)))
    return std::nullopt;
  return value;
}

/// feature_names and feature_infos, when present, hold one entry per
/// feature.
mlir::LogicalResult
LightGBMTextImporter::checkFeatureList(llvm::StringRef key) {
  const Field *field = reader.find(header, key, false);
  if (!field)
    return mlir::success();
  size_t count = countTokens(field->value);
  if (static_cast<int64_t>(count) != numFeatures)
    return reader.error(header, key)
           << "expected " << numFeatures
           << " entries (max_feature_idx + 1), got " << count;
  return mlir::success();
}

mlir::LogicalResult
LightGBMTextImporter::readModelInfo(ModelInfo &model, EnsembleInfo &ensemble) {
  if (const Field *version = reader.find(header, "version", false))
    if (version->value != "v2" && version->value != "v3" &&
        version->value != "v4")
      return reader.error(header, "version")
             << "expected v2, v3 or v4 (the text formats this importer "
                "knows), got "
             << quote(version->value);
  std::optional<int64_t> numClass =
      headerInteger("num_class", 1, limits::kMaxOutputs);
  if (!numClass)
    return mlir::failure();
  // Equal for every objective LightGBM has; the raw score has num_class
  // entries and tree t adds to entry t % num_class.
  if (reader.find(header, "num_tree_per_iteration", false)) {
    std::optional<int64_t> perIteration =
        headerInteger("num_tree_per_iteration", 1, limits::kMaxOutputs);
    if (!perIteration)
      return mlir::failure();
    if (*perIteration != *numClass)
      return reader.error(header, "num_tree_per_iteration")
             << "expected num_class (" << *numClass
             << ") trees per iteration, got " << *perIteration;
  }
  std::optional<int64_t> maxFeature =
      headerInteger("max_feature_idx", 0, limits::kMaxFeatures - 1);
  if (!maxFeature)
    return mlir::failure();
  numFeatures = *maxFeature + 1;
  numOutputs = *numClass;
  if (mlir::failed(checkFeatureList("feature_names")) ||
      mlir::failed(checkFeatureList("feature_infos")))
    return mlir::failure();

  model.numFeatures = numFeatures;
  model.numOutputs = numOutputs;
  model.float64Input = true;
  if (mlir::failed(readObjective(model)))
    return mlir::failure();
  std::optional<std::string> name =
      resolveModelName(errors, "model", "", options);
  if (!name)
    return mlir::failure();
  model.name = *name;

  ensemble.leafWidth = 1;
  // rf mode: LightGBM's prediction (GBDT::Predict) divides the sum by the
  // number of iterations before the transform; its raw score
  // (GBDT::PredictRaw, predict_raw_score) is the undivided sum, and so is
  // the decision kind.
  bool rfMode = reader.find(header, "average_output", false);
  ensemble.aggregation = rfMode ? Aggregation::average : Aggregation::sum;
  ensemble.decisionIsSum = rfMode;
  ensemble.zeroThreshold = kLightGBMZeroThreshold;
  ensemble.categoryCast = CategoryCast::truncate_then_check;
  return mlir::success();
}

/// `objective=NAME PARAM...` as each objective's ToString() writes it, e.g.
/// `binary sigmoid:1`, `multiclassova num_class:3 sigmoid:1`,
/// `regression sqrt`.
mlir::LogicalResult LightGBMTextImporter::readObjective(ModelInfo &model) {
  const Field *field = reader.find(header, "objective", false);
  if (!field)
    return mlir::success(); // Custom objective: the raw score is the output.
  auto fail = [&]() { return reader.error(header, "objective"); };
  llvm::SmallVector<llvm::StringRef> words = splitTokens(field->value);
  if (words.empty())
    return fail() << "expected an objective name";
  llvm::StringRef name = words.front();

  enum class Kind {
    Identity,
    L2Family,
    Huber,
    Exp,
    Binary,
    Multiclass,
    MulticlassOva,
    CrossEntropy,
    Ranking,
    Unsupported,
    Unknown
  };
  Kind kind = llvm::StringSwitch<Kind>(name)
                  .Cases("regression", "regression_l1", "fair", "quantile",
                         "mape", Kind::L2Family)
                  .Case("huber", Kind::Huber)
                  .Cases("poisson", "gamma", "tweedie", Kind::Exp)
                  .Case("binary", Kind::Binary)
                  .Case("multiclass", Kind::Multiclass)
                  .Case("multiclassova", Kind::MulticlassOva)
                  .Case("cross_entropy", Kind::CrossEntropy)
                  .Cases("lambdarank", "rank_xendcg", Kind::Ranking)
                  .Case("custom", Kind::Identity)
                  .Case("cross_entropy_lambda", Kind::Unsupported)
                  .Default(Kind::Unknown);
  if (kind == Kind::Unknown)
    return fail() << "unknown objective " << quote(name)
                  << "; expected one LightGBM writes (regression, "
                     "regression_l1, huber, fair, quantile, mape, poisson, "
                     "gamma, tweedie, binary, multiclass, multiclassova, "
                     "cross_entropy, lambdarank, rank_xendcg, custom)";
  if (kind == Kind::Unsupported)
    return fail() << "objective cross_entropy_lambda (output log(1 + "
                     "exp(raw))) is not supported yet";

  bool sigmoidObjective = kind == Kind::Binary || kind == Kind::MulticlassOva;
  bool multiclass = kind == Kind::Multiclass || kind == Kind::MulticlassOva;
  std::optional<double> sigmoid;
  std::optional<int64_t> objectiveClasses;
  bool sqrt = false;
  for (llvm::StringRef word : llvm::drop_begin(words)) {
    auto [key, value] = word.split(':');
    // Not for Huber: LightGBM never writes `huber sqrt` (Huber disables
    // reg_sqrt) and its versions disagree on what such a line would mean.
    if (word == "sqrt" && kind == Kind::L2Family) {
      sqrt = true;
    } else if (key == "sigmoid" && sigmoidObjective) {
      sigmoid = parseDouble(value);
      if (!sigmoid || !std::isfinite(*sigmoid) || *sigmoid <= 0.0)
        return fail() << "expected a finite sigmoid parameter > 0, got "
                      << quote(value);
    } else if (key == "num_class" && multiclass) {
      objectiveClasses = parseInteger(value);
      if (!objectiveClasses)
        return fail() << "expected an integer num_class, got " << quote(value);
    } else {
      return fail() << "unexpected parameter " << quote(word)
                    << " for objective " << name;
    }
  }

  if (multiclass) {
    if (!objectiveClasses || *objectiveClasses != numOutputs)
      return fail() << "expected num_class:" << numOutputs
                    << " (the header's num_class) in the objective";
    if (numOutputs < 2)
      return fail() << "objective " << name << " needs num_class >= 2";
  } else if (kind != Kind::Identity && numOutputs != 1) {
    return fail() << "objective " << name
                  << " has one output, but num_class is " << numOutputs;
  }
  if (sigmoidObjective && !sigmoid)
    return fail() << "expected a sigmoid:VALUE parameter for objective "
                  << name;

  switch (kind) {
  case Kind::L2Family:
    // reg_sqrt trains on sign(y) sqrt|y|; predictions square back.
    model.transform = sqrt ? Transform::signed_square : Transform::identity;
    break;
  case Kind::Exp:
    model.transform = Transform::exp;
    break;
  case Kind::Binary:
  case Kind::MulticlassOva:
    // One sigmoid per class, not normalised, as LightGBM.
    model.task = Task::classification;
    model.transform = Transform::sigmoid;
    model.transformScale = *sigmoid;
    break;
  case Kind::Multiclass:
    model.task = Task::classification;
    model.transform = Transform::softmax;
    break;
  case Kind::CrossEntropy:
    // Labels are probabilities in [0, 1]; the output is one, not a class.
    model.transform = Transform::sigmoid;
    model.transformScale = 1.0;
    break;
  case Kind::Ranking:
    model.task = Task::ranking;
    break;
  default:
    break;
  }
  if (model.task == Task::classification)
    model.classes = makeIndexClassLabels(errors.getContext(),
                                         numOutputs == 1 ? 2 : numOutputs);
  return mlir::success();
}
