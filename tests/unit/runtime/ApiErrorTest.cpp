// Every argument and descriptor check of the C API: status, message, and no
// partial results.
#include "TestUtil.h"

#include <string>
#include <thread>

using namespace hardwood::test;

namespace {

class ApiErrorTest : public ::testing::Test {
protected:
  ModelPtr model = modelFrom(fake_forest_descriptor());
  std::vector<float> x =
      makeRows<float>(4, FAKE_FOREST_FEATURES, FAKE_FOREST_FEATURES, 1);
  float out[8] = {};

  hw_status predict(hw_kind kind, int64_t rows, int64_t stride,
                    const hw_predict_options *opts = nullptr) {
    return hw_predict(model.get(), kind, x.data(), HW_DTYPE_F32, rows, stride,
                      out, opts);
  }
};

bool lastErrorMentions(const char *text) {
  return std::string(hw_last_error()).find(text) != std::string::npos;
}

TEST(StatusTest, EveryStatusHasAName) {
  EXPECT_STREQ(hw_status_string(HW_OK), "HW_OK");
  EXPECT_STREQ(hw_status_string(HW_ERR_INVALID_ARGUMENT),
               "HW_ERR_INVALID_ARGUMENT");
  EXPECT_STREQ(hw_status_string(HW_ERR_IO), "HW_ERR_IO");
  EXPECT_STREQ(hw_status_string(HW_ERR_ABI_MISMATCH), "HW_ERR_ABI_MISMATCH");
  EXPECT_STREQ(hw_status_string(HW_ERR_UNSUPPORTED_KIND),
               "HW_ERR_UNSUPPORTED_KIND");
  EXPECT_STREQ(hw_status_string(HW_ERR_SHAPE), "HW_ERR_SHAPE");
  EXPECT_STREQ(hw_status_string(HW_ERR_OUT_OF_MEMORY), "HW_ERR_OUT_OF_MEMORY");
  EXPECT_STREQ(hw_status_string(HW_ERR_INVALID_MODEL), "HW_ERR_INVALID_MODEL");
  EXPECT_STREQ(hw_status_string(HW_ERR_INTERNAL), "HW_ERR_INTERNAL");
  EXPECT_STREQ(hw_status_string(static_cast<hw_status>(1234)),
               "unknown status");
}

TEST(StatusTest, VersionsAndNames) {
  EXPECT_STREQ(hw_runtime_version(), "0.1.0");
  EXPECT_EQ(hw_runtime_abi_version(), HW_MODEL_ABI_VERSION);
  EXPECT_STREQ(hw_kind_name(HW_KIND_PREDICT), "predict");
  EXPECT_STREQ(hw_kind_name(HW_KIND_PROBA), "proba");
  EXPECT_STREQ(hw_kind_name(HW_KIND_DECISION), "decision");
  EXPECT_STREQ(hw_kind_name(HW_KIND_SCORE), "score");
  EXPECT_STREQ(hw_kind_name(HW_KIND_LEAF), "leaf");
  EXPECT_EQ(hw_kind_name(HW_KIND_COUNT), nullptr);
  EXPECT_EQ(hw_kind_name(static_cast<hw_kind>(-1)), nullptr);
  EXPECT_EQ(hw_dtype_size(HW_DTYPE_F32), 4u);
  EXPECT_EQ(hw_dtype_size(HW_DTYPE_F64), 8u);
  EXPECT_EQ(hw_dtype_size(HW_DTYPE_I32), 4u);
  EXPECT_EQ(hw_dtype_size(static_cast<hw_dtype>(9)), 0u);
}

TEST(StatusTest, LastErrorIsPerThread) {
  hw_model *model = nullptr;
  ASSERT_EQ(hw_model_from_descriptor(nullptr, &model), HW_ERR_INVALID_ARGUMENT);
  std::string mine = hw_last_error();
  EXPECT_FALSE(mine.empty());
  std::string other = "unset";
  std::thread([&] { other = hw_last_error(); }).join();
  EXPECT_EQ(other, "");
  // A success does not clear the message.
  ModelPtr ok = modelFrom(fake_forest_descriptor());
  EXPECT_EQ(mine, hw_last_error());
}

TEST_F(ApiErrorTest, NullModel) {
  EXPECT_EQ(hw_predict(nullptr, HW_KIND_DECISION, x.data(), HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, out, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("model is NULL")) << hw_last_error();
  // Also with no rows: a NULL model is never fine.
  EXPECT_EQ(hw_predict(nullptr, HW_KIND_DECISION, nullptr, HW_DTYPE_F32, 0,
                       FAKE_FOREST_FEATURES, nullptr, nullptr),
            HW_ERR_INVALID_ARGUMENT);
}

TEST_F(ApiErrorTest, NullBuffers) {
  EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, nullptr, HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, out, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("x is NULL")) << hw_last_error();
  EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES, nullptr, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("out is NULL")) << hw_last_error();
}

TEST_F(ApiErrorTest, ZeroRowsNeedNoBuffers) {
  EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, nullptr, HW_DTYPE_F32, 0,
                       FAKE_FOREST_FEATURES, nullptr, nullptr),
            HW_OK);
  out[0] = 42.0f;
  EXPECT_EQ(predict(HW_KIND_PROBA, 0, FAKE_FOREST_FEATURES), HW_OK);
  EXPECT_EQ(out[0], 42.0f);
}

TEST_F(ApiErrorTest, NegativeRows) {
  EXPECT_EQ(predict(HW_KIND_DECISION, -1, FAKE_FOREST_FEATURES), HW_ERR_SHAPE);
  EXPECT_TRUE(lastErrorMentions("rows is -1")) << hw_last_error();
}

TEST_F(ApiErrorTest, StrideBelowFeatures) {
  EXPECT_EQ(predict(HW_KIND_DECISION, 1, FAKE_FOREST_FEATURES - 1),
            HW_ERR_SHAPE);
  EXPECT_TRUE(lastErrorMentions("row_stride 3")) << hw_last_error();
  EXPECT_EQ(predict(HW_KIND_DECISION, 0, -5), HW_ERR_SHAPE);
}

TEST_F(ApiErrorTest, SizesThatOverflow) {
  const int64_t huge = INT64_MAX / 4;
  EXPECT_EQ(predict(HW_KIND_DECISION, huge, FAKE_FOREST_FEATURES),
            HW_ERR_SHAPE);
  EXPECT_EQ(predict(HW_KIND_DECISION, 2, huge), HW_ERR_SHAPE);
}

TEST_F(ApiErrorTest, UnknownKind) {
  for (int kind : {-1, static_cast<int>(HW_KIND_COUNT), 100}) {
    EXPECT_EQ(predict(static_cast<hw_kind>(kind), 1, FAKE_FOREST_FEATURES),
              HW_ERR_INVALID_ARGUMENT)
        << kind;
    EXPECT_TRUE(lastErrorMentions("unknown kind")) << hw_last_error();
  }
}

TEST_F(ApiErrorTest, UnsupportedKind) {
  EXPECT_EQ(predict(HW_KIND_SCORE, 1, FAKE_FOREST_FEATURES),
            HW_ERR_UNSUPPORTED_KIND);
  EXPECT_TRUE(lastErrorMentions("'score'")) << hw_last_error();
}

TEST_F(ApiErrorTest, UnknownInputDtype) {
  for (int dtype : {static_cast<int>(HW_DTYPE_I32), 7, -1}) {
    EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(),
                         static_cast<hw_dtype>(dtype), 1, FAKE_FOREST_FEATURES,
                         out, nullptr),
              HW_ERR_INVALID_ARGUMENT)
        << dtype;
  }
}

TEST_F(ApiErrorTest, MisalignedBuffers) {
  auto *bytes = reinterpret_cast<unsigned char *>(x.data());
  EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, bytes + 1, HW_DTYPE_F32,
                       1, FAKE_FOREST_FEATURES, out, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("x is not aligned")) << hw_last_error();
  EXPECT_EQ(hw_predict(model.get(), HW_KIND_DECISION, x.data(), HW_DTYPE_F32, 1,
                       FAKE_FOREST_FEATURES,
                       reinterpret_cast<unsigned char *>(out) + 2, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("out is not aligned")) << hw_last_error();
}

TEST_F(ApiErrorTest, Options) {
  hw_predict_options opts = HW_PREDICT_OPTIONS_INIT;
  EXPECT_EQ(opts.threads, 0);
  EXPECT_EQ(predict(HW_KIND_DECISION, 4, FAKE_FOREST_FEATURES, &opts), HW_OK);

  opts.struct_size = 0;
  EXPECT_EQ(predict(HW_KIND_DECISION, 4, FAKE_FOREST_FEATURES, &opts),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("struct_size")) << hw_last_error();

  opts = withThreads(-1);
  EXPECT_EQ(predict(HW_KIND_DECISION, 4, FAKE_FOREST_FEATURES, &opts),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_TRUE(lastErrorMentions("threads is -1")) << hw_last_error();

  // A caller built against a newer header with more fields.
  struct {
    hw_predict_options base;
    int64_t futureField;
  } newer = {withThreads(2), 0};
  newer.base.struct_size = sizeof(newer);
  EXPECT_EQ(predict(HW_KIND_DECISION, 4, FAKE_FOREST_FEATURES, &newer.base),
            HW_OK);
}

TEST_F(ApiErrorTest, MetadataQueries) {
  int64_t value = -7;
  const char *text = nullptr;
  EXPECT_EQ(hw_model_num_features(nullptr, &value), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_num_features(model.get(), nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_num_classes(nullptr, &value), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_num_trees(nullptr, &value), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_name(nullptr, &text), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_target(model.get(), nullptr), HW_ERR_INVALID_ARGUMENT);
  const double *labels = nullptr;
  EXPECT_EQ(hw_model_class_labels(nullptr, &labels), HW_ERR_INVALID_ARGUMENT);
  uint32_t bits = 0;
  EXPECT_EQ(hw_model_supported_kinds(nullptr, &bits), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_abi_version(nullptr, &bits), HW_ERR_INVALID_ARGUMENT);
  hw_dtype dtype = HW_DTYPE_F64;
  EXPECT_EQ(hw_model_input_dtype(model.get(), nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_output_width(model.get(), HW_KIND_COUNT, &value),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_output_width(model.get(), HW_KIND_SCORE, &value),
            HW_ERR_UNSUPPORTED_KIND);
  EXPECT_EQ(hw_model_output_dtype(model.get(), HW_KIND_SCORE, &dtype),
            HW_ERR_UNSUPPORTED_KIND);
  EXPECT_EQ(hw_model_output_dtype(nullptr, HW_KIND_PROBA, &dtype),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_min_parallel_rows(nullptr, HW_KIND_PROBA, &value),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_min_parallel_rows(model.get(), HW_KIND_PROBA, nullptr),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_min_parallel_rows(model.get(), HW_KIND_COUNT, &value),
            HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(hw_model_min_parallel_rows(model.get(), HW_KIND_SCORE, &value),
            HW_ERR_UNSUPPORTED_KIND);
  // Failed queries leave the output alone.
  EXPECT_EQ(value, -7);
  EXPECT_EQ(dtype, HW_DTYPE_F64);
}

TEST(ModelCreationTest, NullArguments) {
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_from_descriptor(nullptr, &model), HW_ERR_INVALID_ARGUMENT);
  EXPECT_EQ(model, nullptr);
  EXPECT_EQ(hw_model_from_descriptor(fake_forest_descriptor(), nullptr),
            HW_ERR_INVALID_ARGUMENT);
  hw_model_free(nullptr); // a no-op
}

/// Descriptor checks: each case breaks one field of a valid descriptor.
struct BadDescriptorCase {
  const char *name;
  void (*breakIt)(hw_model_descriptor &);
  hw_status expected;
  const char *message;
};

class BadDescriptorTest : public ::testing::TestWithParam<BadDescriptorCase> {};

TEST_P(BadDescriptorTest, IsRejected) {
  hw_model_descriptor desc = *fake_forest_descriptor();
  GetParam().breakIt(desc);
  hw_model *model = reinterpret_cast<hw_model *>(0x1);
  EXPECT_EQ(hw_model_from_descriptor(&desc, &model), GetParam().expected);
  EXPECT_EQ(model, nullptr);
  EXPECT_TRUE(lastErrorMentions(GetParam().message)) << hw_last_error();
}

const BadDescriptorCase kBadDescriptors[] = {
    {"AbiMismatch",
     [](hw_model_descriptor &d) { d.abi_version = HW_MODEL_ABI_VERSION + 1; },
     HW_ERR_ABI_MISMATCH, "supports version"},
    {"AbiVersionOne", [](hw_model_descriptor &d) { d.abi_version = 1; },
     HW_ERR_ABI_MISMATCH, "ABI version 1, which records no CPU features"},
    {"AbiZero", [](hw_model_descriptor &d) { d.abi_version = 0; },
     HW_ERR_ABI_MISMATCH, "supports version"},
    {"ListedKindWithNullKernel",
     [](hw_model_descriptor &d) { d.supported_kinds |= 1u << HW_KIND_SCORE; },
     HW_ERR_INVALID_MODEL, "'score' is listed as supported"},
    {"KernelNotListed",
     [](hw_model_descriptor &d) { d.supported_kinds &= ~(1u << HW_KIND_LEAF); },
     HW_ERR_INVALID_MODEL, "'leaf' has a kernel"},
    {"UnknownKindBits",
     [](hw_model_descriptor &d) { d.supported_kinds |= 1u << 7; },
     HW_ERR_INVALID_MODEL, "bits beyond"},
    {"IntegerInput",
     [](hw_model_descriptor &d) { d.input_dtype = HW_DTYPE_I32; },
     HW_ERR_INVALID_MODEL, "input_dtype 2"},
    {"UnknownOutputDtype",
     [](hw_model_descriptor &d) { d.output_dtype[HW_KIND_PROBA] = 9; },
     HW_ERR_INVALID_MODEL, "output dtype 9 of kind 'proba'"},
    // Tree-parallel functions (version 4) come as a walk and a sum for
    // every kernel, or not at all.
    {"LeafSumWithoutWalk",
     [](hw_model_descriptor &d) {
       d.sum_leaves[HW_KIND_DECISION] =
           fake_wide_descriptor()->sum_leaves[HW_KIND_DECISION];
     },
     HW_ERR_INVALID_MODEL,
     "'decision' has a leaf-sum function but no tree walk"},
    {"WalkWithoutLeafSum",
     [](hw_model_descriptor &d) {
       d.walk_trees = fake_wide_descriptor()->walk_trees;
     },
     HW_ERR_INVALID_MODEL,
     "'predict' has a tree walk but no leaf-sum function"},
    {"LeafSumWithoutKernel",
     [](hw_model_descriptor &d) {
       d.walk_trees = fake_wide_descriptor()->walk_trees;
       for (int kind : {HW_KIND_PREDICT, HW_KIND_PROBA, HW_KIND_DECISION,
                        HW_KIND_LEAF, HW_KIND_SCORE})
         d.sum_leaves[kind] =
             fake_wide_descriptor()->sum_leaves[HW_KIND_DECISION];
     },
     HW_ERR_INVALID_MODEL, "'score' has a leaf-sum function but no kernel"},
    {"ZeroOutputWidth",
     [](hw_model_descriptor &d) { d.output_width[HW_KIND_DECISION] = 0; },
     HW_ERR_INVALID_MODEL, "output width of kind 'decision' is 0"},
};

INSTANTIATE_TEST_SUITE_P(Descriptors, BadDescriptorTest,
                         ::testing::ValuesIn(kBadDescriptors),
                         [](const auto &info) { return info.param.name; });

TEST(ModelCreationTest, MissingStringsBecomeEmpty) {
  hw_model_descriptor desc = *fake_echo_f32_descriptor();
  desc.name = nullptr;
  desc.target = nullptr;
  ModelPtr model = modelFrom(&desc);
  const char *text = nullptr;
  ASSERT_EQ(hw_model_name(model.get(), &text), HW_OK);
  EXPECT_STREQ(text, "");
  ASSERT_EQ(hw_model_target(model.get(), &text), HW_OK);
  EXPECT_STREQ(text, "");
}

} // namespace
