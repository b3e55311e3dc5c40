//===- LoadedModel.h - A compiled model ready to predict --------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_LOADEDMODEL_H
#define HARDWOOD_TOOLS_HARDWOOD_LOADEDMODEL_H

#include "hardwood/hardwood.h"

#include "llvm/Support/Error.h"

#include <string>

namespace hardwood {

/// Owns a hw_model and, when the input was a model file, the temporary
/// shared library it was compiled to.
class LoadedModel {
public:
  /// A `.so` is loaded as is; any other file is compiled for `target` first.
  static llvm::Expected<LoadedModel> open(const std::string &path,
                                          const std::string &target);
  LoadedModel(LoadedModel &&other) noexcept;
  ~LoadedModel();
  hw_model *get() const { return model; }
  /// Default kind: proba for classifiers that have it, predict otherwise.
  hw_kind defaultKind() const;
  /// The kind a --kind value names, or the default kind when it is empty.
  llvm::Expected<hw_kind> resolveKind(const std::string &text) const;

private:
  LoadedModel() = default;
  hw_model *model = nullptr;
  std::string temporaryLibrary;
};

/// Parses a --kind value.
llvm::Expected<hw_kind> parseKind(const std::string &text);

} // namespace hardwood

#endif
