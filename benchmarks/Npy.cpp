//===- Npy.cpp - Minimal float32 .npy reader for the benchmarks ----------===//

#include "Npy.h"

#include <cstdio>
#include <cstring>
#include <memory>

namespace hardwood::bench {

namespace {

struct FileCloser {
  void operator()(std::FILE *f) const { std::fclose(f); }
};

/// The value text after `'key':` in a .npy header dict, up to the next comma
/// at nesting depth 0 (the shape tuple contains commas).
std::string headerField(const std::string &header, const std::string &key) {
  size_t pos = header.find("'" + key + "'");
  if (pos == std::string::npos)
    return "";
  pos = header.find(':', pos);
  if (pos == std::string::npos)
    return "";
  int depth = 0;
  size_t end = pos + 1;
  for (; end < header.size(); ++end) {
    char c = header[end];
    if (c == '(')
      ++depth;
    else if (c == ')')
      --depth;
    else if ((c == ',' && depth == 0) || c == '}')
      break;
  }
  std::string value = header.substr(pos + 1, end - pos - 1);
  size_t first = value.find_first_not_of(" ");
  size_t last = value.find_last_not_of(" ");
  return first == std::string::npos ? ""
                                    : value.substr(first, last - first + 1);
}

} // namespace

bool readNpyF32(const std::string &path, Matrix &out, std::string &error) {
  auto fail = [&](const std::string &message) {
    error = path + ": " + message;
    return false;
  };
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file)
    return fail("cannot open");
  // Magic, version, then a little-endian header length: 2 bytes in format
  // 1.x, 4 bytes in 2.x/3.x.
  unsigned char preamble[8];
  if (std::fread(preamble, 1, 8, file.get()) != 8 ||
      std::memcmp(preamble, "\x93NUMPY", 6) != 0)
    return fail("not a .npy file");
  unsigned char len[4] = {0, 0, 0, 0};
  size_t lenBytes = preamble[6] == 1 ? 2 : 4;
  if (std::fread(len, 1, lenBytes, file.get()) != lenBytes)
    return fail("truncated header");
  uint32_t headerLength = len[0] | (len[1] << 8) | (len[2] << 16) |
                          (static_cast<uint32_t>(len[3]) << 24);
  std::string header(headerLength, '\0');
  if (std::fread(header.data(), 1, headerLength, file.get()) != headerLength)
    return fail("truncated header");

  std::string descr = headerField(header, "descr");
  if (descr != "'<f4'")
    return fail("expected dtype float32 ('<f4'), got " + descr);
  if (headerField(header, "fortran_order") != "False")
    return fail("expected C order");
  long long rows = 0, cols = 0;
  std::string shape = headerField(header, "shape");
  if (std::sscanf(shape.c_str(), "(%lld, %lld)", &rows, &cols) != 2 ||
      rows < 0 || cols <= 0)
    return fail("expected a 2-D shape, got " + shape);

  out.rows = rows;
  out.cols = cols;
  out.data.resize(static_cast<size_t>(rows) * cols);
  if (std::fread(out.data.data(), sizeof(float), out.data.size(), file.get()) !=
      out.data.size())
    return fail("truncated data");
  return true;
}

} // namespace hardwood::bench
