// CPU features at load: a model records the features its code needs and the
// runtime refuses a host without them (simulated with the
// HARDWOOD_TEST_DISABLE_CPU_FEATURES hook); the kind/dtype/feature tables of
// model_abi.h through the C API.
#include "TestUtil.h"

#include <cstdlib>
#include <string>

using namespace hardwood::test;

namespace {

const char *const kModulePath = HW_FAKE_MODEL_PATH;
constexpr const char *kHook = "HARDWOOD_TEST_DISABLE_CPU_FEATURES";
constexpr const char *kNoAvx512 = "avx512f,avx512bw,avx512cd,avx512dq,avx512vl";

constexpr uint64_t kAvx512Bits =
    (uint64_t{1} << HW_CPU_AVX512F) | (uint64_t{1} << HW_CPU_AVX512BW) |
    (uint64_t{1} << HW_CPU_AVX512CD) | (uint64_t{1} << HW_CPU_AVX512DQ) |
    (uint64_t{1} << HW_CPU_AVX512VL);

bool lastErrorMentions(const std::string &text) {
  return std::string(hw_last_error()).find(text) != std::string::npos;
}

/// Sets the testing hook for the scope of a test.
class DisabledFeatures {
public:
  explicit DisabledFeatures(const char *names) { setenv(kHook, names, 1); }
  ~DisabledFeatures() { unsetenv(kHook); }
};

uint64_t hostFeatures() {
  uint64_t bits = 0;
  EXPECT_EQ(hw_host_cpu_features(&bits), HW_OK) << hw_last_error();
  return bits;
}

TEST(KindTableTest, NamesRoundTrip) {
  for (int k = 0; k < HW_KIND_COUNT; ++k) {
    auto kind = static_cast<hw_kind>(k);
    const char *name = hw_kind_name(kind);
    ASSERT_NE(name, nullptr) << k;
    hw_kind parsed = HW_KIND_COUNT;
    ASSERT_EQ(hw_kind_from_name(name, &parsed), HW_OK) << hw_last_error();
    EXPECT_EQ(parsed, kind) << name;
  }
}

TEST(KindTableTest, UnknownNameListsTheKnownOnes) {
  hw_kind kind = HW_KIND_LEAF;
  EXPECT_EQ(hw_kind_from_name("probability", &kind), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(kind, HW_KIND_LEAF) << "out must be unchanged on failure";
  EXPECT_TRUE(lastErrorMentions("unknown kind 'probability'; expected one of: "
                                "predict, proba, decision, score, leaf"))
      << hw_last_error();
  EXPECT_FALSE(lastErrorMentions("leaf, ")) << hw_last_error();
  EXPECT_EQ(hw_kind_from_name("", &kind), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_kind_from_name("PREDICT", &kind), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_kind_from_name(nullptr, &kind), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_kind_from_name("predict", nullptr), HW_ERR_INVALID_ARGUMENT);
}

TEST(DtypeTableTest, NamesAndSizes) {
  EXPECT_STREQ(hw_dtype_name(HW_DTYPE_F32), "float32");
  EXPECT_STREQ(hw_dtype_name(HW_DTYPE_F64), "float64");
  EXPECT_STREQ(hw_dtype_name(HW_DTYPE_I32), "int32");
  EXPECT_EQ(hw_dtype_name(static_cast<hw_dtype>(3)), nullptr);
  EXPECT_EQ(hw_dtype_size(HW_DTYPE_I32), sizeof(int32_t));
}

TEST(CpuFeatureTableTest, Names) {
  EXPECT_STREQ(hw_cpu_feature_name(HW_CPU_AVX2), "avx2");
  EXPECT_STREQ(hw_cpu_feature_name(HW_CPU_AVX512F), "avx512f");
  EXPECT_STREQ(hw_cpu_feature_name(HW_CPU_SSE4_2), "sse4.2");
  EXPECT_STREQ(hw_cpu_feature_name(HW_CPU_NEON), "neon");
  EXPECT_EQ(hw_cpu_feature_name(63), nullptr);
  EXPECT_EQ(hw_cpu_feature_name(1000), nullptr);
}

TEST(HostCpuFeaturesTest, HookOnlyRemovesFeatures) {
  uint64_t host = hostFeatures();
#if defined(__x86_64__)
  // Every x86-64 CPU that runs this has SSE3 (x86-64-v2 is older than any
  // machine the suite supports).
  EXPECT_TRUE(host & (uint64_t{1} << HW_CPU_SSE3));
  EXPECT_FALSE(host & (uint64_t{1} << HW_CPU_NEON));
#elif defined(__aarch64__)
  EXPECT_TRUE(host & (uint64_t{1} << HW_CPU_NEON));
#endif
  DisabledFeatures disabled(" avx512f , avx2,neon");
  uint64_t reduced = hostFeatures();
  uint64_t removed = (uint64_t{1} << HW_CPU_AVX512F) |
                     (uint64_t{1} << HW_CPU_AVX2) |
                     (uint64_t{1} << HW_CPU_NEON);
  EXPECT_EQ(reduced, host & ~removed);
}

TEST(HostCpuFeaturesTest, HookWithAnUnknownNameFails) {
  DisabledFeatures disabled("avx512f,avx9000");
  uint64_t bits = 0;
  EXPECT_EQ(hw_host_cpu_features(&bits), HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("'avx9000'")) << hw_last_error();
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_from_descriptor(fake_avx512_descriptor(), &model),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(hw_host_cpu_features(nullptr), HW_ERR_INVALID_ARGUMENT);
}

TEST(CpuCheckTest, AvxFiveTwelveModelIsRefusedWithoutAvx512) {
  DisabledFeatures disabled(kNoAvx512);
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_from_descriptor(fake_avx512_descriptor(), &model),
            HW_ERR_UNSUPPORTED_CPU);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions(
      "model 'fake_forest' was compiled for target 'x86-64-v4' and needs CPU "
      "features this host lacks: avx512f, avx512bw, avx512cd, avx512dq, "
      "avx512vl"))
      << hw_last_error();
  EXPECT_STREQ(hw_status_string(HW_ERR_UNSUPPORTED_CPU),
               "HW_ERR_UNSUPPORTED_CPU");
}

TEST(CpuCheckTest, LoadNamesTheMissingFeaturesAndTheLibrary) {
  DisabledFeatures disabled("avx512vl");
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_load(kModulePath, "fake_avx512_descriptor", &model),
            HW_ERR_UNSUPPORTED_CPU);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions("lacks: avx512vl (loading")) << hw_last_error();
  EXPECT_TRUE(lastErrorMentions("fake_avx512_descriptor")) << hw_last_error();
}

TEST(CpuCheckTest, ModelWithoutFeaturesLoadsAnywhere) {
  DisabledFeatures disabled(kNoAvx512);
  ModelPtr model = modelFrom(fake_forest_descriptor());
  ASSERT_TRUE(model);
  uint64_t bits = 1;
  ASSERT_EQ(hw_model_cpu_features(model.get(), &bits), HW_OK);
  EXPECT_EQ(bits, 0u);
  const char *hash = nullptr;
  ASSERT_EQ(hw_model_content_hash(model.get(), &hash), HW_OK);
  EXPECT_STREQ(hash, FAKE_FOREST_CONTENT_HASH);
}

TEST(CpuCheckTest, AvxFiveTwelveModelLoadsOnAnAvx512Host) {
  if ((hostFeatures() & kAvx512Bits) != kAvx512Bits)
    GTEST_SKIP() << "this host has no AVX-512";
  ModelPtr model = modelFrom(fake_avx512_descriptor());
  ASSERT_TRUE(model);
  uint64_t bits = 0;
  ASSERT_EQ(hw_model_cpu_features(model.get(), &bits), HW_OK);
  EXPECT_EQ(bits, kAvx512Bits);
}

TEST(CpuCheckTest, UnknownFeatureBitIsMissing) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_from_descriptor(fake_unknown_feature_descriptor(), &model),
            HW_ERR_UNSUPPORTED_CPU);
  EXPECT_TRUE(lastErrorMentions("unknown feature bit 63")) << hw_last_error();
}

TEST(CpuCheckTest, VersionOneLibraryIsRefused) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(kModulePath, "fake_abi_v1_descriptor", &model),
            HW_ERR_ABI_MISMATCH);
  EXPECT_TRUE(lastErrorMentions("ABI version 1, which records no CPU features"))
      << hw_last_error();
  EXPECT_TRUE(lastErrorMentions("recompile")) << hw_last_error();
}

#ifdef HW_COMPILED_V4_MODEL_PATH
// A real library: tests/fixtures/mlir/small_forest.mlir compiled by `hardwood
// compile --target x86-64-v4` at build time.
TEST(CompiledModelCpuCheckTest, V4LibraryIsRefusedOnAHostWithoutAvx512) {
  DisabledFeatures disabled(kNoAvx512);
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(HW_COMPILED_V4_MODEL_PATH, nullptr, &model),
            HW_ERR_UNSUPPORTED_CPU);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions("model 'forest' was compiled for target "
                                "'x86-64-v4' and needs CPU features this host "
                                "lacks: avx512f, avx512bw, avx512cd, "
                                "avx512dq, avx512vl"))
      << hw_last_error();
}

TEST(CompiledModelCpuCheckTest, V4LibraryRecordsItsFeaturesAndHash) {
  uint64_t host = hostFeatures();
  hw_model *raw = nullptr;
  hw_status status = hw_model_load(HW_COMPILED_V4_MODEL_PATH, nullptr, &raw);
  ModelPtr model(raw);
  if ((host & kAvx512Bits) != kAvx512Bits) {
    EXPECT_EQ(status, HW_ERR_UNSUPPORTED_CPU);
    GTEST_SKIP() << "this host has no AVX-512: " << hw_last_error();
  }
  ASSERT_EQ(status, HW_OK) << hw_last_error();
  uint64_t bits = 0;
  ASSERT_EQ(hw_model_cpu_features(model.get(), &bits), HW_OK);
  // x86-64-v4 is x86-64-v3 plus AVX-512: both levels' features.
  uint64_t expected =
      kAvx512Bits | (uint64_t{1} << HW_CPU_AVX2) | (uint64_t{1} << HW_CPU_FMA) |
      (uint64_t{1} << HW_CPU_BMI2) | (uint64_t{1} << HW_CPU_SSE4_2);
  EXPECT_EQ(bits & expected, expected);
  EXPECT_EQ(bits & (uint64_t{1} << HW_CPU_NEON), 0u);
  const char *hash = nullptr;
  ASSERT_EQ(hw_model_content_hash(model.get(), &hash), HW_OK);
  EXPECT_EQ(std::string(hash).rfind("sha256:", 0), 0u) << hash;
  EXPECT_EQ(std::string(hash).size(), 7u + 64u) << hash;
  const char *target = nullptr;
  ASSERT_EQ(hw_model_target(model.get(), &target), HW_OK);
  EXPECT_STREQ(target, "x86-64-v4");
}
#endif

} // namespace
