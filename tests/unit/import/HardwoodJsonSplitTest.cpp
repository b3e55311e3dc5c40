//===- HardwoodJsonSplitTest.cpp - The split, streamed Hardwood JSON import
//===//
//
// Hardwood JSON is split at its top-level trees array and each tree parsed
// on its own when its turn comes (Importer.cpp, splitJsonDocument): a
// shortcut that must import every document to the same module, or fail
// with the same messages, as parsing the whole document at once. Writing
// the trees key escaped ("tr\u0065es", the same key once parsed) makes the
// splitter refuse the document, so the importer takes that general path:
// each case is imported both ways and the outcomes compared.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace hardwood;
using namespace hardwood::test;

namespace {

/// A forest of three classes: vector leaves, a weight, a single-leaf tree.
constexpr const char *kForest =
    R"json({"format": "hardwood-model", "version": 1,
 "family": "tree_ensemble", "task": "classification", "name": "forest",
 "num_features": 1, "num_outputs": 3, "input_type": "float32",
 "classes": ["a", "b", "c"], "aggregation": "average", "leaf_width": 3,
 "post_transform": {"kind": "identity"},
 "trees": [{"weight": 0.5, "feature": [0, -1, -1], "threshold": [1.5, 0, 0],
            "left": [1, -1, -1], "right": [2, -1, -1],
            "leaf_values": [0, 0, 0, 1, 0, 0, 0, 0.5, 0.5]},
           {"feature": [-1], "threshold": [0], "left": [-1], "right": [-1],
            "leaf_values": [0.25, 0.25, 0.5]}]})json";

/// Categorical splits, missing-value kinds, zero threshold, booleans.
constexpr const char *kLightGBMLike =
    R"json({"format": "hardwood-model", "version": 1,
 "family": "tree_ensemble", "task": "classification", "num_features": 3,
 "num_outputs": 1, "input_type": "float64", "classes": [false, true],
 "aggregation": "sum", "leaf_width": 1,
 "zero_threshold": 1.0000000180025095e-35,
 "category_cast": "truncate_then_check",
 "post_transform": {"kind": "sigmoid", "scale": 0.7},
 "trees": [{"feature": [2, 0, 1, -1, -1, -1, -1],
            "threshold": [0, 0.25, -1, 0, 0, 0, 0],
            "left": [1, 3, 5, -1, -1, -1, -1],
            "right": [2, 4, 6, -1, -1, -1, -1],
            "default_left": [0, 1, 0, 0, 0, 0, 0],
            "missing": ["nan", "zero_or_nan", "nan_as_zero", "nan", "nan",
                        "nan", "nan"],
            "categorical": [{"node": 0, "domain": 32,
                             "left_categories": [4, 1], "outside": "right"}],
            "leaf_values": [0, 0, 0, 1, 2, 3, 4]},
           {"feature": [-1], "threshold": [0], "left": [-1], "right": [-1],
            "leaf_values": [0.5]}]})json";

class HardwoodJsonSplitTest : public ::testing::Test {
protected:
  HardwoodJsonSplitTest() { context.loadDialect<HardwoodDialect>(); }

  /// Imports `text` split and whole and expects the same outcome; returns
  /// it.
  std::string expectSameBothWays(const std::string &text) {
    std::string split = importText(context, text).outcome();
    std::string whole =
        importText(context, replaceOnce(text, "\"trees\":", "\"tr\\u0065es\":"))
            .outcome();
    EXPECT_EQ(split, whole);
    return split;
  }

  mlir::MLIRContext context;
};

TEST_F(HardwoodJsonSplitTest, ModelsImportAlikeBothWays) {
  for (const std::string &text :
       {exampleModel(), std::string(kForest), std::string(kLightGBMLike)}) {
    std::string result = expectSameBothWays(text);
    EXPECT_EQ(result.rfind("errors: ", 0), std::string::npos) << result;
    EXPECT_NE(result.find("hardwood.ensemble"), std::string::npos) << result;
  }
}

// Errors found in a later tree, while earlier ones were already read, name
// the same field and say the same as when the whole document was parsed.
TEST_F(HardwoodJsonSplitTest, ErrorsInATreeAreTheSameBothWays) {
  const std::string forest = kForest;
  const std::pair<const char *, const char *> edits[] = {
      // A field of the second tree out of range.
      {"\"left\": [-1], \"right\": [-1]", "\"left\": [3], \"right\": [-1]"},
      // A tree that is not an object.
      {"{\"feature\": [-1], \"threshold\": [0], \"left\": [-1], \"right\": "
       "[-1],\n            \"leaf_values\": [0.25, 0.25, 0.5]}",
       "7"},
      // An unknown key in the second tree.
      {"\"leaf_values\": [0.25, 0.25, 0.5]}",
       "\"leaf_values\": [0.25, 0.25, 0.5], \"colour\": 1}"},
      // Leaf values of the wrong width.
      {"[0.25, 0.25, 0.5]", "[0.25, 0.5]"},
      // No trees at all.
      {"\"trees\": [{\"weight\"", "\"trees\": [], \"x\": [{\"weight\""},
  };
  for (auto [from, to] : edits) {
    SCOPED_TRACE(to);
    std::string result = expectSameBothWays(replaceOnce(forest, from, to));
    EXPECT_EQ(result.rfind("errors: ", 0), 0u) << result;
  }
}

// A syntax error inside a tree is reported as a whole-document parse
// reports it, with its line and column, even after earlier trees imported,
// and before any field error of an earlier tree.
TEST_F(HardwoodJsonSplitTest, SyntaxErrorsInATreeAreTheSameBothWays) {
  const std::string forest = kForest;
  for (auto [from, to] : {
           std::pair{"\"leaf_values\": [0.25, 0.25, 0.5]}",
                     "\"leaf_values\": [0.25 0.25, 0.5]}"},
           std::pair{"\"left\": [-1], \"right\": [-1]",
                     "\"left\": [-1], \"right\": [-1],,"},
       }) {
    SCOPED_TRACE(to);
    std::string text = replaceOnce(forest, from, to);
    std::string result = expectSameBothWays(text);
    EXPECT_NE(result.find("line"), std::string::npos) << result;
    // A field error in the first tree as well: the syntax error still
    // comes first, alone.
    std::string both = expectSameBothWays(
        replaceOnce(text, "\"weight\": 0.5", "\"weight\": \"x\""));
    EXPECT_EQ(both, result);
  }
}

} // namespace
