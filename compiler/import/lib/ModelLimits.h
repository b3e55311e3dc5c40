//===- ModelLimits.h - Size limits checked on import ------------*- C++ -*-===//
//
// The limits of docs/model-format.md, shared by every format so that no
// importer allocates for a size it would reject anyway.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_MODELLIMITS_H
#define HARDWOOD_LIB_IMPORT_MODELLIMITS_H

#include <cstdint>

namespace hardwood::limits {

constexpr int64_t kMaxFeatures = 1000000;
constexpr int64_t kMaxOutputs = 100000;
constexpr int64_t kMaxTrees = 1000000;
constexpr int64_t kMaxNodesPerTree = 16777216;
constexpr int64_t kMaxTotalNodes = 2147483647;
constexpr int64_t kMaxCategoryDomain = 2147483647;
constexpr int64_t kMaxLeftCategories = 65536;
constexpr uint64_t kMaxFileBytes = uint64_t(4) << 30;

} // namespace hardwood::limits

#endif // HARDWOOD_LIB_IMPORT_MODELLIMITS_H
