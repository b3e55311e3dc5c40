//===- DialectTest.cpp - Unit tests of the Hardwood dialect's C++ API -----===//

#include "hardwood/Dialect/HardwoodOps.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace hardwood;

namespace {

constexpr const char *kModel = R"mlir(
hardwood.ensemble @m task regression inputs 3 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[2] <= 5.000000e-01 ? 1 : 2, nan -> left
    1: x[0] in {1, 3} domain 4 ? 3 : 4, nan -> right, outside -> default
    2: leaf 2.000000e+00
    3: leaf 3.000000e+00
    4: x[1] < 1.000000e+00 ? 5 : 6, zero_or_nan -> right
    5: leaf 5.000000e+00
    6: leaf 6.000000e+00
  }
}
)mlir";

class DialectTest : public ::testing::Test {
protected:
  DialectTest() { context.loadDialect<HardwoodDialect>(); }
  MLIRContext context;
};

TEST_F(DialectTest, NodeFlagsRoundTrip) {
  for (bool defaultLeft : {false, true})
    for (bool strictLess : {false, true})
      for (MissingKind kind :
           {MissingKind::Nan, MissingKind::NanAsZero, MissingKind::ZeroOrNan}) {
        int8_t flags = makeNodeFlags(defaultLeft, strictLess, kind);
        EXPECT_EQ(defaultLeft, (flags & node_flags::kDefaultLeft) != 0);
        EXPECT_EQ(strictLess, (flags & node_flags::kStrictLess) != 0);
        EXPECT_EQ(kind, getMissingKind(flags));
      }
}

TEST_F(DialectTest, ParsedTreeExposesStructure) {
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kModel, ParserConfig(&context));
  ASSERT_TRUE(module);
  auto ensemble = *module->getOps<EnsembleOp>().begin();
  EXPECT_EQ(1u, ensemble.getNumTrees());
  EXPECT_EQ(0.0, ensemble.getBaseScoreAt(0));
  TreeOp tree = *ensemble.getTrees().begin();
  EXPECT_EQ(7u, tree.getNumNodes());
  EXPECT_EQ(3u, tree.computeDepth());
  EXPECT_EQ(0, tree.findCategorical(1));
  EXPECT_EQ(-1, tree.findCategorical(0));
  EXPECT_TRUE(tree.isLeaf(2));
  EXPECT_FALSE(tree.isLeaf(4));
  int8_t flags = tree.getFlags()[4];
  EXPECT_TRUE(flags & node_flags::kStrictLess);
  EXPECT_EQ(MissingKind::ZeroOrNan, getMissingKind(flags));
  EXPECT_FALSE(flags & node_flags::kDefaultLeft);
}

TEST_F(DialectTest, VerifierRejectsSharedChild) {
  constexpr const char *kBad = R"mlir(
hardwood.ensemble @m task regression inputs 1 x f32 outputs 1 leaf_width 1
    aggregate sum transform identity {
  hardwood.tree group 0 {
    0: x[0] <= 0.0 ? 1 : 1, nan -> left
    1: leaf 1.0
  }
}
)mlir";
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  OwningOpRef<ModuleOp> module =
      parseSourceString<ModuleOp>(kBad, ParserConfig(&context));
  EXPECT_FALSE(module);
  EXPECT_NE(std::string::npos, message.find("is a child of both node 0"))
      << message;
}

} // namespace
