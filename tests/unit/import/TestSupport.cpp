//===- TestSupport.cpp - Helpers shared by the importer tests -------------===//

#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace hardwood;
using namespace hardwood::test;

std::string ImportAttempt::message() const {
  std::string joined;
  for (const std::string &error : errors)
    joined += (joined.empty() ? "" : "\n") + error;
  return joined;
}

hardwood::EnsembleOp ImportAttempt::ensemble() {
  auto ops = module->getOps<hardwood::EnsembleOp>();
  return ops.empty() ? nullptr : *ops.begin();
}

hardwood::LinearOp ImportAttempt::linear() {
  auto ops = module->getOps<hardwood::LinearOp>();
  return ops.empty() ? nullptr : *ops.begin();
}

static ImportAttempt
collect(mlir::MLIRContext &context,
        llvm::function_ref<mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>()>
            run) {
  ImportAttempt attempt;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (auto file = llvm::dyn_cast<mlir::FileLineColLoc>(diag.getLocation()))
      os << file.getFilename().getValue() << ": ";
    else
      os << diag.getLocation() << ": ";
    os << diag.str();
    attempt.errors.push_back(text);
    return mlir::success();
  });
  mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>> module = run();
  if (mlir::succeeded(module))
    attempt.module = std::move(*module);
  // Failure and diagnostics go together: a silent failure or a success
  // with errors is a bug in itself.
  EXPECT_EQ(attempt.ok(), attempt.errors.empty()) << attempt.message();
  return attempt;
}

std::string hardwood::test::ImportAttempt::outcome() const {
  if (!ok())
    return "errors: " + message();
  std::string printed;
  llvm::raw_string_ostream os(printed);
  module.get()->print(os);
  return printed;
}

ImportAttempt hardwood::test::importText(mlir::MLIRContext &context,
                                         llvm::StringRef content,
                                         const ImportOptions &options) {
  return collect(context, [&] {
    return importModelBuffer(llvm::MemoryBufferRef(content, kTestFileName),
                             context, options);
  });
}

ImportAttempt hardwood::test::importFile(mlir::MLIRContext &context,
                                         llvm::StringRef path,
                                         const ImportOptions &options) {
  return collect(context,
                 [&] { return importModelFile(path, context, options); });
}

std::string hardwood::test::inputPath(llvm::StringRef name) {
  return fixturePath(("xgboost/" + name).str());
}

std::string hardwood::test::fixturePath(llvm::StringRef name) {
  return (llvm::Twine(HARDWOOD_FIXTURES) + "/" + name).str();
}

std::string hardwood::test::exampleModel() {
  return R"json({"format": "hardwood-model", "version": 1,
 "family": "tree_ensemble", "task": "regression", "num_features": 2,
 "num_outputs": 1, "input_type": "float32", "aggregation": "sum",
 "leaf_width": 1, "post_transform": {"kind": "identity"},
 "base_score": [0.5],
 "trees": [{"group": 0, "feature": [1, -1, -1], "threshold": [0.25, 0, 0],
            "left": [1, -1, -1], "right": [2, -1, -1],
            "default_left": [true, false, false],
            "leaf_values": [0, -1.0, 1.0]}]})json";
}

std::string hardwood::test::replaceOnce(std::string text, llvm::StringRef from,
                                        llvm::StringRef to) {
  size_t at = text.find(from.str());
  EXPECT_NE(at, std::string::npos) << "'" << from.str() << "' not in model";
  if (at != std::string::npos)
    text.replace(at, from.size(), to.str());
  return text;
}
