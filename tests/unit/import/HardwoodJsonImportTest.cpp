//===- HardwoodJsonImportTest.cpp - Hardwood JSON fields to attributes ----===//
//
// Valid models: every field of docs/model-format.md lands in the right
// attribute, and the routing rules survive the import (checked by walking
// the imported trees).
//
//===----------------------------------------------------------------------===//

#include "ModelEvaluator.h"
#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace hardwood;
using namespace hardwood::test;

namespace {

class HardwoodJsonImportTest : public ::testing::Test {
protected:
  HardwoodJsonImportTest() { context.loadDialect<HardwoodDialect>(); }
  mlir::MLIRContext context;
};

TEST_F(HardwoodJsonImportTest, ImportsTheDocumentedExample) {
  ImportAttempt attempt = importText(context, exampleModel());
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EnsembleOp ensemble = attempt.ensemble();
  ASSERT_TRUE(ensemble);
  EXPECT_EQ("model", ensemble.getSymName());
  EXPECT_EQ(Task::regression, ensemble.getTask());
  EXPECT_EQ(2u, ensemble.getNumFeatures());
  EXPECT_TRUE(ensemble.getInputType().isF32());
  EXPECT_EQ(0.5, ensemble.getBaseScoreAt(0));
  ASSERT_EQ(1u, ensemble.getNumTrees());
  TreeOp tree = *ensemble.getTrees().begin();
  EXPECT_EQ((llvm::ArrayRef<int32_t>{1, -1, -1}), tree.getLeft());
  EXPECT_EQ((llvm::ArrayRef<int32_t>{1, -1, -1}), tree.getFeature());
  EXPECT_EQ((llvm::ArrayRef<double>{0, -1.0, 1.0}), tree.getLeafValues());
  int8_t rootFlags = tree.getFlags()[0];
  EXPECT_TRUE(rootFlags & node_flags::kDefaultLeft);
  EXPECT_FALSE(rootFlags & node_flags::kStrictLess);
  EXPECT_EQ(MissingKind::Nan, getMissingKind(rootFlags));

  // x <= 0.25 goes left, NaN follows default_left.
  EXPECT_EQ(-0.5, evaluate(ensemble, {0, 0.25}).margin[0]);
  EXPECT_EQ(1.5, evaluate(ensemble, {0, 0.26}).margin[0]);
  EXPECT_EQ(-0.5, evaluate(ensemble, {0, NAN}).margin[0]);
}

TEST_F(HardwoodJsonImportTest, MapsComparisonMissingAndDefaults) {
  std::string model = exampleModel();
  model = replaceOnce(model, "\"default_left\": [true, false, false]",
                      "\"default_left\": [0, 1, 0], \"comparison\": \"<\", "
                      "\"missing\": [\"zero_or_nan\", \"nan\", \"nan\"]");
  ImportAttempt attempt = importText(context, model);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  TreeOp tree = *attempt.ensemble().getTrees().begin();
  int8_t flags = tree.getFlags()[0];
  EXPECT_FALSE(flags & node_flags::kDefaultLeft);
  EXPECT_TRUE(flags & node_flags::kStrictLess);
  EXPECT_EQ(MissingKind::ZeroOrNan, getMissingKind(flags));
  // Leaves carry no flags, whatever the input said about them.
  EXPECT_EQ(0, tree.getFlags()[1]);
  EXPECT_EQ(1.5, evaluate(attempt.ensemble(), {0, 0.25}).margin[0]);
  EXPECT_EQ(1.5, evaluate(attempt.ensemble(), {0, 0.0}).margin[0]);

  model = replaceOnce(exampleModel(), "\"leaf_values\"",
                      "\"missing\": \"nan_as_zero\", \"leaf_values\"");
  attempt = importText(context, model);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  tree = *attempt.ensemble().getTrees().begin();
  EXPECT_EQ(MissingKind::NanAsZero, getMissingKind(tree.getFlags()[0]));
  // NaN compares as 0.0 <= 0.25: left.
  EXPECT_EQ(-0.5, evaluate(attempt.ensemble(), {0, NAN}).margin[0]);
}

TEST_F(HardwoodJsonImportTest, MapsCategoricalSplits) {
  std::string model =
      replaceOnce(exampleModel(), "\"leaf_values\"",
                  "\"categorical\": [{\"node\": 0, \"domain\": 6, "
                  "\"left_categories\": [4, 1], \"outside\": \"default\"}], "
                  "\"leaf_values\"");
  model = replaceOnce(model, "\"input_type\": \"float32\"",
                      "\"input_type\": \"float64\", "
                      "\"category_cast\": \"truncate_then_check\"");
  ImportAttempt attempt = importText(context, model);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EnsembleOp ensemble = attempt.ensemble();
  EXPECT_EQ(CategoryCast::truncate_then_check, ensemble.getCategoryCast());
  TreeOp tree = *ensemble.getTrees().begin();
  ASSERT_EQ(0, tree.findCategorical(0));
  EXPECT_EQ((llvm::ArrayRef<int32_t>{6}), *tree.getCategoryDomains());
  EXPECT_EQ((llvm::ArrayRef<int8_t>{2}), *tree.getCategoryOutside());
  auto set = llvm::cast<mlir::DenseI32ArrayAttr>((*tree.getCategorySets())[0]);
  EXPECT_EQ((llvm::ArrayRef<int32_t>{1, 4}), set.asArrayRef());
  // Categorical nodes ignore the threshold; it is normalised away.
  EXPECT_EQ(0.0, tree.getThreshold()[0]);
  auto left = [&](double x) {
    return evaluate(ensemble, {0, x}).margin[0] == -0.5;
  };
  EXPECT_TRUE(left(1.0));
  EXPECT_TRUE(left(4.9));
  EXPECT_FALSE(left(2.0));
  EXPECT_FALSE(left(-0.5)); // Truncates to category 0: not listed.
  EXPECT_TRUE(left(6.0));   // Outside: the default direction, left.
  EXPECT_TRUE(left(NAN));
}

TEST_F(HardwoodJsonImportTest, ClassLabelsKeepTheirKind) {
  auto classify = [&](llvm::StringRef classes) {
    std::string model =
        replaceOnce(exampleModel(), "\"regression\"", "\"classification\"");
    model = replaceOnce(model, "\"kind\": \"identity\"",
                        "\"kind\": \"sigmoid\", \"scale\": 2");
    return importText(
        context,
        replaceOnce(model, "\"num_outputs\"",
                    ("\"classes\": " + classes + ", \"num_outputs\"").str()));
  };
  ImportAttempt integers = classify("[0, 1]");
  ASSERT_TRUE(integers.ok()) << integers.message();
  mlir::ArrayAttr labels = *integers.ensemble().getClasses();
  EXPECT_EQ(1, llvm::cast<mlir::IntegerAttr>(labels[1]).getInt());
  EXPECT_EQ(2.0, integers.ensemble().getTransformScale()->convertToDouble());

  ImportAttempt floats = classify("[-1, 2.5]");
  ASSERT_TRUE(floats.ok()) << floats.message();
  labels = *floats.ensemble().getClasses();
  EXPECT_EQ(-1.0, llvm::cast<mlir::FloatAttr>(labels[0]).getValueAsDouble());
  EXPECT_EQ(2.5, llvm::cast<mlir::FloatAttr>(labels[1]).getValueAsDouble());

  ImportAttempt strings = classify("[\"no\", \"yes\"]");
  ASSERT_TRUE(strings.ok()) << strings.message();
  EXPECT_EQ("yes",
            llvm::cast<mlir::StringAttr>((*strings.ensemble().getClasses())[1])
                .getValue());

  ImportAttempt booleans = classify("[false, true]");
  ASSERT_TRUE(booleans.ok()) << booleans.message();
  EXPECT_EQ(
      1, llvm::cast<mlir::IntegerAttr>((*booleans.ensemble().getClasses())[1])
             .getInt());
}

TEST_F(HardwoodJsonImportTest, ImportsIsolationForestParameters) {
  std::string model =
      replaceOnce(exampleModel(), "\"regression\"", "\"anomaly\"");
  model = replaceOnce(model, "{\"kind\": \"identity\"}",
                      "{\"kind\": \"isolation_forest\", "
                      "\"average_path_length\": 7.5, \"offset\": -0.5}");
  model = replaceOnce(model, "\"sum\"", "\"average\"");
  ImportAttempt attempt = importText(context, model);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ(7.5, attempt.ensemble().getAveragePathLength()->convertToDouble());
  EXPECT_EQ(-0.5, attempt.ensemble().getScoreOffset()->convertToDouble());
}

TEST_F(HardwoodJsonImportTest, ImportsVectorLeavesAndWeights) {
  constexpr const char *kForest = R"json({"format": "hardwood-model",
 "version": 1, "family": "tree_ensemble", "task": "classification",
 "name": "forest", "source": {"library": "sklearn", "nested": {"a": [1]}},
 "num_features": 1, "num_outputs": 3, "input_type": "float32",
 "classes": ["a", "b", "c"], "aggregation": "average", "leaf_width": 3,
 "zero_threshold": 1e-35, "post_transform": {"kind": "identity"},
 "trees": [{"weight": 0.5, "feature": [0, -1, -1], "threshold": [1.5, 0, 0],
            "left": [1, -1, -1], "right": [2, -1, -1],
            "leaf_values": [0, 0, 0, 1, 0, 0, 0, 0.5, 0.5]},
           {"feature": [-1], "threshold": [0], "left": [-1], "right": [-1],
            "leaf_values": [0.25, 0.25, 0.5]}]})json";
  ImportAttempt attempt = importText(context, kForest);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EnsembleOp ensemble = attempt.ensemble();
  EXPECT_EQ("forest", ensemble.getSymName());
  EXPECT_EQ(3u, ensemble.getLeafWidth());
  EXPECT_EQ(1e-35, ensemble.getZeroThreshold()->convertToDouble());
  EXPECT_EQ(2u, ensemble.getNumTrees());
  Evaluation result = evaluate(ensemble, {2.0});
  EXPECT_EQ((std::vector<double>{0.125, 0.25, 0.375}), result.margin);
}

TEST_F(HardwoodJsonImportTest, ImportsLinearModels) {
  constexpr const char *kLinear = R"json({"format": "hardwood-model",
 "version": 1, "family": "linear", "task": "classification",
 "num_features": 2, "num_outputs": 3, "input_type": "float64",
 "classes": [0, 1, 2], "post_transform": {"kind": "softmax"},
 "base_score": [0, 0, 0],
 "coefficients": [[1, 2], [3, 4], [5, 6.5]], "intercept": [0.1, 0.2, 0.3]})json";
  ImportAttempt attempt = importText(context, kLinear);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  LinearOp linear = attempt.linear();
  ASSERT_TRUE(linear);
  EXPECT_EQ((llvm::ArrayRef<double>{1, 2, 3, 4, 5, 6.5}),
            linear.getCoefficients());
  EXPECT_EQ((llvm::ArrayRef<double>{0.1, 0.2, 0.3}), linear.getIntercept());
  EXPECT_TRUE(linear.getInputType().isF64());
}

TEST_F(HardwoodJsonImportTest, AcceptsIntegralFloatsAsIntegers) {
  std::string model = replaceOnce(exampleModel(), "\"left\": [1, -1, -1]",
                                  "\"left\": [1.0, -1.0, -1]");
  ImportAttempt attempt = importText(context, model);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
}

TEST_F(HardwoodJsonImportTest, NameOverrideWins) {
  ImportOptions options;
  options.modelName = "renamed";
  ImportAttempt attempt =
      importText(context,
                 replaceOnce(exampleModel(), "\"version\": 1",
                             "\"version\": 1, \"name\": \"original\""),
                 options);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ("renamed", attempt.ensemble().getSymName());
}

TEST_F(HardwoodJsonImportTest, ImportsAFileFromDisk) {
  ImportAttempt attempt =
      importFile(context, fixturePath("hardwood/hardwood_example.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ(1u, attempt.ensemble().getNumTrees());
}

} // namespace
