//===- Inspect.h - hardwood inspect -----------------------------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_INSPECT_H
#define HARDWOOD_TOOLS_HARDWOOD_INSPECT_H

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace hardwood {

/// Whether `path` is an ELF file (a compiled library), not a model file.
bool isSharedLibrary(llvm::StringRef path);
/// A compiled library's descriptor and build info.
llvm::Expected<llvm::json::Object> describeLibrary(llvm::StringRef path);
/// describeLibrary's object as text.
void printLibrary(llvm::raw_ostream &os, const llvm::json::Object &info);

} // namespace hardwood

#endif
