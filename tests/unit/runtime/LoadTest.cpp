// hw_model_load: dlopen of the fake model module, symbol lookup, load errors,
// and the metadata a loaded model reports.
#include "TestUtil.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

using namespace hardwood::test;

namespace {

const char *const kModulePath = HW_FAKE_MODEL_PATH;

bool lastErrorMentions(const std::string &text) {
  return std::string(hw_last_error()).find(text) != std::string::npos;
}

ModelPtr load(const char *path, const char *symbol) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(path, symbol, &model), HW_OK) << hw_last_error();
  return ModelPtr(model);
}

TEST(LoadTest, DefaultSymbolGivesTheForest) {
  ModelPtr model = load(kModulePath, nullptr);
  ASSERT_TRUE(model);
  int64_t value = 0;
  ASSERT_EQ(hw_model_num_features(model.get(), &value), HW_OK);
  EXPECT_EQ(value, FAKE_FOREST_FEATURES);
  ASSERT_EQ(hw_model_num_classes(model.get(), &value), HW_OK);
  EXPECT_EQ(value, FAKE_FOREST_CLASSES);
  ASSERT_EQ(hw_model_num_trees(model.get(), &value), HW_OK);
  EXPECT_EQ(value, FAKE_FOREST_TREES);
  const double *labels = nullptr;
  ASSERT_EQ(hw_model_class_labels(model.get(), &labels), HW_OK);
  ASSERT_NE(labels, nullptr);
  EXPECT_EQ(labels[0], 3.0);
  EXPECT_EQ(labels[1], 7.0);
  const char *text = nullptr;
  ASSERT_EQ(hw_model_name(model.get(), &text), HW_OK);
  EXPECT_STREQ(text, "fake_forest");
  ASSERT_EQ(hw_model_target(model.get(), &text), HW_OK);
  EXPECT_STREQ(text, "generic");
  uint32_t bits = 0;
  ASSERT_EQ(hw_model_supported_kinds(model.get(), &bits), HW_OK);
  EXPECT_EQ(bits, (1u << HW_KIND_PREDICT) | (1u << HW_KIND_PROBA) |
                      (1u << HW_KIND_DECISION) | (1u << HW_KIND_LEAF));
  ASSERT_EQ(hw_model_abi_version(model.get(), &bits), HW_OK);
  EXPECT_EQ(bits, HW_MODEL_ABI_VERSION);
  hw_dtype dtype = HW_DTYPE_F64;
  ASSERT_EQ(hw_model_input_dtype(model.get(), &dtype), HW_OK);
  EXPECT_EQ(dtype, HW_DTYPE_F32);

  const struct {
    hw_kind kind;
    int64_t width;
    hw_dtype dtype;
  } outputs[] = {{HW_KIND_PREDICT, 1, HW_DTYPE_F32},
                 {HW_KIND_PROBA, FAKE_FOREST_CLASSES, HW_DTYPE_F32},
                 {HW_KIND_DECISION, 1, HW_DTYPE_F32},
                 {HW_KIND_LEAF, FAKE_FOREST_TREES, HW_DTYPE_I32}};
  for (const auto &output : outputs) {
    ASSERT_EQ(hw_model_output_width(model.get(), output.kind, &value), HW_OK);
    EXPECT_EQ(value, output.width) << hw_kind_name(output.kind);
    ASSERT_EQ(hw_model_output_dtype(model.get(), output.kind, &dtype), HW_OK);
    EXPECT_EQ(dtype, output.dtype) << hw_kind_name(output.kind);
  }
}

TEST(LoadTest, RegressorHasNoClassLabels) {
  ModelPtr model = load(kModulePath, "fake_echo_f32_descriptor");
  ASSERT_TRUE(model);
  const double *labels = reinterpret_cast<const double *>(0x1);
  ASSERT_EQ(hw_model_class_labels(model.get(), &labels), HW_OK);
  EXPECT_EQ(labels, nullptr);
  int64_t value = -1;
  ASSERT_EQ(hw_model_num_classes(model.get(), &value), HW_OK);
  EXPECT_EQ(value, 0);
}

TEST(LoadTest, LoadedModelPredictsLikeTheLinkedOne) {
  ModelPtr loaded = load(kModulePath, "fake_forest_descriptor");
  ModelPtr linked = modelFrom(fake_forest_descriptor());
  ASSERT_TRUE(loaded && linked);
  const int64_t rows = 777;
  auto x = makeRows<float>(rows, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES, 5);
  for (hw_kind kind :
       {HW_KIND_PREDICT, HW_KIND_PROBA, HW_KIND_DECISION, HW_KIND_LEAF}) {
    EXPECT_EQ(
        predictBytes(loaded.get(), fake_forest_descriptor(), kind, x.data(),
                     HW_DTYPE_F32, rows, FAKE_FOREST_FEATURES, 0),
        predictBytes(linked.get(), fake_forest_descriptor(), kind, x.data(),
                     HW_DTYPE_F32, rows, FAKE_FOREST_FEATURES, 0))
        << hw_kind_name(kind);
  }
}

TEST(LoadTest, TwoLoadsAreIndependent) {
  ModelPtr first = load(kModulePath, nullptr);
  ModelPtr second = load(kModulePath, nullptr);
  ASSERT_TRUE(first && second);
  first.reset(); // the library stays mapped for the second model
  auto x = makeRows<float>(3, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES, 6);
  EXPECT_EQ(predictBytes(second.get(), fake_forest_descriptor(),
                         HW_KIND_DECISION, x.data(), HW_DTYPE_F32, 3,
                         FAKE_FOREST_FEATURES, 1),
            callKernel(fake_forest_descriptor(), HW_KIND_DECISION, x.data(), 3,
                       FAKE_FOREST_FEATURES));
}

TEST(LoadTest, BareNameIsRelativeToTheCurrentDirectory) {
  std::string path = kModulePath;
  size_t slash = path.rfind('/');
  ASSERT_NE(slash, std::string::npos);
  char previous[4096];
  ASSERT_NE(getcwd(previous, sizeof(previous)), nullptr);
  ASSERT_EQ(chdir(path.substr(0, slash).c_str()), 0);
  hw_model *model = nullptr;
  hw_status status =
      hw_model_load(path.substr(slash + 1).c_str(), nullptr, &model);
  ASSERT_EQ(chdir(previous), 0);
  EXPECT_EQ(status, HW_OK) << hw_last_error();
  hw_model_free(model);
}

TEST(LoadTest, MissingSymbol) {
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_load(kModulePath, "no_such_descriptor", &model),
            HW_ERR_IO);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions("'no_such_descriptor'")) << hw_last_error();
  // Internal kernels are not exported either.
  EXPECT_EQ(hw_model_load(kModulePath, "forest_decision", &model), HW_ERR_IO);
}

TEST(LoadTest, NonexistentFile) {
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  const char *path = "/nonexistent/dir/libmodel.so";
  EXPECT_EQ(hw_model_load(path, nullptr, &model), HW_ERR_IO);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions(path)) << hw_last_error();
}

TEST(LoadTest, FileThatIsNotALibrary) {
  std::string path = ::testing::TempDir() + "hardwood_not_a_library.so";
  std::ofstream(path) << "not an ELF file\n";
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(path.c_str(), nullptr, &model), HW_ERR_IO);
  EXPECT_EQ(model, nullptr);
  std::remove(path.c_str());
}

TEST(LoadTest, AbiMismatch) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(kModulePath, "fake_bad_abi_descriptor", &model),
            HW_ERR_ABI_MISMATCH);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions("ABI version 999")) << hw_last_error();
  EXPECT_TRUE(lastErrorMentions("fake_bad_abi_descriptor")) << hw_last_error();
}

TEST(LoadTest, DescriptorFunctionReturnsNull) {
  hw_model *model = nullptr;
  EXPECT_EQ(hw_model_load(kModulePath, "fake_null_descriptor", &model),
            HW_ERR_INVALID_MODEL);
  EXPECT_EQ(model, nullptr);
}

TEST(LoadTest, NullArguments) {
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_load(nullptr, nullptr, &model), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions("path is NULL")) << hw_last_error();
  EXPECT_EQ(hw_model_load(kModulePath, nullptr, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("out is NULL")) << hw_last_error();
}

} // namespace
