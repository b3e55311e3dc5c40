// The host's CPU features, as bits of HW_CPU_FEATURE_TABLE, and the load-time
// check that a model's code can run on this host.
#ifndef HARDWOOD_RUNTIME_CPUFEATURES_H
#define HARDWOOD_RUNTIME_CPUFEATURES_H

#include "hardwood/hardwood.h"

namespace hardwood::runtime {

/// The table name of feature bit `bit`, or nullptr for a bit not in it.
const char *cpuFeatureName(uint32_t bit);

/// The features this host has (detected once), less those named by the
/// HARDWOOD_TEST_DISABLE_CPU_FEATURES testing hook (read at every call).
/// Sets the error message and returns HW_ERR_INVALID_ARGUMENT when the hook
/// names an unknown feature.
hw_status hostCpuFeatures(uint64_t *out);

/// HW_OK when the host has every feature `desc` needs; otherwise
/// HW_ERR_UNSUPPORTED_CPU with a message naming the missing features.
hw_status checkHostHasCpuFeatures(const hw_model_descriptor &desc);

} // namespace hardwood::runtime

#endif // HARDWOOD_RUNTIME_CPUFEATURES_H
