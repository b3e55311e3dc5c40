//===- HardwoodDialect.cpp - Hardwood dialect registration ----------------===//

#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/Dialect/HardwoodOps.h"

using namespace mlir;
using namespace hardwood;

#include "hardwood/Dialect/HardwoodDialect.cpp.inc"
#include "hardwood/Dialect/HardwoodEnums.cpp.inc"

void HardwoodDialect::initialize() {
  registerAttributes();
  addOperations<
#define GET_OP_LIST
#include "hardwood/Dialect/HardwoodOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "hardwood/Dialect/HardwoodOps.cpp.inc"
