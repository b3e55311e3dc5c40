//===- CpuCatalog.cpp - What LLVM knows of CPUs and features --------------===//
//
// MCSubtargetInfo holds the tables llc's -mcpu/-mattr read: the processors
// and features of a target and the feature bits each processor implies.
// Names are checked against those tables before a subtarget is created with
// them, because MCSubtargetInfo itself only warns about an unknown name (on
// stderr) and then ignores it.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Targets/CpuCatalog.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

#include <algorithm>
#include <memory>

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

void hardwood::initializeLLVMTargets() {
  static const bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
}

std::string hardwood::canonicalTriple(llvm::StringRef triple) {
  if (!triple.empty())
    return llvm::Triple::normalize(triple);
  llvm::Triple host(llvm::sys::getProcessTriple());
  // The spelling the built-in targets use, whatever vendor the host's LLVM
  // was configured with: the same command gives the same bytes everywhere.
  if (host.isX86() && host.isArch64Bit())
    return "x86_64-unknown-linux-gnu";
  if (host.isAArch64())
    return "aarch64-unknown-linux-gnu";
  return host.str();
}

std::vector<std::string> hardwood::listedTriples() {
  return {"x86_64-unknown-linux-gnu", "aarch64-unknown-linux-gnu"};
}

/// A subtarget of `triple` with LLVM's default CPU, to read the tables.
static llvm::Expected<std::unique_ptr<llvm::MCSubtargetInfo>>
tableSubtarget(llvm::StringRef triple, llvm::StringRef cpu = "",
               llvm::StringRef features = "") {
  initializeLLVMTargets();
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple.str(), error);
  if (!target)
    return makeError("unknown target triple '" + triple + "': " + error);
  std::unique_ptr<llvm::MCSubtargetInfo> sti(
      target->createMCSubtargetInfo(triple.str(), cpu, features));
  if (!sti)
    return makeError("LLVM has no subtarget information for " + triple);
  return std::move(sti);
}

llvm::Expected<std::vector<std::string>>
hardwood::listCpuNames(llvm::StringRef triple) {
  auto sti = tableSubtarget(triple);
  if (!sti)
    return sti.takeError();
  std::vector<std::string> names;
  for (const llvm::SubtargetSubTypeKV &cpu :
       (*sti)->getAllProcessorDescriptions())
    names.push_back(cpu.Key);
  llvm::sort(names);
  return names;
}

llvm::Expected<std::vector<CpuFeatureInfo>>
hardwood::listCpuFeatures(llvm::StringRef triple) {
  auto sti = tableSubtarget(triple);
  if (!sti)
    return sti.takeError();
  std::vector<CpuFeatureInfo> features;
  for (const llvm::SubtargetFeatureKV &feature :
       (*sti)->getAllProcessorFeatures())
    features.push_back({feature.Key, feature.Desc});
  llvm::sort(features, [](const CpuFeatureInfo &a, const CpuFeatureInfo &b) {
    return a.name < b.name;
  });
  return features;
}

std::vector<std::string>
hardwood::closestNames(llvm::StringRef name,
                       llvm::ArrayRef<std::string> candidates, unsigned limit) {
  unsigned maxDistance = std::max<unsigned>(2, name.size() / 3);
  std::vector<std::pair<unsigned, std::string>> scored;
  for (const std::string &candidate : candidates) {
    unsigned distance = name.edit_distance(
        candidate, /*AllowReplacements=*/true, maxDistance + 1);
    // "neoverse" should list neoverse-n1, -v1...: a prefix is close.
    if (!name.empty() && llvm::StringRef(candidate).starts_with(name))
      distance = std::min(distance, 1u);
    if (distance <= maxDistance)
      scored.emplace_back(distance, candidate);
  }
  llvm::sort(scored);
  std::vector<std::string> names;
  for (auto &[distance, candidate] : scored) {
    if (names.size() == limit)
      break;
    names.push_back(candidate);
  }
  return names;
}

static std::string didYouMean(llvm::ArrayRef<std::string> close) {
  if (close.empty())
    return "";
  return "; did you mean " + llvm::join(close, ", ") + "?";
}

static std::string archName(llvm::StringRef triple) {
  return llvm::Triple(triple).getArchName().str();
}

/// The error for a CPU `triple` does not know; names the other listed
/// architecture when the CPU is one of its.
static llvm::Error unknownCpu(llvm::StringRef triple, llvm::StringRef cpu,
                              llvm::ArrayRef<std::string> known) {
  std::string message = "unknown CPU '" + cpu.str() + "' for " +
                        archName(triple) + didYouMean(closestNames(cpu, known));
  for (const std::string &other : listedTriples()) {
    if (archName(other) == archName(triple))
      continue;
    auto otherCpus = listCpuNames(other);
    if (!otherCpus) {
      llvm::consumeError(otherCpus.takeError());
      continue;
    }
    if (llvm::is_contained(*otherCpus, cpu)) {
      message += " ('" + cpu.str() + "' is an " + archName(other) +
                 " CPU: add --mtriple=" + other + ")";
      break;
    }
  }
  return makeError(message + " (--mcpu=help lists the CPUs)");
}

llvm::Error hardwood::checkCpuAndFeatures(llvm::StringRef triple,
                                          llvm::StringRef cpu,
                                          llvm::StringRef featureString) {
  auto tables = tableSubtarget(triple);
  if (!tables)
    return tables.takeError();
  if (!cpu.empty() && !(*tables)->isCPUStringValid(cpu)) {
    auto known = listCpuNames(triple);
    if (!known)
      return known.takeError();
    return unknownCpu(triple, cpu, *known);
  }
  llvm::SmallVector<llvm::StringRef> requested;
  featureString.split(requested, ',', -1, /*KeepEmpty=*/false);
  std::vector<std::string> knownFeatures;
  for (const llvm::SubtargetFeatureKV &feature :
       (*tables)->getAllProcessorFeatures())
    knownFeatures.push_back(feature.Key);
  for (llvm::StringRef entry : requested) {
    entry = entry.trim();
    if (!entry.starts_with("+") && !entry.starts_with("-"))
      return makeError("--mattr: '" + entry +
                       "' must start with + (enable) or - (disable)");
    llvm::StringRef name = entry.drop_front();
    if (!llvm::is_contained(knownFeatures, name))
      return makeError("--mattr: unknown feature '" + name + "' for " +
                       archName(triple) +
                       didYouMean(closestNames(name, knownFeatures)) +
                       " (--mattr=help lists the features)");
  }
  return llvm::Error::success();
}

llvm::Expected<std::vector<std::string>>
hardwood::enabledCpuFeatures(llvm::StringRef triple, llvm::StringRef cpu,
                             llvm::StringRef featureString) {
  auto sti = tableSubtarget(triple, cpu, featureString);
  if (!sti)
    return sti.takeError();
  std::vector<std::string> enabled;
  for (const llvm::SubtargetFeatureKV &feature :
       (*sti)->getAllProcessorFeatures())
    if ((*sti)->getFeatureBits().test(feature.Value))
      enabled.push_back(feature.Key);
  llvm::sort(enabled);
  return enabled;
}

llvm::Expected<std::vector<std::string>>
hardwood::resolveCpuFeatures(llvm::StringRef triple, llvm::StringRef cpu,
                             llvm::StringRef featureString) {
  if (llvm::Error error = checkCpuAndFeatures(triple, cpu, featureString))
    return std::move(error);
  return enabledCpuFeatures(triple, cpu, featureString);
}

// The NEON walk (passes/lib/NeonRegisterTopWalk.cpp) is bound by the
// vector pipes: llvm-mca on the 100 x depth-6 XGBoost model's tile loop
// gives, per row and tree, 15.1 cycles with 4 vectors in flight and 17.3
// with 8 on neoverse-n1 and neoverse-n2 (2 ASIMD pipes), but 9.6 against
// 8.6 on neoverse-v1 (4 pipes): the wide cores keep 8 vectors in flight.
// Caches: the cores' technical reference manuals (per core L1D and L2; the
// L2 size is the largest common configuration).
std::optional<CoreFacts> hardwood::knownCoreFacts(llvm::StringRef triple,
                                                  llvm::StringRef cpu) {
  if (!llvm::Triple(triple).isAArch64())
    return std::nullopt;
  struct Entry {
    const char *cpu;
    CoreFacts facts;
  };
  static const Entry kCores[] = {
      {"neoverse-n1", {4, 64 * 1024, 1024 * 1024}},
      {"neoverse-n2", {4, 64 * 1024, 1024 * 1024}},
      {"neoverse-v1", {8, 64 * 1024, 1024 * 1024}},
      {"neoverse-v2", {8, 64 * 1024, 2048 * 1024}},
      {"cortex-a72", {4, 32 * 1024, 1024 * 1024}},
  };
  for (const Entry &entry : kCores)
    if (cpu == entry.cpu)
      return entry.facts;
  return std::nullopt;
}
