//===- TargetDescription.h - What Hardwood knows of a CPU -------*- C++ -*-===//
//
// A target is data: triple, CPU, features and the facts the code generator
// asks about (vector width, gathers, masking). Adding a target is adding one
// entry to TargetDescription.cpp.
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
  bool hasMasking = false;
  /// Whether code for this target runs on the host without an emulator.
  bool runsOnHost = false;
  /// Whether 512-bit vectors are preferred over 256-bit ones in loops LLVM
  /// vectorises itself (LLVM's x86-64-v4 tuning prefers 256 otherwise).
  bool prefer512 = false;
};

/// Names accepted by --target, in the order --help lists them.
std::vector<std::string> knownTargetNames();

/// Resolves a target name ("native" reads the host CPU and its features
/// once). Unknown names are an error that lists the known ones.
llvm::Expected<TargetDescription> lookupTarget(llvm::StringRef name);

} // namespace hardwood

#endif // HARDWOOD_TARGETS_TARGETDESCRIPTION_H
