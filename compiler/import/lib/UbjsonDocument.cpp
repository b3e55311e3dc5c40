//===- UbjsonDocument.cpp - Bounded UBJSON decoder ------------------------===//
//
// UBJSON draft 12 (https://ubjson.org): big-endian scalars, length-prefixed
// strings, and containers that may declare an element type (`$`) and count
// (`#`). XGBoost writes its `.ubj` models this way, with typed counted arrays
// for node data. Every count is checked against the bytes that remain before
// anything is reserved, so a forged count cannot allocate without bound.
//
//===----------------------------------------------------------------------===//

#include "DocumentParsers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"

#include <cstring>

using namespace hardwood;
using llvm::json::Array;
using llvm::json::Object;
using llvm::json::Value;

namespace {

class UbjsonDecoder {
public:
  UbjsonDecoder(llvm::StringRef bytes, ImportErrors &errors)
      : bytes(bytes), errors(errors) {}

  std::optional<Value> decodeDocument() {
    std::optional<char> marker = readMarker();
    if (!marker)
      return std::nullopt;
    std::optional<Value> value = decodeValue(*marker, /*depth=*/0);
    if (value && pos != bytes.size()) {
      fail() << (bytes.size() - pos) << " unexpected bytes after the document";
      return std::nullopt;
    }
    return value;
  }

private:
  mlir::InFlightDiagnostic fail() {
    mlir::InFlightDiagnostic diag = errors.at("");
    diag << "invalid UBJSON at byte " << pos << ": ";
    return diag;
  }

  size_t remaining() const { return bytes.size() - pos; }

  bool need(size_t count, llvm::StringRef what) {
    if (remaining() >= count)
      return true;
    fail() << "the file ends inside " << what;
    return false;
  }

  /// The next type marker, skipping no-ops ('N') as the format allows.
  std::optional<char> readMarker() {
    while (true) {
      if (!need(1, "a value"))
        return std::nullopt;
      char marker = bytes[pos++];
      if (marker != 'N')
        return marker;
    }
  }

  template <typename T> T readBigEndian() {
    T value = llvm::support::endian::read<T, llvm::endianness::big>(
        bytes.data() + pos);
    pos += sizeof(T);
    return value;
  }

  /// Payload size of fixed-size scalar markers; 0 for markers without a
  /// payload, nullopt for variable-size ones.
  static std::optional<size_t> scalarSize(char marker) {
    switch (marker) {
    case 'Z':
    case 'T':
    case 'F':
      return 0;
    case 'i':
    case 'U':
    case 'C':
      return 1;
    case 'I':
      return 2;
    case 'l':
    case 'd':
      return 4;
    case 'L':
    case 'D':
      return 8;
    default:
      return std::nullopt;
    }
  }

  std::optional<int64_t> readInteger(char marker) {
    std::optional<size_t> size = scalarSize(marker);
    if (!size || !llvm::is_contained(llvm::StringRef("iUIlL"), marker)) {
      fail() << "expected an integer type marker (i, U, I, l or L), got '"
             << llvm::StringRef(&marker, 1) << "'";
      return std::nullopt;
    }
    if (!need(*size, "an integer"))
      return std::nullopt;
    switch (marker) {
    case 'i':
      return readBigEndian<int8_t>();
    case 'U':
      return readBigEndian<uint8_t>();
    case 'I':
      return readBigEndian<int16_t>();
    case 'l':
      return readBigEndian<int32_t>();
    default:
      return readBigEndian<int64_t>();
    }
  }

  /// A length or count: an integer marker and a non-negative value.
  std::optional<uint64_t> readLength(llvm::StringRef what) {
    std::optional<char> marker = readMarker();
    if (!marker)
      return std::nullopt;
    std::optional<int64_t> length = readInteger(*marker);
    if (!length)
      return std::nullopt;
    if (*length < 0) {
      fail() << "negative " << what << " " << *length;
      return std::nullopt;
    }
    return static_cast<uint64_t>(*length);
  }

  std::optional<std::string> readString(llvm::StringRef what) {
    std::optional<uint64_t> length = readLength(what);
    if (!length || !need(*length, what))
      return std::nullopt;
    llvm::StringRef text = bytes.substr(pos, *length);
    // llvm::json::Value requires valid UTF-8 (it asserts otherwise).
    if (!llvm::json::isUTF8(text)) {
      fail() << what << " is not valid UTF-8";
      return std::nullopt;
    }
    pos += *length;
    return text.str();
  }

  std::optional<Value> decodeValue(char marker, unsigned depth) {
    switch (marker) {
    case 'Z':
      return Value(nullptr);
    case 'T':
      return Value(true);
    case 'F':
      return Value(false);
    case 'i':
    case 'U':
    case 'I':
    case 'l':
    case 'L':
      if (std::optional<int64_t> integer = readInteger(marker))
        return Value(*integer);
      return std::nullopt;
    case 'd': {
      if (!need(4, "a float32"))
        return std::nullopt;
      uint32_t bits = readBigEndian<uint32_t>();
      float value;
      std::memcpy(&value, &bits, sizeof(value));
      return Value(static_cast<double>(value));
    }
    case 'D': {
      if (!need(8, "a float64"))
        return std::nullopt;
      uint64_t bits = readBigEndian<uint64_t>();
      double value;
      std::memcpy(&value, &bits, sizeof(value));
      return Value(value);
    }
    case 'C': {
      if (!need(1, "a char"))
        return std::nullopt;
      char c = bytes[pos];
      if (static_cast<unsigned char>(c) >= 0x80) {
        fail() << "char value is not ASCII";
        return std::nullopt;
      }
      ++pos;
      return Value(std::string(1, c));
    }
    case 'S':
      if (std::optional<std::string> text = readString("a string"))
        return Value(std::move(*text));
      return std::nullopt;
    case 'H': {
      // High-precision numbers are decimal strings; read them as JSON would.
      std::optional<std::string> digits = readString("a high-precision number");
      if (!digits)
        return std::nullopt;
      double number;
      if (llvm::StringRef(*digits).getAsDouble(number)) {
        fail() << "high-precision number \"" << *digits << "\" is not a number";
        return std::nullopt;
      }
      return Value(number);
    }
    case '[':
    case '{':
      if (depth + 1 > kMaxNesting) {
        fail() << "nesting is deeper than " << kMaxNesting << " levels";
        return std::nullopt;
      }
      return marker == '[' ? decodeArray(depth + 1) : decodeObject(depth + 1);
    default:
      fail() << "unknown type marker 0x"
             << llvm::utohexstr(static_cast<uint8_t>(marker));
      return std::nullopt;
    }
  }

  /// The optional `$type` and `#count` header of a container.
  struct ContainerHeader {
    std::optional<char> elementType;
    std::optional<uint64_t> count;
  };

  std::optional<ContainerHeader> readContainerHeader(bool isObject) {
    ContainerHeader header;
    if (remaining() > 0 && bytes[pos] == '$') {
      ++pos;
      if (!need(1, "a container type"))
        return std::nullopt;
      header.elementType = bytes[pos++];
      if (remaining() == 0 || bytes[pos] != '#') {
        fail() << "a typed container needs a count ('#')";
        return std::nullopt;
      }
    }
    if (remaining() > 0 && bytes[pos] == '#') {
      ++pos;
      header.count = readLength("container count");
      if (!header.count)
        return std::nullopt;
      // Every element takes at least one byte unless a payload-free type is
      // declared; either way the count cannot exceed the bytes left (a
      // payload-free typed container would otherwise be a free allocation).
      uint64_t bytesPerElement = 1;
      if (header.elementType && !isObject)
        bytesPerElement =
            std::max<size_t>(1, scalarSize(*header.elementType).value_or(1));
      if (*header.count > remaining() / bytesPerElement) {
        fail() << "container count " << *header.count << " exceeds the "
               << remaining() << " bytes left";
        return std::nullopt;
      }
    }
    return header;
  }

  std::optional<Value> decodeElement(const ContainerHeader &header,
                                     unsigned depth) {
    char marker;
    if (header.elementType) {
      marker = *header.elementType;
    } else {
      std::optional<char> next = readMarker();
      if (!next)
        return std::nullopt;
      marker = *next;
    }
    return decodeValue(marker, depth);
  }

  /// True at the end of an uncounted container, consuming the end marker.
  bool atEnd(char endMarker) {
    while (remaining() > 0 && bytes[pos] == 'N')
      ++pos;
    if (remaining() > 0 && bytes[pos] == endMarker) {
      ++pos;
      return true;
    }
    return false;
  }

  std::optional<Value> decodeArray(unsigned depth) {
    std::optional<ContainerHeader> header = readContainerHeader(false);
    if (!header)
      return std::nullopt;
    Array array;
    if (header->count) {
      array.reserve(*header->count);
      for (uint64_t i = 0; i < *header->count; ++i) {
        std::optional<Value> element = decodeElement(*header, depth);
        if (!element)
          return std::nullopt;
        array.push_back(std::move(*element));
      }
      return Value(std::move(array));
    }
    while (!atEnd(']')) {
      std::optional<Value> element = decodeElement(*header, depth);
      if (!element)
        return std::nullopt;
      array.push_back(std::move(*element));
    }
    return Value(std::move(array));
  }

  std::optional<Value> decodeObject(unsigned depth) {
    std::optional<ContainerHeader> header = readContainerHeader(true);
    if (!header)
      return std::nullopt;
    Object object;
    auto decodeMember = [&]() -> bool {
      std::optional<std::string> key = readString("an object key");
      if (!key)
        return false;
      std::optional<Value> value = decodeElement(*header, depth);
      if (!value)
        return false;
      // As llvm::json::parse does for JSON text, a repeated key keeps the
      // last value.
      object[std::move(*key)] = std::move(*value);
      return true;
    };
    if (header->count) {
      for (uint64_t i = 0; i < *header->count; ++i)
        if (!decodeMember())
          return std::nullopt;
      return Value(std::move(object));
    }
    while (!atEnd('}'))
      if (!decodeMember())
        return std::nullopt;
    return Value(std::move(object));
  }

  llvm::StringRef bytes;
  size_t pos = 0;
  ImportErrors &errors;
};

} // namespace

bool hardwood::looksLikeUbjson(llvm::StringRef bytes) {
  // JSON text continues an object with whitespace, '"' or '}'; UBJSON with
  // the integer marker of the first key's length or a container header.
  return bytes.size() >= 2 && bytes[0] == '{' &&
         llvm::StringRef("iUIlL$#").contains(bytes[1]);
}

std::optional<Value> hardwood::decodeUbjsonDocument(llvm::StringRef bytes,
                                                    ImportErrors &errors) {
  return UbjsonDecoder(bytes, errors).decodeDocument();
}
