//===- TargetDescriptionTest.cpp - Target lookup --------------------------===//

#include "hardwood/Targets/TargetDescription.h"
#include "hardwood/Targets/CpuCatalog.h"

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

llvm::Expected<TargetDescription> cpu(const std::string &name,
                                      const std::string &triple = "",
                                      const std::string &features = "") {
  TargetSelection selection;
  selection.cpu = name;
  selection.triple = triple;
  selection.features = features;
  return resolveTarget(selection);
}

std::string errorOf(llvm::Expected<TargetDescription> target) {
  EXPECT_FALSE(static_cast<bool>(target));
  return target ? "" : llvm::toString(target.takeError());
}

// Vector facts come from the features LLVM's tables give each CPU.
TEST(TargetDescriptionTest, AnyLLVMCpu) {
  auto zen3 = cpu("znver3");
  ASSERT_TRUE(static_cast<bool>(zen3)) << llvm::toString(zen3.takeError());
  EXPECT_EQ("znver3", zen3->cpu);
  EXPECT_EQ("x86_64-unknown-linux-gnu", zen3->triple);
  EXPECT_TRUE(zen3->hasFeature("avx2"));
  EXPECT_FALSE(zen3->hasFeature("avx512f"));
  EXPECT_EQ(256u, zen3->vectorBits);
  EXPECT_TRUE(zen3->hasGather);
  EXPECT_FALSE(zen3->hasMasking);
  // AVX2 gathers are asked for, as for x86-64-v3.
  EXPECT_NE(std::string::npos, zen3->features.find("+fast-gather"));

  auto zen4 = cpu("znver4");
  ASSERT_TRUE(static_cast<bool>(zen4));
  EXPECT_EQ(512u, zen4->vectorBits);
  EXPECT_TRUE(zen4->hasMasking);
  EXPECT_TRUE(zen4->prefer512) << "Zen 4 runs 512-bit ops at full speed";
  auto skx = cpu("skylake-avx512");
  ASSERT_TRUE(static_cast<bool>(skx));
  EXPECT_EQ(512u, skx->vectorBits);
  EXPECT_FALSE(skx->prefer512) << "LLVM marks Skylake-SP prefer-256-bit";
}

TEST(TargetDescriptionTest, AArch64CpusStayNeon) {
  auto n1 = cpu("neoverse-n1", "aarch64-linux-gnu");
  ASSERT_TRUE(static_cast<bool>(n1)) << llvm::toString(n1.takeError());
  EXPECT_EQ("aarch64-unknown-linux-gnu", n1->triple);
  EXPECT_TRUE(n1->hasFeature("neon"));
  EXPECT_FALSE(n1->hasFeature("sve"));
  auto v1 = cpu("neoverse-v1", "aarch64-linux-gnu");
  ASSERT_TRUE(static_cast<bool>(v1));
  EXPECT_TRUE(v1->hasFeature("sve")) << "SVE is recognised";
  EXPECT_EQ(128u, v1->vectorBits) << "but the strategies stay NEON";
  EXPECT_FALSE(v1->hasGather);
  EXPECT_FALSE(v1->hasMasking);
  EXPECT_TRUE(v1->hasPermute);
}

TEST(TargetDescriptionTest, Mattr) {
  auto zen3 = cpu("znver3", "", "+avx512f,-sha");
  ASSERT_TRUE(static_cast<bool>(zen3)) << llvm::toString(zen3.takeError());
  EXPECT_TRUE(zen3->hasFeature("avx512f"));
  EXPECT_FALSE(zen3->hasFeature("sha"));
  EXPECT_EQ(512u, zen3->vectorBits);
  EXPECT_EQ("znver3 +avx512f,-sha", zen3->name);
  TargetSelection v3;
  v3.target = "x86-64-v3";
  v3.features = "-avx2";
  auto noAvx2 = resolveTarget(v3);
  ASSERT_TRUE(static_cast<bool>(noAvx2));
  EXPECT_EQ(128u, noAvx2->vectorBits);
  EXPECT_FALSE(noAvx2->hasGather);
}

TEST(TargetDescriptionTest, UnknownNamesSuggestCloseOnes) {
  std::string message = errorOf(cpu("znvr3"));
  EXPECT_NE(std::string::npos,
            message.find("unknown CPU 'znvr3' for x86_64; did you mean "
                         "znver3"))
      << message;
  message = errorOf(cpu("neoverse-n1"));
  EXPECT_NE(std::string::npos,
            message.find("is an aarch64 CPU: add "
                         "--mtriple=aarch64-unknown-linux-gnu"))
      << message;
  message = errorOf(cpu("znver3", "", "+avx512g"));
  EXPECT_NE(std::string::npos,
            message.find("unknown feature 'avx512g' for x86_64; did you "
                         "mean avx512f"))
      << message;
  message = errorOf(cpu("znver3", "", "avx2"));
  EXPECT_NE(std::string::npos, message.find("must start with +")) << message;
  TargetSelection both;
  both.target = "x86-64-v3";
  both.cpu = "znver3";
  message = errorOf(resolveTarget(both));
  EXPECT_NE(std::string::npos, message.find("give one")) << message;
}

TEST(TargetDescriptionTest, ClosestNames) {
  std::vector<std::string> names = {"znver1",  "znver2",      "znver3",
                                    "skylake", "neoverse-n1", "neoverse-v1"};
  EXPECT_EQ((std::vector<std::string>{"znver3", "znver1", "znver2"}),
            closestNames("znvr3", names));
  EXPECT_EQ((std::vector<std::string>{"neoverse-n1", "neoverse-v1"}),
            closestNames("neoverse", names));
  EXPECT_TRUE(closestNames("pentium-pro-max", names).empty());
}

} // namespace
