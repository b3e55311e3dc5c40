//===- XGBoostTreeTextTest.cpp - The split, streamed XGBoost JSON import --===//
//
// XGBoost JSON is split at its trees array and each tree parsed on its own;
// common trees are read straight from their text (XGBoostTreeText.cpp).
// Both are shortcuts: every document must import to the same module, or
// fail with the same messages, as when the whole document is parsed at
// once and each tree read from llvm::json values. An escaped key in the
// root object makes the importer take that general path (the splitter
// refuses escaped keys where a deferred path may lead), so each case is
// imported twice, with and without one, and the outcomes compared.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace hardwood;
using namespace hardwood::test;

namespace {

std::string readFixture(llvm::StringRef name) {
  auto buffer = llvm::MemoryBuffer::getFile(inputPath(name));
  EXPECT_TRUE(buffer) << name.str();
  return buffer ? (*buffer)->getBuffer().str() : std::string();
}

/// `text` with an escaped key ("x") added at the end of its root object,
/// which sends it down the general path; positions before it are kept.
std::string generalPath(const std::string &text) {
  size_t close = text.rfind('}');
  EXPECT_NE(close, std::string::npos);
  return text.substr(0, close) + ",\"\\u0078\":0" + text.substr(close);
}

class XGBoostTreeTextTest : public ::testing::Test {
protected:
  XGBoostTreeTextTest() { context.loadDialect<HardwoodDialect>(); }

  std::string expectSameBothWays(const std::string &text) {
    std::string split = importText(context, text).outcome();
    std::string whole = importText(context, generalPath(text)).outcome();
    EXPECT_EQ(split, whole);
    return split;
  }

  mlir::MLIRContext context;
};

TEST_F(XGBoostTreeTextTest, FixturesImportAlikeBothWays) {
  for (const char *name :
       {"xgb_absoluteerror.json", "xgb_binary_logistic.json",
        "xgb_categorical_onehot.json", "xgb_categorical_partition.json",
        "xgb_dart.json", "xgb_gamma.json", "xgb_hinge.json",
        "xgb_logitraw.json", "xgb_poisson.json", "xgb_pruned.json",
        "xgb_rank_pairwise.json", "xgb_softprob.json", "xgb_squarederror.json",
        "xgb_tweedie.json", "xgb_vector_categorical.json",
        "xgb_vector_pruned.json", "xgb_vector_softprob.json",
        "xgb_vector_squarederror.json"}) {
    SCOPED_TRACE(name);
    std::string result = expectSameBothWays(readFixture(name));
    EXPECT_EQ(result.rfind("errors: ", 0), std::string::npos) << result;
  }
}

/// Edits of one tree that the fast reader leaves to the general path (or
/// that the general path rejects): same module, or same errors, either way.
TEST_F(XGBoostTreeTextTest, UnusualTreesImportAlikeBothWays) {
  std::string base = readFixture("xgb_binary_logistic.json");
  struct Edit {
    const char *from, *to;
  };
  const Edit edits[] = {
      // Integers written as floats, booleans as true/false.
      {"\"left_children\":[1,", "\"left_children\":[1.0,"},
      {"\"left_children\":[1,", "\"left_children\":[1e0,"},
      {"\"default_left\":[1,", "\"default_left\":[true,"},
      {"\"split_type\":[0,", "\"split_type\":[false,"},
      // Numbers beyond 15 digits, huge, tiny, out of float32 range.
      {"\"split_conditions\":[", "\"split_conditions\":[1234567890123456789,"},
      {"\"split_conditions\":[", "\"split_conditions\":[1E400,"},
      {"\"split_conditions\":[", "\"split_conditions\":[1E-400,"},
      {"\"split_conditions\":[", "\"split_conditions\":[1E39,"},
      {"\"split_conditions\":[", "\"split_conditions\":[-0,"},
      {"\"split_conditions\":[", "\"split_conditions\":[01,"},
      // Bare literals, strings where numbers belong, escapes.
      {"\"split_conditions\":[", "\"split_conditions\":[NaN,"},
      {"\"base_weights\":[", "\"base_weights\":[Infinity,"},
      {"\"split_conditions\":[", "\"split_conditions\":[\"1\","},
      {"\"split_indices\":[", "\"split_indices\":[null,"},
      {"\"id\":0", "\"id\":\"\\u0030\""},
      {"\"id\":0", "\"\\u0069d\":0"},
      // Missing, duplicate and unknown fields.
      {"\"split_type\":[", "\"x\":[],\"split_type\":["},
      {"\"id\":0,", "\"id\":0,\"id\":1,"},
      {"\"id\":0,", "\"left_children\":[],"},
      {"\"default_left\":", "\"default_leftx\":"},
      {"\"categories_nodes\":[]", "\"categories_nodes\":[0]"},
      {"\"categories\":[],", ""},
      {"\"num_nodes\":\"9\"", "\"num_nodes\":9"},
      {"\"num_nodes\":\"9\"", "\"num_nodes\":\"+9\""},
      {"\"num_nodes\":\"9\"", "\"num_nodes\":\"10\""},
      {"\"num_deleted\":\"0\"", "\"num_deleted\":\"2\""},
      {"\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"2\""},
      {"\"size_leaf_vector\":\"0\"", "\"size_leaf_vector\":\"1\""},
      {"\"tree_param\":{", "\"tree_param\":{\"num_nodes\":\"9\","},
      // Children out of range, a cycle.
      {"\"left_children\":[1,", "\"left_children\":[9,"},
      {"\"left_children\":[1,", "\"left_children\":[0,"},
      // Whitespace everywhere.
      {"\"left_children\":[1,", "\"left_children\" :\n[ 1 ,\t"},
      // Deep nesting in a field nobody reads.
      {"\"id\":0", "\"id\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
                   "[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
                   "]]]]]]]]]]]]]]]]]]]]]]]]]"},
  };
  for (const Edit &edit : edits) {
    SCOPED_TRACE(std::string(edit.from) + " -> " + edit.to);
    expectSameBothWays(replaceOnce(base, edit.from, edit.to));
  }
}

TEST_F(XGBoostTreeTextTest, SyntaxErrorsInATreeGiveTheirPlaceInTheFile) {
  std::string base = readFixture("xgb_binary_logistic.json");
  // In the second tree: the split path parses it alone, then reports the
  // error where the whole document's parse finds it.
  size_t second =
      base.find("\"base_weights\":[", base.find("\"trees\":[") + 20);
  ASSERT_NE(second, std::string::npos);
  for (const char *garbage : {"@", "tru", "[", "\"", "1.2.3", "}"}) {
    SCOPED_TRACE(garbage);
    std::string text = base;
    text.insert(second + 16, garbage);
    std::string result = expectSameBothWays(text);
    EXPECT_NE(result.find("invalid JSON at line 1, column"), std::string::npos)
        << result;
  }
}

TEST_F(XGBoostTreeTextTest, ASyntaxErrorWinsOverAnEarlierTreesError) {
  std::string base = readFixture("xgb_binary_logistic.json");
  // trees[0] has a child out of range, trees[1] a syntax error: the whole
  // document's parse reports only the syntax error.
  std::string text =
      replaceOnce(base, "\"left_children\":[1,", "\"left_children\":[99,");
  size_t second = text.find("\"base_weights\":[", text.find("\"id\":1"));
  ASSERT_NE(second, std::string::npos);
  text.insert(second + 16, "@");
  std::string result = expectSameBothWays(text);
  EXPECT_NE(result.find("invalid JSON at line 1, column"), std::string::npos)
      << result;
  // Without the syntax error, the tree's own error.
  result = expectSameBothWays(
      replaceOnce(base, "\"left_children\":[1,", "\"left_children\":[99,"));
  EXPECT_NE(result.find("trees[0]"), std::string::npos) << result;
}

TEST_F(XGBoostTreeTextTest, DuplicateKeysOnThePathToTheTrees) {
  std::string base = readFixture("xgb_binary_logistic.json");
  expectSameBothWays(
      replaceOnce(base, "\"tree_info\"", "\"trees\":[],\"tree_info\""));
  expectSameBothWays(replaceOnce(base, "\"gbtree_model_param\"",
                                 "\"trees\":[1],\"gbtree_model_param\""));
  expectSameBothWays(
      replaceOnce(base, "\"learner\":{", "\"learner\":{},\"learner\":{"));
}

} // namespace
