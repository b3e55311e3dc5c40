//===- HardwoodAttrs.cpp - Target, schedule and lowered-model attributes --===//

#include "hardwood/Dialect/HardwoodAttrs.h"
#include "hardwood/Dialect/HardwoodDialect.h"
#include "hardwood/model_abi.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/SymbolTable.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace hardwood;

#define GET_ATTRDEF_CLASSES
#include "hardwood/Dialect/HardwoodAttrs.cpp.inc"

void HardwoodDialect::registerAttributes() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "hardwood/Dialect/HardwoodAttrs.cpp.inc"
      >();
}

/// Bounds on the counts a schedule or target may name: beyond them the
/// kernels would hold more live vectors than any register file.
static constexpr int64_t kMaxInterleave = 64;
static constexpr int64_t kMaxVectorLanes = 64;
/// Most tree levels held in registers: each level is its own image (level
/// 7 has 128 words per record word: eight 512-bit registers).
static constexpr int64_t kMaxRegisterLevels = 8;
/// Most tree levels decided by contiguous compares: 15 nodes, whose
/// 16 exits fit a bit vector per lane.
static constexpr int64_t kMaxCompareLevels = 4;

TargetAttr TargetAttr::lookup(Operation *module) {
  return module->getAttrOfType<TargetAttr>(kAttrName);
}

bool TargetAttr::hasFeature(StringRef feature) const {
  SmallVector<StringRef> features;
  getFeatures().getValue().split(features, ',', -1, /*KeepEmpty=*/false);
  bool enabled = false;
  // Later entries override earlier ones, as in LLVM feature strings.
  for (StringRef entry : features)
    if (entry.drop_front() == feature)
      enabled = entry.front() == '+';
  return enabled;
}

LogicalResult TargetAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 StringAttr triple, StringAttr cpu,
                                 StringAttr features, int64_t vectorBits,
                                 BoolAttr gather, BoolAttr permute,
                                 BoolAttr masking, BoolAttr prefer512,
                                 int64_t scalarInterleave,
                                 int64_t vectorInterleave, int64_t maxBlockRows,
                                 int64_t l1Bytes, int64_t l2Bytes) {
  if (triple.getValue().empty())
    return emitError() << "target triple must not be empty";
  if (vectorBits != 128 && vectorBits != 256 && vectorBits != 512)
    return emitError() << "vector_bits " << vectorBits
                       << " is not 128, 256 or 512";
  if (scalarInterleave < 1 || scalarInterleave > kMaxInterleave ||
      vectorInterleave < 1 || vectorInterleave > kMaxInterleave)
    return emitError() << "interleave counts must be in [1, " << kMaxInterleave
                       << "]";
  // The runtime cuts batches for threads only at multiples of
  // HW_KERNEL_ROW_ALIGNMENT rows. The schedule selector makes tiles of
  // scalar_interleave rows or of vector_interleave vectors of
  // vector_bits / 32 rows; when these divide the alignment, every kernel
  // call sees the same tiles whatever the thread count.
  int64_t vectorTile = vectorBits / 32 * vectorInterleave;
  if (HW_KERNEL_ROW_ALIGNMENT % scalarInterleave != 0 ||
      HW_KERNEL_ROW_ALIGNMENT % vectorTile != 0)
    return emitError() << "tiles of scalar_interleave (" << scalarInterleave
                       << ") rows and of vector_interleave x vector_bits / 32 ("
                       << vectorTile
                       << ") rows must divide HW_KERNEL_ROW_ALIGNMENT ("
                       << HW_KERNEL_ROW_ALIGNMENT << ")";
  if (maxBlockRows < 1)
    return emitError() << "max_block_rows must be positive";
  if (l1Bytes < 1 || l2Bytes < 1)
    return emitError() << "cache sizes must be positive";
  return success();
}

LogicalResult ScheduleAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                   TraversalStrategy strategy,
                                   int64_t vectorLanes, int64_t interleave,
                                   int64_t treeGroup, int64_t blockRows,
                                   LoopOrder, NodeLayout nodeLayout, TreeOrder,
                                   int64_t registerLevels,
                                   int64_t compareLevels, int64_t scalarBelow,
                                   RowWalk rowWalk) {
  if (nodeLayout == NodeLayout::compact8 &&
      strategy == TraversalStrategy::linear_row_tiles)
    return emitError() << "node_layout compact8 applies to tree walks only";
  if (scalarBelow != 0 && strategy != TraversalStrategy::vector_register_top)
    return emitError() << "scalar_below applies to vector_register_top only";
  if (rowWalk != RowWalk::tree_lanes &&
      strategy != TraversalStrategy::vector_gather &&
      strategy != TraversalStrategy::vector_register_top)
    return emitError() << "row_walk applies to vector_gather and "
                          "vector_register_top only";
  if (scalarBelow < 0 || scalarBelow > kMaxInterleave)
    return emitError() << "scalar_below " << scalarBelow << " is not in [0, "
                       << kMaxInterleave << "]";
  if (registerLevels != 0 && strategy != TraversalStrategy::vector_register_top)
    return emitError() << "register_levels applies to vector_register_top "
                          "only";
  if (registerLevels < 0 || registerLevels > kMaxRegisterLevels)
    return emitError() << "register_levels " << registerLevels
                       << " is not in [0, " << kMaxRegisterLevels << "]";
  if (compareLevels != 0 && strategy != TraversalStrategy::vector_register_top)
    return emitError() << "compare_levels applies to vector_register_top "
                          "only";
  if (compareLevels < 0 || compareLevels > kMaxCompareLevels)
    return emitError() << "compare_levels " << compareLevels
                       << " is not in [0, " << kMaxCompareLevels << "]";
  if (registerLevels != 0 && compareLevels > registerLevels)
    return emitError() << "compare_levels " << compareLevels
                       << " exceeds register_levels " << registerLevels;
  if (interleave < 1 || interleave > kMaxInterleave)
    return emitError() << "interleave " << interleave << " is not in [1, "
                       << kMaxInterleave << "]";
  if (treeGroup < 1 || treeGroup > kMaxInterleave)
    return emitError() << "tree_group " << treeGroup << " is not in [1, "
                       << kMaxInterleave << "]";
  if (blockRows < 0)
    return emitError() << "block_rows must not be negative";
  switch (strategy) {
  case TraversalStrategy::vector_gather:
  case TraversalStrategy::vector_register_top:
  case TraversalStrategy::unrolled: {
    if (vectorLanes < 2 || vectorLanes > kMaxVectorLanes ||
        !llvm::isPowerOf2_64(vectorLanes))
      return emitError() << "strategy " << stringifyTraversalStrategy(strategy)
                         << " needs vector_lanes a power of two in [2, "
                         << kMaxVectorLanes << "], not " << vectorLanes;
    break;
  }
  case TraversalStrategy::linear_row_tiles:
    // 0: one accumulator per row and tile row; else one row per lane.
    if (vectorLanes != 0 &&
        (vectorLanes > kMaxVectorLanes || !llvm::isPowerOf2_64(vectorLanes)))
      return emitError() << "strategy linear_row_tiles needs vector_lanes 0 "
                            "or a power of two up to "
                         << kMaxVectorLanes << ", not " << vectorLanes;
    break;
  case TraversalStrategy::scalar_interleaved:
    if (vectorLanes != 0)
      return emitError() << "strategy " << stringifyTraversalStrategy(strategy)
                         << " walks scalar rows: vector_lanes must be 0";
    break;
  }
  if (strategy == TraversalStrategy::linear_row_tiles && blockRows != 0)
    return emitError() << "strategy linear_row_tiles has no row blocks: "
                          "block_rows must be 0";
  int64_t tile = vectorLanes > 0 ? vectorLanes * interleave : interleave;
  if (blockRows % tile != 0)
    return emitError() << "block_rows " << blockRows
                       << " is not a multiple of the tile (" << tile
                       << " rows)";
  if (scalarBelow != 0 && tile % scalarBelow != 0)
    return emitError() << "scalar_below " << scalarBelow
                       << " does not divide the tile (" << tile << " rows)";
  return success();
}

//===----------------------------------------------------------------------===//
// Lowered models
//===----------------------------------------------------------------------===//

static bool isKernelElementType(Type type) {
  return type.isF32() || type.isF64() || type.isInteger(32);
}

LogicalResult KernelAttr::verify(function_ref<InFlightDiagnostic()> emitError,
                                 FlatSymbolRefAttr function, int64_t width,
                                 Type elementType) {
  if (!function || function.getValue().empty())
    return emitError() << "kernel needs a function";
  if (width < 1)
    return emitError() << "kernel output width must be positive, not " << width;
  if (!isKernelElementType(elementType))
    return emitError() << "kernel element type must be f32, f64 or i32, not "
                       << elementType;
  return success();
}

LoweredModelAttr LoweredModelAttr::lookup(Operation *module) {
  return module->getAttrOfType<LoweredModelAttr>(kAttrName);
}

KernelAttr LoweredModelAttr::getKernel(int kind) const {
  // One parameter per row of HW_KIND_TABLE, named after it.
  static_assert(HW_KIND_COUNT == 5, "a new kind needs a parameter here");
  switch (kind) {
  case HW_KIND_PREDICT:
    return getPredict();
  case HW_KIND_PROBA:
    return getProba();
  case HW_KIND_DECISION:
    return getDecision();
  case HW_KIND_SCORE:
    return getScore();
  case HW_KIND_LEAF:
    return getLeaf();
  default:
    return {};
  }
}

LogicalResult LoweredModelAttr::verify(
    function_ref<InFlightDiagnostic()> emitError, StringAttr name,
    ModelFamily family, Task task, Type inputType, int64_t numFeatures,
    int64_t numClasses, int64_t numTrees, DenseF64ArrayAttr classLabels,
    KernelAttr predict, KernelAttr proba, KernelAttr decision, KernelAttr score,
    KernelAttr leaf, int64_t treeParallelRows,
    DenseI64ArrayAttr depthOrderedSteps) {
  if (!name || name.getValue().empty())
    return emitError() << "lowered model needs a name";
  if (!inputType.isF32() && !inputType.isF64())
    return emitError() << "input_type must be f32 or f64, not " << inputType;
  if (numFeatures < 0 || numClasses < 0 || numTrees < 0)
    return emitError() << "feature, class and tree counts must not be "
                          "negative";
  if (family == ModelFamily::linear && numTrees != 0)
    return emitError() << "a linear model has no trees, not " << numTrees;
  if (classLabels && (int64_t)classLabels.size() != numClasses)
    return emitError() << "class_labels holds " << classLabels.size()
                       << " labels for " << numClasses << " classes";
  // Every model predicts and has a raw score; the runtime reports the
  // other kinds as unsupported.
  if (!predict || !decision)
    return emitError() << "lowered model needs predict and decision kernels";
  if (leaf) {
    if (family != ModelFamily::tree_ensemble)
      return emitError() << "only tree ensembles have a leaf kernel";
    if (!leaf.getElementType().isInteger(32) || leaf.getWidth() != numTrees)
      return emitError() << "leaf kernel must write " << numTrees
                         << " i32 per row (one per tree)";
  }
  if (treeParallelRows < 0 || (treeParallelRows > 0 && numTrees < 2))
    return emitError() << "tree_parallel_rows must be 0, or positive for an "
                          "ensemble of several trees";
  if (depthOrderedSteps) {
    ArrayRef<int64_t> steps = depthOrderedSteps.asArrayRef();
    if (numTrees < 2 || steps.size() != 2 || steps[1] <= 0 ||
        steps[1] >= steps[0])
      return emitError() << "depth_ordered_steps must be [steps in model "
                            "order, fewer steps in depth order] of an "
                            "ensemble of several trees";
  }
  if (score && task != Task::anomaly)
    return emitError() << "only anomaly detectors have a score kernel";
  if (proba && task != Task::classification)
    return emitError() << "only classifiers have a proba kernel";
  return success();
}

LogicalResult
HardwoodDialect::verifyOperationAttribute(Operation *op,
                                          NamedAttribute attribute) {
  StringRef name = attribute.getName().getValue();
  if (name == TargetAttr::kAttrName) {
    if (!isa<ModuleOp>(op))
      return op->emitError()
             << "'" << TargetAttr::kAttrName << "' belongs on a builtin.module";
    if (!isa<TargetAttr>(attribute.getValue()))
      return op->emitError()
             << "'" << TargetAttr::kAttrName << "' must be a #hardwood.target";
    return success();
  }
  // Kernel functions carry their model's name under the same key.
  if (name == LoweredModelAttr::kAttrName && isa<ModuleOp>(op)) {
    auto model = dyn_cast<LoweredModelAttr>(attribute.getValue());
    if (!model)
      return op->emitError() << "'" << LoweredModelAttr::kAttrName
                             << "' on a module must be a "
                                "#hardwood.lowered_model";
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind) {
      KernelAttr kernel = model.getKernel(kind);
      if (kernel && !SymbolTable::lookupSymbolIn(op, kernel.getFunction()))
        return op->emitError()
               << "lowered model's kernel " << kernel.getFunction()
               << " is not defined in the module";
    }
  }
  // Other hardwood.* attributes (kernel kinds on functions) are written by
  // the passes themselves.
  return success();
}
