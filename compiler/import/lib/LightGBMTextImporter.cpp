//===- LightGBMTextImporter.cpp - LightGBM model text files ---------------===//
//
// Maps the model text of LightGBM's Booster.save_model onto the dialect with
// LightGBM's prediction rules: objectives to transforms, decision_type bits
// to missing kinds and default directions, bitsets to category sets, and a
// node numbering that keeps LightGBM's leaf numbers recoverable. The rules
// and the numbering are listed in docs/lightgbm.md; LightGBMText.h reads the
// syntax. Trees are checked in LightGBM's own terms (left_child, leaf ~j)
// before EnsembleBuilder sees them.
//
//===----------------------------------------------------------------------===//

#include "LightGBMTextImporter.h"

using namespace hardwood;
using namespace hardwood::lightgbm;

//===----------------------------------------------------------------------===//
// Driver
//===----------------------------------------------------------------------===//

ImportResult LightGBMTextImporter::run() {
  ModelInfo model;
  EnsembleInfo ensemble;
  if (mlir::failed(reader.readHeader(header)) ||
      mlir::failed(readModelInfo(model, ensemble)))
    return mlir::failure();

  // LightGBM's num_iteration: 0 (or none) keeps every iteration.
  int64_t keptTrees = limits::kMaxTrees;
  if (options.numIterations && *options.numIterations > 0)
    keptTrees = static_cast<int64_t>(*options.numIterations) * numOutputs;

  EnsembleBuilder builder(errors, model, ensemble);
  TreeFieldNames names;
  names.left = "left_child";
  names.right = "right_child";
  names.feature = "split_feature";
  names.leafValues = "leaf_value";
  names.categorical = "cat_threshold";
  int64_t numTrees = 0;
  for (NextLine next = reader.skipBlankLines(); next != NextLine::EndOfTrees;
       next = reader.skipBlankLines()) {
    if (next == NextLine::EndOfFile)
      return reader.error(reader.lineNumber(), "trees")
             << "expected `end of trees` after the last tree, but the file "
                "ends (truncated?)";
    if (next == NextLine::Other)
      return reader.error(reader.nextLineNumber(), "trees")
             << "expected `Tree=" << numTrees << "` or `end of trees`, got "
             << quote(reader.peekLine());
    if (numTrees >= limits::kMaxTrees)
      return reader.error(reader.nextLineNumber(), "trees")
             << "expected at most " << limits::kMaxTrees << " trees";
    Section section;
    LightGBMTree tree;
    if (mlir::failed(reader.readTree(numTrees, section)) ||
        mlir::failed(readTree(section, tree)))
      return mlir::failure();
    if (numTrees < keptTrees) {
      TreeNodes nodes;
      if (mlir::failed(convertTree(section, numTrees, tree, nodes)) ||
          mlir::failed(
              builder.addTree(nodes, "Tree=" + llvm::Twine(numTrees), names)))
        return mlir::failure();
    }
    ++numTrees;
  }
  // LightGBM predicts with whole iterations only.
  if (numTrees % numOutputs != 0)
    return reader.error(reader.nextLineNumber(), "trees")
           << "expected a multiple of num_tree_per_iteration (" << numOutputs
           << ") trees, got " << numTrees;
  if (const Field *sizes = reader.find(header, "tree_sizes", false)) {
    size_t listed = countTokens(sizes->value);
    if (static_cast<int64_t>(listed) != numTrees)
      return reader.error(header, "tree_sizes")
             << "expected one size per `Tree=` block (" << numTrees << "), got "
             << listed;
  }
  return builder.finish();
}

ImportResult hardwood::importLightGBMText(llvm::StringRef text,
                                          ImportErrors &errors,
                                          const ImportOptions &options) {
  return LightGBMTextImporter(text, errors, options).run();
}
