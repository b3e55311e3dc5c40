//===- CodeGen.cpp - Entry points, descriptor and machine code ------------===//

#include "hardwood/Targets/CodeGen.h"
#include "hardwood/Targets/CpuCatalog.h"
#include "hardwood/model_abi.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/SwapByteOrder.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetLoweringObjectFile.h"

#include <array>

using namespace hardwood;

static llvm::Error makeError(const llvm::Twine &message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), message);
}

uint32_t ModelMetadata::kinds() const {
  uint32_t bits = 0;
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind)
    if (hasKind(kind))
      bits |= 1u << kind;
  return bits;
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
hardwood::createTargetMachine(const TargetDescription &target) {
  initializeLLVMTargets();
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

namespace {
/// A C argument of a generated function and what the lowered function
/// takes for it: an int64 as is, or a pointer as the five values of a
/// memref<?xT> (allocated and aligned pointer, offset, size, stride) of
/// `rows * elementsPerRow` elements (kRowStride: the row_stride argument).
struct WrappedArg {
  static constexpr int64_t kScalar = 0, kRowStride = -1;
  int64_t elementsPerRow = kScalar;
};
} // namespace

/// `void name(x, rows, row_stride, ...)` calling the lowered `impl`, whose
/// C arguments `args` describes (the first three are always x, rows and
/// row_stride). `impl` becomes internal and always inlined: at -O3 the
/// wrapper is its body.
static llvm::Function *wrapLoweredFunction(
    llvm::Module &module, llvm::Function *impl, const llvm::Twine &name,
    llvm::GlobalValue::LinkageTypes linkage, llvm::ArrayRef<WrappedArg> args) {
  llvm::LLVMContext &ctx = module.getContext();
  llvm::Type *ptrTy = llvm::PointerType::get(ctx, 0);
  llvm::Type *i64 = llvm::Type::getInt64Ty(ctx);
  llvm::SmallVector<llvm::Type *> types;
  for (const WrappedArg &arg : args)
    types.push_back(arg.elementsPerRow == WrappedArg::kScalar ? i64 : ptrTy);
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(ctx), types, false),
      linkage, name, module);
  if (linkage == llvm::GlobalValue::ExternalLinkage)
    fn->setDSOLocal(true);
  llvm::IRBuilder<> b(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::Value *rows = fn->getArg(1), *stride = fn->getArg(2);
  llvm::SmallVector<llvm::Value *> values;
  for (auto [i, arg] : llvm::enumerate(args)) {
    llvm::Value *value = fn->getArg(i);
    if (arg.elementsPerRow == WrappedArg::kScalar) {
      values.push_back(value);
      continue;
    }
    llvm::Value *size = b.CreateMul(
        rows, arg.elementsPerRow == WrappedArg::kRowStride
                  ? stride
                  : static_cast<llvm::Value *>(b.getInt64(arg.elementsPerRow)));
    values.append({value, value, b.getInt64(0), size, b.getInt64(1)});
  }
  b.CreateCall(impl, values);
  b.CreateRetVoid();
  impl->setLinkage(llvm::GlobalValue::InternalLinkage);
  impl->addFnAttr(llvm::Attribute::AlwaysInline);
  return fn;
}

static constexpr WrappedArg kRowsArg{WrappedArg::kRowStride},
    kScalarArg{WrappedArg::kScalar};

/// `void <name>_<kind><suffix>(const void *x, int64_t rows, int64_t stride,
/// void *out)`, exported: hw_kernel_fn.
static llvm::Function *createEntryPoint(llvm::Module &module,
                                        llvm::Function *impl,
                                        const ModelMetadata &m, unsigned kind,
                                        llvm::StringRef suffix = "") {
  return wrapLoweredFunction(module, impl,
                             m.name + "_" + hw_kind_table_name(kind) + suffix,
                             llvm::GlobalValue::ExternalLinkage,
                             {kRowsArg, kScalarArg, kScalarArg,
                              WrappedArg{int64_t(m.outputWidth[kind])}});
}

/// hw_walk_trees_fn around the lowered `impl`(x, rows, row_stride,
/// tree_begin, tree_end, leaves). Internal: the descriptor is its only user.
static llvm::Function *createWalkTreesEntry(llvm::Module &module,
                                            llvm::Function *impl,
                                            const ModelMetadata &m) {
  return wrapLoweredFunction(module, impl, m.name + HW_WALK_TREES_SUFFIX,
                             llvm::GlobalValue::InternalLinkage,
                             {kRowsArg, kScalarArg, kScalarArg, kScalarArg,
                              kScalarArg, WrappedArg{int64_t(m.numTrees)}});
}

/// hw_sum_leaves_fn around the lowered `impl`(x, rows, row_stride, leaves,
/// out) of `kind`. Internal, as above.
static llvm::Function *createSumLeavesEntry(llvm::Module &module,
                                            llvm::Function *impl,
                                            const ModelMetadata &m,
                                            unsigned kind) {
  return wrapLoweredFunction(
      module, impl,
      m.name + "_" + hw_kind_table_name(kind) + HW_SUM_LEAVES_SUFFIX,
      llvm::GlobalValue::InternalLinkage,
      {kRowsArg, kScalarArg, kScalarArg, WrappedArg{int64_t(m.numTrees)},
       WrappedArg{int64_t(m.outputWidth[kind])}});
}

llvm::StructType *hardwood::getDescriptorType(llvm::LLVMContext &ctx) {
  if (auto *existing =
          llvm::StructType::getTypeByName(ctx, "hw_model_descriptor"))
    return existing;
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *i64 = llvm::Type::getInt64Ty(ctx);
  auto *ptrTy = llvm::PointerType::get(ctx, 0);
  auto *kernelsTy = llvm::ArrayType::get(ptrTy, HW_KIND_COUNT);
  auto *u32ArrayTy = llvm::ArrayType::get(i32, HW_KIND_COUNT);
  // Mirrors hw_model_descriptor field by field (DescriptorLayoutTest
  // compares the offsets with the C struct's).
  return llvm::StructType::create(
      ctx,
      {/*abi_version*/ i32, /*input_dtype*/ i32, /*num_features*/ i32,
       /*num_classes*/ i32, /*num_trees*/ i32, /*supported_kinds*/ i32,
       /*name*/ ptrTy, /*target*/ ptrTy, /*class_labels*/ ptrTy,
       /*kernels*/ kernelsTy, /*output_dtype*/ u32ArrayTy,
       /*output_width*/ u32ArrayTy, /*cpu_features*/ i64,
       /*content_hash*/ ptrTy, /*kernels_f32*/ kernelsTy,
       /*walk_trees*/ ptrTy, /*sum_leaves*/ kernelsTy,
       /*tree_parallel_rows*/ i32},
      "hw_model_descriptor");
}

static void createDescriptor(llvm::Module &module, const ModelMetadata &m,
                             const TargetDescription &target,
                             uint64_t cpuFeatures,
                             llvm::ArrayRef<llvm::Function *> kernels,
                             llvm::ArrayRef<llvm::Function *> kernelsF32,
                             llvm::Function *walkTrees,
                             llvm::ArrayRef<llvm::Function *> sumLeaves,
                             bool exportDefaultSymbol) {
  llvm::LLVMContext &ctx = module.getContext();
  auto *i32 = llvm::Type::getInt32Ty(ctx);
  auto *ptrTy = llvm::PointerType::get(ctx, 0);
  auto *kernelsTy = llvm::ArrayType::get(ptrTy, HW_KIND_COUNT);
  auto *u32ArrayTy = llvm::ArrayType::get(i32, HW_KIND_COUNT);
  llvm::StructType *descTy = getDescriptorType(ctx);
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
  llvm::SmallVector<llvm::Constant *> kernelPtrs, kernelF32Ptrs, sumPtrs,
      widths, dtypes;
  auto pointerOrNull = [&](llvm::Function *fn) -> llvm::Constant * {
    return fn ? static_cast<llvm::Constant *>(fn)
              : llvm::ConstantPointerNull::get(ptrTy);
  };
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind) {
    kernelPtrs.push_back(pointerOrNull(kernels[kind]));
    kernelF32Ptrs.push_back(pointerOrNull(kernelsF32[kind]));
    sumPtrs.push_back(pointerOrNull(sumLeaves[kind]));
    widths.push_back(llvm::ConstantInt::get(i32, m.outputWidth[kind]));
    dtypes.push_back(llvm::ConstantInt::get(i32, m.outputDtype[kind]));
  }
  auto u32 = [&](unsigned v) { return llvm::ConstantInt::get(i32, v); };
  llvm::Constant *contentHash =
      m.contentHash.empty()
          ? static_cast<llvm::Constant *>(llvm::ConstantPointerNull::get(ptrTy))
          : cstring(m.contentHash, "__hw_content_hash");
  auto *init = llvm::ConstantStruct::get(
      descTy,
      {u32(HW_MODEL_ABI_VERSION), u32(m.inputDtype), u32(m.numFeatures),
       u32(m.numClasses), u32(m.numTrees), u32(m.kinds()),
       cstring(m.name, "__hw_name"), cstring(target.name, "__hw_target"),
       labels, llvm::ConstantArray::get(kernelsTy, kernelPtrs),
       llvm::ConstantArray::get(u32ArrayTy, dtypes),
       llvm::ConstantArray::get(u32ArrayTy, widths),
       llvm::ConstantInt::get(llvm::Type::getInt64Ty(ctx), cpuFeatures),
       contentHash, llvm::ConstantArray::get(kernelsTy, kernelF32Ptrs),
       pointerOrNull(walkTrees), llvm::ConstantArray::get(kernelsTy, sumPtrs),
       u32(walkTrees ? m.treeParallelRows : 0)});
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
  if (!m.buildInfo.empty()) {
    auto *text = llvm::ConstantDataArray::getString(ctx, m.buildInfo);
    auto *info = new llvm::GlobalVariable(
        module, text->getType(), true, llvm::GlobalValue::ExternalLinkage, text,
        "hardwood_build_info_" + m.name);
    info->setDSOLocal(true);
  }
  if (exportDefaultSymbol)
    addGetter(HW_DEFAULT_DESCRIPTOR_SYMBOL);
}

/// Marks every scalar select on a computed condition `!unpredictable`, so
/// that codegen keeps it a conditional move. A tree walk's selects (which
/// child, which default direction) go either way about half the time, row
/// after row: when CodeGenPrepare or x86's cmov conversion turns one into a
/// branch (as they do for a select on a loop's critical path), a mispredict
/// costs more than the whole node visit (a 16-row scalar walk step of 8-byte
/// records: 6.6 ns per row and level as branches against 1.15 with cmov on
/// znver5). The kernels hold no selects that a branch would serve better.
/// Runs after the optimization pipeline, which may fold bit operations into
/// new selects.
static void markSelectsUnpredictable(llvm::Module &module) {
  llvm::MDNode *unpredictable = llvm::MDNode::get(module.getContext(), {});
  for (llvm::Function &fn : module)
    for (llvm::Instruction &inst : llvm::instructions(fn))
      if (auto *select = llvm::dyn_cast<llvm::SelectInst>(&inst))
        if (!select->getType()->isVectorTy() &&
            !llvm::isa<llvm::Constant>(select->getCondition()))
          select->setMetadata(llvm::LLVMContext::MD_unpredictable,
                              unpredictable);
}

llvm::Expected<std::unique_ptr<llvm::Module>> hardwood::generateLLVMModule(
    mlir::ModuleOp module, const ModelMetadata &metadata,
    const TargetDescription &target, llvm::TargetMachine &tm,
    llvm::LLVMContext &context, bool exportDefaultSymbol) {
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  std::unique_ptr<llvm::Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, context, metadata.name);
  if (!llvmModule)
    return makeError("translation to LLVM IR failed");
  llvmModule->setTargetTriple(target.triple);
  llvmModule->setDataLayout(tm.createDataLayout());

  llvm::SmallVector<llvm::Function *, HW_KIND_COUNT> kernels(HW_KIND_COUNT,
                                                             nullptr),
      kernelsF32(HW_KIND_COUNT, nullptr), sumLeaves(HW_KIND_COUNT, nullptr);
  // Tree-parallel evaluation, where the lowering made it: the walk, and a
  // sum for every kind (the runtime relies on having both or neither).
  llvm::Function *walkTrees = nullptr;
  if (llvm::Function *walk = llvmModule->getFunction("__hw_" + metadata.name +
                                                     HW_WALK_TREES_SUFFIX)) {
    walkTrees = createWalkTreesEntry(*llvmModule, walk, metadata);
    for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind) {
      if (!metadata.hasKind(kind))
        continue;
      llvm::Function *sum = llvmModule->getFunction(metadata.kernels[kind] +
                                                    HW_SUM_LEAVES_SUFFIX);
      if (!sum)
        return makeError("lowered module has " + walk->getName().str() +
                         " but no " + metadata.kernels[kind] +
                         HW_SUM_LEAVES_SUFFIX);
      sumLeaves[kind] = createSumLeavesEntry(*llvmModule, sum, metadata, kind);
    }
  }
  for (unsigned kind = 0; kind < HW_KIND_COUNT; ++kind) {
    if (!metadata.hasKind(kind))
      continue;
    llvm::Function *impl = llvmModule->getFunction(metadata.kernels[kind]);
    if (!impl)
      return makeError("lowered module lacks kernel " + metadata.kernels[kind]);
    kernels[kind] = createEntryPoint(*llvmModule, impl, metadata, kind);
    // The same kernel reading float32 rows, if the lowering made one.
    if (llvm::Function *widening = llvmModule->getFunction(
            metadata.kernels[kind] + HW_F32_ROWS_KERNEL_SUFFIX))
      kernelsF32[kind] = createEntryPoint(*llvmModule, widening, metadata, kind,
                                          HW_F32_ROWS_KERNEL_SUFFIX);
  }
  createDescriptor(*llvmModule, metadata, target, requiredCpuFeatures(tm),
                   kernels, kernelsF32, walkTrees, sumLeaves,
                   exportDefaultSymbol);

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
  markSelectsUnpredictable(*llvmModule);
  return llvmModule;
}

/// The section kind of `global` as the object writer decides it, as a
/// comparable tuple.
static std::array<bool, 16> sectionKindOf(const llvm::GlobalVariable &global,
                                          const llvm::TargetMachine &tm) {
  llvm::SectionKind kind =
      llvm::TargetLoweringObjectFile::getKindForGlobal(&global, tm);
  return {kind.isText(),
          kind.isReadOnly(),
          kind.isMergeable1ByteCString(),
          kind.isMergeable2ByteCString(),
          kind.isMergeable4ByteCString(),
          kind.isMergeableConst4(),
          kind.isMergeableConst8(),
          kind.isMergeableConst16(),
          kind.isMergeableConst32(),
          kind.isReadOnlyWithRel(),
          kind.isBSS(),
          kind.isCommon(),
          kind.isData(),
          kind.isThreadLocal(),
          kind.isExclude(),
          kind.isMetadata()};
}

/// Large constant tables become byte strings before machine code is
/// emitted: the AsmPrinter writes an i8 array with one call, but arrays of
/// other elements one MC value per element (50 million of them for a
/// 10,000-tree depth-8 model, a second or more). Same bytes (little-endian
/// host and target), alignment, linkage, section and symbol, so the same
/// object file; done after optimisation, so no pass sees the difference.
static void tablesToBytes(llvm::Module &module, const llvm::TargetMachine &tm) {
  const llvm::DataLayout &layout = module.getDataLayout();
  if (!llvm::sys::IsLittleEndianHost || !layout.isLittleEndian())
    return;
  constexpr uint64_t kMinBytes = 4096;
  llvm::Type *i8 = llvm::Type::getInt8Ty(module.getContext());
  llvm::SmallVector<llvm::GlobalVariable *> tables;
  for (llvm::GlobalVariable &global : module.globals()) {
    auto *data = llvm::dyn_cast_if_present<llvm::ConstantDataArray>(
        global.hasInitializer() ? global.getInitializer() : nullptr);
    if (data && global.isConstant() && data->getElementType() != i8 &&
        data->getRawDataValues().size() >= kMinBytes)
      tables.push_back(&global);
  }
  for (llvm::GlobalVariable *global : tables) {
    auto *data = llvm::cast<llvm::ConstantDataArray>(global->getInitializer());
    llvm::Constant *bytes = llvm::ConstantDataArray::getString(
        module.getContext(), data->getRawDataValues(), /*AddNull=*/false);
    auto *replacement = new llvm::GlobalVariable(
        module, bytes->getType(), /*isConstant=*/true, global->getLinkage(),
        bytes, "", global, global->getThreadLocalMode(),
        global->getAddressSpace());
    replacement->copyAttributesFrom(global);
    replacement->setAlignment(layout.getPreferredAlign(global));
    if (sectionKindOf(*replacement, tm) != sectionKindOf(*global, tm) ||
        layout.getPreferredAlign(replacement) !=
            layout.getPreferredAlign(global)) {
      replacement->eraseFromParent();
      continue;
    }
    replacement->takeName(global);
    global->replaceAllUsesWith(replacement);
    // The old initializer stays in the LLVMContext (LLVM 19's
    // ConstantDataSequential::destroyConstant frees it twice).
    global->eraseFromParent();
  }
}

llvm::Error hardwood::emitMachineCode(llvm::Module &module,
                                      llvm::TargetMachine &tm,
                                      llvm::StringRef path, bool assembly) {
  // Assembly keeps the tables' .long/.quad directives, readable.
  if (!assembly)
    tablesToBytes(module, tm);
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
