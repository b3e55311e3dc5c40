//===- LoadedModel.cpp - Load or compile-then-load a model ----------------===//

#include "LoadedModel.h"

#include "hardwood/Driver/Compile.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<LoadedModel> LoadedModel::open(const std::string &path,
                                              const std::string &target) {
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
    options.targetName = target;
    if (llvm::Error error = compileModel(options, llvm::errs()))
      return std::move(error);
    library = loaded.temporaryLibrary;
  }
  if (hw_model_load(library.c_str(), nullptr, &loaded.model) != HW_OK)
    return makeError(path + ": " + hw_last_error());
  return std::move(loaded);
}

LoadedModel::LoadedModel(LoadedModel &&other) noexcept
    : model(other.model), temporaryLibrary(std::move(other.temporaryLibrary)) {
  other.model = nullptr;
  other.temporaryLibrary.clear();
}

LoadedModel::~LoadedModel() {
  if (model)
    hw_model_free(model);
  if (!temporaryLibrary.empty())
    llvm::sys::fs::remove(temporaryLibrary);
}

hw_kind LoadedModel::defaultKind() const {
  uint32_t kinds = 0;
  int64_t classes = 0;
  hw_model_supported_kinds(model, &kinds);
  hw_model_num_classes(model, &classes);
  if (classes > 0 && (kinds & (1u << HW_KIND_PROBA)))
    return HW_KIND_PROBA;
  return HW_KIND_PREDICT;
}

llvm::Expected<hw_kind>
LoadedModel::resolveKind(const std::string &text) const {
  if (text.empty())
    return defaultKind();
  return parseKind(text);
}

llvm::Expected<hw_kind> hardwood::parseKind(const std::string &text) {
  hw_kind kind;
  if (hw_kind_from_name(text.c_str(), &kind) != HW_OK)
    return makeError(llvm::Twine("--kind: ") + hw_last_error());
  return kind;
}
