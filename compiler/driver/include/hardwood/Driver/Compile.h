//===- Compile.h - Model file to native code --------------------*- C++ -*-===//

#ifndef HARDWOOD_DRIVER_COMPILE_H
#define HARDWOOD_DRIVER_COMPILE_H

#include "hardwood/Targets/TargetDescription.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace hardwood {

enum class EmitKind {
  SharedLibrary,
  Object,
  StaticLibrary,
  LLVMIR,
  Assembly,
  MLIR
};

/// Parses "so", "obj", "static", "llvm", "asm", "mlir".
llvm::Expected<EmitKind> parseEmitKind(llvm::StringRef text);

struct CompileOptions {
  std::string modelPath;
  /// "-" writes a text output (MLIR, LLVM IR, assembly) to stdout.
  std::string outputPath;
  /// --target/--mcpu/--mattr/--mtriple (all empty: native).
  TargetSelection target;
  EmitKind emit = EmitKind::SharedLibrary;
  /// Also write the C header here (empty: none).
  std::string headerPath;
  /// Overrides the model's name (the C symbol prefix).
  std::string modelName;
  /// "f32" or "f64" overrides the kernels' input type; empty keeps the
  /// reference library's.
  std::string inputType;
  /// Print the IR after "import", "schedule", "kernels" or "llvm" to `log`.
  std::string printAfter;
  /// The parameters of a #hardwood.schedule to use instead of the cost
  /// model's choice (empty: the cost model chooses).
  std::string schedule;
  /// The same for the float32-row kernels of a float64 tree ensemble
  /// (docs/design.md, "Float32 rows of float64 models").
  std::string float32RowsSchedule;
  /// Keep only the first N boosting rounds (XGBoost iteration_range end).
  std::optional<uint32_t> numIterations;
  /// Print the time of each pass and of LLVM's stages to `log`.
  bool timeReport = false;
  /// What `hardwood compile --tune` measured (candidates, ns/row, the
  /// winner, the cost model's choice and its ratio), recorded in the build
  /// info as "tune" beside "tuned": true; none: "tuned": false.
  std::optional<llvm::json::Object> tuning;
};

/// Whether `kind` is text that -o - may write to stdout.
bool isTextEmitKind(EmitKind kind);

/// Creates a context with every dialect the pipeline needs.
std::unique_ptr<mlir::MLIRContext> createCompilerContext();

/// Reads a model file (Hardwood JSON, XGBoost JSON/UBJSON, LightGBM text or
/// Hardwood MLIR) into a module holding one model op.
llvm::Expected<mlir::OwningOpRef<mlir::ModuleOp>>
loadModel(llvm::StringRef path, mlir::MLIRContext &context,
          llvm::StringRef nameOverride = "",
          std::optional<uint32_t> numIterations = std::nullopt);

/// Applies an --input-type ("f32", "f64"; empty keeps the model's) to the
/// model op of `module`.
llvm::Error applyInputType(mlir::ModuleOp module, llvm::StringRef inputType);

/// Compiles a model file. Writes the output atomically: on failure nothing
/// is left at the output path.
llvm::Error compileModel(const CompileOptions &options, llvm::raw_ostream &log);

} // namespace hardwood

#endif // HARDWOOD_DRIVER_COMPILE_H
