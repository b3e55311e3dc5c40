//===- LoadedModel.cpp - Load or compile-then-load a model ----------------===//

#include "LoadedModel.h"

#include "hardwood/Driver/Compile.h"
#include "hardwood/Support/Csv.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<LoadedModel> LoadedModel::open(const std::string &path,
                                              const TargetSelection &target) {
  LoadedModel loaded;
  std::string library = path;
  if (!llvm::StringRef(path).ends_with(".so")) {
    llvm::SmallString<256> temp;
    if (std::error_code ec =
            llvm::sys::fs::createTemporaryFile("hardwood-jit", "so", temp))
      return makeError("cannot create a temporary library: " + ec.message());
    loaded.temporaryLibrary = std::string(temp);
    CompileOptions options;
    options.modelPath = path;
    options.outputPath = loaded.temporaryLibrary;
    options.target = target;
    if (llvm::Error error = compileModel(options, llvm::errs()))
      return std::move(error);
    library = loaded.temporaryLibrary;
  }
  loaded.library = library;
  if (hw_model_load(library.c_str(), nullptr, &loaded.model) != HW_OK)
    return makeError(path + ": " + hw_last_error());
  return std::move(loaded);
}

LoadedModel::LoadedModel(LoadedModel &&other) noexcept
    : model(other.model), temporaryLibrary(std::move(other.temporaryLibrary)),
      library(std::move(other.library)) {
  other.model = nullptr;
  other.temporaryLibrary.clear();
}

LoadedModel::~LoadedModel() {
  if (model)
    hw_model_free(model);
  if (!temporaryLibrary.empty())
    llvm::sys::fs::remove(temporaryLibrary);
}

hw_kind hardwood::defaultKindOf(hw_model *model) {
  uint32_t kinds = 0;
  int64_t classes = 0;
  hw_model_supported_kinds(model, &kinds);
  hw_model_num_classes(model, &classes);
  if (classes > 0 && (kinds & (1u << HW_KIND_PROBA)))
    return HW_KIND_PROBA;
  return HW_KIND_PREDICT;
}

hw_kind LoadedModel::resolveKind(std::optional<hw_kind> kind) const {
  return kind ? *kind : defaultKind();
}

llvm::Expected<NpyArray> hardwood::readRows(const std::string &path) {
  NpyArray array;
  std::string error;
  bool ok = llvm::StringRef(path).ends_with_insensitive(".csv")
                ? readCsv(path, array, error)
                : readNpy(path, array, error);
  if (!ok)
    return makeError(error);
  return std::move(array);
}

llvm::Error hardwood::writeArray(const std::string &path,
                                 const NpyArray &array) {
  std::string error;
  if (!writeNpy(path, array, error))
    return makeError(error);
  return llvm::Error::success();
}
