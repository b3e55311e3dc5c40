//===- TargetDescriptionTest.cpp - Target lookup --------------------------===//

#include "hardwood/Targets/TargetDescription.h"

#include <gtest/gtest.h>

using namespace hardwood;

namespace {

TEST(TargetDescriptionTest, KnownTargetsResolve) {
  for (const std::string &name : knownTargetNames()) {
    llvm::Expected<TargetDescription> target = lookupTarget(name);
    ASSERT_TRUE(static_cast<bool>(target)) << name;
    EXPECT_FALSE(target->triple.empty()) << name;
    EXPECT_FALSE(target->cpu.empty()) << name;
    EXPECT_GE(target->vectorBits, 128u) << name;
  }
}

TEST(TargetDescriptionTest, VectorFactsPerTarget) {
  auto v4 = lookupTarget("x86-64-v4");
  ASSERT_TRUE(static_cast<bool>(v4));
  EXPECT_EQ(512u, v4->vectorBits);
  EXPECT_TRUE(v4->hasGather);
  EXPECT_TRUE(v4->hasMasking);
  auto v3 = lookupTarget("x86-64-v3");
  ASSERT_TRUE(static_cast<bool>(v3));
  EXPECT_EQ(256u, v3->vectorBits);
  EXPECT_TRUE(v3->hasGather);
  EXPECT_FALSE(v3->hasMasking);
  auto arm = lookupTarget("aarch64");
  ASSERT_TRUE(static_cast<bool>(arm));
  EXPECT_EQ("aarch64-unknown-linux-gnu", arm->triple);
  EXPECT_FALSE(arm->hasGather);
}

TEST(TargetDescriptionTest, NativeIsDeterministic) {
  auto first = lookupTarget("native");
  auto second = lookupTarget("native");
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->features, second->features);
  EXPECT_EQ(first->cpu, second->cpu);
}

TEST(TargetDescriptionTest, UnknownTargetListsTheKnownOnes) {
  auto target = lookupTarget("riscv");
  ASSERT_FALSE(static_cast<bool>(target));
  std::string message = llvm::toString(target.takeError());
  EXPECT_NE(std::string::npos, message.find("unknown target 'riscv'"));
  EXPECT_NE(std::string::npos, message.find("x86-64-v4"));
}

} // namespace
