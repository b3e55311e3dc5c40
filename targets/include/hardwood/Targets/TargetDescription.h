//===- TargetDescription.h - What Hardwood knows of a CPU -------*- C++ -*-===//
//
// A target is data: triple, CPU, features, the facts the code generator
// asks about (vector width, gathers, permutes, masking) and the cost-model
// constants the schedule selector reads. Any CPU LLVM knows is a target
// (--mcpu/--mattr/--mtriple, checked against LLVM's tables); the vector
// facts are derived from the features the CPU implies. The names of
// --target (native, generic, x86-64-v3, ...) are aliases for a triple, CPU
// and features. The compiler driver turns a description into the IR's
// #hardwood.target; this library knows nothing of the dialect.
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
  /// The alias or the CPU as given on the command line (with --mattr, if
  /// any); recorded in the compiled model's descriptor.
  std::string name;
  std::string triple; ///< LLVM target triple.
  /// LLVM CPU name, resolved ("native" becomes the host's CPU): the cost
  /// model may tune by it.
  std::string cpu;
  /// LLVM feature string given to the TargetMachine, e.g. "+fast-gather".
  std::string features;
  /// Every feature the CPU and `features` enable (ISA and tuning, as
  /// LLVM's tables say), sorted: the vector facts below are derived from
  /// it and #hardwood.target carries it.
  std::vector<std::string> enabledFeatures;
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

  bool hasFeature(llvm::StringRef feature) const;
};

/// What the command line asks for: a Hardwood alias (--target) or an LLVM
/// CPU (--mcpu), extra features (--mattr) and the triple (--mtriple). All
/// empty means `native`.
struct TargetSelection {
  std::string target;   ///< --target alias; excludes `cpu`.
  std::string cpu;      ///< --mcpu: any CPU LLVM knows, or "native".
  std::string features; ///< --mattr: "+f1,-f2".
  std::string triple;   ///< --mtriple (default: the alias's, or the host's).
};

/// Resolves a selection: validates the CPU and features against LLVM's
/// tables for the triple (unknown names are an error listing the closest
/// ones) and derives the vector facts from the resolved features.
llvm::Expected<TargetDescription> resolveTarget(const TargetSelection &);

/// One line of `hardwood targets`: an alias and what it stands for.
struct TargetAlias {
  std::string name, summary;
};
std::vector<TargetAlias> targetAliases();

/// Names accepted by --target, in the order --help lists them.
std::vector<std::string> knownTargetNames();

/// Resolves a --target alias ("native" reads the host CPU and its features
/// once). Unknown names are an error that lists the known ones.
llvm::Expected<TargetDescription> lookupTarget(llvm::StringRef name);

} // namespace hardwood

#endif // HARDWOOD_TARGETS_TARGETDESCRIPTION_H
