//===- Verification.h - Checks shared by the model ops ----------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_VERIFICATION_H
#define HARDWOOD_DIALECT_VERIFICATION_H

#include "hardwood/Dialect/HardwoodOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace hardwood {

/// Checks that a transform suits the task and output width, that its
/// parameters are present exactly when meaningful, and that classifiers
/// carry labels matching their outputs. `emitError` starts a diagnostic on
/// the op being verified.
mlir::LogicalResult
verifyTransform(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
                Transform transform, Task task, unsigned numOutputs,
                std::optional<llvm::APFloat> scale,
                std::optional<mlir::ArrayAttr> classes);

} // namespace hardwood

#endif // HARDWOOD_DIALECT_VERIFICATION_H
