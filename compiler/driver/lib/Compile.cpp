//===- Compile.cpp - The compile driver -----------------------------------===//
//
// import -> model passes -> kernels -> LLVM dialect -> LLVM IR -> output.
// Outputs go to a temporary file next to the destination and are renamed
// into place only when complete.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Driver/Compile.h"
#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/Dialect/HardwoodOps.h"
#include "hardwood/Driver/LoweredModel.h"
#include "hardwood/Driver/TargetAttribute.h"
#include "hardwood/Import/Importer.h"
#include "hardwood/Passes/Passes.h"
#include "hardwood/Passes/Pipeline.h"
#include "hardwood/Targets/CodeGen.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/ControlFlow/IR/ControlFlow.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/Timing.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

#include <future>

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<EmitKind> hardwood::parseEmitKind(llvm::StringRef text) {
  if (text == "so")
    return EmitKind::SharedLibrary;
  if (text == "obj")
    return EmitKind::Object;
  if (text == "static")
    return EmitKind::StaticLibrary;
  if (text == "llvm")
    return EmitKind::LLVMIR;
  if (text == "asm")
    return EmitKind::Assembly;
  if (text == "mlir")
    return EmitKind::MLIR;
  return makeError("unknown --emit '" + text +
                   "'; expected so, obj, static, llvm, asm or mlir");
}

bool hardwood::isTextEmitKind(EmitKind kind) {
  return kind == EmitKind::LLVMIR || kind == EmitKind::Assembly ||
         kind == EmitKind::MLIR;
}

std::unique_ptr<mlir::MLIRContext> hardwood::createCompilerContext() {
  mlir::DialectRegistry registry;
  registry.insert<hardwood::HardwoodDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::LLVM::LLVMDialect,
                  mlir::math::MathDialect, mlir::memref::MemRefDialect,
                  mlir::scf::SCFDialect, mlir::cf::ControlFlowDialect,
                  mlir::vector::VectorDialect, mlir::affine::AffineDialect>();
  auto context = std::make_unique<mlir::MLIRContext>(registry);
  context->loadAllAvailableDialects();
  // A diagnostic names the model op by location; the op itself (a whole
  // ensemble, megabytes for big models) is no help in a CLI error.
  context->printOpOnDiagnostic(false);
  return context;
}

/// Collects diagnostics into one message, so errors surface as llvm::Error.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diag) {
          if (!text.empty())
            text += "\n";
          std::string location;
          llvm::raw_string_ostream os(location);
          if (auto file =
                  llvm::dyn_cast<mlir::FileLineColLoc>(diag.getLocation()))
            os << file.getFilename().getValue() << ": ";
          else if (!llvm::isa<mlir::UnknownLoc>(diag.getLocation()))
            os << diag.getLocation() << ": ";
          text += location + diag.str();
          for (const mlir::Diagnostic &note : diag.getNotes())
            text += "\n  note: " + note.str();
          return mlir::success();
        }) {}
  llvm::Error error(const llvm::Twine &fallback) const {
    return makeError(text.empty() ? fallback.str() : text);
  }

private:
  std::string text;
  mlir::ScopedDiagnosticHandler handler;
};

llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
hardwood::loadModel(llvm::StringRef path, mlir::MLIRContext &context,
                    llvm::StringRef nameOverride,
                    std::optional<uint32_t> numIterations) {
  DiagnosticCollector diagnostics(context);
  if (path.ends_with(".mlir")) {
    llvm::SourceMgr sourceMgr;
    auto buffer = llvm::MemoryBuffer::getFile(path);
    if (!buffer)
      return makeError(path + ": " + buffer.getError().message());
    sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
    mlir::OwningOpRef<mlir::ModuleOp> module =
        mlir::parseSourceFile<mlir::ModuleOp>(sourceMgr,
                                              mlir::ParserConfig(&context));
    if (!module)
      return diagnostics.error(path + ": cannot parse");
    return std::move(module);
  }
  ImportOptions options;
  options.modelName = nameOverride.str();
  options.numIterations = numIterations;
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> module =
      importModelFile(path, context, options);
  if (failed(module))
    return diagnostics.error(path + ": cannot import model");
  return std::move(*module);
}

llvm::Error hardwood::applyInputType(mlir::ModuleOp module,
                                     llvm::StringRef inputType) {
  if (inputType.empty())
    return llvm::Error::success();
  mlir::Builder b(module.getContext());
  mlir::Type type;
  if (inputType == "f32")
    type = b.getF32Type();
  else if (inputType == "f64")
    type = b.getF64Type();
  else
    return makeError("unknown --input-type '" + inputType +
                     "'; expected f32 or f64");
  for (mlir::Operation &op : *module.getBody())
    if (llvm::isa<hardwood::EnsembleOp, hardwood::LinearOp>(op))
      op.setAttr("input_type", mlir::TypeAttr::get(type));
  return llvm::Error::success();
}

/// Writes through a temporary file renamed into place on success; "-" is
/// stdout, written directly.
static llvm::Error
writeAtomically(llvm::StringRef path,
                llvm::function_ref<llvm::Error(llvm::StringRef)> write) {
  if (path == "-")
    return write(path);
  llvm::SmallString<256> temp(path);
  temp += ".tmp-%%%%%%";
  int fd;
  llvm::SmallString<256> tempPath;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(temp, fd, tempPath))
    return makeError("cannot create " + path + ": " + ec.message());
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
  if (llvm::Error error = write(tempPath)) {
    llvm::sys::fs::remove(tempPath);
    return error;
  }
  if (std::error_code ec = llvm::sys::fs::rename(tempPath, path)) {
    llvm::sys::fs::remove(tempPath);
    return makeError("cannot write " + path + ": " + ec.message());
  }
  return llvm::Error::success();
}

static llvm::Error writeText(llvm::StringRef path, llvm::StringRef text) {
  return writeAtomically(path, [&](llvm::StringRef temp) -> llvm::Error {
    std::error_code ec;
    llvm::raw_fd_ostream os(temp, ec);
    if (ec)
      return makeError("cannot write " + path + ": " + ec.message());
    os << text;
    return llvm::Error::success();
  });
}

/// The schedules the cost model chose (or was given), one per model op;
/// with `attrName` "float32_rows_schedule", those of the float32-row
/// kernels (empty when there are none).
static std::string printSchedules(mlir::ModuleOp module,
                                  llvm::StringRef attrName = "schedule") {
  std::string text;
  llvm::raw_string_ostream os(text);
  for (mlir::Operation &op : *module.getBody())
    if (auto schedule = op.getAttrOfType<hardwood::ScheduleAttr>(attrName)) {
      if (!text.empty())
        os << "; ";
      os << schedule;
    }
  return text;
}

static std::string buildInfo(const TargetDescription &target,
                             llvm::StringRef schedule,
                             llvm::StringRef float32RowsSchedule,
                             const ModelMetadata &metadata,
                             const std::optional<llvm::json::Object> &tuning) {
  std::string text;
  llvm::raw_string_ostream os(text);
  llvm::json::Object info{{"hardwood_version", HARDWOOD_VERSION},
                          {"llvm_version", LLVM_VERSION_STRING},
                          {"target", target.name},
                          {"triple", target.triple},
                          {"cpu", target.cpu},
                          {"features", target.features},
                          {"schedule", schedule},
                          {"tuned", tuning.has_value()}};
  if (!float32RowsSchedule.empty())
    info["float32_rows_schedule"] = float32RowsSchedule;
  // Batches below this many rows may run tree-parallel (model ABI 4); the
  // descriptor has it too, this is for `hardwood inspect`.
  if (metadata.treeParallelRows > 0)
    info["tree_parallel_rows"] =
        static_cast<int64_t>(metadata.treeParallelRows);
  // Why single rows walk the trees in depth order: the steps it saves.
  if (metadata.depthOrderedSteps.size() == 2)
    info["depth_ordered_steps"] =
        llvm::json::Object{{"model_order", metadata.depthOrderedSteps[0]},
                           {"depth_order", metadata.depthOrderedSteps[1]}};
  if (tuning)
    info["tune"] = llvm::json::Object(*tuning);
  os << llvm::json::Value(std::move(info));
  return text;
}

namespace {
/// hashModelFile's outcome, as plain data that can cross threads.
struct HashResult {
  std::string digest;
  std::string error;
};
} // namespace

static HashResult hashInBackground(std::string path) {
  llvm::Expected<std::string> digest = hashModelFile(path);
  if (!digest)
    return {"", llvm::toString(digest.takeError())};
  return {std::move(*digest), ""};
}

namespace {
/// What the MLIR half of a compile hands to the LLVM half.
struct LLVMOutput {
  std::unique_ptr<llvm::Module> module;
  ModelMetadata metadata;
};
} // namespace

/// Import, passes and translation to LLVM IR, in an MLIR context of its
/// own: the context holds the model's trees and tables as attributes
/// (hundreds of MB for millions of nodes), freed when this returns, before
/// machine code is emitted. nullopt when the output (--emit mlir) is
/// written already.
static llvm::Expected<std::optional<LLVMOutput>>
compileToLLVM(const CompileOptions &options, const TargetDescription &target,
              std::future<HashResult> &hashing, mlir::TimingScope &rootTimer,
              llvm::raw_ostream &log, llvm::TargetMachine &tm,
              llvm::LLVMContext &llvmContext) {
  std::unique_ptr<mlir::MLIRContext> context = createCompilerContext();
  mlir::TimingScope importTimer = rootTimer.nest("import");
  auto module = loadModel(options.modelPath, *context, options.modelName,
                          options.numIterations);
  importTimer.stop();
  if (!module)
    return module.takeError();
  if (llvm::Error error = applyInputType(**module, options.inputType))
    return error;
  // The target travels in the IR: `hardwood-opt --hardwood-to-kernels` on
  // the module printed after import makes the same kernels as this driver.
  (**module)->setAttr(hardwood::TargetAttr::kAttrName,
                      buildTargetAttr(*context, target));
  if (options.printAfter == "import")
    (*module)->print(log);

  DiagnosticCollector diagnostics(*context);
  hardwood::KernelPipelineOptions pipelineOptions;
  if (!options.schedule.empty())
    pipelineOptions.schedule = "#hardwood.schedule<" + options.schedule + ">";
  if (!options.float32RowsSchedule.empty())
    pipelineOptions.float32RowsSchedule =
        "#hardwood.schedule<" + options.float32RowsSchedule + ">";
  mlir::TimingScope passTimer = rootTimer.nest("passes");
  mlir::PassManager scheduling(context.get());
  scheduling.enableTiming(passTimer);
  hardwood::buildSchedulePipeline(scheduling, pipelineOptions);
  if (mlir::failed(scheduling.run(**module)))
    return diagnostics.error("choosing a schedule failed");
  if (options.printAfter == "schedule")
    (*module)->print(log);
  std::string schedule = printSchedules(**module);
  std::string float32RowsSchedule =
      printSchedules(**module, "float32_rows_schedule");
  mlir::PassManager kernels(context.get());
  kernels.enableTiming(passTimer);
  hardwood::buildKernelLoweringPipeline(kernels);
  if (mlir::failed(kernels.run(**module)))
    return diagnostics.error("lowering to kernels failed");
  if (options.printAfter == "kernels")
    (*module)->print(log);
  if (options.emit == EmitKind::MLIR) {
    std::string text;
    llvm::raw_string_ostream os(text);
    (*module)->print(os);
    os << "\n";
    if (llvm::Error error = writeText(options.outputPath, text))
      return std::move(error);
    return std::nullopt;
  }
  llvm::Expected<ModelMetadata> metadata = readLoweredModel(**module);
  if (!metadata)
    return metadata.takeError();
  if (hashing.valid()) {
    HashResult hash = hashing.get();
    if (!hash.error.empty())
      return makeError(hash.error);
    metadata->contentHash = std::move(hash.digest);
  } else {
    llvm::Expected<std::string> contentHash = hashModelFile(options.modelPath);
    if (!contentHash)
      return contentHash.takeError();
    metadata->contentHash = std::move(*contentHash);
  }
  metadata->buildInfo = buildInfo(target, schedule, float32RowsSchedule,
                                  *metadata, options.tuning);

  mlir::PassManager toLLVM(context.get());
  toLLVM.enableTiming(passTimer);
  hardwood::buildLLVMLoweringPipeline(toLLVM);
  if (mlir::failed(toLLVM.run(**module)))
    return diagnostics.error("lowering to the LLVM dialect failed");
  passTimer.stop();
  if (options.printAfter == "llvm")
    (*module)->print(log);
  // From here on the metadata travels as plain data.
  (**module)->removeAttr(hardwood::LoweredModelAttr::kAttrName);

  bool sharedLibrary = options.emit == EmitKind::SharedLibrary;
  mlir::TimingScope llvmTimer =
      rootTimer.nest("LLVM IR translation and -O3 optimisation");
  auto llvmModule = generateLLVMModule(**module, *metadata, target, tm,
                                       llvmContext, sharedLibrary);
  llvmTimer.stop();
  if (!llvmModule)
    return llvmModule.takeError();
  return LLVMOutput{std::move(*llvmModule), std::move(*metadata)};
}

llvm::Error hardwood::compileModel(const CompileOptions &options,
                                   llvm::raw_ostream &log) {
  if (options.outputPath == "-" && !isTextEmitKind(options.emit))
    return makeError("-o -: only text outputs (--emit mlir, llvm or asm) can "
                     "go to stdout");
  llvm::Expected<TargetDescription> target = resolveTarget(options.target);
  if (!target)
    return target.takeError();
  // The model file's hash goes into the descriptor; a second thread reads
  // and hashes a regular file while this one compiles it (a pipe is read
  // once, by the importer, and hashed after).
  std::future<HashResult> hashing;
  llvm::sys::fs::file_status modelStatus;
  if (options.emit != EmitKind::MLIR &&
      !llvm::sys::fs::status(options.modelPath, modelStatus) &&
      modelStatus.type() == llvm::sys::fs::file_type::regular_file)
    hashing =
        std::async(std::launch::async, hashInBackground, options.modelPath);
  // --time-report: one tree of wall times, passes nested under their stage,
  // printed to stderr when the manager goes out of scope.
  mlir::DefaultTimingManager timing;
  timing.setEnabled(options.timeReport);
  mlir::TimingScope rootTimer = timing.getRootScope();
  auto tm = createTargetMachine(*target);
  if (!tm)
    return tm.takeError();
  llvm::LLVMContext llvmContext;
  bool sharedLibrary = options.emit == EmitKind::SharedLibrary;
  llvm::Expected<std::optional<LLVMOutput>> lowered = compileToLLVM(
      options, *target, hashing, rootTimer, log, **tm, llvmContext);
  if (!lowered)
    return lowered.takeError();
  if (!*lowered)
    return llvm::Error::success();
  std::unique_ptr<llvm::Module> llvmModule = std::move((*lowered)->module);
  ModelMetadata *metadata = &(*lowered)->metadata;
  mlir::TimingScope outputTimer = rootTimer.nest("code generation and output");

  if (!options.headerPath.empty())
    if (llvm::Error error = writeText(
            options.headerPath,
            generateHeader(*metadata, *target, requiredCpuFeatures(**tm))))
      return error;

  switch (options.emit) {
  case EmitKind::LLVMIR: {
    std::string text;
    llvm::raw_string_ostream os(text);
    llvmModule->print(os, nullptr);
    return writeText(options.outputPath, text);
  }
  case EmitKind::Assembly:
  case EmitKind::Object:
    return writeAtomically(options.outputPath, [&](llvm::StringRef temp) {
      return emitMachineCode(*llvmModule, **tm, temp,
                             options.emit == EmitKind::Assembly);
    });
  case EmitKind::SharedLibrary:
  case EmitKind::StaticLibrary: {
    llvm::SmallString<256> objectPath;
    if (std::error_code ec = llvm::sys::fs::createTemporaryFile(
            "hardwood-" + metadata->name, "o", objectPath))
      return makeError("cannot create a temporary object file: " +
                       ec.message());
    llvm::FileRemover removeObject(objectPath);
    if (llvm::Error error =
            emitMachineCode(*llvmModule, **tm, objectPath, false))
      return error;
    outputTimer.stop();
    mlir::TimingScope linkTimer =
        rootTimer.nest(sharedLibrary ? "linking (ld.lld)" : "archiving");
    return writeAtomically(options.outputPath, [&](llvm::StringRef temp) {
      return sharedLibrary
                 ? linkSharedLibrary(objectPath, temp, *target)
                 : writeStaticLibrary(objectPath, temp, metadata->name + ".o");
    });
  }
  case EmitKind::MLIR:
    break;
  }
  return llvm::Error::success();
}
