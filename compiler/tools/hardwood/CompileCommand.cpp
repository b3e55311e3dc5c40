//===- CompileCommand.cpp - hardwood compile ------------------------------===//

#include "Commands.h"
#include "Options.h"

#include "hardwood/Driver/Compile.h"
#include "hardwood/Targets/TargetDescription.h"

#include "llvm/Support/Chrono.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/WithColor.h"

#include <chrono>

using namespace llvm;

namespace hardwood {

static const char *defaultExtension(EmitKind kind) {
  switch (kind) {
  case EmitKind::SharedLibrary:
    return ".so";
  case EmitKind::Object:
    return ".o";
  case EmitKind::StaticLibrary:
    return ".a";
  case EmitKind::LLVMIR:
    return ".ll";
  case EmitKind::Assembly:
    return ".s";
  case EmitKind::MLIR:
    return ".mlir";
  }
  return ".out";
}

int runCompile() {
  if (std::optional<int> status = printTargetHelpIfAsked())
    return *status;
  // Bad option values are usage errors (exit 2), reported before any work.
  auto usage = [](const Twine &message) {
    WithColor::error(errs(), "hardwood compile") << message << "\n";
    return 2;
  };
  if (compileModelPath.empty())
    return usage("no MODEL given (hardwood compile MODEL [-o OUT]; see "
                 "--help)");
  EmitKind emit = compileEmit;
  if (Expected<TargetDescription> target = resolveTarget(selectedTarget());
      !target)
    return usage(toString(target.takeError()));
  if (compileOutput == "-" && !isTextEmitKind(emit))
    return usage("-o -: only text outputs (--emit mlir, llvm or asm) can go "
                 "to stdout");
  if (compileTune &&
      (!compileSchedule.empty() || !compileFloat32RowsSchedule.empty()))
    return usage("--tune measures schedules to choose one; it cannot be "
                 "combined with --schedule or --float32-rows-schedule");
  if (!compileTune &&
      (!compileTuneData.empty() || compileTuneRows.getNumOccurrences() ||
       compileTuneTimeBudget.getNumOccurrences()))
    return usage("--tune-data, --tune-rows and --tune-time-budget need "
                 "--tune");
  if (compileTuneRows < 1)
    return usage("--tune-rows must be at least 1, not " +
                 Twine(compileTuneRows.getValue()));
  if (!(compileTuneTimeBudget >= 0))
    return usage("--tune-time-budget must be a number of seconds >= 0");
  CompileOptions options;
  options.modelPath = compileModelPath;
  options.target = selectedTarget();
  options.emit = emit;
  options.headerPath = compileHeader;
  if (compileInputType != InputTypeOption::Model)
    options.inputType =
        compileInputType == InputTypeOption::F32 ? "f32" : "f64";
  options.modelName = compileName;
  options.printAfter = compilePrintAfter;
  options.schedule = compileSchedule;
  options.float32RowsSchedule = compileFloat32RowsSchedule;
  options.timeReport = compileTimeReport;
  if (compileNumIterations > 0)
    options.numIterations = compileNumIterations;
  options.outputPath = compileOutput;
  if (options.outputPath.empty()) {
    SmallString<256> path(sys::path::filename(compileModelPath));
    sys::path::replace_extension(path, defaultExtension(emit));
    options.outputPath = std::string(path);
  }
  bool progress = !quiet && sys::Process::StandardErrIsDisplayed();
  if (compileTune)
    return runTunedCompile(options, !quiet);
  auto start = std::chrono::steady_clock::now();
  if (progress)
    errs() << "hardwood: compiling " << compileModelPath << "...\n";
  if (Error error = compileModel(options, errs())) {
    WithColor::error(errs(), "hardwood compile")
        << toString(std::move(error)) << "\n";
    return 1;
  }
  if (progress) {
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
            .count();
    errs() << "hardwood: wrote " << options.outputPath << " in "
           << format("%.2f", seconds) << " s\n";
  }
  return 0;
}

} // namespace hardwood
