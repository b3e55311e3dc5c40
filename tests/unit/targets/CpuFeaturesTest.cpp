//===- CpuFeaturesTest.cpp - Features a target's code needs ---------------===//
//
// What the descriptor records for each target (requiredCpuFeatures), and
// that every name of model_abi.h's feature table is a feature LLVM knows for
// its architecture (a misspelt one would never be recorded).
//
//===----------------------------------------------------------------------===//

#include "hardwood/Targets/CodeGen.h"
#include "hardwood/model_abi.h"

#include "llvm/MC/MCSubtargetInfo.h"

#include <gtest/gtest.h>

using namespace hardwood;

namespace {

constexpr uint64_t bit(unsigned b) { return uint64_t{1} << b; }

constexpr uint64_t kV3 = bit(HW_CPU_AVX) | bit(HW_CPU_AVX2) | bit(HW_CPU_BMI) |
                         bit(HW_CPU_BMI2) | bit(HW_CPU_F16C) | bit(HW_CPU_FMA) |
                         bit(HW_CPU_LZCNT) | bit(HW_CPU_MOVBE) |
                         bit(HW_CPU_XSAVE);
constexpr uint64_t kV2 = bit(HW_CPU_SSE3) | bit(HW_CPU_SSSE3) |
                         bit(HW_CPU_SSE4_1) | bit(HW_CPU_SSE4_2) |
                         bit(HW_CPU_POPCNT) | bit(HW_CPU_CX16) |
                         bit(HW_CPU_SAHF);
constexpr uint64_t kAvx512 = bit(HW_CPU_AVX512F) | bit(HW_CPU_AVX512BW) |
                             bit(HW_CPU_AVX512CD) | bit(HW_CPU_AVX512DQ) |
                             bit(HW_CPU_AVX512VL);

uint64_t featuresOf(const char *name) {
  llvm::Expected<TargetDescription> target = lookupTarget(name);
  EXPECT_TRUE(static_cast<bool>(target)) << toString(target.takeError());
  auto tm = createTargetMachine(*target);
  EXPECT_TRUE(static_cast<bool>(tm)) << toString(tm.takeError());
  return requiredCpuFeatures(**tm);
}

TEST(CpuFeaturesTest, PerTarget) {
  EXPECT_EQ(featuresOf("generic"), 0u) << "baseline x86-64 needs nothing";
  EXPECT_EQ(featuresOf("x86-64-v3"), kV2 | kV3)
      << cpuFeatureNames(featuresOf("x86-64-v3"));
  EXPECT_EQ(featuresOf("x86-64-v4"), kV2 | kV3 | kAvx512)
      << cpuFeatureNames(featuresOf("x86-64-v4"));
  EXPECT_EQ(featuresOf("aarch64"), bit(HW_CPU_NEON))
      << cpuFeatureNames(featuresOf("aarch64"));
}

TEST(CpuFeaturesTest, NativeRecordsWhatItCompiledWith) {
  uint64_t native = featuresOf("native");
#if defined(__x86_64__)
  EXPECT_TRUE(native & bit(HW_CPU_SSE3)) << cpuFeatureNames(native);
  EXPECT_FALSE(native & bit(HW_CPU_NEON));
#endif
  (void)native;
}

TEST(CpuFeaturesTest, Names) {
  EXPECT_EQ(cpuFeatureNames(0), "");
  EXPECT_EQ(cpuFeatureNames(bit(HW_CPU_AVX2) | bit(HW_CPU_SSE3)), "sse3,avx2");
}

/// Every table row names a feature LLVM's subtarget for its arch knows.
TEST(CpuFeaturesTest, TableNamesAreLLVMFeatures) {
  auto known = [](const char *targetName, llvm::StringRef feature) {
    auto target = lookupTarget(targetName);
    auto tm = createTargetMachine(*target);
    for (const llvm::SubtargetFeatureKV &kv :
         (*tm)->getMCSubtargetInfo()->getAllProcessorFeatures())
      if (feature == kv.Key)
        return true;
    return false;
  };
#define HW_CPU_CHECK_X86_64_(name) EXPECT_TRUE(known("generic", name)) << name;
#define HW_CPU_CHECK_AARCH64_(name) EXPECT_TRUE(known("aarch64", name)) << name;
#define HW_CPU_CHECK_(id, bit, name, arch) HW_CPU_CHECK_##arch##_(name)
  HW_CPU_FEATURE_TABLE(HW_CPU_CHECK_)
#undef HW_CPU_CHECK_
#undef HW_CPU_CHECK_AARCH64_
#undef HW_CPU_CHECK_X86_64_
}

} // namespace
