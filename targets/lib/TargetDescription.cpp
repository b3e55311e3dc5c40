//===- TargetDescription.cpp - The targets Hardwood compiles for ----------===//

#include "hardwood/Targets/TargetDescription.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <unistd.h>

using namespace hardwood;

static TargetDescription x86(std::string name, std::string cpu,
                             std::string features, unsigned vectorBits,
                             bool gather, bool permute, bool masking) {
  TargetDescription target;
  target.name = std::move(name);
  target.triple = "x86_64-unknown-linux-gnu";
  target.cpu = std::move(cpu);
  target.features = std::move(features);
  target.vectorBits = vectorBits;
  target.hasGather = gather;
  target.hasPermute = permute;
  target.hasMasking = masking;
  target.runsOnHost = llvm::Triple(llvm::sys::getProcessTriple()).isX86();
  return target;
}

std::vector<std::string> hardwood::knownTargetNames() {
  return {"native", "generic", "x86-64-v3", "x86-64-v4", "aarch64"};
}

/// The host's CPU and the features it reports, in a fixed (sorted) order so
/// the same machine always produces the same code.
static TargetDescription hostTarget() {
  TargetDescription target;
  target.name = "native";
  target.triple = llvm::sys::getProcessTriple();
  target.cpu = llvm::sys::getHostCPUName().str();
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> enabled;
  for (const auto &feature : features)
    enabled.push_back((feature.second ? "+" : "-") + feature.first().str());
  llvm::sort(enabled);
  target.features = llvm::join(enabled, ",");
  bool avx512 = features.lookup("avx512f");
  bool avx2 = features.lookup("avx2");
  target.vectorBits = avx512 ? 512 : avx2 ? 256 : 128;
  target.hasGather = avx2 || avx512 || features.lookup("sve");
  target.hasPermute = avx2 || avx512 || features.lookup("neon");
  target.hasMasking = avx512 || features.lookup("sve");
  // The host's own cache sizes where the C library reports them.
  if (long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE); l1 > 0)
    target.l1Bytes = static_cast<unsigned>(l1);
  if (long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE); l2 > 0)
    target.l2Bytes = static_cast<unsigned>(l2);
  target.runsOnHost = true;
  // Zen 4 and later run 512-bit ops without a frequency penalty.
  target.prefer512 = avx512 && llvm::StringRef(target.cpu).starts_with("znver");
  return target;
}

llvm::Expected<TargetDescription> hardwood::lookupTarget(llvm::StringRef name) {
  if (name == "native")
    return hostTarget();
  if (name == "generic")
    return x86("generic", "x86-64", "", 128, /*gather=*/false,
               /*permute=*/false, /*masking=*/false);
  if (name == "x86-64-v3")
    // LLVM's generic v3 tuning scalarises gathers (slow on Haswell); every
    // CPU still sold with AVX2 gathers fast enough for tree walks, so ask
    // for the hardware instruction.
    return x86("x86-64-v3", "x86-64-v3", "+fast-gather", 256, /*gather=*/true,
               /*permute=*/true, /*masking=*/false);
  if (name == "x86-64-v4") {
    TargetDescription target =
        x86("x86-64-v4", "x86-64-v4", "", 512, /*gather=*/true,
            /*permute=*/true, /*masking=*/true);
    target.prefer512 = true;
    target.l2Bytes = 1024 * 1024;
    return target;
  }
  if (name == "aarch64") {
    TargetDescription target;
    target.name = "aarch64";
    target.triple = "aarch64-unknown-linux-gnu";
    target.cpu = "generic";
    target.features = "+neon";
    target.vectorBits = 128;
    target.hasPermute = true; // NEON tbl
    target.l1Bytes = 64 * 1024;
    target.l2Bytes = 1024 * 1024;
    target.runsOnHost = llvm::Triple(llvm::sys::getProcessTriple()).isAArch64();
    return target;
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "unknown target '" + name.str() +
          "'; expected one of: " + llvm::join(knownTargetNames(), ", "));
}
