//===- EnsembleTablesTest.cpp - Shared leaf rows and column records ------===//
//
// Properties of the flattened tables on random forests: every leaf's offset
// reaches its own values (weight folded in) while bit-identical rows are
// stored once, and the column records decode to each node's column in the
// NaN-as-infinity copies, right offset and threshold, with leaves whose
// NaN threshold carries the leaf's value offset.
//
//===----------------------------------------------------------------------===//

#include "EnsembleTables.h"
#include "RandomTrees.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"
#include "llvm/ADT/bit.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <set>
#include <string>
#include <vector>

using namespace mlir;
using namespace hardwood;
using hardwood::testing::appendRandomTree;
using hardwood::testing::RandomTreeShape;

namespace {

constexpr int kFeatures = 5;

class EnsembleTablesTest : public ::testing::Test {
protected:
  EnsembleTablesTest() { context.loadDialect<HardwoodDialect>(); }

  /// A forest of random float32 trees of leaf width 2 whose leaves take
  /// rows from a small set (so many repeat), the odd trees weighted 0.5.
  EnsembleOp randomForest(unsigned seed) {
    std::mt19937 rng(seed);
    RandomTreeShape shape;
    shape.numFeatures = kFeatures;
    shape.randomNanDirection = true;
    shape.randomThresholds = true;
    shape.leafText = [&](int) {
      static const char *rows[] = {"[1.0, 0.0]", "[0.0, 1.0]", "[0.5, 0.5]",
                                   "[0.0, -0.0]", "[0.25, 0.75]"};
      return std::string(rows[std::uniform_int_distribution<int>(0, 4)(rng)]);
    };
    std::string text =
        "hardwood.ensemble @m task regression inputs " +
        std::to_string(kFeatures) +
        " x f32 outputs 2 leaf_width 2 aggregate sum transform identity {\n";
    for (int t = 0; t < 30; ++t) {
      std::string nodes;
      appendRandomTree(rng, 0, std::uniform_int_distribution<int>(0, 9)(rng),
                       nodes, shape);
      text += std::string("hardwood.tree group 0") +
              (t % 2 ? " weight 0.5" : "") + " {\n" + nodes + "}\n";
    }
    text += "}\n";
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << text;
    return *module->getOps<EnsembleOp>().begin();
  }

  static bool sameBits(double a, double b) {
    return llvm::bit_cast<uint64_t>(a) == llvm::bit_cast<uint64_t>(b);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(EnsembleTablesTest, LeavesShareBitIdenticalRowsAndReachTheirOwn) {
  EnsembleOp ensemble = randomForest(11);
  FailureOr<EnsembleTables> built = buildEnsembleTables(ensemble);
  ASSERT_TRUE(succeeded(built));
  const EnsembleTables &tables = *built;
  std::set<std::pair<uint64_t, uint64_t>> distinct;
  size_t leaves = 0;
  for (auto [index, tree] : llvm::enumerate(ensemble.getTrees())) {
    double weight = tree.getWeight().convertToDouble();
    // Tables number nodes depth-first, as the trees above are written.
    int32_t base = tables.nodeBase[index];
    for (unsigned node = 0; node < tree.getNumNodes(); ++node) {
      if (!tree.isLeaf(node))
        continue;
      ++leaves;
      int32_t offset = tables.nodes[kNodeWords * (base + node) + 1];
      ASSERT_GE(offset, 0);
      ASSERT_LE(size_t(offset) + 2, tables.leafValues.size());
      for (int k = 0; k < 2; ++k)
        EXPECT_TRUE(sameBits(tables.leafValues[offset + k],
                             weight * tree.getLeafValues()[2 * node + k]))
            << "tree " << index << " leaf " << node << " value " << k;
      distinct.insert(
          {llvm::bit_cast<uint64_t>(tables.leafValues[offset]),
           llvm::bit_cast<uint64_t>(tables.leafValues[offset + 1])});
    }
  }
  // 5 rows, each as is or halved: at most 10 distinct ([0.5, 0.5] halves to
  // [0.25, 0.25], [1, 0] to [0.5, 0] ...), each stored once.
  EXPECT_GT(leaves, 100u);
  EXPECT_EQ(tables.leafValues.size(), 2 * distinct.size());
  EXPECT_LE(distinct.size(), 10u);
}

/// Checks that every column record of `tables` decodes to its node: in
/// the tree-relative form or the packed one, as columnRecordsTreeRelative
/// says for `blockRows`.
static void expectColumnRecordsDecode(const EnsembleTables &tables,
                                      int64_t blockRows, bool treeRelative) {
  ASSERT_TRUE(columnRecordsFit(tables, kFeatures, blockRows));
  ASSERT_EQ(columnRecordsTreeRelative(tables, kFeatures, blockRows),
            treeRelative);
  int columnBits = treeRelative ? 16 : columnRecordBits(kFeatures, blockRows);
  std::vector<int64_t> records =
      buildColumnRecords(tables, kFeatures, blockRows);
  ASSERT_EQ(records.size(), tables.numNodes());
  size_t tree = 0;
  for (size_t node = 0; node < records.size(); ++node) {
    while (tree + 1 < tables.nodeBase.size() &&
           node >= size_t(tables.nodeBase[tree + 1]))
      ++tree;
    int64_t base = tables.nodeBase[tree];
    const int32_t *words = &tables.nodes[kNodeWords * node];
    uint32_t low = static_cast<uint32_t>(records[node]);
    uint32_t high = static_cast<uint32_t>(uint64_t(records[node]) >> 32);
    float threshold;
    std::memcpy(&threshold, &high, sizeof(threshold));
    uint32_t column = low & ((1u << columnBits) - 1);
    uint32_t rightField = low >> columnBits;
    if (words[2] == int32_t(node)) {
      // A leaf reads column 0 and stays put: offset 0, or tree-relative its
      // own index. Its threshold is a NaN every compare fails, carrying
      // the leaf's value offset.
      EXPECT_EQ(column, 0u);
      EXPECT_EQ(int64_t(rightField), treeRelative ? int64_t(node) - base : 0);
      EXPECT_TRUE(std::isnan(threshold));
      EXPECT_EQ(high & ~kLeafPayloadMask, 0x7fc00000u);
      EXPECT_EQ(int32_t(high & kLeafPayloadMask), words[1]);
      EXPECT_FALSE(-INFINITY <= threshold);
      continue;
    }
    uint32_t info = static_cast<uint32_t>(words[0]);
    bool defaultLeft = (info >> kInfoFlagsShift) & node_flags::kDefaultLeft;
    EXPECT_EQ(column,
              ((defaultLeft ? kFeatures : 0) + (info & kInfoFeatureMask)) *
                  blockRows)
        << "node " << node;
    EXPECT_EQ(int64_t(rightField),
              int64_t(words[3]) - (treeRelative ? base : int64_t(node)))
        << "node " << node;
    EXPECT_EQ(int32_t(high), words[1]); // the threshold's bits
  }
}

TEST_F(EnsembleTablesTest, ColumnRecordsDecodeToEachNode) {
  EnsembleOp ensemble = randomForest(23);
  FailureOr<EnsembleTables> built = buildEnsembleTables(ensemble);
  ASSERT_TRUE(succeeded(built));
  // 2 x 5 x 64 = 640 column offsets fit 16 bits: tree-relative records.
  expectColumnRecordsDecode(*built, 64, /*treeRelative=*/true);
  // 2 x 5 x 8192 = 81,920 do not: 17 column bits, right offsets above.
  EXPECT_EQ(columnRecordBits(kFeatures, 8192), 17);
  expectColumnRecordsDecode(*built, 8192, /*treeRelative=*/false);
}

TEST_F(EnsembleTablesTest, ColumnRecordsFitOnlyWithinTheirFields) {
  // 1,024 features x 128 rows: 262,144 column offsets take 18 bits, leaving
  // 14 for right offsets (the packed form); leaf value offsets must fit the
  // NaN's 22-bit payload.
  EnsembleTables tables;
  constexpr int64_t kWide = 1024;
  EXPECT_EQ(columnRecordBits(kWide, 128), 18);
  EXPECT_FALSE(columnRecordsTreeRelative(tables, kWide, 128));
  tables.maxRightOffset = (1 << 14) - 1;
  EXPECT_TRUE(columnRecordsFit(tables, kWide, 128));
  tables.maxRightOffset = 1 << 14;
  EXPECT_FALSE(columnRecordsFit(tables, kWide, 128));
  tables.maxRightOffset = 1;
  tables.leafValues.assign(size_t(kLeafPayloadMask) + 1, 0.0);
  EXPECT_TRUE(columnRecordsFit(tables, kWide, 128));
  tables.leafValues.push_back(0.0);
  EXPECT_FALSE(columnRecordsFit(tables, kWide, 128));
  // Wide rows leave no room for offsets: 2^24 features x 128 rows.
  tables.leafValues.clear();
  EXPECT_EQ(columnRecordBits(int64_t(1) << 24, 128), 32);
  EXPECT_FALSE(columnRecordsFit(tables, int64_t(1) << 24, 128));

  // 3 features x 128 rows (10 column bits): tree-relative while every tree
  // has at most 2^16 nodes, whatever its right offsets; a bigger tree takes
  // the packed form, whose 22 offset bits then decide.
  tables.maxRightOffset = 1 << 20;
  tables.nodeBase = {0, 1 << 16};
  tables.nodes.assign(size_t(kNodeWords) * ((1 << 16) + 5), 0);
  EXPECT_TRUE(columnRecordsTreeRelative(tables, 3, 128));
  EXPECT_TRUE(columnRecordsFit(tables, 3, 128));
  tables.nodeBase = {0, (1 << 16) + 1};
  EXPECT_FALSE(columnRecordsTreeRelative(tables, 3, 128));
  EXPECT_TRUE(columnRecordsFit(tables, 3, 128));
  tables.maxRightOffset = 1 << 22;
  EXPECT_FALSE(columnRecordsFit(tables, 3, 128));
  // ... and so does the last tree, which ends at the table's end.
  tables.maxRightOffset = 1;
  tables.nodeBase = {0, 4};
  EXPECT_FALSE(columnRecordsTreeRelative(tables, 3, 128));
}

} // namespace
