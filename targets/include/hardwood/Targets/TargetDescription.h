//===- TargetDescription.h - What Hardwood knows of a CPU -------*- C++ -*-===//
//
// A target is data: triple, CPU, features, the facts the code generator
// asks about (vector width, gathers, permutes, masking) and the cost-model
// constants the schedule selector reads. Adding a target is adding one
// entry to TargetDescription.cpp. The compiler driver turns a description
// into the IR's #hardwood.target; this library knows nothing of the dialect.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_TARGETS_TARGETDESCRIPTION_H
#define HARDWOOD_TARGETS_TARGETDESCRIPTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace hardwood {

struct TargetDescription {
  std::string name;     ///< As given on the command line.
  std::string triple;   ///< LLVM target triple.
  std::string cpu;      ///< LLVM CPU name.
  std::string features; ///< LLVM feature string, e.g. "+avx2,+fma".
  unsigned vectorBits = 128;
  bool hasGather = false;
  /// Whether a register's lanes can be selected by a vector of indices
  /// (AVX2 vpermps/vpermd, AVX-512 vpermi2ps, NEON tbl).
  bool hasPermute = false;
  bool hasMasking = false;
  /// Whether code for this target runs on the host without an emulator.
  bool runsOnHost = false;
  /// Whether 512-bit vectors are preferred over 256-bit ones in loops LLVM
  /// vectorises itself (LLVM's x86-64-v4 tuning prefers 256 otherwise).
  bool prefer512 = false;

  // Cost-model constants (see docs/design.md, "Schedules").
  /// Independent scalar walks needed in flight to cover a node load's
  /// latency with the core's load ports.
  unsigned scalarInterleave = 4;
  /// Vectors of rows walked in lockstep: a gather's latency is several
  /// times its throughput, so one vector alone leaves the core idle.
  unsigned vectorInterleave = 4;
  /// Most rows per block of the tree-outer loop: enough to reuse each
  /// tree's nodes from cache, few enough that the block's inputs and raw
  /// scores stay in L1/L2.
  unsigned maxBlockRows = 128;
  /// Per-core data cache sizes in bytes.
  unsigned l1Bytes = 32 * 1024;
  unsigned l2Bytes = 512 * 1024;
};

/// Names accepted by --target, in the order --help lists them.
std::vector<std::string> knownTargetNames();

/// Resolves a target name ("native" reads the host CPU and its features
/// once). Unknown names are an error that lists the known ones.
llvm::Expected<TargetDescription> lookupTarget(llvm::StringRef name);

} // namespace hardwood

#endif // HARDWOOD_TARGETS_TARGETDESCRIPTION_H
