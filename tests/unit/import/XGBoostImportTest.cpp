//===- XGBoostImportTest.cpp - XGBoost models against XGBoost itself ------===//
//
// The fixtures in tests/fixtures/xgboost come with XGBoost's margins,
// predictions and leaf indices for probe rows (generate_xgboost_models.py);
// walking the imported trees must reproduce them. Error tests edit a
// fixture's text and check the message names the XGBoost field.
//
//===----------------------------------------------------------------------===//

#include "ModelEvaluator.h"
#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace hardwood;
using namespace hardwood::test;

namespace {

/// The parity tolerance of DESIGN.md for float32 models.
bool closeEnough(double actual, double expected) {
  return std::fabs(actual - expected) <=
         1e-5 * std::max(1.0, std::fabs(expected));
}

std::string readText(llvm::StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  EXPECT_TRUE(static_cast<bool>(buffer)) << "cannot read " << path.str();
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

double decodeNumber(const llvm::json::Value &value) {
  if (std::optional<double> number = value.getAsNumber())
    return *number;
  llvm::StringRef text = value.getAsString().value_or("nan");
  if (text == "inf")
    return std::numeric_limits<double>::infinity();
  if (text == "-inf")
    return -std::numeric_limits<double>::infinity();
  return std::numeric_limits<double>::quiet_NaN();
}

std::vector<std::vector<double>> decodeMatrix(const llvm::json::Value *value) {
  std::vector<std::vector<double>> rows;
  if (!value || !value->getAsArray())
    return rows;
  for (const llvm::json::Value &row : *value->getAsArray()) {
    rows.emplace_back();
    for (const llvm::json::Value &entry : *row.getAsArray())
      rows.back().push_back(decodeNumber(entry));
  }
  return rows;
}

/// What XGBoost's Booster.predict returns for `margin`.
std::vector<double> xgboostPredict(EnsembleOp ensemble,
                                   const std::vector<double> &margin,
                                   size_t expectedColumns) {
  if (ensemble.getTransform() == Transform::binary_hinge)
    return {margin[0] > 0 ? 1.0 : 0.0};
  // multi:softmax predicts the label: the arg-max, lowest index on ties.
  if (ensemble.getTransform() == Transform::softmax && expectedColumns == 1)
    return {static_cast<double>(std::max_element(margin.begin(), margin.end()) -
                                margin.begin())};
  return transform(ensemble, margin);
}

class XGBoostParityTest : public ::testing::TestWithParam<const char *> {
protected:
  XGBoostParityTest() { context.loadDialect<HardwoodDialect>(); }
  mlir::MLIRContext context;
};

TEST_P(XGBoostParityTest, ReproducesXGBoostOnProbeRows) {
  std::string model = GetParam();
  ImportAttempt attempt = importFile(context, inputPath(model));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EnsembleOp ensemble = attempt.ensemble();
  ASSERT_TRUE(ensemble);
  EXPECT_TRUE(ensemble.getInputType().isF32());

  llvm::Expected<llvm::json::Value> expected =
      llvm::json::parse(readText(inputPath(model + ".expected")));
  ASSERT_TRUE(static_cast<bool>(expected)) << toString(expected.takeError());
  const llvm::json::Object &object = *expected->getAsObject();
  std::vector<std::vector<double>> rows = decodeMatrix(object.get("rows"));
  std::vector<std::vector<double>> margins = decodeMatrix(object.get("margin"));
  std::vector<std::vector<double>> predictions =
      decodeMatrix(object.get("predict"));
  std::vector<std::vector<double>> leaves = decodeMatrix(object.get("leaf"));
  ASSERT_FALSE(rows.empty());
  ASSERT_EQ(rows.size(), margins.size());
  ASSERT_EQ(rows.size(), predictions.size());

  for (size_t i = 0; i < rows.size(); ++i) {
    SCOPED_TRACE("probe row " + std::to_string(i));
    Evaluation result = evaluate(ensemble, rows[i]);
    ASSERT_EQ(result.margin.size(), margins[i].size());
    for (size_t k = 0; k < margins[i].size(); ++k)
      EXPECT_PRED2(closeEnough, result.margin[k], margins[i][k])
          << "output " << k;
    std::vector<double> predicted =
        xgboostPredict(ensemble, result.margin, predictions[i].size());
    ASSERT_EQ(predicted.size(), predictions[i].size());
    for (size_t k = 0; k < predicted.size(); ++k)
      EXPECT_PRED2(closeEnough, predicted[k], predictions[i][k])
          << "prediction " << k;
    if (!leaves.empty()) {
      ASSERT_EQ(result.leaves.size(), leaves[i].size());
      for (size_t t = 0; t < leaves[i].size(); ++t)
        EXPECT_EQ(result.leaves[t], leaves[i][t]) << "tree " << t;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, XGBoostParityTest,
    ::testing::Values("xgb_binary_logistic.json", "xgb_binary_logistic.ubj",
                      "xgb_logitraw.json", "xgb_hinge.json",
                      "xgb_squarederror.ubj", "xgb_squarederror.json",
                      "xgb_absoluteerror.json", "xgb_poisson.json",
                      "xgb_gamma.json", "xgb_tweedie.json", "xgb_softprob.json",
                      "xgb_softmax.ubj", "xgb_dart.json",
                      "xgb_rank_pairwise.json", "xgb_pruned.json",
                      "xgb_categorical_onehot.json",
                      "xgb_categorical_partition.json",
                      // Vector leaves rewritten from XGBoost 1.7.4 models
                      // (generate_xgboost_vector_leaf_models.py).
                      "xgb_vector_squarederror.json",
                      "xgb_vector_squarederror.ubj", "xgb_vector_softprob.json",
                      "xgb_vector_pruned.json", "xgb_vector_categorical.json"),
    [](const ::testing::TestParamInfo<const char *> &info) {
      std::string name = info.param;
      for (char &c : name)
        if (!std::isalnum(static_cast<unsigned char>(c)))
          c = '_';
      return name;
    });

class XGBoostImportTest : public ::testing::Test {
protected:
  XGBoostImportTest() { context.loadDialect<HardwoodDialect>(); }

  std::string printed(ImportAttempt &attempt) {
    std::string text;
    llvm::raw_string_ostream os(text);
    attempt.module->print(os);
    return text;
  }
  /// Imports a fixture edited by replacing `from` with `to` once.
  ImportAttempt importEdited(llvm::StringRef fixture, llvm::StringRef from,
                             llvm::StringRef to) {
    return importText(context,
                      replaceOnce(readText(inputPath(fixture)), from, to));
  }

  mlir::MLIRContext context;
};

TEST_F(XGBoostImportTest, JsonAndUbjsonGiveTheSameModule) {
  ImportAttempt json = importFile(context, inputPath("xgb_squarederror.json"));
  ImportAttempt ubjson = importFile(context, inputPath("xgb_squarederror.ubj"));
  ASSERT_TRUE(json.ok() && ubjson.ok()) << json.message() << ubjson.message();
  EXPECT_EQ(printed(json), printed(ubjson));
}

TEST_F(XGBoostImportTest, MapsObjectiveAndBaseScore) {
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_binary_logistic.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EnsembleOp ensemble = attempt.ensemble();
  EXPECT_EQ(Task::classification, ensemble.getTask());
  EXPECT_EQ(Transform::sigmoid, ensemble.getTransform());
  EXPECT_EQ(2u, ensemble.getNumClasses());
  // base_score 0.3 is a probability: the margin is its logit, in float32.
  EXPECT_EQ(static_cast<double>(-std::log(1.0f / 0.3f - 1.0f)),
            ensemble.getBaseScoreAt(0));
  for (TreeOp tree : ensemble.getTrees())
    for (unsigned node = 0; node < tree.getNumNodes(); ++node) {
      if (tree.isLeaf(node))
        continue;
      EXPECT_TRUE(tree.getFlags()[node] & node_flags::kStrictLess);
      double threshold = tree.getThreshold()[node];
      EXPECT_EQ(threshold, static_cast<double>(static_cast<float>(threshold)))
          << "thresholds are float32 values";
    }

  ImportAttempt poisson = importFile(context, inputPath("xgb_poisson.json"));
  ASSERT_TRUE(poisson.ok()) << poisson.message();
  EXPECT_EQ(Transform::exp, poisson.ensemble().getTransform());
  EXPECT_EQ(static_cast<double>(std::log(2.0f)),
            poisson.ensemble().getBaseScoreAt(0));
}

TEST_F(XGBoostImportTest, AcceptsBaseScoreAsAList) {
  // XGBoost 2.1 writes base_score as a list.
  ImportAttempt plain =
      importFile(context, inputPath("xgb_binary_logistic.json"));
  ImportAttempt listed =
      importEdited("xgb_binary_logistic.json", "\"base_score\":\"3E-1\"",
                   "\"base_score\":\"[3E-1]\"");
  ASSERT_TRUE(plain.ok() && listed.ok()) << listed.message();
  EXPECT_EQ(printed(plain), printed(listed));
}

TEST_F(XGBoostImportTest, MultiClassTreesFollowTreeInfo) {
  ImportAttempt attempt = importFile(context, inputPath("xgb_softprob.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  std::vector<unsigned> groups;
  for (TreeOp tree : attempt.ensemble().getTrees())
    groups.push_back(tree.getGroup());
  // Two rounds of three classes with two parallel trees each.
  EXPECT_EQ((std::vector<unsigned>{0, 0, 1, 1, 2, 2, 0, 0, 1, 1, 2, 2}),
            groups);
  EXPECT_EQ(3u, attempt.ensemble().getNumClasses());
}

TEST_F(XGBoostImportTest, DartTreesCarryTheirWeights) {
  ImportAttempt attempt = importFile(context, inputPath("xgb_dart.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  bool anyWeighted = false;
  for (TreeOp tree : attempt.ensemble().getTrees())
    anyWeighted |= tree.getWeight().convertToDouble() != 1.0;
  EXPECT_TRUE(anyWeighted);
}

TEST_F(XGBoostImportTest, CategoriesGoingRightBecomeTheirComplement) {
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_categorical_partition.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  unsigned splits = 0;
  for (TreeOp tree : attempt.ensemble().getTrees()) {
    std::optional<llvm::ArrayRef<int8_t>> outside = tree.getCategoryOutside();
    if (!outside)
      continue;
    for (int8_t direction : *outside) {
      EXPECT_EQ(static_cast<int8_t>(CategoryOutside::Left), direction);
      ++splits;
    }
  }
  EXPECT_GT(splits, 0u);
}

TEST_F(XGBoostImportTest, PrunedTreesDropDeletedNodes) {
  ImportAttempt attempt = importFile(context, inputPath("xgb_pruned.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  // The fixture's second tree has 27 nodes of which 2 were deleted.
  std::string text = readText(inputPath("xgb_pruned.json"));
  ASSERT_NE(std::string::npos,
            text.find("\"num_deleted\":\"2\",\"num_feature\":\"4\","
                      "\"num_nodes\":\"27\""));
  auto trees = attempt.ensemble().getTrees();
  EXPECT_EQ(25u, (*std::next(trees.begin())).getNumNodes());
  // The third tree lost nodes 19 and 20: its leaves keep XGBoost's node ids
  // (what pred_leaf reports), so live node 19 reports 21 and the last 26.
  TreeOp third = *std::next(trees.begin(), 2);
  ASSERT_EQ(25u, third.getNumNodes());
  std::optional<llvm::ArrayRef<int32_t>> leafIds = third.getLeafIds();
  ASSERT_TRUE(leafIds.has_value());
  ASSERT_EQ(25u, leafIds->size());
  EXPECT_EQ(18, (*leafIds)[18]);
  EXPECT_EQ(21, (*leafIds)[19]);
  EXPECT_EQ(26, leafIds->back());
  // Trees without deleted nodes need no leaf_ids.
  EXPECT_FALSE((*trees.begin()).getLeafIds().has_value());
}

TEST_F(XGBoostImportTest, NumIterationsKeepsWholeRounds) {
  ImportOptions options;
  options.numIterations = 1;
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_softprob.json"), options);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ(6u, attempt.ensemble().getNumTrees());

  options.numIterations = 2;
  attempt = importFile(context, inputPath("xgb_binary_logistic.json"), options);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ(2u, attempt.ensemble().getNumTrees());

  options.numIterations = 5;
  attempt = importFile(context, inputPath("xgb_binary_logistic.json"), options);
  ASSERT_FALSE(attempt.ok());
  EXPECT_NE(std::string::npos,
            attempt.message().find("learner.gradient_booster.model.trees: "
                                   "cannot keep 5 boosting rounds; expected "
                                   "1 to 4"))
      << attempt.message();
}

TEST_F(XGBoostImportTest, VectorLeavesBecomeTheLeafWidth) {
  ImportAttempt json =
      importFile(context, inputPath("xgb_vector_squarederror.json"));
  ImportAttempt ubjson =
      importFile(context, inputPath("xgb_vector_squarederror.ubj"));
  ASSERT_TRUE(json.ok() && ubjson.ok()) << json.message() << ubjson.message();
  EXPECT_EQ(printed(json), printed(ubjson));
  EnsembleOp ensemble = json.ensemble();
  EXPECT_EQ(3u, ensemble.getNumOutputs());
  EXPECT_EQ(3u, ensemble.getLeafWidth());
  // base_score lists one value per target.
  EXPECT_EQ(1.25, ensemble.getBaseScoreAt(0));
  EXPECT_EQ(-0.75, ensemble.getBaseScoreAt(1));
  EXPECT_EQ(3.0, ensemble.getBaseScoreAt(2));
  // Each leaf is [w, -0.5 w, 2 w] (the fixture's scales) and every tree
  // adds to all outputs.
  unsigned leaves = 0;
  for (TreeOp tree : ensemble.getTrees()) {
    EXPECT_EQ(0u, tree.getGroup());
    llvm::ArrayRef<double> values = tree.getLeafValues();
    ASSERT_EQ(3u * tree.getNumNodes(), values.size());
    for (unsigned node = 0; node < tree.getNumNodes(); ++node) {
      if (!tree.isLeaf(node))
        continue;
      ++leaves;
      EXPECT_NE(0.0, values[3 * node]);
      EXPECT_EQ(-0.5 * values[3 * node], values[3 * node + 1]);
      EXPECT_EQ(2.0 * values[3 * node], values[3 * node + 2]);
    }
  }
  EXPECT_GT(leaves, 0u);
}

TEST_F(XGBoostImportTest, VectorLeafRoundsAreParallelTrees) {
  // Three classes, num_parallel_tree 3: a round is three vector-leaf trees.
  ImportOptions options;
  options.numIterations = 2;
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_vector_softprob.json"), options);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ(6u, attempt.ensemble().getNumTrees());
  EXPECT_EQ(Transform::softmax, attempt.ensemble().getTransform());
  EXPECT_EQ(3u, attempt.ensemble().getNumClasses());
}

TEST_F(XGBoostImportTest, PrunedVectorLeafTreesKeepWholeLeafVectors) {
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_vector_pruned.json"));
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  // As in xgb_pruned.json: the third tree lost nodes 19 and 20.
  TreeOp third = *std::next(attempt.ensemble().getTrees().begin(), 2);
  ASSERT_EQ(25u, third.getNumNodes());
  EXPECT_EQ(75u, third.getLeafValues().size());
  std::optional<llvm::ArrayRef<int32_t>> leafIds = third.getLeafIds();
  ASSERT_TRUE(leafIds.has_value());
  EXPECT_EQ(21, (*leafIds)[19]);
  EXPECT_EQ(26, leafIds->back());
  // Live node 19's vector is XGBoost node 21's.
  llvm::ArrayRef<double> values = third.getLeafValues();
  EXPECT_EQ(-0.5 * values[57], values[58]);
  EXPECT_EQ(2.0 * values[57], values[59]);
}

TEST_F(XGBoostImportTest, ModelNameOverride) {
  ImportOptions options;
  options.modelName = "churn_v2";
  ImportAttempt attempt =
      importFile(context, inputPath("xgb_hinge.json"), options);
  ASSERT_TRUE(attempt.ok()) << attempt.message();
  EXPECT_EQ("churn_v2", attempt.ensemble().getSymName());
}

struct XGBoostErrorCase {
  const char *name;
  const char *from;
  const char *to;
  const char *message;
  const char *fixture = "xgb_binary_logistic.json";
};

class XGBoostErrorTest
    : public XGBoostImportTest,
      public ::testing::WithParamInterface<XGBoostErrorCase> {};

TEST_P(XGBoostErrorTest, NamesTheFieldAndTheExpectation) {
  const XGBoostErrorCase &error = GetParam();
  ImportAttempt attempt = importEdited(error.fixture, error.from, error.to);
  ASSERT_FALSE(attempt.ok());
  ASSERT_EQ(1u, attempt.errors.size()) << attempt.message();
  EXPECT_EQ(std::string(kTestFileName) + ": " + error.message,
            attempt.errors[0]);
}

INSTANTIATE_TEST_SUITE_P(
    EditedFixture, XGBoostErrorTest,
    ::testing::Values(
        XGBoostErrorCase{
            "UnknownObjective", "binary:logistic", "reg:cubic",
            "learner.objective.name: unsupported objective \"reg:cubic\"; "
            "expected one of: reg:squarederror, reg:linear, "
            "reg:squaredlogerror, reg:pseudohubererror, reg:absoluteerror, "
            "reg:quantileerror, reg:logistic, binary:logistic, "
            "binary:logitraw, binary:hinge, count:poisson, reg:gamma, "
            "reg:tweedie, survival:cox, survival:aft, rank:pairwise, "
            "rank:ndcg, rank:map, multi:softprob, multi:softmax"},
        XGBoostErrorCase{
            "ChildOutOfRange", "\"left_children\":[1,3,-1",
            "\"left_children\":[1,30,-1",
            "learner.gradient_booster.model.trees[0].left_children[1]: child "
            "30 is out of range; expected -1 (leaf) or a node index in [1, "
            "8]"},
        XGBoostErrorCase{
            "SharedChild", "\"right_children\":[2,4,-1",
            "\"right_children\":[2,3,-1",
            "learner.gradient_booster.model.trees[0].right_children[1]: node "
            "3 is already a child of node 1; expected every node to have one "
            "parent (no shared subtrees, no cycles)"},
        XGBoostErrorCase{
            "ShortArray", "\"right_children\":[2,4,-1,",
            "\"right_children\":[2,4,",
            "learner.gradient_booster.model.trees[0].right_children: "
            "expected 9 entries, got 8"},
        XGBoostErrorCase{"AbsurdNodeCount", "\"num_nodes\":\"9\"",
                         "\"num_nodes\":\"4000000000\"",
                         "learner.gradient_booster.model.trees[0].tree_param."
                         "num_nodes: expected an integer in [1, 16777216], "
                         "got \"4000000000\""},
        XGBoostErrorCase{"FeatureOutOfRange", "\"split_indices\":[0,1,",
                         "\"split_indices\":[7,1,",
                         "learner.gradient_booster.model.trees[0]."
                         "split_indices[0]: expected a feature index in [0, "
                         "3] at an internal node, got 7"},
        XGBoostErrorCase{"BaseScoreOutsideDomain", "\"base_score\":\"3E-1\"",
                         "\"base_score\":\"1.5\"",
                         "learner.learner_model_param.base_score: base_score "
                         "1.5 is outside the domain of binary:logistic's "
                         "link function (expected a value in (0, 1))"},
        XGBoostErrorCase{"BaseScoreList", "\"base_score\":\"3E-1\"",
                         "\"base_score\":\"[3E-1,4E-1]\"",
                         "learner.learner_model_param.base_score: expected 1 "
                         "or 1 values, got 2"},
        XGBoostErrorCase{"BaseScoreNotNumber", "\"base_score\":\"3E-1\"",
                         "\"base_score\":\"0.3x\"",
                         "learner.learner_model_param.base_score: expected a "
                         "finite float32 number, got \"0.3x\""},
        XGBoostErrorCase{"ThresholdBeyondFloat32",
                         "\"split_conditions\":[2.7097893E-1",
                         "\"split_conditions\":[1E300",
                         "learner.gradient_booster.model.trees[0]."
                         "split_conditions[0]: expected a finite float32 "
                         "number, got 1.0000000000000001e+300"},
        XGBoostErrorCase{"Gblinear", "\"name\":\"gbtree\"",
                         "\"name\":\"gblinear\"",
                         "learner.gradient_booster.name: expected \"gbtree\" "
                         "or \"dart\", got \"gblinear\""},
        XGBoostErrorCase{"TreeInfoOutOfRange", "\"tree_info\":[0,0,0,0]",
                         "\"tree_info\":[0,2,0,0]",
                         "learner.gradient_booster.model.tree_info[1]: "
                         "expected an integer in [0, 0], got 2"},
        XGBoostErrorCase{"TreeCountMismatch", "\"num_trees\":\"4\"",
                         "\"num_trees\":\"5\"",
                         "learner.gradient_booster.model.trees: expected 5 "
                         "entries, got 4"},
        XGBoostErrorCase{"MissingParams", "\"learner_model_param\"",
                         "\"learner_model_params\"",
                         "learner.learner_model_param: required field is "
                         "missing"},
        XGBoostErrorCase{
            "ThresholdNotANumber", "\"split_conditions\":[2.7097893E-1",
            "\"split_conditions\":[NaN",
            "learner.gradient_booster.model.trees[0]."
            "split_conditions[0]: expected a finite float32 number, got "
            "\"NaN\""},
        XGBoostErrorCase{
            "LeafVectorNotPerOutput", "\"size_leaf_vector\":\"3\"}},{",
            "\"size_leaf_vector\":\"2\"}},{",
            "learner.gradient_booster.model.trees[0].tree_param."
            "size_leaf_vector: expected 0 or 1 (scalar leaves) or 3 (one "
            "value per output), got 2",
            "xgb_vector_squarederror.json"},
        XGBoostErrorCase{
            "LeafVectorWithOneTarget",
            "\"base_score\":\"[1.25E0,-7.5E-1,3E0]\",\"boost_from_average\":"
            "\"0\",\"num_class\":\"0\",\"num_feature\":\"4\",\"num_target\":"
            "\"3\"",
            "\"base_score\":\"5E-1\",\"boost_from_average\":\"0\",\"num_"
            "class\":"
            "\"0\",\"num_feature\":\"4\",\"num_target\":\"1\"",
            "learner.gradient_booster.model.trees[0].tree_param."
            "size_leaf_vector: expected 0 or 1 (the model has one output), "
            "got 3",
            "xgb_vector_squarederror.json"},
        XGBoostErrorCase{
            "LeafVectorNotNumClass", "\"num_class\":\"3\"",
            "\"num_class\":\"4\"",
            "learner.gradient_booster.model.trees[0].tree_param."
            "size_leaf_vector: expected 0 or 1 (scalar leaves) or 4 (one "
            "value per output), got 3",
            "xgb_vector_softprob.json"},
        XGBoostErrorCase{
            "LeafVectorsTooShort",
            "\"trees\":[{\"base_weights\":[-0.047313172,",
            "\"trees\":[{\"base_weights\":[",
            "learner.gradient_booster.model.trees[0].base_weights: expected "
            "45 entries (15 nodes x size_leaf_vector 3), got 44",
            "xgb_vector_squarederror.json"},
        XGBoostErrorCase{
            "LeafVectorNotFinite", "-0.8205181,", "NaN,",
            "learner.gradient_booster.model.trees[0].base_weights[21]: "
            "expected a finite float32 leaf value, got \"NaN\"",
            "xgb_vector_squarederror.json"},
        XGBoostErrorCase{
            "ScalarTreeAmongVectorLeaves", "\"size_leaf_vector\":\"3\"}}]",
            "\"size_leaf_vector\":\"1\"}}]",
            "learner.gradient_booster.model.trees[2].tree_param."
            "size_leaf_vector: expected 3 as in trees[0] (Hardwood does not "
            "mix vector-leaf and scalar trees), got 1",
            "xgb_vector_squarederror.json"},
        XGBoostErrorCase{
            "VectorLeavesAmongScalarTrees", "\"size_leaf_vector\":\"0\"}}]",
            "\"size_leaf_vector\":\"3\"}}]",
            "learner.gradient_booster.model.trees[3].tree_param."
            "size_leaf_vector: expected 0 or 1 as in trees[0] (Hardwood does "
            "not mix vector-leaf and scalar trees), got 3"},
        XGBoostErrorCase{
            "DartVectorLeaves", "\"size_leaf_vector\":\"0\"}},{",
            "\"size_leaf_vector\":\"2\"}},{",
            "learner.gradient_booster.gbtree.model.trees[0].tree_param."
            "size_leaf_vector: expected 0 or 1 with dart (XGBoost does not "
            "predict dart models with vector leaves), got 2",
            "xgb_dart.json"}),
    [](const ::testing::TestParamInfo<XGBoostErrorCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
