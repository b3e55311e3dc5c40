//===- HardwoodAttrs.cpp - Target and schedule attributes -----------------===//

#include "hardwood/Dialect/HardwoodAttrs.h"
#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::hardwood;

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
                                   LoopOrder, NodeLayout, TreeOrder) {
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
  case TraversalStrategy::vector_register_top: {
    if (vectorLanes < 2 || vectorLanes > kMaxVectorLanes ||
        !llvm::isPowerOf2_64(vectorLanes))
      return emitError() << "strategy " << stringifyTraversalStrategy(strategy)
                         << " needs vector_lanes a power of two in [2, "
                         << kMaxVectorLanes << "], not " << vectorLanes;
    break;
  }
  case TraversalStrategy::scalar_interleaved:
  case TraversalStrategy::linear_row_tiles:
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
  return success();
}

LogicalResult
HardwoodDialect::verifyOperationAttribute(Operation *op,
                                          NamedAttribute attribute) {
  // Other hardwood.* attributes (the lowered model's metadata, kernel
  // kinds) are written by the passes themselves.
  if (attribute.getName() != TargetAttr::kAttrName)
    return success();
  if (!isa<ModuleOp>(op))
    return op->emitError() << "'" << TargetAttr::kAttrName
                           << "' belongs on a builtin.module";
  if (!isa<TargetAttr>(attribute.getValue()))
    return op->emitError() << "'" << TargetAttr::kAttrName
                           << "' must be a #hardwood.target";
  return success();
}
