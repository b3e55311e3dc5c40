//===- Npy.cpp - NumPy .npy reader and writer -----------------------------===//

#include "hardwood/Support/Npy.h"

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace hardwood;

const char *const hardwood::kNpyAcceptedDtypes =
    "float16, float32, float64, int8/16/32/64, uint8/16/32/64 or bool, "
    "little- or big-endian";

namespace {

bool fail(std::string &error, const std::string &path,
          const std::string &what) {
  error = path + ": " + what;
  return false;
}

std::string_view trim(std::string_view text, std::string_view chars = " ") {
  size_t first = text.find_first_not_of(chars);
  if (first == std::string_view::npos)
    return {};
  size_t last = text.find_last_not_of(chars);
  return text.substr(first, last - first + 1);
}

/// The value text of `'key': value` in the header dict: a quoted string, a
/// parenthesised tuple, or a bare word up to the next comma or brace.
std::string_view dictValue(std::string_view header, std::string_view key) {
  std::string quoted = "'" + std::string(key) + "'";
  size_t at = header.find(quoted);
  if (at == std::string_view::npos)
    return {};
  std::string_view rest = trim(header.substr(at + quoted.size()), " \t");
  if (rest.empty() || rest.front() != ':')
    return {};
  rest = trim(rest.substr(1), " \t");
  if (!rest.empty() && rest.front() == '(') {
    size_t close = rest.find(')');
    return close == std::string_view::npos ? std::string_view()
                                           : rest.substr(0, close + 1);
  }
  if (!rest.empty() && rest.front() == '\'') {
    size_t close = rest.find('\'', 1);
    return close == std::string_view::npos ? std::string_view()
                                           : rest.substr(0, close + 1);
  }
  return trim(rest.substr(0, rest.find_first_of(",}")), " \t");
}

/// How the file stores one element.
struct SourceType {
  char kind = 0; ///< 'f', 'i', 'u', 'b'
  unsigned size = 0;
  bool bigEndian = false;
};

bool parseDescr(std::string_view descr, SourceType &type) {
  if (descr.size() < 3)
    return false;
  char order = descr[0];
  if (order != '<' && order != '>' && order != '|' && order != '=')
    return false;
  type.bigEndian = order == '>';
  type.kind = descr[1];
  std::string_view digits = descr.substr(2);
  if (digits.size() != 1 || digits[0] < '1' || digits[0] > '8')
    return false;
  type.size = digits[0] - '0';
  switch (type.kind) {
  case 'f':
    return type.size == 2 || type.size == 4 || type.size == 8;
  case 'i':
  case 'u':
    return type.size == 1 || type.size == 2 || type.size == 4 || type.size == 8;
  case 'b':
    return type.size == 1;
  default:
    return false;
  }
}

uint64_t loadUnsigned(const unsigned char *bytes, unsigned size,
                      bool bigEndian) {
  uint64_t value = 0;
  for (unsigned i = 0; i < size; ++i)
    value |= uint64_t(bytes[bigEndian ? size - 1 - i : i]) << (8 * i);
  return value;
}

/// IEEE half to float, exactly (every half is a float).
float halfToFloat(uint16_t half) {
  uint32_t sign = uint32_t(half >> 15) << 31;
  uint32_t exponent = (half >> 10) & 0x1f, mantissa = half & 0x3ff;
  uint32_t bits;
  if (exponent == 0x1f) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent == 0) {
    if (mantissa == 0) {
      bits = sign;
    } else {
      // Subnormal half: a normal float.
      int shift = 0;
      while (!(mantissa & 0x400)) {
        mantissa <<= 1;
        ++shift;
      }
      mantissa &= 0x3ff;
      bits = sign | uint32_t(127 - 15 + 1 - shift) << 23 | (mantissa << 13);
    }
  } else {
    bits = sign | (exponent + 127 - 15) << 23 | (mantissa << 13);
  }
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

/// Converts `count` elements of `type` at `src` into `out`'s dtype.
void convert(const unsigned char *src, uint64_t count, const SourceType &type,
             NpyArray &out) {
  if (type.kind == 'f' && type.size != 8) {
    out.dtype = HW_DTYPE_F32;
    out.data.resize(count * sizeof(float));
    float *dst = reinterpret_cast<float *>(out.data.data());
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t bits =
          loadUnsigned(src + i * type.size, type.size, type.bigEndian);
      if (type.size == 2) {
        dst[i] = halfToFloat(static_cast<uint16_t>(bits));
      } else {
        uint32_t word = static_cast<uint32_t>(bits);
        std::memcpy(&dst[i], &word, sizeof(float));
      }
    }
    return;
  }
  out.dtype = HW_DTYPE_F64;
  out.data.resize(count * sizeof(double));
  double *dst = reinterpret_cast<double *>(out.data.data());
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t bits =
        loadUnsigned(src + i * type.size, type.size, type.bigEndian);
    switch (type.kind) {
    case 'f':
      std::memcpy(&dst[i], &bits, sizeof(double));
      break;
    case 'i': {
      // Sign-extend from the element's width.
      unsigned unused = 64 - 8 * type.size;
      int64_t value = static_cast<int64_t>(bits << unused) >> unused;
      dst[i] = static_cast<double>(value);
      break;
    }
    case 'u':
      dst[i] = static_cast<double>(bits);
      break;
    case 'b':
      dst[i] = bits != 0 ? 1.0 : 0.0;
      break;
    }
  }
}

} // namespace

bool hardwood::readNpy(const std::string &path, NpyArray &out,
                       std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file)
    return fail(error, path,
                std::string("cannot read: ") + std::strerror(errno));
  std::ostringstream contents;
  contents << file.rdbuf();
  if (file.bad())
    return fail(error, path, "cannot read");
  std::string bytes = std::move(contents).str();
  return readNpyBuffer(bytes, path, out, error);
}

bool hardwood::readNpyBuffer(std::string_view bytes, const std::string &path,
                             NpyArray &out, std::string &error) {
  out = NpyArray();
  if (bytes.size() < 10 || bytes.substr(0, 6) != "\x93NUMPY")
    return fail(error, path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = loadUnsigned(
        reinterpret_cast<const unsigned char *>(bytes.data()) + 8, 2, false);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return fail(error, path, "truncated header");
    headerLength = loadUnsigned(
        reinterpret_cast<const unsigned char *>(bytes.data()) + 8, 4, false);
    headerStart = 12;
  } else {
    return fail(error, path,
                "unsupported .npy version " + std::to_string(major));
  }
  if (headerLength > bytes.size() - headerStart)
    return fail(error, path, "truncated header");
  std::string_view header = bytes.substr(headerStart, headerLength);
  std::string_view descr = trim(dictValue(header, "descr"), "'\" ");
  SourceType type;
  if (!parseDescr(descr, type))
    return fail(error, path,
                "dtype '" + std::string(descr) +
                    "' is not supported; expected " + kNpyAcceptedDtypes +
                    " (convert with X.astype(np.float32))");
  if (dictValue(header, "fortran_order") != "False")
    return fail(error, path,
                "array is in Fortran order; save a C-ordered array "
                "(np.ascontiguousarray)");
  std::string_view shape = trim(dictValue(header, "shape"), "() ");
  std::vector<int64_t> dims;
  while (!shape.empty()) {
    size_t comma = shape.find(',');
    std::string_view dim = trim(shape.substr(0, comma), " ");
    shape = comma == std::string_view::npos ? std::string_view()
                                            : shape.substr(comma + 1);
    if (dim.empty())
      continue;
    // Beyond int64 is malformed, never wrapped around.
    uint64_t value = 0;
    bool valid = dim.find_first_not_of("0123456789") == std::string_view::npos;
    for (char digit : dim) {
      if (!valid || value > (uint64_t(INT64_MAX) - (digit - '0')) / 10) {
        valid = false;
        break;
      }
      value = value * 10 + (digit - '0');
    }
    if (!valid)
      return fail(error, path,
                  "malformed shape '" +
                      std::string(trim(dictValue(header, "shape"))) + "'");
    dims.push_back(static_cast<int64_t>(value));
  }
  if (dims.empty() || dims.size() > 2)
    return fail(error, path,
                "expected a 1-D or 2-D array, got " +
                    std::to_string(dims.size()) + " dimensions");
  // Refused from the header alone, before anything is allocated.
  constexpr uint64_t kMaxElements = uint64_t(1) << 40;
  uint64_t count = 1;
  for (int64_t dim : dims) {
    if (dim != 0 && count > kMaxElements / static_cast<uint64_t>(dim))
      return fail(error, path, "array is too large");
    count *= static_cast<uint64_t>(dim);
  }
  size_t dataStart = headerStart + headerLength;
  if ((bytes.size() - dataStart) / type.size < count)
    return fail(error, path,
                "truncated data: expected " +
                    std::to_string(count * type.size) + " bytes");
  out.shape = std::move(dims);
  convert(reinterpret_cast<const unsigned char *>(bytes.data()) + dataStart,
          count, type, out);
  return true;
}

bool hardwood::writeNpy(const std::string &path, const NpyArray &array,
                        std::string &error) {
  const char *descr = array.dtype == HW_DTYPE_F32   ? "<f4"
                      : array.dtype == HW_DTYPE_F64 ? "<f8"
                                                    : "<i4";
  std::string shape =
      "(" + std::to_string(array.shape[0]) +
      (array.shape.size() == 1 ? "," : ", " + std::to_string(array.shape[1])) +
      ")";
  std::string header = "{'descr': '" + std::string(descr) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Pad so the data starts at a multiple of 64 bytes, as numpy does.
  size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  std::string preamble = "\x93NUMPY";
  preamble += char(1);
  preamble += char(0);
  preamble += char(header.size() & 0xff);
  preamble += char(header.size() >> 8);
  // Next to the destination, renamed on success: a failed write (full
  // disk...) leaves nothing partial at `path`.
  std::string temp = path + ".XXXXXX";
  int fd = mkstemp(temp.data());
  if (fd < 0)
    return fail(error, path,
                std::string("cannot write: ") + std::strerror(errno));
  // mkstemp makes the file private; give it the mode a new file gets.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(fd, 0666 & ~mask);
  std::FILE *file = fdopen(fd, "wb");
  bool ok = file != nullptr;
  if (ok) {
    ok = std::fwrite(preamble.data(), 1, preamble.size(), file) ==
             preamble.size() &&
         std::fwrite(header.data(), 1, header.size(), file) == header.size() &&
         std::fwrite(array.data.data(), 1, array.data.size(), file) ==
             array.data.size();
    ok = std::fclose(file) == 0 && ok;
  } else {
    close(fd);
  }
  if (!ok || std::rename(temp.c_str(), path.c_str()) != 0) {
    std::string reason = errno ? std::strerror(errno) : "write failed";
    std::remove(temp.c_str());
    return fail(error, path, "cannot write: " + reason);
  }
  return true;
}
