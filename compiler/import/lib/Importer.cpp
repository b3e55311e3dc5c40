//===- Importer.cpp - Format detection and dispatch -----------------------===//
//
// The format is decided by content: UBJSON and JSON documents by their keys
// ("format": "hardwood-model", or "learner" for XGBoost), LightGBM by its
// first line. File names are only used in messages.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Import/Importer.h"
#include "DocumentParsers.h"
#include "FormatImporters.h"
#include "ModelLimits.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "mlir/IR/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace hardwood;

static constexpr llvm::StringLiteral kExpectedFormats =
    "expected a Hardwood JSON model (\"format\": \"hardwood-model\"), an "
    "XGBoost JSON/UBJSON model or a LightGBM model text file";

static bool looksLikeLightGBMText(llvm::StringRef text) {
  // LightGBM's Booster.save_model starts with a "tree" line, then
  // "version=v3"/"v4"; model strings may start at the version line.
  llvm::StringRef firstLine = text.split('\n').first.rtrim('\r');
  return firstLine == "tree" || firstLine.starts_with("version=v");
}

static ImportResult importDocument(const llvm::json::Value &document,
                                   ImportErrors &errors,
                                   const ImportOptions &options) {
  const llvm::json::Object *root = document.getAsObject();
  if (root && root->get("learner"))
    return importXGBoost(document, errors, options);
  if (root && root->get("format"))
    return importHardwoodJson(document, errors, options);
  return errors.at("")
         << "found neither a \"format\" field (Hardwood JSON) nor a "
            "\"learner\" field (XGBoost); "
         << kExpectedFormats;
}

ImportResult hardwood::importModelBuffer(llvm::MemoryBufferRef buffer,
                                         mlir::MLIRContext &context,
                                         const ImportOptions &options) {
  context.getOrLoadDialect<hardwood::HardwoodDialect>();
  ImportErrors errors(context, buffer.getBufferIdentifier());
  llvm::StringRef content = buffer.getBuffer();
  if (content.size() > limits::kMaxFileBytes)
    return errors.at("") << "the file has " << content.size()
                         << " bytes; expected at most 4 GiB";
  // Editors on Windows may prefix JSON and text files with a UTF-8 BOM.
  llvm::StringRef body = content;
  body.consume_front("\xEF\xBB\xBF");
  llvm::StringRef text = body.ltrim(" \t\r\n");
  if (text.empty())
    return errors.at("") << "the file is empty; " << kExpectedFormats;

  if (looksLikeUbjson(content)) {
    std::optional<llvm::json::Value> document =
        decodeUbjsonDocument(content, errors);
    if (!document)
      return mlir::failure();
    return importDocument(*document, errors, options);
  }
  if (text.front() == '{') {
    // The trees of an XGBoost model and of a Hardwood JSON model are parsed
    // one at a time (bounded memory for models of millions of nodes).
    // Whatever the split is unsure of, and every syntax error, goes through
    // parseJsonDocument, whose messages give the line and column in the
    // file.
    static constexpr llvm::StringRef kGbtreeTrees[] = {
        "learner", "gradient_booster", "model", "trees"};
    static constexpr llvm::StringRef kDartTrees[] = {
        "learner", "gradient_booster", "gbtree", "model", "trees"};
    static constexpr llvm::StringRef kHardwoodTrees[] = {"trees"};
    const llvm::ArrayRef<llvm::StringRef> deferrable[] = {
        kGbtreeTrees, kDartTrees, kHardwoodTrees};
    if (std::optional<SplitJsonDocument> split =
            splitJsonDocument(body, deferrable)) {
      const llvm::json::Object *root = split->skeleton.getAsObject();
      if (split->deferredPath.empty() || !root)
        return importDocument(split->skeleton, errors, options);
      // The skeleton goes to the importer its document's root names
      // (importDocument), split where the trees are that importer's.
      bool hardwood = !root->get("learner") && root->get("format");
      bool hardwoodTrees = llvm::equal(split->deferredPath, kHardwoodTrees);
      if (hardwood != hardwoodTrees) {
        std::optional<llvm::json::Value> document =
            parseJsonDocument(body, errors);
        if (!document)
          return mlir::failure();
        return importDocument(*document, errors, options);
      }
      auto reportSyntaxError = [&] {
        if (parseJsonDocument(body, errors))
          errors.at("") << "invalid JSON in the trees";
      };
      // A whole-document parse reports a syntax error anywhere before any
      // other error; the trees are parsed in turn, so an error in an early
      // tree is held until the later ones are known to parse.
      std::vector<mlir::Diagnostic> held;
      ImportResult result = mlir::failure();
      {
        mlir::ScopedDiagnosticHandler hold(
            &context, [&](mlir::Diagnostic &diagnostic) {
              held.push_back(std::move(diagnostic));
              return mlir::success();
            });
        result = hardwood ? importHardwoodJsonSplit(*split, reportSyntaxError,
                                                    errors, options)
                          : importXGBoostSplit(*split, reportSyntaxError,
                                               errors, options);
      }
      if (mlir::succeeded(result))
        return result;
      if (!llvm::all_of(split->elements, [](const JsonElement &element) {
            return parseJsonElement(element).has_value();
          })) {
        reportSyntaxError();
        return mlir::failure();
      }
      for (mlir::Diagnostic &diagnostic : held)
        context.getDiagEngine().emit(std::move(diagnostic));
      return mlir::failure();
    }
    // The untrimmed text keeps the line numbers of parse errors right.
    std::optional<llvm::json::Value> document = parseJsonDocument(body, errors);
    if (!document)
      return mlir::failure();
    return importDocument(*document, errors, options);
  }
  if (looksLikeLightGBMText(text))
    return importLightGBMText(text, errors, options);
  return errors.at("") << "unrecognised content; " << kExpectedFormats;
}

/// Reads a file that is not a regular file (a pipe, a device) up to the
/// size limit, since its size is unknown in advance.
static llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>>
readStreamBounded(llvm::StringRef path, bool &tooLarge) {
  llvm::Expected<llvm::sys::fs::file_t> file =
      llvm::sys::fs::openNativeFileForRead(path);
  if (!file)
    return llvm::errorToErrorCode(file.takeError());
  std::string data;
  constexpr size_t kChunkBytes = 1 << 16;
  llvm::SmallVector<char> chunk(kChunkBytes);
  while (true) {
    llvm::Expected<size_t> count = llvm::sys::fs::readNativeFile(
        *file, llvm::MutableArrayRef<char>(chunk));
    if (!count) {
      llvm::sys::fs::closeFile(*file);
      return llvm::errorToErrorCode(count.takeError());
    }
    if (*count == 0)
      break;
    data.append(chunk.data(), *count);
    if (data.size() > limits::kMaxFileBytes) {
      tooLarge = true;
      break;
    }
  }
  llvm::sys::fs::closeFile(*file);
  return llvm::MemoryBuffer::getMemBufferCopy(data, path);
}

mlir::FailureOr<mlir::OwningOpRef<mlir::ModuleOp>>
hardwood::importModelFile(llvm::StringRef path, mlir::MLIRContext &context,
                          const ImportOptions &options) {
  ImportErrors errors(context, path);
  llvm::sys::fs::file_status status;
  if (std::error_code error = llvm::sys::fs::status(path, status))
    return errors.at("") << "cannot read the file: " << error.message();
  if (status.type() == llvm::sys::fs::file_type::directory_file)
    return errors.at("") << "is a directory; expected a model file";
  bool tooLarge = status.getSize() > limits::kMaxFileBytes;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      std::make_error_code(std::errc::file_too_large);
  if (status.type() == llvm::sys::fs::file_type::regular_file) {
    if (!tooLarge)
      buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                           /*RequiresNullTerminator=*/false);
  } else {
    buffer = readStreamBounded(path, tooLarge);
  }
  if (tooLarge)
    return errors.at("") << "the file is larger than 4 GiB, the limit for "
                            "model files";
  if (!buffer)
    return errors.at("") << "cannot read the file: "
                         << buffer.getError().message();
  return importModelBuffer((*buffer)->getMemBufferRef(), context, options);
}
