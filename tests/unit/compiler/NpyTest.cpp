//===- NpyTest.cpp - .npy reading and writing -----------------------------===//

#include "hardwood/Support/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace hardwood;

namespace {

std::string tempPath(const char *suffix) {
  llvm::SmallString<128> path;
  llvm::sys::fs::createTemporaryFile("npytest", suffix, path);
  return std::string(path);
}

TEST(NpyTest, RoundTripsFloat32Matrix) {
  NpyArray array;
  array.dtype = HW_DTYPE_F32;
  array.shape = {2, 3};
  float values[6] = {1, -2, 3.5f, 0, -0.0f, 1e30f};
  array.data.assign(reinterpret_cast<char *>(values),
                    reinterpret_cast<char *>(values) + sizeof(values));
  std::string path = tempPath("npy");
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, array)));
  llvm::Expected<NpyArray> read = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(read));
  EXPECT_EQ(HW_DTYPE_F32, read->dtype);
  EXPECT_EQ((std::vector<int64_t>{2, 3}), read->shape);
  EXPECT_EQ(0, std::memcmp(values, read->data.data(), sizeof(values)));
  llvm::sys::fs::remove(path);
}

TEST(NpyTest, RoundTripsVector) {
  NpyArray array;
  array.dtype = HW_DTYPE_I32;
  array.shape = {4};
  array.data.resize(16, 7);
  std::string path = tempPath("npy");
  ASSERT_FALSE(static_cast<bool>(writeNpy(path, array)));
  llvm::Expected<NpyArray> read = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(read));
  EXPECT_EQ((std::vector<int64_t>{4}), read->shape);
  EXPECT_EQ(1, read->columns());
  llvm::sys::fs::remove(path);
}

void expectError(const std::string &contents, const std::string &fragment) {
  std::string path = tempPath("npy");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    os << contents;
  }
  llvm::Expected<NpyArray> read = readNpy(path);
  ASSERT_FALSE(static_cast<bool>(read));
  std::string message = llvm::toString(read.takeError());
  EXPECT_NE(std::string::npos, message.find(fragment)) << message;
  llvm::sys::fs::remove(path);
}

std::string header(const std::string &dict) {
  std::string text = "\x93NUMPY";
  text += '\x01';
  text += '\x00';
  text += static_cast<char>(dict.size());
  text += '\x00';
  return text + dict;
}

TEST(NpyTest, RejectsMalformedFiles) {
  expectError("", "bad magic");
  expectError("hello world", "bad magic");
  expectError(header("{'descr': '<i8', 'fortran_order': False, "
                     "'shape': (2,), }\n"),
              "dtype '<i8' is not supported");
  expectError(header("{'descr': '<f4', 'fortran_order': True, "
                     "'shape': (2, 2), }\n"),
              "Fortran order");
  expectError(header("{'descr': '<f4', 'fortran_order': False, "
                     "'shape': (2, 2, 2), }\n"),
              "1-D or 2-D");
  expectError(header("{'descr': '<f8', 'fortran_order': False, "
                     "'shape': (4,), }\n") +
                  "abc",
              "truncated data");
  expectError(header("{'descr': '<f8', 'fortran_order': False, "
                     "'shape': (99999999999, 99999999999), }\n"),
              "too large");
}

// Shapes claiming more elements than any file holds are refused from the
// header alone, before anything is allocated for the data (the sanitizer
// build runs this with ASan's allocation limit).
TEST(NpyTest, RejectsAbsurdShapesBeforeAllocating) {
  auto bytes = [](const std::string &shape) {
    return header("{'descr': '<f4', 'fortran_order': False, 'shape': " + shape +
                  ", }\n") +
           std::string(64, '\0');
  };
  for (const char *shape :
       {"(1000000000000000, 28)", "(1000000000000000,)",
        "(28, 1000000000000000)", "(9223372036854775807, 2)"}) {
    llvm::Expected<NpyArray> read = readNpyBuffer(bytes(shape), "big.npy");
    ASSERT_FALSE(static_cast<bool>(read)) << shape;
    std::string message = llvm::toString(read.takeError());
    EXPECT_NE(std::string::npos, message.find("big.npy: array is too large"))
        << message;
  }
  // Within the element limit but beyond the bytes the file holds.
  llvm::Expected<NpyArray> read =
      readNpyBuffer(bytes("(1000000000, 28)"), "short.npy");
  ASSERT_FALSE(static_cast<bool>(read));
  std::string message = llvm::toString(read.takeError());
  EXPECT_NE(std::string::npos, message.find("truncated data")) << message;
  // Dimensions beyond int64 are malformed, not wrapped around.
  read = readNpyBuffer(bytes("(99999999999999999999,)"), "wrap.npy");
  ASSERT_FALSE(static_cast<bool>(read));
  message = llvm::toString(read.takeError());
  EXPECT_NE(std::string::npos, message.find("malformed shape")) << message;
}

} // namespace
