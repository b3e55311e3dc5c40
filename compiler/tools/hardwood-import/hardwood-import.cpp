//===- hardwood-import.cpp - Print the dialect form of a model file -------===//
//
// Test and debugging tool: runs the importer on one model file and prints
// the module, or the importer's diagnostics and a non-zero exit status.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/Import/Importer.h"

#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::opt<std::string> input(cl::Positional, cl::Required,
                             cl::desc("<model file>"));
  cl::opt<std::string> name("name", cl::desc("Override the model name"),
                            cl::init(""));
  cl::opt<unsigned> numIterations(
      "num-iterations", cl::init(0),
      cl::desc("Keep only the first N boosting rounds (0: all)"));
  cl::ParseCommandLineOptions(argc, argv, "Hardwood model importer\n");

  mlir::MLIRContext context;
  context.loadDialect<hardwood::HardwoodDialect>();
  hardwood::ImportOptions options;
  options.modelName = name;
  if (numIterations != 0)
    options.numIterations = numIterations;
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> module =
      hardwood::importModelFile(input, context, options);
  if (mlir::failed(module))
    return 1;
  (*module)->print(llvm::outs());
  llvm::outs() << "\n";
  return 0;
}
