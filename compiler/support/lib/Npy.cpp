//===- Npy.cpp - Minimal NumPy .npy reader and writer ---------------------===//

#include "hardwood/Support/Npy.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace hardwood;

static llvm::Error npyError(const std::string &path, const llvm::Twine &what) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": " + what);
}

/// Extracts the value text of `'key': value` from the header dict.
static llvm::StringRef dictValue(llvm::StringRef header, llvm::StringRef key) {
  std::string quoted = "'" + key.str() + "'";
  size_t at = header.find(quoted);
  if (at == llvm::StringRef::npos)
    return {};
  llvm::StringRef rest = header.drop_front(at + quoted.size()).ltrim();
  if (!rest.consume_front(":"))
    return {};
  rest = rest.ltrim();
  if (rest.starts_with("(")) {
    size_t close = rest.find(')');
    return close == llvm::StringRef::npos ? llvm::StringRef()
                                          : rest.take_front(close + 1);
  }
  size_t end = rest.find_first_of(",}");
  return rest.take_front(end).trim();
}

llvm::Expected<NpyArray> hardwood::readNpy(const std::string &path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return npyError(path, "cannot read: " + buffer.getError().message());
  return readNpyBuffer((*buffer)->getBuffer(), path);
}

llvm::Expected<NpyArray> hardwood::readNpyBuffer(llvm::StringRef bytes,
                                                 const std::string &path) {
  if (bytes.size() < 10 || !bytes.starts_with("\x93NUMPY"))
    return npyError(path, "not a .npy file (bad magic)");
  unsigned major = static_cast<unsigned char>(bytes[6]);
  size_t headerLength, headerStart;
  if (major == 1) {
    headerLength = static_cast<unsigned char>(bytes[8]) |
                   (static_cast<unsigned char>(bytes[9]) << 8);
    headerStart = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12)
      return npyError(path, "truncated header");
    headerLength = 0;
    for (int i = 0; i < 4; ++i)
      headerLength |=
          static_cast<size_t>(static_cast<unsigned char>(bytes[8 + i]))
          << (8 * i);
    headerStart = 12;
  } else {
    return npyError(path, "unsupported .npy version " + llvm::Twine(major));
  }
  if (headerStart + headerLength > bytes.size())
    return npyError(path, "truncated header");
  llvm::StringRef header = bytes.substr(headerStart, headerLength);
  NpyArray array;
  llvm::StringRef descr = dictValue(header, "descr").trim("'\" ");
  if (descr == "<f4")
    array.dtype = HW_DTYPE_F32;
  else if (descr == "<f8")
    array.dtype = HW_DTYPE_F64;
  else if (descr == "<i4")
    array.dtype = HW_DTYPE_I32;
  else
    return npyError(path, "dtype '" + descr +
                              "' is not supported; expected float32 or "
                              "float64 (convert with X.astype(np.float32))");
  if (dictValue(header, "fortran_order") != "False")
    return npyError(path, "array is in Fortran order; save a C-ordered "
                          "array (np.ascontiguousarray)");
  llvm::StringRef shape = dictValue(header, "shape").trim("() ");
  llvm::SmallVector<llvm::StringRef> dims;
  shape.split(dims, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef dim : dims) {
    int64_t value;
    if (dim.trim().getAsInteger(10, value) || value < 0)
      return npyError(path, "malformed shape '" + shape + "'");
    array.shape.push_back(value);
  }
  if (array.shape.empty() || array.shape.size() > 2)
    return npyError(path, "expected a 1-D or 2-D array, got " +
                              llvm::Twine(array.shape.size()) + " dimensions");
  uint64_t count = 1;
  for (int64_t dim : array.shape) {
    if (dim != 0 && count > (uint64_t(1) << 40) / dim)
      return npyError(path, "array is too large");
    count *= dim;
  }
  size_t elementSize = array.dtype == HW_DTYPE_F64 ? 8 : 4;
  size_t dataStart = headerStart + headerLength;
  if (bytes.size() - dataStart < count * elementSize)
    return npyError(path, "truncated data: expected " +
                              llvm::Twine(count * elementSize) + " bytes");
  array.data.assign(bytes.begin() + dataStart,
                    bytes.begin() + dataStart + count * elementSize);
  return array;
}

llvm::Error hardwood::writeNpy(const std::string &path, const NpyArray &array) {
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
  // Write next to the destination and rename on success, so a failed write
  // (full disk...) leaves nothing partial at `path`.
  int fd;
  llvm::SmallString<256> temp;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".%%%%%%.tmp", fd, temp))
    return npyError(path, "cannot write: " + ec.message());
  llvm::FileRemover removeTemp(temp);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << "\x93NUMPY" << char(1) << char(0) << char(header.size() & 0xff)
       << char(header.size() >> 8) << header;
    os.write(array.data.data(), array.data.size());
    os.close();
    if (os.has_error()) {
      std::string message = os.error().message();
      os.clear_error();
      return npyError(path, "cannot write: " + message);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temp, path))
    return npyError(path, "cannot write: " + ec.message());
  removeTemp.releaseFile();
  return llvm::Error::success();
}
