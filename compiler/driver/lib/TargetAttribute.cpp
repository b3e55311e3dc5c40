//===- TargetAttribute.cpp - Target descriptions as IR --------------------===//

#include "hardwood/Driver/TargetAttribute.h"

#include "mlir/IR/Builders.h"

using namespace hardwood;

hardwood::TargetAttr
hardwood::buildTargetAttr(mlir::MLIRContext &context,
                          const TargetDescription &target) {
  mlir::Builder b(&context);
  return hardwood::TargetAttr::get(
      &context, b.getStringAttr(target.triple), b.getStringAttr(target.cpu),
      b.getStringAttr(target.features), target.vectorBits,
      b.getBoolAttr(target.hasGather), b.getBoolAttr(target.hasPermute),
      b.getBoolAttr(target.hasMasking), b.getBoolAttr(target.prefer512),
      target.scalarInterleave, target.vectorInterleave, target.maxBlockRows,
      target.l1Bytes, target.l2Bytes);
}
