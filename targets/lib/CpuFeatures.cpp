//===- CpuFeatures.cpp - The CPU features generated code needs ------------===//
//
// Maps what a TargetMachine generates code for onto the shared feature table
// of model_abi.h, so the descriptor can say which features the host needs
// and the runtime can refuse a library the host cannot run.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Targets/CodeGen.h"

#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/TargetParser/Triple.h"

using namespace hardwood;

/// Whether the subtarget enables the feature LLVM calls `name`. The feature
/// bits already hold what the CPU name implies (x86-64-v4: avx512f, ...).
/// Looked up in the subtarget's own list: MCSubtargetInfo::checkFeatures
/// would warn about, and then accept, a name the target does not know.
static bool enables(const llvm::MCSubtargetInfo &sti, llvm::StringRef name) {
  for (const llvm::SubtargetFeatureKV &feature : sti.getAllProcessorFeatures())
    if (name == feature.Key)
      return sti.getFeatureBits().test(feature.Value);
  return false;
}

uint64_t hardwood::requiredCpuFeatures(const llvm::TargetMachine &tm) {
  const llvm::MCSubtargetInfo *sti = tm.getMCSubtargetInfo();
  if (!sti)
    return 0;
  const llvm::Triple &triple = tm.getTargetTriple();
  // The table's arch column, as tokens the X-macro below pastes.
  bool arch_X86_64 = triple.getArch() == llvm::Triple::x86_64;
  bool arch_AARCH64 = triple.isAArch64();
  uint64_t bits = 0;
#define HW_CPU_REQUIRED_(id, bit, name, arch)                                  \
  if (arch_##arch && enables(*sti, name))                                      \
    bits |= uint64_t{1} << bit;
  HW_CPU_FEATURE_TABLE(HW_CPU_REQUIRED_)
#undef HW_CPU_REQUIRED_
  return bits;
}

std::string hardwood::cpuFeatureNames(uint64_t bits) {
  std::string names;
#define HW_CPU_NAME_(id, bit, name, arch)                                      \
  if (bits & (uint64_t{1} << bit)) {                                           \
    if (!names.empty())                                                        \
      names += ",";                                                            \
    names += name;                                                             \
  }
  HW_CPU_FEATURE_TABLE(HW_CPU_NAME_)
#undef HW_CPU_NAME_
  return names;
}
