//===- Verification.h - Checks shared by the model ops ----------*- C++ -*-===//

#ifndef HARDWOOD_DIALECT_VERIFICATION_H
#define HARDWOOD_DIALECT_VERIFICATION_H

#include "hardwood/Dialect/HardwoodOps.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace mlir::hardwood {

/// Checks that a transform suits the task and output width, that its
/// parameters are present exactly when meaningful, and that classifiers
/// carry labels matching their outputs. `emitError` starts a diagnostic on
/// the op being verified.
LogicalResult
verifyTransform(llvm::function_ref<InFlightDiagnostic()> emitError,
                Transform transform, Task task, unsigned numOutputs,
                std::optional<llvm::APFloat> scale,
                std::optional<ArrayAttr> classes);

} // namespace mlir::hardwood

#endif // HARDWOOD_DIALECT_VERIFICATION_H
