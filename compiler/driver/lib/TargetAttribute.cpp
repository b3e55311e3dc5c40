//===- TargetAttribute.cpp - Target descriptions as IR --------------------===//

#include "hardwood/Driver/TargetAttribute.h"

#include "mlir/IR/Builders.h"

using namespace hardwood;

hardwood::TargetAttr
hardwood::buildTargetAttr(mlir::MLIRContext &context,
                          const TargetDescription &target) {
  mlir::Builder b(&context);
  // The resolved features, so hasFeature("avx2") holds for --mcpu=znver3
  // whose feature string is empty.
  std::string features;
  for (const std::string &feature : target.enabledFeatures)
    features += (features.empty() ? "+" : ",+") + feature;
  return hardwood::TargetAttr::get(
      &context, b.getStringAttr(target.triple), b.getStringAttr(target.cpu),
      b.getStringAttr(features), target.vectorBits,
      b.getBoolAttr(target.hasGather), b.getBoolAttr(target.hasPermute),
      b.getBoolAttr(target.hasMasking), b.getBoolAttr(target.prefer512),
      target.scalarInterleave, target.vectorInterleave, target.maxBlockRows,
      target.l1Bytes, target.l2Bytes);
}
