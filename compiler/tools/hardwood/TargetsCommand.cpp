//===- TargetsCommand.cpp - hardwood targets, --mcpu=help -----------------===//
//
// Lists what --target and --mcpu accept: Hardwood's aliases, then the CPUs
// (and with --mattr=help the features) LLVM's tables hold for a triple.
//
//===----------------------------------------------------------------------===//

#include "Commands.h"
#include "Options.h"

#include "hardwood/Targets/CpuCatalog.h"

#include "llvm/Support/WithColor.h"
#include "llvm/TargetParser/Triple.h"

using namespace llvm;

namespace hardwood {

static int fail(const Twine &message) {
  WithColor::error(errs(), "hardwood") << message << "\n";
  return 1;
}

static void printAliases(raw_ostream &os) {
  os << "Hardwood targets (--target):\n";
  for (const TargetAlias &alias : targetAliases())
    os << format("  %-12s", alias.name.c_str()) << alias.summary << "\n";
}

static int printCpus(raw_ostream &os, StringRef triple) {
  auto cpus = listCpuNames(triple);
  if (!cpus)
    return fail(toString(cpus.takeError()));
  os << "CPUs for " << triple << " (--mcpu):\n";
  for (const std::string &cpu : *cpus)
    os << "  " << cpu << "\n";
  return 0;
}

static int printFeatures(raw_ostream &os, StringRef triple) {
  auto features = listCpuFeatures(triple);
  if (!features)
    return fail(toString(features.takeError()));
  os << "Features for " << triple << " (--mattr=+NAME,-NAME):\n";
  size_t width = 0;
  for (const CpuFeatureInfo &feature : *features)
    width = std::max(width, feature.name.size());
  for (const CpuFeatureInfo &feature : *features)
    os << "  " << left_justify(feature.name, width) << "  "
       << feature.description << "\n";
  return 0;
}

/// The triple --mcpu=help lists: --mtriple's, the alias's, or the host's.
static std::string helpTriple() {
  if (!targetTriple.empty())
    return canonicalTriple(targetTriple);
  if (!targetAlias.empty() && targetAlias != "native") {
    TargetSelection selection;
    selection.target = targetAlias;
    if (auto target = resolveTarget(selection))
      return target->triple;
    else
      consumeError(target.takeError());
  }
  return canonicalTriple("");
}

std::optional<int> printTargetHelpIfAsked() {
  bool cpuHelp = targetCpu == "help", featureHelp = targetFeatures == "help";
  if (!cpuHelp && !featureHelp)
    return std::nullopt;
  std::string triple = helpTriple();
  if (cpuHelp) {
    printAliases(outs());
    outs() << "\n";
    if (int status = printCpus(outs(), triple))
      return status;
  }
  if (featureHelp) {
    if (cpuHelp)
      outs() << "\n";
    if (int status = printFeatures(outs(), triple))
      return status;
  }
  return 0;
}

int runTargets() {
  printAliases(outs());
  std::vector<std::string> triples = listedTriples();
  if (!targetTriple.empty())
    triples = {canonicalTriple(targetTriple)};
  for (const std::string &triple : triples) {
    outs() << "\n";
    if (int status = printCpus(outs(), triple))
      return status;
  }
  return 0;
}

} // namespace hardwood
