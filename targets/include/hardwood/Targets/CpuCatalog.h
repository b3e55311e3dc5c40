//===- CpuCatalog.h - What LLVM knows of CPUs and features ------*- C++ -*-===//
//
// The CPUs and features LLVM's TargetRegistry knows for a triple: to
// validate --mcpu/--mattr, list them (--mcpu=help, `hardwood targets`) and
// compute the feature set a CPU implies, from which targets/ derives its
// vector facts. No dialect, no TargetMachine.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TARGETS_CPUCATALOG_H
#define HARDWOOD_TARGETS_CPUCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace hardwood {

/// Registers every target LLVM was built with (once per process).
void initializeLLVMTargets();

struct CpuFeatureInfo {
  std::string name;
  std::string description;
};

/// The CPU names LLVM accepts for `triple`, sorted.
llvm::Expected<std::vector<std::string>> listCpuNames(llvm::StringRef triple);

/// The features LLVM knows for `triple` (ISA and tuning), sorted by name.
llvm::Expected<std::vector<CpuFeatureInfo>>
listCpuFeatures(llvm::StringRef triple);

/// Checks `cpu` and every name of `featureString` ("+f1,-f2") against
/// `triple`'s tables; unknown names are an error listing the closest known
/// ones.
llvm::Error checkCpuAndFeatures(llvm::StringRef triple, llvm::StringRef cpu,
                                llvm::StringRef featureString);

/// The features `cpu` and `featureString` enable on `triple`, sorted
/// (names already checked, or the host's own).
llvm::Expected<std::vector<std::string>>
enabledCpuFeatures(llvm::StringRef triple, llvm::StringRef cpu,
                   llvm::StringRef featureString);

/// checkCpuAndFeatures, then enabledCpuFeatures.
llvm::Expected<std::vector<std::string>>
resolveCpuFeatures(llvm::StringRef triple, llvm::StringRef cpu,
                   llvm::StringRef featureString);

/// Up to `limit` of `candidates` closest to `name` by edit distance (at
/// most a third of the name's length, and at least 2, apart), nearest
/// first; names that `name` is a prefix of count as close.
std::vector<std::string> closestNames(llvm::StringRef name,
                                      llvm::ArrayRef<std::string> candidates,
                                      unsigned limit = 5);

/// The triple Hardwood uses for `triple` as given on the command line
/// (normalised; empty: the host's architecture on Linux).
std::string canonicalTriple(llvm::StringRef triple);

/// Facts about a CPU's core that LLVM's tables do not give the schedule
/// selector: how many vectors of rows a vector walk keeps in flight and
/// the data cache sizes. Known for the AArch64 cores we target
/// (Neoverse N1/N2/V1/V2, Cortex-A72); std::nullopt for others.
struct CoreFacts {
  unsigned vectorInterleave;
  unsigned l1Bytes, l2Bytes;
};
std::optional<CoreFacts> knownCoreFacts(llvm::StringRef triple,
                                        llvm::StringRef cpu);

/// The architectures `hardwood targets` lists CPUs for.
std::vector<std::string> listedTriples();

} // namespace hardwood

#endif // HARDWOOD_TARGETS_CPUCATALOG_H
