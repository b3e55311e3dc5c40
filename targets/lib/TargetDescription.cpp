//===- TargetDescription.cpp - The targets Hardwood compiles for ----------===//

#include "hardwood/Targets/TargetDescription.h"
#include "hardwood/Targets/CpuCatalog.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <unistd.h>

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

bool TargetDescription::hasFeature(llvm::StringRef feature) const {
  return std::binary_search(enabledFeatures.begin(), enabledFeatures.end(),
                            feature.str());
}

namespace {
/// What an alias stands for.
struct AliasEntry {
  const char *name, *triple, *cpu, *features, *summary;
};
} // namespace

// LLVM's generic x86-64-v3 tuning scalarises gathers (slow on Haswell);
// every CPU still sold with AVX2 gathers fast enough for tree walks, so the
// AVX2 rule in deriveVectorFacts asks for the hardware instruction.
static const AliasEntry kAliases[] = {
    {"generic", "x86_64-unknown-linux-gnu", "x86-64", "",
     "x86-64 baseline (SSE2), any x86-64 CPU"},
    {"x86-64-v3", "x86_64-unknown-linux-gnu", "x86-64-v3", "",
     "AVX2, FMA, BMI2 (Haswell, Zen 1 and later)"},
    {"x86-64-v4", "x86_64-unknown-linux-gnu", "x86-64-v4", "",
     "AVX-512 F/BW/CD/DQ/VL (Skylake-SP, Zen 4 and later)"},
    {"aarch64", "aarch64-unknown-linux-gnu", "generic", "+neon",
     "AArch64 with NEON"},
};

std::vector<std::string> hardwood::knownTargetNames() {
  std::vector<std::string> names = {"native"};
  for (const AliasEntry &alias : kAliases)
    names.push_back(alias.name);
  return names;
}

std::vector<TargetAlias> hardwood::targetAliases() {
  std::vector<TargetAlias> aliases = {
      {"native", "this CPU (" + llvm::sys::getHostCPUName().str() +
                     ") and the features it reports"}};
  for (const AliasEntry &alias : kAliases)
    aliases.push_back({alias.name, std::string(alias.summary) + ": --mtriple=" +
                                       alias.triple + " --mcpu=" + alias.cpu +
                                       (*alias.features ? " --mattr=" : "") +
                                       alias.features});
  return aliases;
}

/// The host's features as a feature string, in a fixed (sorted) order so the
/// same machine always produces the same code.
static std::string hostFeatureString() {
  llvm::StringMap<bool> features = llvm::sys::getHostCPUFeatures();
  std::vector<std::string> entries;
  for (const auto &feature : features)
    entries.push_back((feature.second ? "+" : "-") + feature.first().str());
  llvm::sort(entries);
  return llvm::join(entries, ",");
}

static bool mentions(llvm::StringRef features, llvm::StringRef name) {
  llvm::SmallVector<llvm::StringRef> entries;
  features.split(entries, ',', -1, /*KeepEmpty=*/false);
  return llvm::any_of(entries, [&](llvm::StringRef entry) {
    return entry.trim().drop_front() == name;
  });
}

/// The vector facts the schedule selector reads, from the resolved features.
static void deriveVectorFacts(TargetDescription &target) {
  llvm::Triple triple(target.triple);
  if (triple.isX86()) {
    bool avx512 = target.hasFeature("avx512f");
    bool avx2 = target.hasFeature("avx2");
    target.vectorBits = avx512 ? 512 : avx2 ? 256 : 128;
    target.hasGather = avx2 || avx512;
    target.hasPermute = avx2 || avx512; // vpermd / vpermi2d
    target.hasMasking = avx512;
    // LLVM marks the CPUs that lose frequency on 512-bit ops (Skylake-SP
    // and its successors) prefer-256-bit; Zen 4 and later are not.
    target.prefer512 = avx512 && !target.hasFeature("prefer-256-bit");
    return;
  }
  if (triple.isAArch64()) {
    // SVE CPUs are recognised (their features are listed and recorded) but
    // the strategies emit fixed-width vectors: NEON, 128 bits, no hardware
    // gather (an SVE gather needs scalable vectors) and no predication.
    target.vectorBits = 128;
    target.hasGather = false;
    target.hasPermute = target.hasFeature("neon"); // tbl
    target.hasMasking = false;
    target.prefer512 = false;
    target.l1Bytes = 64 * 1024;
    target.l2Bytes = 1024 * 1024;
    if (std::optional<CoreFacts> core =
            knownCoreFacts(target.triple, target.cpu)) {
      target.vectorInterleave = core->vectorInterleave;
      target.l1Bytes = core->l1Bytes;
      target.l2Bytes = core->l2Bytes;
    }
    return;
  }
  target.vectorBits = 128;
}

llvm::Expected<TargetDescription>
hardwood::resolveTarget(const TargetSelection &selection) {
  if (!selection.target.empty() && !selection.cpu.empty())
    return makeError(
        "--target and --mcpu both choose the CPU; give one (--mcpu "
        "accepts any CPU LLVM knows, --target its aliases)");
  TargetDescription target;
  std::string cpu = selection.cpu, triple = selection.triple;
  std::string baseFeatures;
  const AliasEntry *alias = nullptr;
  bool native = selection.cpu == "native" ||
                (selection.cpu.empty() &&
                 (selection.target.empty() || selection.target == "native"));
  if (native) {
    target.name = "native";
    cpu = llvm::sys::getHostCPUName().str();
    baseFeatures = hostFeatureString();
    if (!triple.empty() && llvm::Triple(canonicalTriple(triple)).getArch() !=
                               llvm::Triple(canonicalTriple("")).getArch())
      return makeError("native means this CPU (" + cpu +
                       "); --mtriple=" + triple +
                       " is another architecture: choose its CPU "
                       "with --mcpu");
  } else if (!selection.target.empty()) {
    for (const AliasEntry &entry : kAliases)
      if (selection.target == entry.name)
        alias = &entry;
    if (!alias) {
      std::vector<std::string> names = knownTargetNames();
      std::vector<std::string> close = closestNames(selection.target, names);
      return makeError(
          "unknown target '" + selection.target +
          "'; expected one of: " + llvm::join(names, ", ") +
          (close.empty() ? "" : " (did you mean " + close.front() + "?)") +
          "; any CPU LLVM knows is --mcpu=NAME (--mcpu=help lists them)");
    }
    target.name = alias->name;
    cpu = alias->cpu;
    baseFeatures = alias->features;
    if (triple.empty())
      triple = alias->triple;
  } else {
    target.name = selection.cpu;
  }
  target.triple = canonicalTriple(triple);
  target.cpu = cpu;
  if (!selection.features.empty())
    target.name += " " + selection.features;

  // Resolve the user's features first (they are checked against the tables),
  // then the host's or the alias's underneath them.
  if (llvm::Error error =
          checkCpuAndFeatures(target.triple, target.cpu, selection.features))
    return std::move(error);
  std::string features = baseFeatures;
  if (!selection.features.empty())
    features += (features.empty() ? "" : ",") + selection.features;
  auto enabled = enabledCpuFeatures(target.triple, target.cpu, features);
  if (!enabled)
    return enabled.takeError();
  target.enabledFeatures = std::move(*enabled);
  // AVX2 without AVX-512: LLVM only emits hardware gathers with
  // fast-gather, which only some CPUs' tuning sets (see kAliases).
  if (llvm::Triple(target.triple).isX86() && target.hasFeature("avx2") &&
      !target.hasFeature("avx512f") && !mentions(features, "fast-gather")) {
    features = "+fast-gather" + (features.empty() ? "" : "," + features);
    auto withGather = enabledCpuFeatures(target.triple, target.cpu, features);
    if (!withGather)
      return withGather.takeError();
    target.enabledFeatures = std::move(*withGather);
  }
  target.features = features;
  deriveVectorFacts(target);
  target.runsOnHost = llvm::Triple(target.triple).getArch() ==
                      llvm::Triple(llvm::sys::getProcessTriple()).getArch();
  if (alias && llvm::StringRef(alias->name) == "x86-64-v4") {
    // A portable AVX-512 build: 512-bit vectors whatever LLVM's generic
    // (Skylake-SP) tuning prefers, and a server-class L2.
    target.prefer512 = true;
    target.l2Bytes = 1024 * 1024;
  }
  if (native) {
    // The host's own cache sizes where the C library reports them.
    if (long l1 = sysconf(_SC_LEVEL1_DCACHE_SIZE); l1 > 0)
      target.l1Bytes = static_cast<unsigned>(l1);
    if (long l2 = sysconf(_SC_LEVEL2_CACHE_SIZE); l2 > 0)
      target.l2Bytes = static_cast<unsigned>(l2);
  }
  return target;
}

llvm::Expected<TargetDescription> hardwood::lookupTarget(llvm::StringRef name) {
  TargetSelection selection;
  selection.target = name.str();
  return resolveTarget(selection);
}
