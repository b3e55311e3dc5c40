//===- LoweredModel.h - From #hardwood.lowered_model to plain data -*- C++
//-*-===//

#ifndef HARDWOOD_DRIVER_LOWEREDMODEL_H
#define HARDWOOD_DRIVER_LOWEREDMODEL_H

#include "hardwood/Targets/CodeGen.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

namespace hardwood {

/// Reads the #hardwood.lowered_model that hardwood-lower-to-kernels put on
/// `module` into the plain struct targets/ generates the descriptor from (so
/// targets/ needs no dialect). The attribute's verifier has already checked
/// it; an error means the module was never lowered.
llvm::Expected<ModelMetadata> readLoweredModel(mlir::ModuleOp module);

/// "sha256:<hex>" of the file at `path`: the model's content hash, recorded
/// in the descriptor.
llvm::Expected<std::string> hashModelFile(llvm::StringRef path);

} // namespace hardwood

#endif // HARDWOOD_DRIVER_LOWEREDMODEL_H
