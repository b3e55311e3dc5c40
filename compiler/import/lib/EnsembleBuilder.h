//===- EnsembleBuilder.h - Shared construction of model ops -----*- C++ -*-===//
//
// Every importer reduces its format to the structs below and lets this
// builder check tree structure (children, parents, cycles, reachability,
// categorical sets) with messages in the source format's field names, then
// create the ops. The dialect verifiers run last, as a backstop.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_ENSEMBLEBUILDER_H
#define HARDWOOD_LIB_IMPORT_ENSEMBLEBUILDER_H

#include "ImportErrors.h"

#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Import/Importer.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace hardwood {

/// Fields common to tree ensembles and linear models.
struct ModelInfo {
  std::string name = "model";
  hardwood::Task task = hardwood::Task::regression;
  int64_t numFeatures = 0;
  int64_t numOutputs = 1;
  /// Whether the reference library computes in float64 (else float32).
  bool float64Input = false;
  hardwood::Transform transform = hardwood::Transform::identity;
  std::optional<double> transformScale;
  /// Class labels; null unless the model is a classifier.
  mlir::ArrayAttr classes;
};

/// Fields of tree ensembles only.
struct EnsembleInfo {
  int64_t leafWidth = 1;
  hardwood::Aggregation aggregation = hardwood::Aggregation::sum;
  /// Empty when the model adds nothing before aggregation.
  llvm::SmallVector<double> baseScore;
  std::optional<double> averagePathLength;
  std::optional<double> scoreOffset;
  std::optional<double> zeroThreshold;
  hardwood::CategoryCast categoryCast =
      hardwood::CategoryCast::check_then_truncate;
  /// With `aggregation` average: the decision kind reports the plain sum
  /// (base score + sum of the trees) while the transform still sees the
  /// average (LightGBM's rf mode, whose raw score is not divided): the
  /// ensemble's `decision_sum`.
  bool decisionIsSum = false;
};

/// A categorical split: the categories that go left (any order), the number
/// of categories the split knows and where values outside them go.
struct CategoricalSplit {
  int64_t node = 0;
  int64_t domain = 1;
  llvm::SmallVector<int32_t> leftCategories;
  hardwood::CategoryOutside outside = hardwood::CategoryOutside::Left;
};

/// One tree as parallel node arrays, node 0 the root, -1 children at leaves.
/// Entries of `feature` and `threshold` at leaves and of `leafValues` at
/// internal nodes are ignored.
struct TreeNodes {
  int64_t group = 0;
  double weight = 1.0;
  llvm::SmallVector<int32_t> left, right, feature;
  llvm::SmallVector<double> threshold;
  /// leaf_width values per node, row-major.
  llvm::SmallVector<double> leafValues;
  /// Per node; empty means every missing value goes right.
  llvm::SmallVector<uint8_t> defaultLeft;
  /// Per node; empty means NaN is the only missing value everywhere.
  llvm::SmallVector<hardwood::MissingKind> missing;
  /// `x < threshold` goes left (XGBoost) instead of `x <= threshold`.
  bool strictLess = false;
  llvm::SmallVector<CategoricalSplit> categorical;
  /// Per node, the number the leaf kind reports at a leaf (LightGBM's leaf
  /// index); empty means the node index.
  llvm::SmallVector<int32_t> leafIds;
  /// Linear leaves (LightGBM linear trees), as the hardwood.tree linear_*
  /// arrays: per node a constant and a range of terms. Empty `constants`
  /// means constant leaves. `leafValues` then holds the NaN fallback.
  struct LinearLeaves {
    llvm::SmallVector<int32_t> offsets = {0};
    llvm::SmallVector<double> constants;
    llvm::SmallVector<int32_t> features;
    llvm::SmallVector<double> coefficients;
  } linear;
};

/// Names of the source format's fields, so structural errors point at the
/// input (`trees[3].left_children[7]` for XGBoost).
struct TreeFieldNames {
  llvm::StringRef left = "left";
  llvm::StringRef right = "right";
  llvm::StringRef feature = "feature";
  llvm::StringRef threshold = "threshold";
  llvm::StringRef leafValues = "leaf_values";
  llvm::StringRef group = "group";
  llvm::StringRef weight = "weight";
  llvm::StringRef categorical = "categorical";
};

/// The model name: the override from the options, else `fromFile`; either
/// must be a C identifier since it prefixes the generated symbols.
std::optional<std::string> resolveModelName(ImportErrors &errors,
                                            llvm::StringRef fromFile,
                                            llvm::StringRef fromFilePath,
                                            const ImportOptions &options);

/// Labels 0 .. count-1 as i64 attributes (XGBoost and LightGBM classes).
mlir::ArrayAttr makeIndexClassLabels(mlir::MLIRContext &context, int64_t count);

/// Builds a module holding one hardwood.ensemble, a tree at a time.
class EnsembleBuilder {
public:
  EnsembleBuilder(ImportErrors &errors, const ModelInfo &model,
                  const EnsembleInfo &ensemble);

  /// Checks `tree` (located at `path` in the input) and appends it. The
  /// arrays are normalised in place: leaves get feature -1 and threshold 0,
  /// internal nodes leaf values 0.
  mlir::LogicalResult addTree(TreeNodes &tree, const llvm::Twine &path,
                              const TreeFieldNames &names = {});

  /// Verifies the module and hands it over.
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> finish();

private:
  mlir::LogicalResult checkStructure(const TreeNodes &tree,
                                     const std::string &path,
                                     const TreeFieldNames &names);
  mlir::LogicalResult checkCategorical(TreeNodes &tree, const std::string &path,
                                       const TreeFieldNames &names);

  ImportErrors &errors;
  mlir::OpBuilder builder;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  int64_t numFeatures;
  int64_t numOutputs;
  int64_t leafWidth;
  int64_t numTrees = 0;
  int64_t totalNodes = 0;
};

/// Builds a module holding one hardwood.linear; `coefficients` is row-major
/// num_outputs x num_features.
mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
buildLinearModel(ImportErrors &errors, const ModelInfo &model,
                 llvm::ArrayRef<double> coefficients,
                 llvm::ArrayRef<double> intercept);

} // namespace hardwood

#endif // HARDWOOD_LIB_IMPORT_ENSEMBLEBUILDER_H
