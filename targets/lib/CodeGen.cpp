//===- CodeGen.cpp - Entry points, descriptor and machine code ------------===//

#include "hardwood/Targets/CodeGen.h"
#include "hardwood/model_abi.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

llvm::Expected<ModelMetadata>
hardwood::readModelMetadata(mlir::ModuleOp module) {
  auto dict = module->getAttrOfType<mlir::DictionaryAttr>("hardwood.model");
  if (!dict)
    return makeError("module has no lowered Hardwood model (missing the "
                     "'hardwood.model' attribute; run hardwood-to-kernels)");
  ModelMetadata m;
  auto str = [&](llvm::StringRef key) {
    auto attr = dict.getAs<mlir::StringAttr>(key);
    return attr ? attr.str() : std::string();
  };
  auto num = [&](llvm::StringRef key) -> unsigned {
    auto attr = dict.getAs<mlir::IntegerAttr>(key);
    return attr ? attr.getInt() : 0;
  };
  m.name = str("name");
  m.family = str("family");
  m.task = str("task");
  m.numFeatures = num("num_features");
  m.numClasses = num("num_classes");
  m.numTrees = num("num_trees");
  m.kinds = num("kinds");
  auto inputType = dict.getAs<mlir::TypeAttr>("input_type");
  m.inputDtype =
      inputType && inputType.getValue().isF32() ? HW_DTYPE_F32 : HW_DTYPE_F64;
  if (auto labels = dict.getAs<mlir::DenseF64ArrayAttr>("class_labels"))
    m.classLabels.assign(labels.asArrayRef().begin(),
                         labels.asArrayRef().end());
  if (auto widths = dict.getAs<mlir::DenseI32ArrayAttr>("output_width"))
    m.outputWidth.assign(widths.asArrayRef().begin(),
                         widths.asArrayRef().end());
  if (auto dtypes = dict.getAs<mlir::DenseI32ArrayAttr>("output_dtype"))
    m.outputDtype.assign(dtypes.asArrayRef().begin(),
                         dtypes.asArrayRef().end());
  if (m.name.empty() || m.outputWidth.size() != HW_KIND_COUNT ||
      m.outputDtype.size() != HW_KIND_COUNT)
    return makeError("malformed 'hardwood.model' attribute");
  return m;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
hardwood::createTargetMachine(const TargetDescription &target) {
  static const bool initialized = [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargets();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmPrinters();
    return true;
  }();
  (void)initialized;
  std::string error;
  const llvm::Target *llvmTarget =
      llvm::TargetRegistry::lookupTarget(target.triple, error);
  if (!llvmTarget)
    return makeError("target " + target.name + " (" + target.triple +
                     ") is not available in this LLVM: " + error);
  llvm::TargetOptions options;
  std::unique_ptr<llvm::TargetMachine> tm(llvmTarget->createTargetMachine(
      target.triple, target.cpu, target.features, options, llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!tm)
    return makeError("cannot create a target machine for " + target.name);
  return tm;
}

static const char *kindSuffix(unsigned kind) {
  static const char *names[HW_KIND_COUNT] = {"predict", "proba", "decision",
                                             "score", "leaf"};
  return names[kind];
}

/// `void <name>_<kind>(const void *x, int64_t rows, int64_t stride,
/// void *out)`: expands the two pointers into the memref descriptors the
/// lowered kernel takes. Inlined away at -O3.
static llvm::Function *createEntryPoint(llvm::Module &module,
                                        llvm::Function *impl,
                                        const ModelMetadata &m, unsigned kind) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *ptrTy = llvm::PointerType::get(ctx, 0);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *fnTy = llvm::FunctionType::get(llvm::Type::getVoidTy(ctx),
                                       {ptrTy, i64, i64, ptrTy}, false);
  auto *fn = llvm::Function::Create(fnTy, llvm::GlobalValue::ExternalLinkage,
                                    m.name + "_" + kindSuffix(kind), module);
  fn->setDSOLocal(true);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value *x = fn->getArg(0), *rows = fn->getArg(1),
              *stride = fn->getArg(2), *out = fn->getArg(3);
  llvm::Value *inSize = b.CreateMul(rows, stride);
  llvm::Value *outSize = b.CreateMul(rows, b.getInt64(m.outputWidth[kind]));
  b.CreateCall(impl, {x, x, b.getInt64(0), inSize, b.getInt64(1), rows, stride,
                      out, out, b.getInt64(0), outSize, b.getInt64(1)});
  b.CreateRetVoid();
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  impl->addFnAttr(llvm::Attribute::AlwaysInline);
  return fn;
}

static void createDescriptor(llvm::Module &module, const ModelMetadata &m,
                             const TargetDescription &target,
                             llvm::ArrayRef<llvm::Function *> kernels,
                             bool exportDefaultSymbol) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *ptrTy = llvm::PointerType::get(ctx, 0);
  auto *kernelsTy = llvm::ArrayType::get(ptrTy, HW_KIND_COUNT);
  auto *u32ArrayTy = llvm::ArrayType::get(i32, HW_KIND_COUNT);
  // Mirrors hw_model_descriptor field by field.
  auto *descTy =
      llvm::StructType::create(ctx,
                               {i32, i32, i32, i32, i32, i32, ptrTy, ptrTy,
                                ptrTy, kernelsTy, u32ArrayTy, u32ArrayTy},
                               "hw_model_descriptor");
  auto cstring = [&](llvm::StringRef text, llvm::StringRef symbol) {
    auto *init = llvm::ConstantDataArray::getString(ctx, text);
    auto *global = new llvm::GlobalVariable(module, init->getType(), true,
                                            llvm::GlobalValue::PrivateLinkage,
                                            init, symbol);
    return global;
  };
  llvm::Constant *labels = llvm::ConstantPointerNull::get(ptrTy);
  if (!m.classLabels.empty()) {
    auto *init = llvm::ConstantDataArray::get(ctx, m.classLabels);
    labels = new llvm::GlobalVariable(module, init->getType(), true,
                                      llvm::GlobalValue::PrivateLinkage, init,
                                      "__hw_class_labels");
  }
  llvm::SmallVector<llvm::Constant *> kernelPtrs, widths, dtypes;
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind) {
    kernelPtrs.push_back(kernels[kind]
                             ? static_cast<llvm::Constant *>(kernels[kind])
                             : llvm::ConstantPointerNull::get(ptrTy));
    widths.push_back(llvm::ConstantInt::get(i32, m.outputWidth[kind]));
    dtypes.push_back(llvm::ConstantInt::get(i32, m.outputDtype[kind]));
  }
  auto u32 = [&](unsigned v) { return llvm::ConstantInt::get(i32, v); };
  auto *init = llvm::ConstantStruct::get(
      descTy,
      {u32(HW_MODEL_ABI_VERSION), u32(m.inputDtype), u32(m.numFeatures),
       u32(m.numClasses), u32(m.numTrees), u32(m.kinds),
       cstring(m.name, "__hw_name"), cstring(target.name, "__hw_target"),
       labels, llvm::ConstantArray::get(kernelsTy, kernelPtrs),
       llvm::ConstantArray::get(u32ArrayTy, dtypes),
       llvm::ConstantArray::get(u32ArrayTy, widths)});
  auto *descriptor = new llvm::GlobalVariable(module, descTy, true,
                                              llvm::GlobalValue::PrivateLinkage,
                                              init, "__hw_descriptor");
  auto *getterTy = llvm::FunctionType::get(ptrTy, {}, false);
  auto addGetter = [&](const std::string &symbol) {
    auto *fn = llvm::Function::Create(
        getterTy, llvm::GlobalValue::ExternalLinkage, symbol, module);
    llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
    b.CreateRet(descriptor);
  };
  addGetter("hardwood_model_" + m.name);
  if (exportDefaultSymbol)
    addGetter(HW_DEFAULT_DESCRIPTOR_SYMBOL);
}

llvm::Expected<std::unique_ptr<llvm::Module>> hardwood::generateLLVMModule(
    mlir::ModuleOp module, const ModelMetadata &metadata,
    const TargetDescription &target, llvm::TargetMachine &tm,
    llvm::LLVMContext &context, bool exportDefaultSymbol) {
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  module->removeAttr("hardwood.model");
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, metadata.name);
  if (!llvmModule)
    return makeError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(target.triple);
  llvmModule->setDataLayout(tm.createDataLayout());

  llvm::SmallVector<llvm::Function *, HW_KIND_COUNT> kernels(HW_KIND_COUNT,
                                                             nullptr);
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind) {
    if (!(metadata.kinds & (1u << kind)))
      continue;
    std::string implName = "__hw_" + metadata.name + "_" + kindSuffix(kind);
    llvm::Function *impl = llvmModule->getFunction(implName);
    if (!impl)
      return makeError("lowered module lacks kernel " + implName);
    kernels[kind] = createEntryPoint(*llvmModule, impl, metadata, kind);
  }
  createDescriptor(*llvmModule, metadata, target, kernels, exportDefaultSymbol);

  for (llvm::Function &fn : *llvmModule) {
    if (fn.isDeclaration())
      continue;
    fn.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty())
      fn.addFnAttr("target-features", target.features);
    if (target.prefer512)
      fn.addFnAttr("prefer-vector-width", "512");
  }

  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm =
      pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
  mpm.run(*llvmModule, mam);
  return llvmModule;
}

llvm::Error hardwood::emitMachineCode(llvm::Module &module,
                                      llvm::TargetMachine &tm,
                                      llvm::StringRef path, bool assembly) {
  std::error_code ec;
  llvm::ToolOutputFile out(
      path, ec, assembly ? llvm::sys::fs::OF_Text : llvm::sys::fs::OF_None);
  if (ec)
    return makeError("cannot write " + path + ": " + ec.message());
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, out.os(), nullptr,
                             assembly ? llvm::CodeGenFileType::AssemblyFile
                                      : llvm::CodeGenFileType::ObjectFile))
    return makeError("target " + tm.getTargetTriple().str() +
                     " cannot emit this file type");
  pm.run(module);
  out.keep();
  return llvm::Error::success();
}
