//===- TopLevelTablesTest.cpp - Register images of the top tree levels ----===//
//
// Property: for random trees and every route of `levels` directions, the
// implicit register walk (position k -> 2k + 1 + right) followed by the exit
// table ends at the node the node-table walk ends at, and each real position
// holds that node's record words.
//
//===----------------------------------------------------------------------===//

#include "TopLevelTables.h"
#include "EnsembleTables.h"
#include "RandomTrees.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

using namespace mlir;
using namespace hardwood;
using hardwood::testing::appendRandomTree;

namespace {

class TopLevelTablesTest : public ::testing::Test {
protected:
  TopLevelTablesTest() { context.loadDialect<HardwoodDialect>(); }

  EnsembleTables tablesOf(const std::string &trees) {
    std::string text = "hardwood.ensemble @m task regression inputs 4 x f64 "
                       "outputs 1 leaf_width 1 aggregate sum transform "
                       "identity {\n" +
                       trees + "}\n";
    module = parseSourceString<ModuleOp>(text, &context);
    EXPECT_TRUE(module) << text;
    auto ensemble = *module->getOps<EnsembleOp>().begin();
    FailureOr<EnsembleTables> tables = buildEnsembleTables(ensemble);
    EXPECT_TRUE(succeeded(tables));
    return std::move(*tables);
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(TopLevelTablesTest, RegisterWalkEndsWhereTheNodeTableWalkEnds) {
  std::mt19937 rng(7);
  std::string trees;
  for (int t = 0; t < 40; ++t) {
    std::string nodes;
    appendRandomTree(rng, 0, std::uniform_int_distribution<int>(0, 8)(rng),
                     nodes);
    trees += "hardwood.tree {\n" + nodes + "}\n";
  }
  EnsembleTables tables = tablesOf(trees);
  for (int64_t levels = 1; levels <= 5; ++levels) {
    int64_t internal = (int64_t(1) << levels) - 1;
    int64_t width = std::max<int64_t>(internal + 1, 16);
    TopLevelTables top = buildTopLevelTables(tables, width, levels);
    ASSERT_EQ(top.info.size(), tables.root.size() * width);
    ASSERT_EQ(top.exit.size(), tables.root.size() * (internal + 1));
    for (size_t tree = 0; tree < tables.root.size(); ++tree) {
      for (int64_t route = 0; route < (int64_t(1) << levels); ++route) {
        int32_t node = tables.root[tree];
        int64_t position = 0;
        for (int64_t level = 0; level < levels; ++level) {
          int right = (route >> level) & 1;
          bool leaf = tables.nodes[kNodeWords * node + 2] == node;
          // A real position holds the node's record; padding holds zeros.
          EXPECT_EQ(top.info[tree * width + position],
                    leaf ? 0 : tables.nodes[kNodeWords * node]);
          EXPECT_EQ(top.aux[tree * width + position],
                    leaf ? 0 : tables.nodes[kNodeWords * node + 1]);
          node = tables.nodes[kNodeWords * node + 2 + right];
          position = 2 * position + 1 + right;
        }
        EXPECT_EQ(top.exit[tree * (internal + 1) + position - internal], node)
            << "tree " << tree << " levels " << levels << " route " << route;
      }
    }
  }
}

TEST_F(TopLevelTablesTest, SingleLeafTreeExitsToItsLeafEverywhere) {
  EnsembleTables tables =
      tablesOf("hardwood.tree {\n0: x[0] <= 5.000000e-01 ? 1 : 2, nan -> "
               "left\n1: leaf 1.0\n2: leaf 2.0\n}\n"
               "hardwood.tree {\n0: leaf 3.0\n}\n");
  TopLevelTables top = buildTopLevelTables(tables, 8, 3);
  // The second tree's root is node 3 (absolute); all its 8 exits are it.
  for (int64_t k = 0; k < 8; ++k) {
    EXPECT_EQ(top.exit[8 + k], 3);
    EXPECT_EQ(top.info[8 + k], 0);
  }
  // The first tree: exits 0-3 under leaf 1, 4-7 under leaf 2.
  for (int64_t k = 0; k < 8; ++k)
    EXPECT_EQ(top.exit[k], k < 4 ? 1 : 2);
}

} // namespace
