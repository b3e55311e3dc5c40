//===- Commands.cpp - Options and dispatch of the subcommands -------------===//
//
// Options with a fixed set of values are cl::opt enums (cl::values): --help
// lists the values and a bad value fails while parsing (exit status 2).
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Options.h"

#include "llvm/Support/WithColor.h"

using namespace llvm;

namespace hardwood {

cl::SubCommand compileCommand(
    "compile",
    "Compile a model to a shared library, object, static library, LLVM IR, "
    "assembly or MLIR.\n\n"
    "  hardwood compile model.json -o model.so\n"
    "  hardwood compile model.json -o model.so --mcpu=znver3\n"
    "  hardwood compile xgb.json -o xgb.a --emit static --header xgb.h "
    "--target x86-64-v3\n"
    "  hardwood compile model.txt -o - --emit asm --mcpu=neoverse-n1 "
    "--mtriple=aarch64-linux-gnu\n");
cl::SubCommand predictCommand(
    "predict", "Predict with a model file (compiled on the fly) or a compiled "
               "library.\n\n"
               "  hardwood predict model.so --input X.npy --output y.npy "
               "--kind proba\n"
               "  hardwood predict model.json --input X.csv --output y.npy\n");
cl::SubCommand benchCommand(
    "bench", "Compare a compiled model with its reference library: agreement "
             "and speed.\n\n"
             "  hardwood bench model.json --input X.npy --reference-model "
             "est.joblib\n");
cl::SubCommand inspectCommand(
    "inspect",
    "Summarise a model file (family, trees, depths, features, classes, "
    "transform, and the schedule the compiler chooses for the target and "
    "why) or a compiled library (content hash, Hardwood version, target, "
    "CPU features, schedule, kinds, shapes).\n\n"
    "  hardwood inspect model.json [--mcpu=znver4]\n"
    "  hardwood inspect model.so --json\n");
cl::SubCommand
    targetsCommand("targets",
                   "List the --target aliases and the CPUs LLVM knows for "
                   "--mcpu (x86-64 and AArch64, or --mtriple's).\n\n"
                   "  hardwood targets\n"
                   "  hardwood targets --mtriple=aarch64-linux-gnu\n");

static cl::OptionCategory targetCategory(
    "Target options",
    "The CPU to compile for: a Hardwood alias (--target) or any CPU LLVM "
    "knows (--mcpu), extra features and the triple, as llc takes them");

// Target selection.
cl::opt<std::string> targetAlias(
    "target",
    cl::desc("native | generic | x86-64-v3 | x86-64-v4 | aarch64: aliases "
             "for a triple, CPU and features (default native: this CPU)"),
    cl::cat(targetCategory), cl::sub(compileCommand), cl::sub(benchCommand),
    cl::sub(predictCommand), cl::sub(inspectCommand));
cl::opt<std::string> targetCpu(
    "mcpu",
    cl::desc("Any CPU LLVM knows (znver4, skylake-avx512, neoverse-v2, ...) "
             "or native; --mcpu=help lists them"),
    cl::value_desc("NAME"), cl::cat(targetCategory), cl::sub(compileCommand),
    cl::sub(benchCommand), cl::sub(predictCommand), cl::sub(inspectCommand));
cl::opt<std::string> targetFeatures(
    "mattr",
    cl::desc("Features to add or remove, e.g. +avx512f,-avx512vl; "
             "--mattr=help lists them"),
    cl::value_desc("+F1,-F2"), cl::cat(targetCategory), cl::sub(compileCommand),
    cl::sub(benchCommand), cl::sub(predictCommand), cl::sub(inspectCommand));
cl::opt<std::string> targetTriple(
    "mtriple",
    cl::desc("Target triple, e.g. aarch64-linux-gnu (default: the alias's, "
             "or this machine's architecture)"),
    cl::value_desc("TRIPLE"), cl::cat(targetCategory), cl::sub(compileCommand),
    cl::sub(benchCommand), cl::sub(predictCommand), cl::sub(inspectCommand),
    cl::sub(targetsCommand));

// compile
cl::opt<std::string> compileModelPath(cl::Positional, cl::desc("MODEL"),
                                      cl::sub(compileCommand));
cl::opt<std::string> compileOutput(
    "o",
    cl::desc("Output file (default: MODEL with the output's extension); - "
             "writes text outputs (mlir, llvm, asm) to stdout"),
    cl::value_desc("OUT"), cl::sub(compileCommand));
cl::opt<EmitKind> compileEmit(
    "emit", cl::desc("What to write:"),
    cl::values(
        clEnumValN(EmitKind::SharedLibrary, "so", "shared library (default)"),
        clEnumValN(EmitKind::Object, "obj", "object file"),
        clEnumValN(EmitKind::StaticLibrary, "static",
                   "static library (with --header to call it from C)"),
        clEnumValN(EmitKind::LLVMIR, "llvm", "optimised LLVM IR (text)"),
        clEnumValN(EmitKind::Assembly, "asm", "assembly (text)"),
        clEnumValN(EmitKind::MLIR, "mlir", "the kernels as MLIR (text)")),
    cl::init(EmitKind::SharedLibrary), cl::sub(compileCommand));
cl::opt<std::string> compileHeader(
    "header",
    cl::desc("Also write the C header declaring the kernels (- : stdout)"),
    cl::value_desc("FILE"), cl::sub(compileCommand));
cl::opt<InputTypeOption> compileInputType(
    "input-type", cl::desc("The kernels' input type:"),
    cl::values(clEnumValN(InputTypeOption::Model, "model",
                          "the reference library's precision (default)"),
               clEnumValN(InputTypeOption::F32, "f32", "float32"),
               clEnumValN(InputTypeOption::F64, "f64", "float64")),
    cl::init(InputTypeOption::Model), cl::sub(compileCommand));
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
cl::opt<std::string> compileFloat32RowsSchedule(
    "float32-rows-schedule",
    cl::desc("For a float64 tree model: the schedule of the kernels that "
             "read float32 rows, instead of the cost model's (same form as "
             "--schedule)"),
    cl::value_desc("PARAMS"), cl::sub(compileCommand));
cl::opt<unsigned> compileNumIterations(
    "num-iterations",
    cl::desc("Keep only the first N boosting rounds (XGBoost's "
             "iteration_range end; 0 keeps all)"),
    cl::init(0), cl::sub(compileCommand));
cl::opt<bool> compileTimeReport(
    "time-report",
    cl::desc("Print the time of each pass and of LLVM's optimisation, code "
             "generation and linking to stderr"),
    cl::sub(compileCommand));
cl::opt<bool> compileTune(
    "tune",
    cl::desc("Compile every candidate schedule for this host, time each on "
             "sample rows (one thread) and keep the fastest; the build info "
             "records every candidate's ns/row and the cost model's choice "
             "(hardwood inspect shows them). Needs --target native"),
    cl::sub(compileCommand));
cl::opt<std::string> compileTuneData(
    "tune-data",
    cl::desc("Rows to time the candidates on (.npy or .csv, the model's "
             "feature count); default: rows synthesized from the model's "
             "thresholds"),
    cl::value_desc("X.npy|X.csv"), cl::sub(compileCommand));
cl::opt<int> compileTuneRows(
    "tune-rows",
    cl::desc("Sample rows per timing: the first N of --tune-data, or N "
             "synthesized ones (default 4096)"),
    cl::value_desc("N"), cl::init(4096), cl::sub(compileCommand));
cl::opt<double> compileTuneTimeBudget(
    "tune-time-budget",
    cl::desc("Seconds of timing rounds over all candidates (not counting "
             "their compilation); at least 3 rounds run whatever it says "
             "(default 10)"),
    cl::value_desc("S"), cl::init(10.0), cl::sub(compileCommand));
cl::opt<bool> quiet("quiet", cl::desc("No progress messages"),
                    cl::sub(compileCommand), cl::sub(predictCommand),
                    cl::sub(benchCommand));

// predict
cl::opt<std::string> predictModel(cl::Positional, cl::Required,
                                  cl::desc("MODEL_OR_LIB"),
                                  cl::sub(predictCommand));
cl::opt<std::string> predictInput(
    "input", cl::Required,
    cl::desc("Rows: .npy (float32/float64; integer and bool arrays are "
             "converted) or .csv (numbers, optional header row)"),
    cl::value_desc("X.npy|X.csv"), cl::sub(predictCommand));
cl::opt<std::string> predictOutput("output", cl::Required,
                                   cl::desc("Predictions, .npy"),
                                   cl::value_desc("Y.npy"),
                                   cl::sub(predictCommand));
// The values come from HW_KIND_TABLE (registerCommands).
cl::opt<hw_kind> predictKind(
    "kind",
    cl::desc("What to predict (default: proba for classifiers, predict "
             "otherwise):"),
    cl::sub(predictCommand), cl::sub(benchCommand));
cl::opt<int> threads("threads", cl::desc("Threads (0 = all cores)"),
                     cl::init(0), cl::sub(predictCommand));

// bench
cl::opt<std::string> benchModel(cl::Positional, cl::Required, cl::desc("MODEL"),
                                cl::sub(benchCommand));
cl::opt<std::string> benchInput("input", cl::Required,
                                cl::desc("Rows, .npy or .csv"),
                                cl::sub(benchCommand));
cl::opt<ReferenceOption> benchReference(
    "reference", cl::desc("The library to compare with:"),
    cl::values(clEnumValN(ReferenceOption::Auto, "auto",
                          "the one that trained the model (default)"),
               clEnumValN(ReferenceOption::Sklearn, "sklearn", "scikit-learn"),
               clEnumValN(ReferenceOption::XGBoost, "xgboost", "XGBoost"),
               clEnumValN(ReferenceOption::LightGBM, "lightgbm", "LightGBM"),
               clEnumValN(ReferenceOption::None, "none", "Hardwood alone")),
    cl::init(ReferenceOption::Auto), cl::sub(benchCommand));
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
cl::opt<double> benchMinTime(
    "min-time", cl::value_desc("SECONDS"),
    cl::desc("Time each figure (and each side's batch-1 latency) for at "
             "least this long, and figures over at least 5 rounds (the "
             "median; default 0.25)"),
    cl::init(0.25), cl::sub(benchCommand));
cl::opt<std::string> benchReport(
    "report", cl::value_desc("DIR"),
    cl::desc("Also write DIR/report.md (tables), DIR/report.json (every "
             "figure, the machine, versions, agreement) and DIR/report.png "
             "(rows/s against batch size)"),
    cl::sub(benchCommand));

// inspect
cl::opt<std::string> inspectModel(cl::Positional, cl::Required,
                                  cl::desc("MODEL_OR_LIB"),
                                  cl::sub(inspectCommand));
cl::opt<bool> inspectJson("json", cl::desc("Print JSON instead of text"),
                          cl::sub(inspectCommand));

void registerCommands() {
  // --kind's values from the one table of kinds (model_abi.h).
  static const char *const descriptions[HW_KIND_COUNT] = {
      "predict: labels of classifiers, values of regressors",
      "proba: class probabilities (predict_proba)",
      "decision: raw scores (decision_function, output_margin, raw_score)",
      "score: IsolationForest score_samples",
      "leaf: the leaf index per tree (apply, pred_leaf)"};
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind)
    predictKind.getParser().addLiteralOption(hw_kind_table_name(kind),
                                             static_cast<hw_kind>(kind),
                                             descriptions[kind]);
}

TargetSelection selectedTarget() {
  TargetSelection selection;
  selection.target = targetAlias;
  selection.cpu = targetCpu;
  selection.features = targetFeatures;
  selection.triple = targetTriple;
  return selection;
}

std::optional<hw_kind> selectedKind() {
  if (predictKind.getNumOccurrences() == 0)
    return std::nullopt;
  return predictKind.getValue();
}

const char *referenceName(ReferenceOption reference) {
  switch (reference) {
  case ReferenceOption::Auto:
    return "auto";
  case ReferenceOption::Sklearn:
    return "sklearn";
  case ReferenceOption::XGBoost:
    return "xgboost";
  case ReferenceOption::LightGBM:
    return "lightgbm";
  case ReferenceOption::None:
    return "none";
  }
  return "auto";
}

int runSelectedCommand() {
  if (compileCommand)
    return runCompile();
  if (predictCommand)
    return runPredict();
  if (benchCommand)
    return runBench();
  if (inspectCommand)
    return runInspect();
  if (targetsCommand)
    return runTargets();
  WithColor::error(errs(), "hardwood")
      << "expected a command: compile, predict, bench, inspect or targets "
         "(see --help)\n";
  return 2;
}

} // namespace hardwood
