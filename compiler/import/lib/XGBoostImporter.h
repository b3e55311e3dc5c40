//===- XGBoostImporter.h - XGBoost model reader, shared ---------*- C++ -*-===//
//
// The reader of XGBoost's Booster.save_model schema, split by concern:
// XGBoostJsonImporter.cpp (the model, tree by tree), XGBoostModelParams.cpp
// (learner parameters, objective, base score) and XGBoostTrees.cpp (one
// tree's arrays, categorical splits, pruned nodes).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_XGBOOSTIMPORTER_H
#define HARDWOOD_LIB_IMPORT_XGBOOSTIMPORTER_H

#include "DocumentParsers.h"
#include "EnsembleBuilder.h"
#include "FormatImporters.h"
#include "JsonReader.h"

#include "llvm/ADT/STLFunctionalExtras.h"

#include "llvm/Support/JSON.h"

#include <cmath>
#include <limits>
#include <optional>

namespace hardwood::xgboost {

using llvm::json::Object;
using llvm::json::Value;

/// The value exactly as XGBoost holds it, a float32; nullopt when it is not
/// finite in float32 (converting such a double is undefined behaviour).
inline std::optional<double> toFloat32(double value) {
  if (!(std::fabs(value) <= std::numeric_limits<float>::max()))
    return std::nullopt;
  return static_cast<double>(static_cast<float>(value));
}

/// Reads a tree with scalar leaves and numerical splits from its JSON text
/// into `out` as readLeafVectorSize, readTree and then dropDeletedNodes
/// (with `numDeleted`) would from its parsed value, without building
/// llvm::json values. Returns false, reporting nothing, for any other tree
/// and for anything the general path might reject or read differently
/// (XGBoostTreeText.cpp lists what it accepts).
bool readScalarTreeText(llvm::StringRef text, TreeNodes &out,
                        int64_t &numDeleted, int64_t &leafVectorSize);

class XGBoostImporter {
public:
  XGBoostImporter(ImportErrors &errors, const ImportOptions &options,
                  const DeferredTrees *deferred = nullptr)
      : errors(errors), reader(errors), options(options), deferred(deferred) {}

  ImportResult run(const Value &document);

private:
  const Object *member(const Object &object, llvm::StringRef key,
                       const std::string &path);
  std::optional<int64_t> stringInteger(const Object &object,
                                       llvm::StringRef key,
                                       const std::string &path, int64_t min,
                                       int64_t max);
  std::optional<llvm::SmallVector<float>> stringFloats(const Object &object,
                                                       llvm::StringRef key,
                                                       const std::string &path);
  mlir::LogicalResult readModelParams(const Object &learner, ModelInfo &model,
                                      EnsembleInfo &ensemble);
  std::optional<int64_t> readLeafVectorSize(const Value &tree,
                                            const std::string &path);
  mlir::LogicalResult readTree(const Object &tree, const std::string &path,
                               int64_t leafWidth, TreeNodes &out);
  mlir::LogicalResult readLeafVectors(const Object &tree,
                                      const std::string &path,
                                      int64_t leafWidth, TreeNodes &out);
  mlir::LogicalResult readCategories(const Object &tree,
                                     const std::string &path,
                                     llvm::ArrayRef<uint8_t> isCategorical,
                                     TreeNodes &out);
  mlir::LogicalResult dropDeletedNodes(TreeNodes &tree, int64_t numDeleted);

  ImportErrors &errors;
  JsonReader reader;
  const ImportOptions &options;
  const DeferredTrees *deferred;
  /// The deferred tree parsed last, and its index.
  std::optional<Value> parsedTree;
  size_t parsedIndex = 0;
};

} // namespace hardwood::xgboost

#endif // HARDWOOD_LIB_IMPORT_XGBOOSTIMPORTER_H
