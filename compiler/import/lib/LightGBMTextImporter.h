//===- LightGBMTextImporter.h - LightGBM model text, shared -----*- C++ -*-===//
//
// LightGBM's model text to the dialect, split by concern:
// LightGBMTextImporter.cpp (the model, tree by tree), LightGBMHeader.cpp
// (header fields, objective) and LightGBMTrees.cpp (one tree's arrays,
// decision_type, categorical bitsets, linear leaves).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_LIGHTGBMTEXTIMPORTER_H
#define HARDWOOD_LIB_IMPORT_LIGHTGBMTEXTIMPORTER_H

#include "EnsembleBuilder.h"
#include "FormatImporters.h"
#include "LightGBMText.h"
#include "ModelLimits.h"

namespace hardwood::lightgbm {

/// LightGBM's kZeroThreshold is the float literal 1e-35f compared in double:
/// inputs with |x| <= it are read as 0.0.
constexpr double kLightGBMZeroThreshold = static_cast<double>(1e-35f);
/// A tree of L leaves has 2L - 1 nodes.
constexpr int64_t kMaxLeaves = (limits::kMaxNodesPerTree + 1) / 2;
constexpr int64_t kBitsPerWord = 32;

// Bits of LightGBM's decision_type.
constexpr int64_t kCategoricalMask = 1;
constexpr int64_t kDefaultLeftMask = 2;
constexpr int kMissingTypeShift = 2;
constexpr int64_t kKnownDecisionBits = 15;
constexpr int64_t kMissingNone = 0;
constexpr int64_t kMissingZero = 1;
constexpr int64_t kMissingNaN = 2;

/// Node ids in the dialect: internal nodes keep LightGBM's numbers (the root
/// stays 0) and leaf j follows them as node L - 1 + j. `leaf_ids` maps the
/// node back to j for the leaf kind.
inline int32_t internalNodeId(int64_t internal) {
  return static_cast<int32_t>(internal);
}
inline int32_t leafNodeId(int64_t numLeaves, int64_t leaf) {
  return static_cast<int32_t>(numLeaves - 1 + leaf);
}

/// A tree in LightGBM's own arrays: internal nodes 0..L-2; a child >= 0 is
/// an internal node, a child < 0 is leaf ~child.
struct LightGBMTree {
  int64_t numLeaves = 1;
  int64_t numCategorical = 0;
  llvm::SmallVector<int64_t> splitFeature, decisionType, leftChild, rightChild;
  llvm::SmallVector<int64_t> catBoundaries, catThreshold;
  llvm::SmallVector<double> threshold, leafValue;
  /// Linear trees: per leaf a constant and leafNumFeatures[leaf] terms
  /// (leafFeatures/leafCoeff, concatenated in leaf order).
  bool isLinear = false;
  llvm::SmallVector<double> leafConst, leafCoeff;
  llvm::SmallVector<int64_t> leafNumFeatures, leafFeatures;
};

class LightGBMTextImporter {
public:
  LightGBMTextImporter(llvm::StringRef text, ImportErrors &errors,
                       const ImportOptions &options)
      : reader(text, errors), errors(errors), options(options) {}

  ImportResult run();

private:
  std::optional<int64_t> headerInteger(llvm::StringRef key, int64_t min,
                                       int64_t max);
  mlir::LogicalResult checkFeatureList(llvm::StringRef key);
  mlir::LogicalResult readModelInfo(ModelInfo &model, EnsembleInfo &ensemble);
  mlir::LogicalResult readObjective(ModelInfo &model);

  mlir::LogicalResult readTree(const Section &section, LightGBMTree &tree);
  mlir::LogicalResult readCategorical(const Section &section,
                                      LightGBMTree &tree);
  mlir::LogicalResult readLinear(const Section &section, LightGBMTree &tree);
  mlir::LogicalResult checkTreeShape(const Section &section,
                                     const LightGBMTree &tree);
  mlir::LogicalResult convertTree(const Section &section, int64_t index,
                                  const LightGBMTree &tree, TreeNodes &nodes);

  TextReader reader;
  ImportErrors &errors;
  const ImportOptions &options;
  Section header;
  int64_t numFeatures = 0;
  int64_t numOutputs = 1;
};

} // namespace hardwood::lightgbm

#endif // HARDWOOD_LIB_IMPORT_LIGHTGBMTEXTIMPORTER_H
