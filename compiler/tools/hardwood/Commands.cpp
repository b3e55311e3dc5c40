//===- Commands.cpp - Options and dispatch of the subcommands -------------===//

#include "Commands.h"
#include "Options.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace hardwood {

cl::SubCommand compileCommand(
    "compile",
    "Compile a model to a shared library, object, static library, LLVM IR, "
    "assembly or MLIR.\n\n"
    "  hardwood compile model.json -o model.so\n"
    "  hardwood compile xgb.json -o xgb.a --emit static --header xgb.h "
    "--target x86-64-v3\n"
    "  hardwood compile model.txt -o model.s --emit asm --target aarch64\n");
cl::SubCommand predictCommand(
    "predict", "Predict with a model file (compiled on the fly) or a compiled "
               "library.\n\n"
               "  hardwood predict model.so --input X.npy --output y.npy "
               "--kind proba\n");
cl::SubCommand benchCommand(
    "bench", "Compare a compiled model with its reference library: agreement "
             "and speed.\n\n"
             "  hardwood bench model.json --input X.npy --reference-model "
             "est.joblib\n");
cl::SubCommand inspectCommand(
    "inspect", "Summarise a model: family, trees, depths, features, classes, "
               "transform, and the schedule the compiler chooses for "
               "--target and why.\n\n  hardwood inspect model.json "
               "[--target x86-64-v3]\n");

// compile
cl::opt<std::string> compileModelPath(cl::Positional, cl::Required,
                                      cl::desc("MODEL"),
                                      cl::sub(compileCommand));
cl::opt<std::string> compileOutput(
    "o", cl::desc("Output file (default: MODEL with the output's extension)"),
    cl::value_desc("OUT"), cl::sub(compileCommand));
cl::opt<std::string>
    compileTarget("target",
                  cl::desc("native | generic | x86-64-v3 | x86-64-v4 | aarch64 "
                           "(default native: this CPU)"),
                  cl::init("native"), cl::sub(compileCommand),
                  cl::sub(benchCommand), cl::sub(predictCommand),
                  cl::sub(inspectCommand));
cl::opt<std::string>
    compileEmit("emit",
                cl::desc("so | obj | static | llvm | asm | mlir (default so)"),
                cl::init("so"), cl::sub(compileCommand));
cl::opt<std::string>
    compileHeader("header",
                  cl::desc("Also write the C header declaring the kernels"),
                  cl::value_desc("FILE"), cl::sub(compileCommand));
cl::opt<std::string> compileInputType(
    "input-type",
    cl::desc("f32 | f64: override the kernels' input type (default: the "
             "reference library's precision)"),
    cl::sub(compileCommand));
cl::opt<std::string>
    compileName("name", cl::desc("Model name used as the C symbol prefix"),
                cl::sub(compileCommand));
cl::opt<std::string> compilePrintAfter(
    "print-after",
    cl::desc("import | schedule | kernels | llvm: print the IR after that "
             "stage to stderr"),
    cl::sub(compileCommand));
cl::opt<std::string> compileSchedule(
    "schedule",
    cl::desc("Use this schedule instead of the cost model's, e.g. "
             "'strategy = scalar_interleaved, interleave = 8' (the "
             "parameters of #hardwood.schedule; see docs/design.md)"),
    cl::value_desc("PARAMS"), cl::sub(compileCommand));
cl::opt<unsigned> compileNumIterations(
    "num-iterations",
    cl::desc("Keep only the first N boosting rounds (XGBoost's "
             "iteration_range end; 0 keeps all)"),
    cl::init(0), cl::sub(compileCommand));
cl::opt<bool> quiet("quiet", cl::desc("No progress messages"),
                    cl::sub(compileCommand), cl::sub(predictCommand),
                    cl::sub(benchCommand));

// predict
cl::opt<std::string> predictModel(cl::Positional, cl::Required,
                                  cl::desc("MODEL_OR_LIB"),
                                  cl::sub(predictCommand));
cl::opt<std::string> predictInput("input", cl::Required,
                                  cl::desc("Rows, .npy float32/float64"),
                                  cl::sub(predictCommand));
cl::opt<std::string> predictOutput("output", cl::Required,
                                   cl::desc("Predictions, .npy"),
                                   cl::sub(predictCommand));
cl::opt<std::string> predictKind(
    "kind",
    cl::desc("predict | proba | decision | score | leaf (default: proba for "
             "classifiers, predict otherwise)"),
    cl::sub(predictCommand), cl::sub(benchCommand));
cl::opt<int> threads("threads", cl::desc("Threads (0 = all cores)"),
                     cl::init(0), cl::sub(predictCommand));

// bench
cl::opt<std::string> benchModel(cl::Positional, cl::Required, cl::desc("MODEL"),
                                cl::sub(benchCommand));
cl::opt<std::string> benchInput("input", cl::Required,
                                cl::desc("Rows, .npy float32/float64"),
                                cl::sub(benchCommand));
cl::opt<std::string>
    benchReference("reference",
                   cl::desc("auto | sklearn | xgboost | none (default auto)"),
                   cl::init("auto"), cl::sub(benchCommand));
cl::opt<std::string> benchReferenceModel(
    "reference-model",
    cl::desc("The fitted estimator (.joblib/.pkl) for sklearn models"),
    cl::sub(benchCommand));
cl::list<int> benchBatches("batch",
                           cl::desc("Batch sizes (default 1 64 4096 "
                                    "and all rows)"),
                           cl::sub(benchCommand));
cl::opt<int> benchThreads("threads",
                          cl::desc("Threads for the multi-threaded runs (0 = "
                                   "all cores)"),
                          cl::init(0), cl::sub(benchCommand));
cl::opt<std::string> benchReport("report",
                                 cl::desc("Also write the results as JSON"),
                                 cl::sub(benchCommand));

// inspect
cl::opt<std::string> inspectModel(cl::Positional, cl::Required,
                                  cl::desc("MODEL"), cl::sub(inspectCommand));

void registerCommands() {}

int runSelectedCommand() {
  if (compileCommand)
    return runCompile();
  if (predictCommand)
    return runPredict();
  if (benchCommand)
    return runBench();
  if (inspectCommand)
    return runInspect();
  WithColor::error(errs(), "hardwood")
      << "expected a command: compile, predict, bench or inspect (see "
         "--help)\n";
  return 2;
}

} // namespace hardwood
