//===- hardwood.cpp - The hardwood command-line tool ----------------------===//
//
//   hardwood compile MODEL [-o OUT] [--target T] [--emit K] [--header H]
//   hardwood predict MODEL_OR_LIB --input X.npy --output Y.npy [--kind K]
//   hardwood bench MODEL --input X.npy [--reference ...] [--threads N]
//   hardwood inspect MODEL_OR_LIB [--json]
//   hardwood targets
//
//===----------------------------------------------------------------------===//

#include "Commands.h"

#include "hardwood/Targets/CpuCatalog.h"
#include "hardwood/Targets/TargetDescription.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/TargetParser/Host.h"

using namespace llvm;
using namespace hardwood;

/// As LLVM's tools print it: the version, then the host's triple, CPU and
/// the features `--mcpu=native` compiles for.
static void printVersion(raw_ostream &os) {
  os << "hardwood " << HARDWOOD_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
     << ", model ABI " << HW_MODEL_ABI_VERSION << ")\n";
  os << "  Default target: " << canonicalTriple("") << "\n"
     << "  Host CPU: " << sys::getHostCPUName() << "\n";
  TargetSelection native;
  native.target = "native";
  if (Expected<TargetDescription> host = resolveTarget(native)) {
    os << "  Host features:";
    for (const std::string &feature : host->enabledFeatures)
      os << " " << feature;
    os << "\n";
  } else {
    os << "  Host features: unknown (" << toString(host.takeError()) << ")\n";
  }
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::SetVersionPrinter(printVersion);
  hardwood::registerCommands();
  // Exit statuses: 0 success, 1 an error while running a command, 2 a
  // usage error (bad or missing options; LLVM's parser would exit with 1).
  if (!cl::ParseCommandLineOptions(
          argc, argv,
          "hardwood: compile tree ensembles and linear models to native "
          "code\n\n"
          "  hardwood compile model.json -o model.so --target x86-64-v4\n"
          "  hardwood compile model.json -o model.so --mcpu=znver4\n"
          "  hardwood predict model.so --input X.npy --output y.npy\n"
          "  hardwood bench model.json --input X.npy\n"
          "  hardwood inspect model.so --json\n"
          "  hardwood targets\n\n"
          "Run 'hardwood <command> --help' for a command's options.\n",
          &errs()))
    return 2;
  return hardwood::runSelectedCommand();
}
