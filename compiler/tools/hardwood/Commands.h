//===- Commands.h - hardwood subcommands ------------------------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_COMMANDS_H
#define HARDWOOD_TOOLS_HARDWOOD_COMMANDS_H

#include "hardwood/model_abi.h"

#include <optional>

namespace hardwood {
/// Creates the subcommands' options (before command-line parsing).
void registerCommands();
/// Runs the subcommand the user chose; returns the exit status.
int runSelectedCommand();

int runCompile();
struct CompileOptions;
/// hardwood compile --tune: measures the candidate schedules and compiles
/// the fastest to `options`' output (TuneCommand.cpp); returns the exit
/// status.
int runTunedCompile(const CompileOptions &options, bool progress);
int runPredict();
int runBench();
int runInspect();
int runTargets();

/// --mcpu=help and --mattr=help: prints the CPUs or features of the
/// selected triple and returns the exit status; nullopt when not asked.
std::optional<int> printTargetHelpIfAsked();
} // namespace hardwood

#endif
