//===- Options.h - Parsed options of the subcommands ------------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_OPTIONS_H
#define HARDWOOD_TOOLS_HARDWOOD_OPTIONS_H

#include "hardwood/Driver/Compile.h"
#include "hardwood/Targets/TargetDescription.h"
#include "hardwood/model_abi.h"

#include "llvm/Support/CommandLine.h"

namespace hardwood {

/// --input-type: the model's own precision unless overridden.
enum class InputTypeOption { Model, F32, F64 };
/// --reference of `hardwood bench`.
enum class ReferenceOption { Auto, Sklearn, XGBoost, LightGBM, None };

extern llvm::cl::opt<std::string> compileModelPath, compileOutput,
    compileHeader, compileName, compilePrintAfter, compileSchedule,
    compileFloat32RowsSchedule;
extern llvm::cl::opt<EmitKind> compileEmit;
extern llvm::cl::opt<InputTypeOption> compileInputType;
extern llvm::cl::opt<unsigned> compileNumIterations;
extern llvm::cl::opt<bool> compileTimeReport, compileTune;
extern llvm::cl::opt<std::string> compileTuneData;
extern llvm::cl::opt<int> compileTuneRows;
extern llvm::cl::opt<double> compileTuneTimeBudget;
extern llvm::cl::opt<bool> quiet;
// Target selection, shared by compile, predict, bench, inspect and targets.
extern llvm::cl::opt<std::string> targetAlias, targetCpu, targetFeatures,
    targetTriple;
extern llvm::cl::opt<std::string> predictModel, predictInput, predictOutput;
extern llvm::cl::opt<hw_kind> predictKind;
extern llvm::cl::opt<int> threads;
extern llvm::cl::opt<std::string> benchModel, benchInput, benchReferenceModel,
    benchReport;
extern llvm::cl::opt<ReferenceOption> benchReference;
extern llvm::cl::list<int> benchBatches;
extern llvm::cl::opt<int> benchThreads;
extern llvm::cl::opt<double> benchMinTime;
extern llvm::cl::opt<std::string> inspectModel;
extern llvm::cl::opt<bool> inspectJson;

/// The --target/--mcpu/--mattr/--mtriple the user gave.
TargetSelection selectedTarget();
/// The kind --kind names, or none when it was not given.
std::optional<hw_kind> selectedKind();
/// --reference as the name hardwood.bench_reference takes.
const char *referenceName(ReferenceOption reference);

} // namespace hardwood

#endif
