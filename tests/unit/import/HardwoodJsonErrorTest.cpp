//===- HardwoodJsonErrorTest.cpp - Invalid Hardwood JSON models -----------===//
//
// Each case edits the documented example (or builds a tree from arrays) so
// exactly one rule is broken, and checks the single diagnostic: it names the
// file, then the field path, then what was expected.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include <gtest/gtest.h>

using namespace hardwood;
using namespace hardwood::test;

namespace {

struct ErrorCase {
  const char *name;
  /// The model text: the example with `from` replaced by `to`.
  const char *from;
  const char *to;
  /// The start of the message after "FILE: ".
  const char *message;
};

class HardwoodJsonErrorTest : public ::testing::TestWithParam<ErrorCase> {
protected:
  HardwoodJsonErrorTest() { context.loadDialect<hardwood::HardwoodDialect>(); }
  mlir::MLIRContext context;
};

void expectOneError(const ImportAttempt &attempt, llvm::StringRef message) {
  ASSERT_FALSE(attempt.ok());
  ASSERT_EQ(1u, attempt.errors.size()) << attempt.message();
  std::string expected = std::string(kTestFileName) + ": " + message.str();
  EXPECT_EQ(expected, attempt.errors[0].substr(0, expected.size()))
      << "full message: " << attempt.errors[0];
}

TEST_P(HardwoodJsonErrorTest, NamesTheFieldAndTheExpectation) {
  const ErrorCase &error = GetParam();
  expectOneError(
      importText(context, replaceOnce(exampleModel(), error.from, error.to)),
      error.message);
}

/// The example with `trees` as its trees array.
std::string withTrees(llvm::StringRef trees) {
  std::string model = exampleModel();
  return model.substr(0, model.find("[{\"group\"")) + trees.str() + "}";
}

/// A one-tree model with the given child arrays; internal nodes split on
/// feature 0, so only the structure can be wrong.
std::string treeModel(llvm::StringRef left, llvm::StringRef right,
                      size_t numNodes) {
  std::string zeros, features;
  for (size_t i = 0; i < numNodes; ++i) {
    zeros += i ? ", 0" : "0";
    features += i ? ", 0" : "0";
  }
  std::string tree = "{\"left\": " + left.str() +
                     ", \"right\": " + right.str() + ", \"feature\": [" +
                     features + "], \"threshold\": [" + zeros +
                     "], \"leaf_values\": [" + zeros + "]}";
  return withTrees("[" + tree + "]");
}

TEST_F(HardwoodJsonErrorTest, ReportsMissingTrees) {
  expectOneError(importText(context, withTrees("[]")),
                 "trees: expected at least one tree");
  expectOneError(importText(context, withTrees("{}")),
                 "trees: expected an array, got an object");
}

TEST_F(HardwoodJsonErrorTest, ReportsCyclesAwayFromTheRoot) {
  // 3 -> 4 -> 3, each with one parent, unreachable from node 0.
  expectOneError(importText(context, treeModel("[1, -1, -1, 4, 3, -1, -1]",
                                               "[2, -1, -1, 5, 6, -1, -1]", 7)),
                 "trees[0].left[4]: nodes 4 -> 3 -> 4 form a cycle "
                 "unreachable from the root; expected a tree");
}

TEST_F(HardwoodJsonErrorTest, ReportsOrphans) {
  expectOneError(
      importText(context, treeModel("[1, -1, -1, -1]", "[2, -1, -1, -1]", 4)),
      "trees[0]: node 3 is no node's child and not the root; expected every "
      "node to be reachable from node 0");
}

TEST_F(HardwoodJsonErrorTest, ReportsSelfLoops) {
  expectOneError(importText(context, treeModel("[1, 1, -1, -1, -1]",
                                               "[2, 3, -1, -1, -1]", 5)),
                 "trees[0].left[1]: node 1 is its own child (a cycle)");
}

TEST_F(HardwoodJsonErrorTest, ReportsNodesWithOneChild) {
  expectOneError(
      importText(context, treeModel("[1, -1, -1]", "[-1, -1, -1]", 3)),
      "trees[0].left[0]: node 0 has one child; expected -1 in "
      "both left and right (a leaf) or two children");
}

TEST_F(HardwoodJsonErrorTest, ReportsTruncatedFiles) {
  std::string model = exampleModel();
  expectOneError(importText(context, model.substr(0, model.size() / 2)),
                 "(document): invalid JSON at line ");
}

TEST_F(HardwoodJsonErrorTest, ReportsLinearShapes) {
  constexpr const char *kLinear = R"json({"format": "hardwood-model",
 "version": 1, "family": "linear", "task": "regression",
 "num_features": 2, "num_outputs": 1, "input_type": "float64",
 "post_transform": {"kind": "identity"}, "base_score": [BASE],
 "coefficients": [COEF], "intercept": [0.5]})json";
  std::string valid =
      replaceOnce(replaceOnce(kLinear, "BASE", "0"), "COEF", "[1, 2]");
  ImportAttempt attempt = importText(context, valid);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  expectOneError(importText(context, replaceOnce(valid, "[[1, 2]]", "[[1]]")),
                 "coefficients[0]: expected 2 entries, got 1");
  expectOneError(
      importText(context, replaceOnce(valid, "[[1, 2]]", "[[1, 2], [3, 4]]")),
      "coefficients: expected 1 entries, got 2");
  expectOneError(
      importText(context, replaceOnce(valid, "\"base_score\": [0]",
                                      "\"base_score\": [0.5]")),
      "base_score[0]: expected 0: linear models take their offset from "
      "'intercept', got 0.5");
  expectOneError(
      importText(context, replaceOnce(valid, "\"intercept\"",
                                      "\"leaf_width\": 1, \"intercept\"")),
      "leaf_width: not allowed for family \"linear\"");
}

TEST_F(HardwoodJsonErrorTest, RejectsAnInvalidNameOverride) {
  ImportOptions options;
  options.modelName = "has space";
  expectOneError(importText(context, exampleModel(), options),
                 "(document): the model name override \"has space\" is not a "
                 "C identifier");
}

INSTANTIATE_TEST_SUITE_P(
    EditedExample, HardwoodJsonErrorTest,
    ::testing::Values(
        ErrorCase{"WrongType", "\"num_features\": 2", "\"num_features\": \"2\"",
                  "num_features: expected an integer in [1, 1000000], got "
                  "\"2\""},
        ErrorCase{"NotIntegral", "\"num_features\": 2", "\"num_features\": 2.5",
                  "num_features: expected an integer in [1, 1000000], got "
                  "2.5"},
        ErrorCase{"AbsurdFeatureCount", "\"num_features\": 2",
                  "\"num_features\": 1099511627776",
                  "num_features: expected an integer in [1, 1000000], got "
                  "1099511627776"},
        ErrorCase{"AbsurdOutputCount", "\"num_outputs\": 1",
                  "\"num_outputs\": 1000000000",
                  "num_outputs: expected an integer in [1, 100000], got "
                  "1000000000"},
        ErrorCase{"MissingField", "\"num_features\": 2,", "",
                  "num_features: required field is missing"},
        ErrorCase{"MissingTreeField", "\"threshold\": [0.25, 0, 0],", "",
                  "trees[0].threshold: required field is missing"},
        ErrorCase{"UnknownKey", "\"version\": 1",
                  "\"version\": 1, \"bogus\": 1",
                  "bogus: unknown field; expected one of: format, version, "
                  "family"},
        ErrorCase{"UnknownTreeKey", "\"group\": 0",
                  "\"group\": 0, \"depth\": 3",
                  "trees[0].depth: unknown field; expected one of: group, "
                  "weight, left"},
        ErrorCase{"UnknownTransform", "\"identity\"", "\"softplus\"",
                  "post_transform.kind: expected \"identity\", \"sigmoid\", "},
        ErrorCase{"UnknownTransformParameter", "{\"kind\": \"identity\"}",
                  "{\"kind\": \"identity\", \"scale\": 2}",
                  "post_transform.scale: unknown field; expected one of: "
                  "kind"},
        ErrorCase{"TransformNeedsOutputs", "\"identity\"", "\"softmax\"",
                  "post_transform: transform softmax needs at least 2 "
                  "outputs, got 1"},
        ErrorCase{"NonPositiveScale", "{\"kind\": \"identity\"}",
                  "{\"kind\": \"sigmoid\", \"scale\": -1}",
                  "post_transform.scale: expected a positive number, got -1"},
        ErrorCase{"WrongFormat", "\"hardwood-model\"", "\"hardwood\"",
                  "format: expected \"hardwood-model\", got \"hardwood\""},
        ErrorCase{"WrongVersion", "\"version\": 1", "\"version\": 2",
                  "version: expected an integer in [1, 1], got 2"},
        ErrorCase{"UnknownFamily", "\"tree_ensemble\"", "\"forest\"",
                  "family: expected \"tree_ensemble\" or \"linear\", got "
                  "\"forest\""},
        ErrorCase{"InvalidName", "\"version\": 1",
                  "\"version\": 1, \"name\": \"2fast\"",
                  "name: expected a C identifier ([A-Za-z_][A-Za-z0-9_]*), "
                  "got \"2fast\""},
        ErrorCase{"SourceNotObject", "\"version\": 1",
                  "\"version\": 1, \"source\": 3",
                  "source: expected an object, got 3"},
        ErrorCase{"ChildOutOfRange", "\"left\": [1, -1, -1]",
                  "\"left\": [5, -1, -1]",
                  "trees[0].left[0]: child 5 is out of range; expected -1 "
                  "(leaf) or a node index in [1, 2]"},
        ErrorCase{"NegativeChild", "\"left\": [1, -1, -1]",
                  "\"left\": [-2, -1, -1]",
                  "trees[0].left[0]: child -2 is out of range; expected -1 "
                  "(leaf) or a node index in [1, 2]"},
        ErrorCase{"CycleToRoot", "\"right\": [2, -1, -1]",
                  "\"right\": [0, -1, -1]",
                  "trees[0].right[0]: child 0 is the root; expected a node "
                  "index in [1, 2] (the root has no parent, so this is a "
                  "cycle)"},
        ErrorCase{"SharedChild", "\"right\": [2, -1, -1]",
                  "\"right\": [1, -1, -1]",
                  "trees[0].right[0]: node 1 is already a child of node 0; "
                  "expected every node to have one parent"},
        ErrorCase{"MismatchedLength", "\"right\": [2, -1, -1]",
                  "\"right\": [2, -1]",
                  "trees[0].right: expected 3 entries, got 2"},
        ErrorCase{"MismatchedLeafValues", "\"leaf_values\": [0, -1.0, 1.0]",
                  "\"leaf_values\": [0, -1.0]",
                  "trees[0].leaf_values: expected 3 entries, got 2"},
        ErrorCase{"EmptyTree", "\"left\": [1, -1, -1]", "\"left\": []",
                  "trees[0].left: expected at least one node"},
        ErrorCase{"FeatureOutOfRange", "\"feature\": [1, -1, -1]",
                  "\"feature\": [2, -1, -1]",
                  "trees[0].feature[0]: expected a feature index in [0, 1] "
                  "at an internal node, got 2"},
        ErrorCase{"NaNThreshold", "\"threshold\": [0.25, 0, 0]",
                  "\"threshold\": [NaN, 0, 0]",
                  "trees[0].threshold[0]: expected a finite number, \"inf\" "
                  "or \"-inf\", got \"NaN\""},
        // Infinite thresholds are written "inf"/"-inf", nothing else.
        ErrorCase{"InfinityWordThreshold", "\"threshold\": [0.25, 0, 0]",
                  "\"threshold\": [\"Infinity\", 0, 0]",
                  "trees[0].threshold[0]: expected a finite number, \"inf\" "
                  "or \"-inf\", got \"Infinity\""},
        ErrorCase{"OverflowingThreshold", "\"threshold\": [0.25, 0, 0]",
                  "\"threshold\": [1e999, 0, 0]",
                  "trees[0].threshold[0]: expected a finite number, \"inf\" "
                  "or \"-inf\", got "},
        ErrorCase{"NanWordThreshold", "\"threshold\": [0.25, 0, 0]",
                  "\"threshold\": [\"nan\", 0, 0]",
                  "trees[0].threshold[0]: expected a finite number, \"inf\" "
                  "or \"-inf\", got \"nan\""},
        ErrorCase{"InfiniteLeaf", "\"leaf_values\": [0, -1.0, 1.0]",
                  "\"leaf_values\": [0, -1.0, 1e999]",
                  "trees[0].leaf_values[2]: expected a finite number"},
        ErrorCase{"GroupOutOfRange", "\"group\": 0", "\"group\": 3",
                  "trees[0].group: expected an integer in [0, 0], got 3"},
        ErrorCase{"WeightNotNumber", "\"group\": 0",
                  "\"group\": 0, \"weight\": \"2\"",
                  "trees[0].weight: expected a finite number, got \"2\""},
        ErrorCase{"BadDefaultLeft", "[true, false, false]", "[true, 2, false]",
                  "trees[0].default_left[1]: expected true, false, 0 or 1, "
                  "got 2"},
        ErrorCase{"BadMissingKind", "\"group\": 0",
                  "\"group\": 0, \"missing\": \"zero\"",
                  "trees[0].missing: expected \"nan\", \"nan_as_zero\" or "
                  "\"zero_or_nan\", got \"zero\""},
        ErrorCase{"BadComparison", "\"group\": 0",
                  "\"group\": 0, \"comparison\": \"<<\"",
                  "trees[0].comparison: expected \"<=\" or \"<\", got \"<<\""},
        ErrorCase{"CategoricalLeaf", "\"group\": 0",
                  "\"group\": 0, \"categorical\": [{\"node\": 1, \"domain\": "
                  "4, \"left_categories\": [1], \"outside\": \"left\"}]",
                  "trees[0].categorical[0]: node 1 is not an internal node; "
                  "expected a split node of this tree"},
        ErrorCase{"CategoryOutsideDomain", "\"group\": 0",
                  "\"group\": 0, \"categorical\": [{\"node\": 0, \"domain\": "
                  "4, \"left_categories\": [7], \"outside\": \"left\"}]",
                  "trees[0].categorical[0].left_categories[0]: expected an "
                  "integer in [0, 3], got 7"},
        ErrorCase{"DuplicateCategory", "\"group\": 0",
                  "\"group\": 0, \"categorical\": [{\"node\": 0, \"domain\": "
                  "4, \"left_categories\": [1, 1], \"outside\": \"left\"}]",
                  "trees[0].categorical[0]: category 1 is listed twice"},
        ErrorCase{"CategoricalUnknownKey", "\"group\": 0",
                  "\"group\": 0, \"categorical\": [{\"node\": 0, \"domain\": "
                  "4, \"left_categories\": [1], \"outside\": \"left\", "
                  "\"right_categories\": []}]",
                  "trees[0].categorical[0].right_categories: unknown field"},
        ErrorCase{"BadOutside", "\"group\": 0",
                  "\"group\": 0, \"categorical\": [{\"node\": 0, \"domain\": "
                  "4, \"left_categories\": [1], \"outside\": \"up\"}]",
                  "trees[0].categorical[0].outside: expected \"left\", "
                  "\"right\" or \"default\", got \"up\""},
        ErrorCase{"ClassesOnRegression", "\"num_outputs\"",
                  "\"classes\": [0, 1], \"num_outputs\"",
                  "classes: only classification models have classes; task "
                  "is \"regression\""},
        ErrorCase{"ClassifierWithoutClasses", "\"regression\"",
                  "\"classification\"", "classes: required field is missing"},
        ErrorCase{"FamilyMismatch", "\"leaf_width\": 1",
                  "\"leaf_width\": 1, \"coefficients\": []",
                  "coefficients: not allowed for family \"tree_ensemble\""},
        ErrorCase{"LeafWidth", "\"leaf_width\": 1", "\"leaf_width\": 2",
                  "leaf_width: expected an integer in [1, 1], got 2"},
        ErrorCase{"NegativeZeroThreshold", "\"leaf_width\": 1",
                  "\"leaf_width\": 1, \"zero_threshold\": -1",
                  "zero_threshold: expected a number >= 0, got -1"},
        ErrorCase{"BadCategoryCast", "\"leaf_width\": 1",
                  "\"leaf_width\": 1, \"category_cast\": \"round\"",
                  "category_cast: expected \"check_then_truncate\" or "
                  "\"truncate_then_check\", got \"round\""},
        ErrorCase{"BaseScoreLength", "\"base_score\": [0.5]",
                  "\"base_score\": [0.5, 1]",
                  "base_score: expected 1 entries, got 2"},
        ErrorCase{"TreeNotObject", "\"trees\": [{", "\"trees\": [3, {",
                  "trees[0]: expected an object, got 3"}),
    [](const ::testing::TestParamInfo<ErrorCase> &info) {
      return std::string(info.param.name);
    });

class ClassLabelErrorTest : public HardwoodJsonErrorTest {};

TEST_F(ClassLabelErrorTest, RejectsMixedCountedAndRepeatedLabels) {
  auto classify = [&](llvm::StringRef classes) {
    std::string model =
        replaceOnce(exampleModel(), "\"regression\"", "\"classification\"");
    return importText(
        context,
        replaceOnce(model, "\"num_outputs\"",
                    ("\"classes\": " + classes + ", \"num_outputs\"").str()));
  };
  expectOneError(classify("[0, 1, 2]"), "classes: expected 2 entries, got 3");
  expectOneError(classify("[0, \"a\"]"),
                 "classes[1]: expected all labels to be numbers, all strings "
                 "or all booleans like classes[0], got \"a\"");
  expectOneError(classify("[1, 1.0]"),
                 "classes[1]: label 1 is repeated; expected distinct labels");
  expectOneError(classify("[null, 1]"),
                 "classes[0]: expected a number, string or boolean label, "
                 "got null");
}

} // namespace
