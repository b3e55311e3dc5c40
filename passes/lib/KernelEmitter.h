//===- KernelEmitter.h - Shared pieces of kernel generation -----*- C++ -*-===//
//
// Helpers used by LowerToKernels to build the kernels of ensembles and
// linear models: constant tables, the per-row score epilogue of each
// prediction kind, and the kernel function skeleton.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_PASSES_KERNELEMITTER_H
#define HARDWOOD_PASSES_KERNELEMITTER_H

#include "hardwood/Passes/Passes.h"
#include "hardwood/model_abi.h"

#include "mlir/IR/ImplicitLocOpBuilder.h"

namespace hardwood {

/// What a model needs from the epilogue, independent of its family.
struct ScoreModel {
  std::string name;
  Task task;
  Transform transform;
  unsigned numOutputs = 1;
  double transformScale = 1.0;
  double averagePathLength = 1.0;
  double scoreOffset = 0.0;
  /// Numeric class labels (empty when labels are strings: predict then
  /// writes the class index).
  llvm::SmallVector<double> classLabels;
  unsigned numClasses = 0;
  mlir::FloatType valueType; ///< Element type of value outputs.
  /// Linear models decide predict on the raw score, as sklearn's linear
  /// classifiers do; ensembles on the transformed output.
  bool isLinear = false;
  /// Appended to the names of this model's kernel functions and tables:
  /// HW_F32_ROWS_KERNEL_SUFFIX for the float32-row kernels of a float64
  /// ensemble (Float32Rows.h). Such kernels are not marked as the model's
  /// kernels of their kind; code generation finds them by name.
  std::string kernelSuffix;
};

/// Creates `memref.global private constant` tables next to the kernels.
class TableEmitter {
public:
  TableEmitter(mlir::ModuleOp module, llvm::StringRef prefix)
      : module(module), prefix(prefix.str()) {}
  /// Returns a `memref.get_global` of a new table holding `values`.
  mlir::Value i32Table(mlir::ImplicitLocOpBuilder &b, llvm::StringRef name,
                       llvm::ArrayRef<int32_t> values);
  mlir::Value i8Table(mlir::ImplicitLocOpBuilder &b, llvm::StringRef name,
                      llvm::ArrayRef<int8_t> values);
  mlir::Value i64Table(mlir::ImplicitLocOpBuilder &b, llvm::StringRef name,
                       llvm::ArrayRef<int64_t> values);
  mlir::Value floatTable(mlir::ImplicitLocOpBuilder &b, llvm::StringRef name,
                         mlir::FloatType type, llvm::ArrayRef<double> values);

private:
  mlir::Value emit(mlir::ImplicitLocOpBuilder &b, llvm::StringRef name,
                   mlir::MemRefType type, mlir::DenseElementsAttr init);
  mlir::ModuleOp module;
  std::string prefix;
  llvm::StringMap<mlir::memref::GlobalOp> created;
};

/// The kinds a model supports, as a bit mask of (1 << hw_kind).
uint32_t supportedKinds(const ScoreModel &model);
/// Number of output elements per row for `kind`.
unsigned outputWidth(const ScoreModel &model, hw_kind kind, unsigned numTrees);
/// Element type `kind` writes.
mlir::Type outputElementType(const ScoreModel &model, hw_kind kind,
                             mlir::MLIRContext *ctx);
llvm::StringRef kindName(hw_kind kind);

/// Attributes marking a kernel function with its kind and its model's name,
/// by which recordModelMetadata finds the kernels.
inline constexpr llvm::StringLiteral kKernelKindAttrName = "hardwood.kernel";
inline constexpr llvm::StringLiteral kKernelModelAttrName = "hardwood.model";

/// Creates `func.func @__hw_<name>_<kind>(x, rows, row_stride, out)`, with
/// the body left to fill; the builder is placed at the start of the body.
mlir::func::FuncOp createKernelFunction(mlir::ImplicitLocOpBuilder &b,
                                        mlir::ModuleOp module,
                                        const ScoreModel &model,
                                        mlir::Type inputType, hw_kind kind);

/// Writes the output of `kind` for one row from `raw`, a memref<?xf64> whose
/// elements [rawBase, rawBase + numOutputs) hold the raw score (already
/// aggregated, base score included). `raw` may be overwritten.
void emitRowEpilogue(mlir::ImplicitLocOpBuilder &b, const ScoreModel &model,
                     hw_kind kind, mlir::Value raw, mlir::Value rawBase,
                     mlir::Value out, mlir::Value row, mlir::Value classLabels);

/// sigmoid(scale * x) = 1 / (1 + exp(-scale * x)) for f64 or vector<N x f64>
/// `x`, the epilogue's operations in its order: a row in a vector lane gets
/// the bits the scalar epilogue gives it.
mlir::Value emitSigmoid(mlir::ImplicitLocOpBuilder &b, mlir::Value x,
                        double scale);
/// The sigmoid of several values of one type, in lockstep.
llvm::SmallVector<mlir::Value> emitSigmoid(mlir::ImplicitLocOpBuilder &b,
                                           llvm::ArrayRef<mlir::Value> xs,
                                           double scale);

/// Records the model's metadata and its kernels (the functions
/// createKernelFunction made for it) on the module as a
/// #hardwood.lowered_model, for code generation. `family` is a ModelFamily
/// name.
/// `treeParallelRows` and `depthOrderedSteps` are LoweredModelAttr's
/// tree_parallel_rows and depth_ordered_steps (empty: model order).
void recordModelMetadata(mlir::ModuleOp module, const ScoreModel &model,
                         unsigned numFeatures, mlir::Type inputType,
                         unsigned numTrees, llvm::StringRef family,
                         int64_t treeParallelRows = 0,
                         llvm::ArrayRef<int64_t> depthOrderedSteps = {});

} // namespace hardwood

#endif // HARDWOOD_PASSES_KERNELEMITTER_H
