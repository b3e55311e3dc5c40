//===- Commands.h - hardwood subcommands ------------------------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_COMMANDS_H
#define HARDWOOD_TOOLS_HARDWOOD_COMMANDS_H

#include "hardwood/model_abi.h"

namespace hardwood {
/// Creates the subcommands' options (before command-line parsing).
void registerCommands();
/// Runs the subcommand the user chose; returns the exit status.
int runSelectedCommand();

int runCompile();
int runPredict();
int runBench();
int runInspect();
} // namespace hardwood

#endif
