//===- hardwood-opt.cpp - mlir-opt for the Hardwood dialect ---------------===//
//
// Registers the Hardwood dialect, every Hardwood pass and the upstream
// dialects and passes the lowering pipeline uses, then defers to MlirOptMain.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/Passes/Passes.h"
#include "hardwood/Passes/Pipeline.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  hardwood::registerHardwoodPasses();
  hardwood::registerHardwoodPipelines();

  mlir::DialectRegistry registry;
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
  registry.insert<hardwood::HardwoodDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "Hardwood optimizer driver\n", registry));
}
