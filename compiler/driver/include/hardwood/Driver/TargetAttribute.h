//===- TargetAttribute.h - Target descriptions as IR ------------*- C++ -*-===//

#ifndef HARDWOOD_DRIVER_TARGETATTRIBUTE_H
#define HARDWOOD_DRIVER_TARGETATTRIBUTE_H

#include "hardwood/Dialect/HardwoodAttrs.h"
#include "hardwood/Targets/TargetDescription.h"

namespace hardwood {

/// The #hardwood.target holding `target`'s triple, CPU, features, vector
/// facts and cost-model constants.
hardwood::TargetAttr buildTargetAttr(mlir::MLIRContext &context,
                                     const TargetDescription &target);

} // namespace hardwood

#endif // HARDWOOD_DRIVER_TARGETATTRIBUTE_H
