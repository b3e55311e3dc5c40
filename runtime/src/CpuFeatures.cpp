// Host CPU feature detection (CPUID and XGETBV on x86-64, the kernel's
// hardware capabilities on AArch64) and the check hw_model_load makes, so
// that a library compiled for a newer CPU is refused with a message instead
// of dying with SIGILL at its first prediction.
#include "CpuFeatures.h"
#include "Error.h"

#include <cstdlib>
#include <cstring>
#include <string>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#elif defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#endif

namespace hardwood::runtime {
namespace {

/// The testing hook: features named here are treated as absent.
constexpr const char *kDisableVariable = "HARDWOOD_TEST_DISABLE_CPU_FEATURES";

struct FeatureRow {
  const char *name;
  uint32_t bit;
};

constexpr FeatureRow kFeatures[] = {
#define HW_CPU_ROW_(id, bit, name, arch) {name, bit},
    HW_CPU_FEATURE_TABLE(HW_CPU_ROW_)
#undef HW_CPU_ROW_
};

#define HW_CPU_BIT_CHECK_(id, bit, name, arch)                                 \
  static_assert(bit < 64, "CPU feature bits must fit hw_model_descriptor's "   \
                          "uint64_t cpu_features");
HW_CPU_FEATURE_TABLE(HW_CPU_BIT_CHECK_)
#undef HW_CPU_BIT_CHECK_

constexpr uint64_t bitMask(uint32_t bit) { return uint64_t{1} << bit; }

#if defined(__x86_64__) || defined(__i386__)
uint64_t detectHostFeatures() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  uint64_t found = 0;
  auto set = [&](uint32_t bit, bool present) {
    if (present)
      found |= bitMask(bit);
  };
  auto has = [](unsigned reg, unsigned bit) { return (reg >> bit) & 1u; };
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx))
    return 0;
  // AVX and AVX-512 instructions fault unless the OS saves their registers
  // on context switches: XCR0 must enable the YMM (and opmask/ZMM) state.
  uint64_t xcr0 = 0;
  if (has(ecx, 27)) { // OSXSAVE
    unsigned lo = 0, hi = 0;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    xcr0 = (uint64_t{hi} << 32) | lo;
  }
  bool avxState = (xcr0 & 0x6) == 0x6;
  bool avx512State = avxState && (xcr0 & 0xe0) == 0xe0;
  set(HW_CPU_SSE3, has(ecx, 0));
  set(HW_CPU_PCLMUL, has(ecx, 1));
  set(HW_CPU_SSSE3, has(ecx, 9));
  set(HW_CPU_FMA, has(ecx, 12) && avxState);
  set(HW_CPU_CX16, has(ecx, 13));
  set(HW_CPU_SSE4_1, has(ecx, 19));
  set(HW_CPU_SSE4_2, has(ecx, 20));
  set(HW_CPU_MOVBE, has(ecx, 22));
  set(HW_CPU_POPCNT, has(ecx, 23));
  set(HW_CPU_AES, has(ecx, 25));
  set(HW_CPU_XSAVE, has(ecx, 26));
  set(HW_CPU_AVX, has(ecx, 28) && avxState);
  set(HW_CPU_F16C, has(ecx, 29) && avxState);
  set(HW_CPU_RDRND, has(ecx, 30));
  if (__get_cpuid_max(0, nullptr) >= 7) {
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    unsigned maxSubleaf = eax;
    set(HW_CPU_BMI, has(ebx, 3));
    set(HW_CPU_AVX2, has(ebx, 5) && avxState);
    set(HW_CPU_BMI2, has(ebx, 8));
    set(HW_CPU_AVX512F, has(ebx, 16) && avx512State);
    set(HW_CPU_AVX512DQ, has(ebx, 17) && avx512State);
    set(HW_CPU_RDSEED, has(ebx, 18));
    set(HW_CPU_ADX, has(ebx, 19));
    set(HW_CPU_AVX512IFMA, has(ebx, 21) && avx512State);
    set(HW_CPU_AVX512CD, has(ebx, 28) && avx512State);
    set(HW_CPU_SHA, has(ebx, 29));
    set(HW_CPU_AVX512BW, has(ebx, 30) && avx512State);
    set(HW_CPU_AVX512VL, has(ebx, 31) && avx512State);
    set(HW_CPU_AVX512VBMI, has(ecx, 1) && avx512State);
    set(HW_CPU_AVX512VBMI2, has(ecx, 6) && avx512State);
    set(HW_CPU_GFNI, has(ecx, 8));
    set(HW_CPU_VAES, has(ecx, 9) && avxState);
    set(HW_CPU_VPCLMULQDQ, has(ecx, 10) && avxState);
    set(HW_CPU_AVX512VNNI, has(ecx, 11) && avx512State);
    set(HW_CPU_AVX512BITALG, has(ecx, 12) && avx512State);
    set(HW_CPU_AVX512VPOPCNTDQ, has(ecx, 14) && avx512State);
    set(HW_CPU_AVX512FP16, has(edx, 23) && avx512State);
    if (maxSubleaf >= 1) {
      __cpuid_count(7, 1, eax, ebx, ecx, edx);
      set(HW_CPU_AVXVNNI, has(eax, 4) && avxState);
      set(HW_CPU_AVX512BF16, has(eax, 5) && avx512State);
    }
  }
  if (__get_cpuid(0x80000001, &eax, &ebx, &ecx, &edx)) {
    set(HW_CPU_SAHF, has(ecx, 0));
    set(HW_CPU_LZCNT, has(ecx, 5));
  }
  return found;
}
#elif defined(__aarch64__) && defined(__linux__)
uint64_t detectHostFeatures() {
  // Bits of <asm/hwcap.h>, spelled out so older headers need not have them.
  constexpr unsigned long kHwcapAsimd = 1ul << 1;
  constexpr unsigned long kHwcapAsimdHp = 1ul << 10;
  constexpr unsigned long kHwcapAsimdDp = 1ul << 20;
  constexpr unsigned long kHwcapSve = 1ul << 22;
  constexpr unsigned long kHwcap2Sve2 = 1ul << 1;
  unsigned long hwcap = getauxval(AT_HWCAP);
  unsigned long hwcap2 = getauxval(AT_HWCAP2);
  uint64_t found = 0;
  if (hwcap & kHwcapAsimd)
    found |= bitMask(HW_CPU_NEON);
  if (hwcap & kHwcapAsimdHp)
    found |= bitMask(HW_CPU_FULLFP16);
  if (hwcap & kHwcapAsimdDp)
    found |= bitMask(HW_CPU_DOTPROD);
  if (hwcap & kHwcapSve)
    found |= bitMask(HW_CPU_SVE);
  if (hwcap2 & kHwcap2Sve2)
    found |= bitMask(HW_CPU_SVE2);
  return found;
}
#else
// Unknown architecture: no table feature is known present, so only models
// that need none of them load.
uint64_t detectHostFeatures() { return 0; }
#endif

/// Bits of the features HARDWOOD_TEST_DISABLE_CPU_FEATURES names.
hw_status disabledFeatures(uint64_t *out) {
  *out = 0;
  const char *value = std::getenv(kDisableVariable);
  if (!value)
    return HW_OK;
  std::string list(value);
  size_t begin = 0;
  while (begin <= list.size()) {
    size_t end = list.find(',', begin);
    if (end == std::string::npos)
      end = list.size();
    std::string name = list.substr(begin, end - begin);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (!name.empty()) {
      bool known = false;
      for (const FeatureRow &row : kFeatures)
        if (name == row.name) {
          *out |= bitMask(row.bit);
          known = true;
        }
      if (!known)
        return setError(HW_ERR_INVALID_ARGUMENT,
                        "%s names '%s', which is not a CPU feature Hardwood "
                        "knows",
                        kDisableVariable, name.c_str());
    }
    begin = end + 1;
  }
  return HW_OK;
}

} // namespace

const char *cpuFeatureName(uint32_t bit) {
  for (const FeatureRow &row : kFeatures)
    if (row.bit == bit)
      return row.name;
  return nullptr;
}

hw_status hostCpuFeatures(uint64_t *out) {
  static const uint64_t detected = detectHostFeatures();
  uint64_t disabled = 0;
  if (hw_status status = disabledFeatures(&disabled); status != HW_OK)
    return status;
  *out = detected & ~disabled;
  return HW_OK;
}

hw_status checkHostHasCpuFeatures(const hw_model_descriptor &desc) {
  if (desc.cpu_features == 0)
    return HW_OK;
  uint64_t host = 0;
  if (hw_status status = hostCpuFeatures(&host); status != HW_OK)
    return status;
  uint64_t missing = desc.cpu_features & ~host;
  if (missing == 0)
    return HW_OK;
  std::string names;
  for (uint32_t bit = 0; bit < 64; ++bit) {
    if (!(missing & bitMask(bit)))
      continue;
    if (!names.empty())
      names += ", ";
    // A bit this runtime does not know (a newer compiler's) cannot be
    // checked, so it counts as missing.
    const char *name = cpuFeatureName(bit);
    names += name ? name : "unknown feature bit " + std::to_string(bit);
  }
  return setError(HW_ERR_UNSUPPORTED_CPU,
                  "model '%s' was compiled for target '%s' and needs CPU "
                  "features this host lacks: %s",
                  desc.name ? desc.name : "", desc.target ? desc.target : "",
                  names.c_str());
}

} // namespace hardwood::runtime
