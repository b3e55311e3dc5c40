//===- NpyTest.cpp - .npy and CSV reading and writing ---------------------===//
//
// The readers are plain C++: this test links only them and GoogleTest.
//
//===----------------------------------------------------------------------===//

#include "hardwood/Support/Npy.h"
#include "hardwood/Support/Csv.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <unistd.h>

using namespace hardwood;

namespace {

std::string tempPath() {
  std::string path = ::testing::TempDir() + "npytest-XXXXXX";
  int fd = mkstemp(path.data());
  close(fd);
  return path;
}

/// A version 1 .npy file: header dict, then `data`.
std::string npy(const std::string &descr, const std::string &shape,
                const std::string &data, const char *order = "False") {
  std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + order +
                     ", 'shape': " + shape + ", }\n";
  std::string text = "\x93NUMPY";
  text += '\x01';
  text += '\x00';
  text += static_cast<char>(dict.size());
  text += '\x00';
  return text + dict + data;
}

template <typename T> std::string bytesOf(std::initializer_list<T> values) {
  std::string bytes;
  for (T value : values)
    bytes.append(reinterpret_cast<const char *>(&value), sizeof(T));
  return bytes;
}

std::string reversedEach(const std::string &bytes, size_t size) {
  std::string out = bytes;
  for (size_t i = 0; i < out.size(); i += size)
    std::reverse(out.begin() + i, out.begin() + i + size);
  return out;
}

std::vector<double> asDoubles(const NpyArray &array) {
  std::vector<double> values(array.data.size() / sizeof(double));
  std::memcpy(values.data(), array.data.data(), array.data.size());
  return values;
}

NpyArray readOk(const std::string &bytes) {
  NpyArray array;
  std::string error;
  EXPECT_TRUE(readNpyBuffer(bytes, "x.npy", array, error)) << error;
  return array;
}

std::string readError(const std::string &bytes) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(readNpyBuffer(bytes, "x.npy", array, error));
  return error;
}

TEST(NpyTest, RoundTripsFloat32Matrix) {
  NpyArray array;
  array.dtype = HW_DTYPE_F32;
  array.shape = {2, 3};
  float values[6] = {1, -2, 3.5f, 0, -0.0f, 1e30f};
  array.data.assign(reinterpret_cast<char *>(values),
                    reinterpret_cast<char *>(values) + sizeof(values));
  std::string path = tempPath(), error;
  ASSERT_TRUE(writeNpy(path, array, error)) << error;
  NpyArray read;
  ASSERT_TRUE(readNpy(path, read, error)) << error;
  EXPECT_EQ(HW_DTYPE_F32, read.dtype);
  EXPECT_EQ((std::vector<int64_t>{2, 3}), read.shape);
  EXPECT_EQ(0, std::memcmp(values, read.data.data(), sizeof(values)));
  std::remove(path.c_str());
}

TEST(NpyTest, WritesInt32AndReadsItAsFloat64) {
  NpyArray array;
  array.dtype = HW_DTYPE_I32;
  array.shape = {3};
  std::string ints = bytesOf<int32_t>({7, -1, 1 << 30});
  array.data.assign(ints.begin(), ints.end());
  std::string path = tempPath(), error;
  ASSERT_TRUE(writeNpy(path, array, error)) << error;
  NpyArray read;
  ASSERT_TRUE(readNpy(path, read, error)) << error;
  EXPECT_EQ((std::vector<int64_t>{3}), read.shape);
  EXPECT_EQ(1, read.columns());
  EXPECT_EQ(HW_DTYPE_F64, read.dtype);
  EXPECT_EQ((std::vector<double>{7, -1, 1 << 30}), asDoubles(read));
  std::remove(path.c_str());
}

TEST(NpyTest, ConvertsCommonDtypes) {
  // Integers and bools become float64, exactly.
  NpyArray ints =
      readOk(npy("<i8", "(1, 3)", bytesOf<int64_t>({-5, 0, 1LL << 40})));
  EXPECT_EQ(HW_DTYPE_F64, ints.dtype);
  EXPECT_EQ((std::vector<double>{-5, 0, double(1LL << 40)}), asDoubles(ints));
  NpyArray small = readOk(npy("|i1", "(2,)", bytesOf<int8_t>({-128, 127})));
  EXPECT_EQ((std::vector<double>{-128, 127}), asDoubles(small));
  NpyArray unsigned16 =
      readOk(npy("<u2", "(2,)", bytesOf<uint16_t>({0, 65535})));
  EXPECT_EQ((std::vector<double>{0, 65535}), asDoubles(unsigned16));
  NpyArray flags = readOk(npy("|b1", "(3,)", bytesOf<uint8_t>({1, 0, 1})));
  EXPECT_EQ((std::vector<double>{1, 0, 1}), asDoubles(flags));
  // float16 becomes float32 (exactly: 1.5, -2, the smallest subnormal).
  NpyArray half =
      readOk(npy("<f2", "(3,)", bytesOf<uint16_t>({0x3e00, 0xc000, 0x0001})));
  ASSERT_EQ(HW_DTYPE_F32, half.dtype);
  const float *h = reinterpret_cast<const float *>(half.data.data());
  EXPECT_EQ(1.5f, h[0]);
  EXPECT_EQ(-2.0f, h[1]);
  EXPECT_EQ(std::ldexp(1.0f, -24), h[2]);
}

TEST(NpyTest, ReadsBigEndian) {
  std::string f8 = reversedEach(bytesOf<double>({1.25, -0.0, 1e300}), 8);
  NpyArray doubles = readOk(npy(">f8", "(3,)", f8));
  ASSERT_EQ(HW_DTYPE_F64, doubles.dtype);
  std::vector<double> values = asDoubles(doubles);
  EXPECT_EQ(1.25, values[0]);
  EXPECT_TRUE(std::signbit(values[1]));
  EXPECT_EQ(1e300, values[2]);
  std::string f4 = reversedEach(bytesOf<float>({3.5f, -1.0f}), 4);
  NpyArray floats = readOk(npy(">f4", "(1, 2)", f4));
  ASSERT_EQ(HW_DTYPE_F32, floats.dtype);
  EXPECT_EQ(3.5f, reinterpret_cast<const float *>(floats.data.data())[0]);
  std::string i4 = reversedEach(bytesOf<int32_t>({-7}), 4);
  EXPECT_EQ((std::vector<double>{-7}),
            asDoubles(readOk(npy(">i4", "(1,)", i4))));
}

TEST(NpyTest, RejectsMalformedFiles) {
  EXPECT_NE(std::string::npos, readError("").find("bad magic"));
  EXPECT_NE(std::string::npos, readError("hello world").find("bad magic"));
  // Unsupported dtypes name exactly what is accepted.
  std::string complex = readError(npy("<c16", "(2,)", ""));
  EXPECT_NE(std::string::npos, complex.find("dtype '<c16' is not supported"))
      << complex;
  EXPECT_NE(std::string::npos, complex.find(kNpyAcceptedDtypes)) << complex;
  EXPECT_NE(std::string::npos,
            readError(npy("<U5", "(2,)", "")).find("'<U5' is not supported"));
  EXPECT_NE(std::string::npos,
            readError(npy("<f4", "(2, 2)", "", "True")).find("Fortran order"));
  EXPECT_NE(std::string::npos,
            readError(npy("<f4", "(2, 2, 2)", "")).find("1-D or 2-D"));
  EXPECT_NE(std::string::npos,
            readError(npy("<f8", "(4,)", "abc")).find("truncated data"));
  EXPECT_NE(std::string::npos,
            readError(npy("<f8", "(99999999999, 99999999999)", ""))
                .find("too large"));
  NpyArray array;
  std::string error;
  EXPECT_FALSE(readNpy("/nonexistent/x.npy", array, error));
  EXPECT_NE(std::string::npos, error.find("/nonexistent/x.npy: cannot read"));
}

// Shapes claiming more elements than any file holds are refused from the
// header alone, before anything is allocated for the data (the sanitizer
// build runs this with ASan's allocation limit).
TEST(NpyTest, RejectsAbsurdShapesBeforeAllocating) {
  auto bytes = [](const std::string &shape) {
    return npy("<f4", shape, std::string(64, '\0'));
  };
  for (const char *shape :
       {"(1000000000000000, 28)", "(1000000000000000,)",
        "(28, 1000000000000000)", "(9223372036854775807, 2)"}) {
    NpyArray array;
    std::string error;
    ASSERT_FALSE(readNpyBuffer(bytes(shape), "big.npy", array, error)) << shape;
    EXPECT_NE(std::string::npos, error.find("big.npy: array is too large"))
        << error;
  }
  // Within the element limit but beyond the bytes the file holds.
  NpyArray array;
  std::string error;
  ASSERT_FALSE(
      readNpyBuffer(bytes("(1000000000, 28)"), "short.npy", array, error));
  EXPECT_NE(std::string::npos, error.find("truncated data")) << error;
  // Dimensions beyond int64 are malformed, not wrapped around.
  ASSERT_FALSE(readNpyBuffer(bytes("(99999999999999999999,)"), "wrap.npy",
                             array, error));
  EXPECT_NE(std::string::npos, error.find("malformed shape")) << error;
}

TEST(CsvTest, ReadsRowsWithAndWithoutHeader) {
  NpyArray array;
  std::string error;
  ASSERT_TRUE(readCsvBuffer("a,b\n1,2.5\n-3,1e3\n", "x.csv", array, error))
      << error;
  EXPECT_EQ((std::vector<int64_t>{2, 2}), array.shape);
  EXPECT_EQ((std::vector<double>{1, 2.5, -3, 1000}), asDoubles(array));
  ASSERT_TRUE(readCsvBuffer("1,2\r\n3,4\r\n\n", "x.csv", array, error))
      << error;
  EXPECT_EQ((std::vector<double>{1, 2, 3, 4}), asDoubles(array));
}

TEST(CsvTest, MissingAndNonFiniteValues) {
  NpyArray array;
  std::string error;
  ASSERT_TRUE(readCsvBuffer("1,,nan\ninf,-inf,NaN\n", "x.csv", array, error))
      << error;
  std::vector<double> values = asDoubles(array);
  EXPECT_EQ(1, values[0]);
  EXPECT_TRUE(std::isnan(values[1]));
  EXPECT_TRUE(std::isnan(values[2]));
  EXPECT_EQ(INFINITY, values[3]);
  EXPECT_EQ(-INFINITY, values[4]);
  EXPECT_TRUE(std::isnan(values[5]));
}

TEST(CsvTest, Errors) {
  NpyArray array;
  std::string error;
  EXPECT_FALSE(readCsvBuffer("1,2\n3,x\n", "x.csv", array, error));
  EXPECT_EQ("x.csv:2: field 2 ('x') is not a number (expected numbers, empty "
            "or nan for a missing value)",
            error);
  EXPECT_FALSE(readCsvBuffer("1,2\n3\n", "x.csv", array, error));
  EXPECT_EQ("x.csv:2: 1 fields; the first row has 2", error);
  EXPECT_FALSE(readCsvBuffer("a,b\n", "x.csv", array, error));
  EXPECT_EQ("x.csv: no rows", error);
}

} // namespace
