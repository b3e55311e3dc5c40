//===- LoadedModel.h - A compiled model ready to predict --------*- C++ -*-===//

#ifndef HARDWOOD_TOOLS_HARDWOOD_LOADEDMODEL_H
#define HARDWOOD_TOOLS_HARDWOOD_LOADEDMODEL_H

#include "hardwood/Support/Npy.h"
#include "hardwood/Targets/TargetDescription.h"
#include "hardwood/hardwood.h"

#include "llvm/Support/Error.h"

#include <string>

namespace hardwood {

/// The kind `hardwood predict` and `--tune` use when none is given: proba
/// for classifiers that have it, predict otherwise.
hw_kind defaultKindOf(hw_model *model);

/// Owns a hw_model and, when the input was a model file, the temporary
/// shared library it was compiled to.
class LoadedModel {
public:
  /// A `.so` is loaded as is; any other file is compiled for `target` first.
  static llvm::Expected<LoadedModel> open(const std::string &path,
                                          const TargetSelection &target);
  LoadedModel(LoadedModel &&other) noexcept;
  ~LoadedModel();
  hw_model *get() const { return model; }
  /// The shared library the model was loaded from (temporary for a file).
  const std::string &libraryPath() const { return library; }
  /// defaultKindOf the model.
  hw_kind defaultKind() const { return defaultKindOf(model); }
  /// `kind`, or the default kind when none was given.
  hw_kind resolveKind(std::optional<hw_kind> kind) const;

private:
  LoadedModel() = default;
  hw_model *model = nullptr;
  std::string temporaryLibrary;
  std::string library;
};

/// Rows from `path`: a .csv file (by extension) or a .npy file.
llvm::Expected<NpyArray> readRows(const std::string &path);
/// Writes `array` as .npy.
llvm::Error writeArray(const std::string &path, const NpyArray &array);

} // namespace hardwood

#endif
