//===- Options.h - Parsed options of the subcommands ------------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_OPTIONS_H
#define HARDWOOD_TOOLS_HARDWOOD_OPTIONS_H

#include "llvm/Support/CommandLine.h"

namespace hardwood {
extern llvm::cl::opt<std::string> compileModelPath, compileOutput,
    compileTarget, compileEmit, compileHeader, compileInputType, compileName,
    compilePrintAfter, compileSchedule;
extern llvm::cl::opt<unsigned> compileNumIterations;
extern llvm::cl::opt<bool> quiet;
extern llvm::cl::opt<std::string> predictModel, predictInput, predictOutput,
    predictKind;
extern llvm::cl::opt<int> threads;
extern llvm::cl::opt<std::string> benchModel, benchInput, benchReference,
    benchReferenceModel, benchReport;
extern llvm::cl::list<int> benchBatches;
extern llvm::cl::opt<int> benchThreads;
extern llvm::cl::opt<std::string> inspectModel;
} // namespace hardwood

#endif
