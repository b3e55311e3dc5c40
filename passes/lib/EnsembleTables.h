//===- EnsembleTables.h - Flattened node tables of an ensemble --*- C++ -*-===//
//
// The data layout the kernels walk. Leaves point to themselves, so every walk
// of tree t takes exactly depth[t] steps with no leaf test: the loop is
// branch-free and several rows can be walked in lockstep.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_ENSEMBLETABLES_H
#define HARDWOOD_PASSES_ENSEMBLETABLES_H

#include "hardwood/Dialect/HardwoodOps.h"

#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace hardwood {

/// Words per node in EnsembleTables::nodes.
constexpr int kNodeWords = 4;
/// Bits of a node's info word: the feature index in the low 24 bits, the
/// dialect's node flags above, and whether the split is categorical.
constexpr int kInfoFlagsShift = 24;
constexpr uint32_t kInfoFeatureMask = (1u << kInfoFlagsShift) - 1;
constexpr uint32_t kInfoCategorical = 1u << 31;

struct EnsembleTables {
  /// kNodeWords per node, over all trees, node indices absolute:
  ///   [0] info: feature | flags << 24 | categorical bit (leaves: 0)
  ///   [1] aux: float32 models: the threshold's bits at numerical nodes;
  ///       all models: the category record at categorical nodes and the
  ///       offset of the first leaf value at leaves
  ///   [2] left child, [3] right child (a leaf's children are itself)
  /// One node is one 16-byte load: a step touches one cache line.
  std::vector<int32_t> nodes;
  /// Thresholds of float64 models (float32 models keep them in `nodes`).
  std::vector<double> threshold;
  /// Per node, what the leaf kind reports at a leaf: the tree's `leaf_ids`
  /// entry or the node index within its tree.
  std::vector<int32_t> leafId;
  // Per tree.
  std::vector<int32_t> root, depth, group, nodeBase;
  // Leaf values, leafWidth per leaf, weights already folded. Leaves whose
  // rows are bit-identical share one copy unless some tree is linear.
  std::vector<double> leafValues;
  // Linear leaves (only when some tree is linear; leaf width is then 1).
  // Indexed like leafValues by a leaf's offset: the constant and the range
  // [linearBegin[o], linearBegin[o + 1]) of its terms. Leaves of constant
  // trees get their value as constant and no terms.
  std::vector<double> linearConstant;
  std::vector<int32_t> linearBegin;
  std::vector<int32_t> linearFeature;
  std::vector<double> linearCoefficient;
  bool hasLinear() const { return !linearConstant.empty(); }
  // Categorical records.
  std::vector<int32_t> categoryDomain, categoryWordBase;
  std::vector<int8_t> categoryOutside;
  std::vector<int32_t> categoryWords; ///< Bitsets, bit c = category c left.

  // Facts that let the kernel skip work for the common cases.
  bool anyStrictLess = false, anyNonStrict = false;
  bool anyNanAsZero = false, anyZeroOrNan = false;
  /// Whether some numerical split sends missing values left (right).
  bool anyDefaultLeft = false, anyDefaultRight = false;
  bool hasCategorical() const { return !categoryDomain.empty(); }
  int32_t maxDepth = 0;
  /// Largest right child - node over all internal nodes (the left child is
  /// always node + 1: nodes are numbered depth-first within each tree).
  int32_t maxRightOffset = 0;
  size_t numNodes() const { return nodes.size() / kNodeWords; }
};

/// The compact8 layout (#hardwood.schedule node_layout): one 64-bit record
/// per node, the info word in the low half and the aux word in the high
/// half, where the info word's feature field keeps the feature in its low
/// compactFeatureBits(numFeatures) bits and the right child's offset from
/// the node above them (0 at leaves, which point to themselves).
int compactFeatureBits(int64_t numFeatures);
/// Whether right-child offsets up to `maxRightOffset` fit beside the
/// feature indices of `numFeatures` features.
bool compactRecordsFit(int64_t numFeatures, int64_t maxRightOffset);
std::vector<int64_t> buildCompactRecords(const EnsembleTables &tables,
                                         int64_t numFeatures);

/// The feature-major copies of a block that read NaN as an infinity
/// (compare_levels, EnsembleKernel::emitFeatureMajorBlock): NaN read as
/// +infinity for the splits that send it right and as -infinity for those
/// that send it left. A model whose splits all send NaN the same way needs
/// one copy (sklearn's forests before missing-value support send it right
/// everywhere): half the copying, and blocks twice as large in the same
/// cache.
struct NanInfinityCopies {
  bool plus = true, minus = false;
  int64_t count() const { return int64_t(plus) + int64_t(minus); }
  /// The copy a split with this default direction reads.
  int64_t copyOf(bool defaultLeft) const { return defaultLeft && plus; }
  /// Whether copy `copy` reads NaN as -infinity (else +infinity).
  bool readsMinusInfinity(int64_t copy) const { return copy == 1 || !plus; }
};
/// The copies `tables` needs: +infinity where some split sends NaN right
/// (or none splits), -infinity where some sends it left.
NanInfinityCopies nanInfinityCopies(const EnsembleTables &tables);

/// Column records: the node records of scalar steps that read a block's
/// NaN-as-infinity feature-major copies (EnsembleKernel::emitFeatureMajorBlock,
/// `blockRows` rows of `numFeatures` features, the copy reading NaN as
/// -infinity second). One 64-bit record per node:
///   low word:  the element offset of the column the step reads,
///              (copy * numFeatures + feature) * blockRows with copy 1 where
///              NaN goes left, in the low columnRecordBits() bits; the right
///              child's offset from the node above them (0 at leaves);
///   high word: the threshold's float32 bits; at leaves a quiet NaN whose
///              payload is the offset of the leaf's values.
/// A step is then one load of the record, one of the input and one
/// compare: no feature decode, no copy select, and no leaf test, since every
/// ordered compare with a NaN threshold is false and a leaf's step goes
/// right by 0. Float32 models that canReadNanAsInfinity only.
///
/// Tree-relative form (columnRecordsTreeRelative): where every column
/// offset fits 16 bits and every tree has at most 2^16 nodes, the low word
/// holds the column in bits 0-15 and, in bits 16-31, the right child's
/// index within its tree (a leaf's own index). Steps then walk indices
/// within the tree, from a view of the table at its root: the left child
/// is node + 1 and the step is `node = goLeft ? node + 1 : right`, on x86
/// an increment and a conditional move on the chain's one register, and a
/// zero extension (movzwl) instead of a copy and a mask for the column.
int columnRecordBits(int64_t numFeatures, int64_t blockRows);
/// Whether `tables` takes the tree-relative form of column records.
bool columnRecordsTreeRelative(const EnsembleTables &tables,
                               int64_t numFeatures, int64_t blockRows);
/// Payload bits of a leaf's NaN threshold: leaf value offsets below 2^22.
constexpr uint32_t kLeafPayloadMask = (1u << 22) - 1;
/// Whether the offsets and leaf value offsets of `tables` fit column records.
bool columnRecordsFit(const EnsembleTables &tables, int64_t numFeatures,
                      int64_t blockRows);
std::vector<int64_t> buildColumnRecords(const EnsembleTables &tables,
                                        int64_t numFeatures, int64_t blockRows);

/// Flattens `ensemble`. Fails (with a diagnostic on the op) when the model
/// exceeds the 32-bit table indices or a float32 model still has thresholds
/// that are not float32 values (run hardwood-narrow-thresholds first).
mlir::FailureOr<EnsembleTables> buildEnsembleTables(EnsembleOp ensemble);

} // namespace hardwood

#endif // HARDWOOD_PASSES_ENSEMBLETABLES_H
