//===- EnsembleTables.cpp - Flatten trees into node tables ----------------===//

#include "EnsembleTables.h"

#include <limits>

using namespace mlir;
using namespace mlir::hardwood;

FailureOr<EnsembleTables>
mlir::hardwood::buildEnsembleTables(EnsembleOp ensemble) {
  EnsembleTables tables;
  unsigned leafWidth = ensemble.getLeafWidth();
  bool narrowInput = ensemble.getInputType().isF32();
  uint64_t totalNodes = 0;
  for (TreeOp tree : ensemble.getTrees())
    totalNodes += tree.getNumNodes();
  if (totalNodes * 2 >
      static_cast<uint64_t>(std::numeric_limits<int32_t>::max()))
    return ensemble.emitOpError()
           << "has " << totalNodes << " nodes; node tables are limited to "
           << std::numeric_limits<int32_t>::max() / 2;

  for (TreeOp tree : ensemble.getTrees()) {
    int32_t base = tables.feature.size();
    unsigned numNodes = tree.getNumNodes();
    tables.nodeBase.push_back(base);
    tables.root.push_back(base);
    tables.group.push_back(tree.getGroup());
    int32_t depth = tree.computeDepth();
    tables.depth.push_back(depth);
    tables.maxDepth = std::max(tables.maxDepth, depth);
    double weight = tree.getWeight().convertToDouble();
    for (unsigned node = 0; node < numNodes; ++node) {
      int32_t self = base + node;
      if (tree.isLeaf(node)) {
        tables.children.push_back(self);
        tables.children.push_back(self);
        tables.feature.push_back(0);
        tables.threshold.push_back(0.0);
        tables.flags.push_back(0);
        tables.categoryRecord.push_back(-1);
        tables.leafOffset.push_back(tables.leafValues.size());
        for (unsigned k = 0; k < leafWidth; ++k)
          tables.leafValues.push_back(
              weight * tree.getLeafValues()[node * leafWidth + k]);
        continue;
      }
      tables.children.push_back(base + tree.getLeft()[node]);
      tables.children.push_back(base + tree.getRight()[node]);
      tables.feature.push_back(tree.getFeature()[node]);
      tables.leafOffset.push_back(0);
      int8_t flags = tree.getFlags()[node];
      tables.flags.push_back(flags);
      int categorical = tree.findCategorical(node);
      if (categorical >= 0) {
        tables.threshold.push_back(0.0);
        tables.categoryRecord.push_back(tables.categoryDomain.size());
        int32_t domain = (*tree.getCategoryDomains())[categorical];
        tables.categoryDomain.push_back(domain);
        tables.categoryOutside.push_back(
            (*tree.getCategoryOutside())[categorical]);
        tables.categoryWordBase.push_back(tables.categoryWords.size());
        size_t firstWord = tables.categoryWords.size();
        tables.categoryWords.resize(firstWord + (domain + 31) / 32, 0);
        auto set =
            cast<DenseI32ArrayAttr>((*tree.getCategorySets())[categorical]);
        for (int32_t category : set.asArrayRef())
          tables.categoryWords[firstWord + category / 32] |=
              static_cast<int32_t>(1u << (category % 32));
        continue;
      }
      double threshold = tree.getThreshold()[node];
      if (narrowInput &&
          static_cast<double>(static_cast<float>(threshold)) != threshold)
        return tree.emitOpError()
               << "threshold " << threshold << " of node " << node
               << " is not a float32 value in a float32 model; run "
                  "-hardwood-narrow-thresholds before lowering";
      tables.threshold.push_back(threshold);
      tables.categoryRecord.push_back(-1);
      bool strict = flags & node_flags::kStrictLess;
      tables.anyStrictLess |= strict;
      tables.anyNonStrict |= !strict;
      MissingKind kind = getMissingKind(flags);
      tables.anyNanAsZero |= kind == MissingKind::NanAsZero;
      tables.anyZeroOrNan |= kind == MissingKind::ZeroOrNan;
    }
  }
  if (tables.leafValues.size() >
      static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return ensemble.emitOpError() << "has too many leaf values for 32-bit "
                                     "table offsets";
  return tables;
}
