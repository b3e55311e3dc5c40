//===- DescriptorLayoutTest.cpp - Generated descriptor vs the C struct ----===//
//
// The descriptor the code generator emits must have exactly the layout of
// hw_model_descriptor in model_abi.h, on every target's data layout: the
// runtime reads the generated struct through the C one.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Targets/CodeGen.h"
#include "hardwood/model_abi.h"

#include "llvm/IR/DataLayout.h"

#include <gtest/gtest.h>

#include <cstddef>

using namespace hardwood;

namespace {

/// offsetof of each field, in declaration order.
const size_t kFieldOffsets[] = {
    offsetof(hw_model_descriptor, abi_version),
    offsetof(hw_model_descriptor, input_dtype),
    offsetof(hw_model_descriptor, num_features),
    offsetof(hw_model_descriptor, num_classes),
    offsetof(hw_model_descriptor, num_trees),
    offsetof(hw_model_descriptor, supported_kinds),
    offsetof(hw_model_descriptor, name),
    offsetof(hw_model_descriptor, target),
    offsetof(hw_model_descriptor, class_labels),
    offsetof(hw_model_descriptor, kernels),
    offsetof(hw_model_descriptor, output_dtype),
    offsetof(hw_model_descriptor, output_width),
    offsetof(hw_model_descriptor, cpu_features),
    offsetof(hw_model_descriptor, content_hash),
    offsetof(hw_model_descriptor, kernels_f32),
    offsetof(hw_model_descriptor, walk_trees),
    offsetof(hw_model_descriptor, sum_leaves),
    offsetof(hw_model_descriptor, tree_parallel_rows),
};

class DescriptorLayoutTest : public ::testing::TestWithParam<const char *> {};

TEST_P(DescriptorLayoutTest, MatchesTheCStruct) {
  // The C struct is laid out by this (LP64) host; every target Hardwood
  // emits for is LP64 too, so the offsets must agree on each.
  static_assert(sizeof(void *) == 8, "the test compares LP64 layouts");
  llvm::Expected<TargetDescription> target = lookupTarget(GetParam());
  ASSERT_TRUE(static_cast<bool>(target)) << toString(target.takeError());
  auto tm = createTargetMachine(*target);
  ASSERT_TRUE(static_cast<bool>(tm)) << toString(tm.takeError());
  llvm::DataLayout layout = (*tm)->createDataLayout();
  llvm::LLVMContext context;
  llvm::StructType *type = getDescriptorType(context);
  ASSERT_EQ(type->getNumElements(), std::size(kFieldOffsets));
  const llvm::StructLayout *struct_ = layout.getStructLayout(type);
  for (unsigned i = 0; i < type->getNumElements(); ++i)
    EXPECT_EQ(struct_->getElementOffset(i), kFieldOffsets[i])
        << "field " << i << " on " << GetParam();
  EXPECT_EQ(struct_->getSizeInBytes(), sizeof(hw_model_descriptor));
  EXPECT_EQ(struct_->getAlignment().value(), alignof(hw_model_descriptor));
}

INSTANTIATE_TEST_SUITE_P(Targets, DescriptorLayoutTest,
                         ::testing::Values("x86-64-v4", "generic", "aarch64"),
                         [](const auto &info) {
                           std::string name = info.param;
                           for (char &c : name)
                             if (!isalnum(static_cast<unsigned char>(c)))
                               c = '_';
                           return name;
                         });

} // namespace
