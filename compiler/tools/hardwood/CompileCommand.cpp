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
  // Bad option values are usage errors (exit 2), reported before any work.
  auto usage = [](Error error) {
    WithColor::error(errs(), "hardwood compile")
        << toString(std::move(error)) << "\n";
    return 2;
  };
  Expected<EmitKind> emit = parseEmitKind(compileEmit);
  if (!emit)
    return usage(emit.takeError());
  if (Expected<TargetDescription> target = lookupTarget(compileTarget); !target)
    return usage(target.takeError());
  if (!compileInputType.empty() && compileInputType != "f32" &&
      compileInputType != "f64")
    return usage(createStringError(inconvertibleErrorCode(),
                                   "unknown --input-type '" + compileInputType +
                                       "'; expected f32 or f64"));
  CompileOptions options;
  options.modelPath = compileModelPath;
  options.targetName = compileTarget;
  options.emit = *emit;
  options.headerPath = compileHeader;
  options.inputType = compileInputType;
  options.modelName = compileName;
  options.printAfter = compilePrintAfter;
  options.schedule = compileSchedule;
  if (compileNumIterations > 0)
    options.numIterations = compileNumIterations;
  options.outputPath = compileOutput;
  if (options.outputPath.empty()) {
    SmallString<256> path(sys::path::filename(compileModelPath));
    sys::path::replace_extension(path, defaultExtension(*emit));
    options.outputPath = std::string(path);
  }
  bool progress = !quiet && sys::Process::StandardErrIsDisplayed();
  auto start = std::chrono::steady_clock::now();
  if (progress)
    errs() << "hardwood: compiling " << compileModelPath << " for "
           << compileTarget << "...\n";
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
