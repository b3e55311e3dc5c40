// A small program that links compiled models (hardwood compile --emit static)
// and the Hardwood runtime into one static binary, for running models built
// for another CPU under an emulator (tests/python/test_aarch64_qemu.py runs
// it as aarch64 code under qemu-aarch64). It uses only the public C API: the
// generated header's descriptor function, hw_model_from_descriptor and
// hw_predict; and, for the tree-parallel functions hw_predict calls only for
// small batches on several threads, the descriptor's walk_trees and
// sum_leaves directly.
//
// The models come from a file the test generates, included here as
// "cross_models.inc": it includes each model's generated header and defines
//   #define HW_CROSS_MODELS(X) X(name, descriptor_function) ...
//
// Arrays are files of this simple binary format (all little-endian):
//   char     magic[4] = "HWA1"
//   uint32_t dtype      hw_dtype: 0 float32, 1 float64, 2 int32
//   int64_t  rows
//   int64_t  columns
//   rows * columns elements, C order
//
// Usage:
//   driver info MODEL
//       prints the model's metadata, one "key value" per line
//   driver predict MODEL KIND THREADS IN OUT [MODEL KIND THREADS IN OUT]...
//       runs hw_predict for each job; KIND is predict|proba|decision|score|
//       leaf; THREADS is hw_predict_options.threads, or "walks": the
//       model's walk_trees over three uneven tree ranges, the last first,
//       then its sum_leaves for KIND (IN must have the model's dtype). OUT
//       has `columns` = the kind's output width.
// Exit status: 0 on success, 1 on a failed call (message on stderr), 2 on
// bad usage.

#include <hardwood/hardwood.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "cross_models.inc"

namespace {

struct ModelEntry {
  const char *name;
  hw_descriptor_fn descriptor;
};

#define HW_CROSS_ENTRY(name, fn) {#name, &fn},
const ModelEntry kModels[] = {HW_CROSS_MODELS(HW_CROSS_ENTRY)};
#undef HW_CROSS_ENTRY

struct Array {
  uint32_t dtype = 0;
  int64_t rows = 0;
  int64_t columns = 0;
  std::vector<unsigned char> data;
};

const char kMagic[4] = {'H', 'W', 'A', '1'};

int fail(const std::string &message) {
  std::fprintf(stderr, "aarch64_driver: %s\n", message.c_str());
  return 1;
}

bool readArray(const char *path, Array &array, std::string &error) {
  FILE *file = std::fopen(path, "rb");
  if (!file) {
    error = std::string(path) + ": cannot open";
    return false;
  }
  char magic[4];
  bool ok = std::fread(magic, 1, 4, file) == 4 &&
            std::memcmp(magic, kMagic, 4) == 0 &&
            std::fread(&array.dtype, sizeof array.dtype, 1, file) == 1 &&
            std::fread(&array.rows, sizeof array.rows, 1, file) == 1 &&
            std::fread(&array.columns, sizeof array.columns, 1, file) == 1;
  size_t elementSize =
      ok ? hw_dtype_size(static_cast<hw_dtype>(array.dtype)) : 0;
  if (!ok || elementSize == 0 || array.rows < 0 || array.columns < 0) {
    std::fclose(file);
    error = std::string(path) + ": not an HWA1 array";
    return false;
  }
  array.data.resize(static_cast<size_t>(array.rows * array.columns) *
                    elementSize);
  ok = std::fread(array.data.data(), 1, array.data.size(), file) ==
       array.data.size();
  std::fclose(file);
  if (!ok)
    error = std::string(path) + ": truncated";
  return ok;
}

bool writeArray(const char *path, const Array &array, std::string &error) {
  FILE *file = std::fopen(path, "wb");
  bool ok = file && std::fwrite(kMagic, 1, 4, file) == 4 &&
            std::fwrite(&array.dtype, sizeof array.dtype, 1, file) == 1 &&
            std::fwrite(&array.rows, sizeof array.rows, 1, file) == 1 &&
            std::fwrite(&array.columns, sizeof array.columns, 1, file) == 1 &&
            std::fwrite(array.data.data(), 1, array.data.size(), file) ==
                array.data.size();
  if (file && std::fclose(file) != 0)
    ok = false;
  if (!ok)
    error = std::string(path) + ": cannot write";
  return ok;
}

int loadModel(const char *name, hw_model **model) {
  for (const ModelEntry &entry : kModels)
    if (std::strcmp(entry.name, name) == 0) {
      if (hw_model_from_descriptor(entry.descriptor(), model) != HW_OK)
        return fail(std::string(name) + ": " + hw_last_error());
      return 0;
    }
  return fail(std::string("no model named ") + name);
}

bool parseKind(const char *text, hw_kind &kind) {
  for (int k = 0; k < HW_KIND_COUNT; ++k)
    if (std::strcmp(text, hw_kind_name(static_cast<hw_kind>(k))) == 0) {
      kind = static_cast<hw_kind>(k);
      return true;
    }
  return false;
}

int info(const char *name) {
  hw_model *model = nullptr;
  if (int status = loadModel(name, &model))
    return status;
  int64_t features = 0, classes = 0, trees = 0;
  uint32_t kinds = 0, abi = 0;
  hw_dtype input;
  const char *modelName = nullptr, *target = nullptr;
  hw_model_num_features(model, &features);
  hw_model_num_classes(model, &classes);
  hw_model_num_trees(model, &trees);
  hw_model_supported_kinds(model, &kinds);
  hw_model_input_dtype(model, &input);
  hw_model_name(model, &modelName);
  hw_model_target(model, &target);
  hw_model_abi_version(model, &abi);
  std::printf("name %s\ntarget %s\nabi %u\nfeatures %lld\nclasses %lld\n"
              "trees %lld\ninput_dtype %d\nkinds",
              modelName, target, abi, static_cast<long long>(features),
              static_cast<long long>(classes), static_cast<long long>(trees),
              static_cast<int>(input));
  for (int k = 0; k < HW_KIND_COUNT; ++k)
    if (kinds & (1u << k))
      std::printf(" %s", hw_kind_name(static_cast<hw_kind>(k)));
  std::printf("\n");
  hw_model_free(model);
  return 0;
}

/// What hw_predict would write if it ran the rows tree-parallel: the
/// model's walk of trees [0, n) in three uneven ranges, the last first, then
/// its sum of the stored leaves for `kind`.
int walkAndSum(const char *name, hw_kind kind, const Array &input,
               Array &output) {
  const hw_model_descriptor *desc = nullptr;
  for (const ModelEntry &entry : kModels)
    if (std::strcmp(entry.name, name) == 0)
      desc = entry.descriptor();
  if (!desc || desc->abi_version < 4 || !desc->walk_trees ||
      !desc->sum_leaves[kind])
    return fail(std::string(name) + ": no tree-parallel functions");
  if (input.dtype != desc->input_dtype)
    return fail(std::string(name) + ": walks need rows of the model's dtype");
  const int64_t trees = desc->num_trees;
  const int64_t bounds[] = {0, trees / 3, trees / 3 + (trees - trees / 3) / 2,
                            trees};
  std::vector<int32_t> leaves(static_cast<size_t>(input.rows * trees), -1);
  for (int range = 2; range >= 0; --range)
    desc->walk_trees(input.data.data(), input.rows, input.columns,
                     bounds[range], bounds[range + 1], leaves.data());
  for (int32_t leaf : leaves)
    if (leaf < 0)
      return fail(std::string(name) + ": a leaf was not written");
  desc->sum_leaves[kind](input.data.data(), input.rows, input.columns,
                         leaves.data(), output.data.data());
  return 0;
}

int predict(char **job) {
  const char *name = job[0], *kindText = job[1], *threadsText = job[2],
             *inPath = job[3], *outPath = job[4];
  hw_kind kind;
  if (!parseKind(kindText, kind))
    return fail(std::string("unknown kind ") + kindText);
  Array input;
  std::string error;
  if (!readArray(inPath, input, error))
    return fail(error);
  hw_model *model = nullptr;
  if (int status = loadModel(name, &model))
    return status;
  Array output;
  int64_t width = 0;
  hw_dtype dtype;
  if (hw_model_output_width(model, kind, &width) != HW_OK ||
      hw_model_output_dtype(model, kind, &dtype) != HW_OK) {
    hw_model_free(model);
    return fail(std::string(name) + " " + kindText + ": " + hw_last_error());
  }
  output.dtype = dtype;
  output.rows = input.rows;
  output.columns = width;
  output.data.resize(static_cast<size_t>(input.rows * width) *
                     hw_dtype_size(dtype));
  if (std::strcmp(threadsText, "walks") == 0) {
    hw_model_free(model);
    if (int status = walkAndSum(name, kind, input, output))
      return status;
    if (!writeArray(outPath, output, error))
      return fail(error);
    return 0;
  }
  hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
  options.threads = std::atoi(threadsText);
  hw_status status = hw_predict(model, kind, input.data.data(),
                                static_cast<hw_dtype>(input.dtype), input.rows,
                                input.columns, output.data.data(), &options);
  hw_model_free(model);
  if (status != HW_OK)
    return fail(std::string(name) + " " + kindText + ": " + hw_last_error());
  if (!writeArray(outPath, output, error))
    return fail(error);
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc == 3 && std::strcmp(argv[1], "info") == 0)
    return info(argv[2]);
  if (argc >= 7 && (argc - 2) % 5 == 0 &&
      std::strcmp(argv[1], "predict") == 0) {
    for (int i = 2; i < argc; i += 5)
      if (int status = predict(argv + i))
        return status;
    return 0;
  }
  std::fprintf(stderr,
               "usage: %s info MODEL\n"
               "       %s predict MODEL KIND THREADS IN OUT [...]\n",
               argv[0], argv[0]);
  return 2;
}
