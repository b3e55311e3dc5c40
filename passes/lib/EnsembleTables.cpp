//===- EnsembleTables.cpp - Flatten trees into node tables ----------------===//

#include "EnsembleTables.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/bit.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>
#include <cassert>

#include <limits>

using namespace mlir;
using namespace hardwood;

/// Largest feature index the info word can hold.
static constexpr int64_t kMaxFeatureIndex = kInfoFeatureMask;
/// Most bitset words of all categorical splits of a model together (64 MiB).
static constexpr uint64_t kMaxCategoryWords = uint64_t(1) << 24;

/// Appends the linear model of leaf `node` (the verifier guarantees leaf
/// width 1 for linear trees, so the leaf's offset indexes these tables).
static void appendLinearLeaf(EnsembleTables &tables, TreeOp tree, unsigned node,
                             double weight) {
  if (!tree.isLinear()) {
    tables.linearConstant.push_back(weight * tree.getLeafValues()[node]);
    tables.linearBegin.push_back(tables.linearFeature.size());
    return;
  }
  tables.linearConstant.push_back(weight * (*tree.getLinearConstants())[node]);
  ArrayRef<int32_t> offsets = *tree.getLinearOffsets();
  for (int32_t term = offsets[node]; term < offsets[node + 1]; ++term) {
    tables.linearFeature.push_back((*tree.getLinearFeatures())[term]);
    tables.linearCoefficient.push_back(weight *
                                       (*tree.getLinearCoefficients())[term]);
  }
  tables.linearBegin.push_back(tables.linearFeature.size());
}

namespace {
/// Shares one copy of each distinct row of leaf values among the leaves of
/// all trees. Forests of fully grown trees hold one-hot class fractions, so a
/// 7-class forest of 488,000 leaves has 7 distinct rows: its 27 MB leaf table
/// becomes 392 bytes and stays in L1. Rows compare by bit pattern, so a
/// shared row adds exactly what the leaf's own copy would.
class LeafRowPool {
public:
  LeafRowPool(std::vector<double> &values, unsigned width)
      : values(values), width(width) {}

  /// The offset of `row` in the table, appending it when it is new. Rows
  /// whose hashes collide with a different row are appended too.
  int32_t offsetOf(ArrayRef<double> row) {
    llvm::hash_code hash = llvm::hash_value(width);
    for (double value : row)
      hash = llvm::hash_combine(hash, llvm::bit_cast<uint64_t>(value));
    auto [it, inserted] = firstOffset.try_emplace(static_cast<size_t>(hash), 0);
    if (!inserted && sameBits(it->second, row))
      return it->second;
    int32_t offset = static_cast<int32_t>(values.size());
    values.insert(values.end(), row.begin(), row.end());
    if (inserted)
      it->second = offset;
    return offset;
  }

private:
  bool sameBits(int32_t offset, ArrayRef<double> row) const {
    for (unsigned k = 0; k < width; ++k)
      if (llvm::bit_cast<uint64_t>(values[offset + k]) !=
          llvm::bit_cast<uint64_t>(row[k]))
        return false;
    return true;
  }

  std::vector<double> &values;
  unsigned width;
  llvm::DenseMap<uint64_t, int32_t> firstOffset;
};
} // namespace

FailureOr<EnsembleTables> hardwood::buildEnsembleTables(EnsembleOp ensemble) {
  EnsembleTables tables;
  unsigned leafWidth = ensemble.getLeafWidth();
  bool narrowInput = ensemble.getInputType().isF32();
  if (ensemble.getNumFeatures() > kMaxFeatureIndex + 1)
    return ensemble.emitOpError()
           << "has " << ensemble.getNumFeatures()
           << " features; node tables address at most " << kMaxFeatureIndex + 1;
  uint64_t totalNodes = 0;
  for (TreeOp tree : ensemble.getTrees())
    totalNodes += tree.getNumNodes();
  if (totalNodes * kNodeWords >
      static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
    return ensemble.emitOpError()
           << "has " << totalNodes << " nodes; node tables are limited to "
           << std::numeric_limits<int32_t>::max() / kNodeWords;
  // Each categorical split holds a bitset of ceil(domain / 32) words, so a
  // small file can claim domains of 2^31 categories: bound the total before
  // allocating (docs/model-format.md, "Limits").
  uint64_t totalCategoryWords = 0;
  for (TreeOp tree : ensemble.getTrees())
    if (std::optional<ArrayRef<int32_t>> domains = tree.getCategoryDomains())
      for (int32_t domain : *domains)
        totalCategoryWords += (static_cast<uint64_t>(domain) + 31) / 32;
  if (totalCategoryWords > kMaxCategoryWords)
    return ensemble.emitOpError()
           << "has categorical splits whose bitsets take " << totalCategoryWords
           << " 32-bit words (the sum of each split's domain / 32); at most "
           << kMaxCategoryWords << " (" << kMaxCategoryWords * 4 / (1 << 20)
           << " MiB) are allowed";
  tables.nodes.reserve(totalNodes * kNodeWords);
  if (!narrowInput)
    tables.threshold.reserve(totalNodes);

  bool anyLinear = llvm::any_of(ensemble.getTrees(),
                                [](TreeOp tree) { return tree.isLinear(); });
  if (anyLinear)
    tables.linearBegin.push_back(0);
  LeafRowPool leafRows(tables.leafValues, leafWidth);
  SmallVector<double, 8> row(leafWidth);
  for (TreeOp tree : ensemble.getTrees()) {
    int32_t base = tables.numNodes();
    unsigned numNodes = tree.getNumNodes();
    tables.nodeBase.push_back(base);
    tables.root.push_back(base);
    tables.group.push_back(tree.getGroup());
    int32_t depth = tree.computeDepth();
    tables.depth.push_back(depth);
    tables.maxDepth = std::max(tables.maxDepth, depth);
    double weight = tree.getWeight().convertToDouble();
    // Nodes are numbered depth-first, left subtree first: a left child is
    // the node after its parent (the compact8 layout relies on it, and a
    // walk going left stays in the same cache line).
    SmallVector<int32_t> order, position(numNodes, -1);
    order.reserve(numNodes);
    SmallVector<int32_t> stack{0};
    while (!stack.empty()) {
      int32_t node = stack.pop_back_val();
      if (position[node] >= 0)
        return tree.emitOpError() << "reaches node " << node
                                  << " twice; the verifier should have "
                                     "rejected it";
      position[node] = order.size();
      order.push_back(node);
      if (tree.isLeaf(node))
        continue;
      stack.push_back(tree.getRight()[node]);
      stack.push_back(tree.getLeft()[node]);
    }
    if (order.size() != numNodes)
      return tree.emitOpError()
             << "has " << numNodes - order.size()
             << " nodes unreachable from the root; the verifier should have "
                "rejected it";
    for (int32_t node : order) {
      int32_t self = base + position[node];
      std::optional<ArrayRef<int32_t>> leafIds = tree.getLeafIds();
      tables.leafId.push_back(leafIds ? (*leafIds)[node]
                                      : static_cast<int32_t>(node));
      if (tree.isLeaf(node)) {
        if (tables.leafValues.size() >
            static_cast<size_t>(std::numeric_limits<int32_t>::max()))
          return ensemble.emitOpError()
                 << "has too many leaf values for 32-bit table offsets";
        for (unsigned k = 0; k < leafWidth; ++k)
          row[k] = weight * tree.getLeafValues()[node * leafWidth + k];
        // Linear leaves index their terms by the leaf's offset, so each
        // keeps its own row.
        int32_t offset = static_cast<int32_t>(tables.leafValues.size());
        if (anyLinear)
          tables.leafValues.insert(tables.leafValues.end(), row.begin(),
                                   row.end());
        else
          offset = leafRows.offsetOf(row);
        tables.nodes.insert(tables.nodes.end(), {0, offset, self, self});
        if (!narrowInput)
          tables.threshold.push_back(0.0);
        if (anyLinear)
          appendLinearLeaf(tables, tree, node, weight);
        continue;
      }
      int8_t flags = tree.getFlags()[node];
      uint32_t info = static_cast<uint32_t>(tree.getFeature()[node]) |
                      (static_cast<uint32_t>(static_cast<uint8_t>(flags))
                       << kInfoFlagsShift);
      int32_t aux = 0;
      double threshold = 0.0;
      int categorical = tree.findCategorical(node);
      if (categorical >= 0) {
        info |= kInfoCategorical;
        aux = tables.categoryDomain.size();
        int32_t domain = (*tree.getCategoryDomains())[categorical];
        tables.categoryDomain.push_back(domain);
        tables.categoryOutside.push_back(
            (*tree.getCategoryOutside())[categorical]);
        tables.categoryWordBase.push_back(tables.categoryWords.size());
        size_t firstWord = tables.categoryWords.size();
        tables.categoryWords.resize(
            firstWord + (static_cast<size_t>(domain) + 31) / 32, 0);
        auto set =
            cast<DenseI32ArrayAttr>((*tree.getCategorySets())[categorical]);
        for (int32_t category : set.asArrayRef())
          tables.categoryWords[firstWord + category / 32] |=
              static_cast<int32_t>(1u << (category % 32));
      } else {
        threshold = tree.getThreshold()[node];
        if (narrowInput) {
          float narrowed = static_cast<float>(threshold);
          if (static_cast<double>(narrowed) != threshold)
            return tree.emitOpError()
                   << "threshold " << threshold << " of node " << node
                   << " is not a float32 value in a float32 model; run "
                      "-hardwood-narrow-thresholds before lowering";
          aux = llvm::bit_cast<int32_t>(narrowed);
        }
        bool strict = flags & node_flags::kStrictLess;
        tables.anyStrictLess |= strict;
        tables.anyNonStrict |= !strict;
        MissingKind kind = getMissingKind(flags);
        tables.anyNanAsZero |= kind == MissingKind::NanAsZero;
        tables.anyZeroOrNan |= kind == MissingKind::ZeroOrNan;
        bool defaultLeft = flags & node_flags::kDefaultLeft;
        tables.anyDefaultLeft |= defaultLeft;
        tables.anyDefaultRight |= !defaultLeft;
      }
      int32_t left = base + position[tree.getLeft()[node]];
      int32_t right = base + position[tree.getRight()[node]];
      assert(left == self + 1 && "depth-first numbering puts left next");
      tables.maxRightOffset = std::max(tables.maxRightOffset, right - self);
      tables.nodes.insert(tables.nodes.end(),
                          {static_cast<int32_t>(info), aux, left, right});
      if (!narrowInput)
        tables.threshold.push_back(threshold);
    }
  }
  if (tables.linearFeature.size() >
      static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return ensemble.emitOpError()
           << "has too many linear-leaf terms for 32-bit table offsets";
  return tables;
}

int hardwood::compactFeatureBits(int64_t numFeatures) {
  return std::max(1, static_cast<int>(llvm::Log2_64_Ceil(numFeatures)));
}

bool hardwood::compactRecordsFit(int64_t numFeatures, int64_t maxRightOffset) {
  int offsetBits = kInfoFlagsShift - compactFeatureBits(numFeatures);
  return offsetBits > 0 && maxRightOffset < (int64_t(1) << offsetBits);
}

std::vector<int64_t> hardwood::buildCompactRecords(const EnsembleTables &tables,
                                                   int64_t numFeatures) {
  int featureBits = compactFeatureBits(numFeatures);
  assert(compactRecordsFit(numFeatures, tables.maxRightOffset));
  std::vector<int64_t> records(tables.numNodes());
  for (size_t node = 0; node < records.size(); ++node) {
    const int32_t *record = &tables.nodes[kNodeWords * node];
    uint32_t info = static_cast<uint32_t>(record[0]);
    uint32_t feature = info & kInfoFeatureMask;
    // Leaves point to themselves: offset 0, which also makes the left step
    // 0 (see WalkStepEmitter::step).
    uint32_t rightOffset = static_cast<uint32_t>(record[3]) - node;
    uint32_t compactInfo =
        (info & ~kInfoFeatureMask) | feature | (rightOffset << featureBits);
    records[node] = int64_t(compactInfo) |
                    int64_t(uint64_t(static_cast<uint32_t>(record[1])) << 32);
  }
  return records;
}

int hardwood::columnRecordBits(int64_t numFeatures, int64_t blockRows) {
  return std::max(
      1, static_cast<int>(llvm::Log2_64_Ceil(2 * numFeatures * blockRows)));
}

bool hardwood::columnRecordsFit(const EnsembleTables &tables,
                                int64_t numFeatures, int64_t blockRows) {
  int offsetBits = 32 - columnRecordBits(numFeatures, blockRows);
  bool offsetsFit =
      columnRecordsTreeRelative(tables, numFeatures, blockRows) ||
      (offsetBits > 0 && tables.maxRightOffset < (int64_t(1) << offsetBits));
  return offsetsFit && tables.leafValues.size() <= kLeafPayloadMask + 1;
}

NanInfinityCopies hardwood::nanInfinityCopies(const EnsembleTables &tables) {
  NanInfinityCopies copies;
  copies.minus = tables.anyDefaultLeft;
  copies.plus = tables.anyDefaultRight || !tables.anyDefaultLeft;
  return copies;
}

bool hardwood::columnRecordsTreeRelative(const EnsembleTables &tables,
                                         int64_t numFeatures,
                                         int64_t blockRows) {
  if (columnRecordBits(numFeatures, blockRows) > 16)
    return false;
  for (size_t tree = 0; tree < tables.nodeBase.size(); ++tree) {
    int64_t end = tree + 1 < tables.nodeBase.size() ? tables.nodeBase[tree + 1]
                                                    : tables.numNodes();
    if (end - tables.nodeBase[tree] > (int64_t(1) << 16))
      return false;
  }
  return true;
}

std::vector<int64_t> hardwood::buildColumnRecords(const EnsembleTables &tables,
                                                  int64_t numFeatures,
                                                  int64_t blockRows) {
  assert(columnRecordsFit(tables, numFeatures, blockRows));
  bool treeRelative = columnRecordsTreeRelative(tables, numFeatures, blockRows);
  int columnBits = treeRelative ? 16 : columnRecordBits(numFeatures, blockRows);
  constexpr uint32_t kQuietNan = 0x7fc00000u;
  NanInfinityCopies copies = nanInfinityCopies(tables);
  std::vector<int64_t> records(tables.numNodes());
  size_t tree = 0;
  for (size_t node = 0; node < records.size(); ++node) {
    while (tree + 1 < tables.nodeBase.size() &&
           node >= static_cast<size_t>(tables.nodeBase[tree + 1]))
      ++tree;
    uint32_t treeBase = tables.nodeBase.empty() ? 0 : tables.nodeBase[tree];
    const int32_t *record = &tables.nodes[kNodeWords * node];
    uint32_t aux = static_cast<uint32_t>(record[1]);
    if (record[2] == static_cast<int32_t>(node)) {
      // A leaf: column 0 (in bounds), NaN threshold, offset 0 (or, tree
      // relative, its own index: the step stays).
      uint32_t word = treeRelative ? (node - treeBase) << 16 : 0;
      records[node] = int64_t(word) | int64_t(uint64_t(kQuietNan | aux) << 32);
      continue;
    }
    uint32_t info = static_cast<uint32_t>(record[0]);
    uint32_t feature = info & kInfoFeatureMask;
    bool defaultLeft = (info >> kInfoFlagsShift) &
                       static_cast<uint32_t>(node_flags::kDefaultLeft);
    uint32_t column =
        (static_cast<uint32_t>(copies.copyOf(defaultLeft)) * numFeatures +
         feature) *
        blockRows;
    uint32_t right = static_cast<uint32_t>(record[3]);
    uint32_t rightField = treeRelative ? right - treeBase : right - node;
    uint32_t word = column | (rightField << columnBits);
    records[node] = int64_t(word) | int64_t(uint64_t(aux) << 32);
  }
  return records;
}
