//===- DocumentTest.cpp - Format detection, JSON and UBJSON robustness ----===//
//
// Hostile input must end in one diagnostic, never a crash, a hang or an
// unbounded allocation: empty files, binary garbage, every truncation of a
// valid model, deep nesting, forged UBJSON counts.
//
//===----------------------------------------------------------------------===//

#include "TestSupport.h"

#include "hardwood/Dialect/HardwoodDialect.h"

#include "llvm/Support/Endian.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace hardwood;
using namespace hardwood::test;

namespace {

/// A small UBJSON writer (enough of the format to build test documents):
/// numeric arrays become typed, counted containers as XGBoost writes them.
class UbjsonWriter {
public:
  std::string bytes;

  void write(const llvm::json::Value &value) {
    switch (value.kind()) {
    case llvm::json::Value::Null:
      bytes += 'Z';
      break;
    case llvm::json::Value::Boolean:
      bytes += *value.getAsBoolean() ? 'T' : 'F';
      break;
    case llvm::json::Value::Number:
      if (std::optional<int64_t> integer = value.getAsInteger()) {
        bytes += 'L';
        bigEndian<int64_t>(*integer);
      } else {
        bytes += 'D';
        double number = *value.getAsNumber();
        uint64_t bits;
        std::memcpy(&bits, &number, sizeof(bits));
        bigEndian<uint64_t>(bits);
      }
      break;
    case llvm::json::Value::String:
      bytes += 'S';
      string(*value.getAsString());
      break;
    case llvm::json::Value::Array:
      array(*value.getAsArray());
      break;
    case llvm::json::Value::Object: {
      bytes += '{';
      // Sorted keys keep the bytes deterministic.
      std::vector<std::string> keys;
      for (const auto &entry : *value.getAsObject())
        keys.push_back(entry.first.str());
      llvm::sort(keys);
      for (const std::string &key : keys) {
        string(key);
        write(*value.getAsObject()->get(key));
      }
      bytes += '}';
      break;
    }
    }
  }

private:
  template <typename T> void bigEndian(T value) {
    char buffer[sizeof(T)];
    llvm::support::endian::write<T, llvm::endianness::big>(buffer, value);
    bytes.append(buffer, sizeof(T));
  }
  void string(llvm::StringRef text) {
    bytes += 'l';
    bigEndian<int32_t>(text.size());
    bytes += text.str();
  }
  void array(const llvm::json::Array &array) {
    bool numeric = !array.empty() && llvm::all_of(array, [](auto &v) {
      return v.kind() == llvm::json::Value::Number;
    });
    if (!numeric) {
      bytes += '[';
      for (const llvm::json::Value &element : array)
        write(element);
      bytes += ']';
      return;
    }
    bytes += "[$D#l";
    bigEndian<int32_t>(array.size());
    for (const llvm::json::Value &element : array) {
      double number = *element.getAsNumber();
      uint64_t bits;
      std::memcpy(&bits, &number, sizeof(bits));
      bigEndian<uint64_t>(bits);
    }
  }
};

std::string toUbjson(llvm::StringRef json) {
  llvm::Expected<llvm::json::Value> value = llvm::json::parse(json);
  EXPECT_TRUE(static_cast<bool>(value));
  UbjsonWriter writer;
  if (value)
    writer.write(*value);
  return writer.bytes;
}

class DocumentTest : public ::testing::Test {
protected:
  DocumentTest() { context.loadDialect<hardwood::HardwoodDialect>(); }

  std::string printed(ImportAttempt &attempt) {
    std::string text;
    llvm::raw_string_ostream os(text);
    attempt.module->print(os);
    return text;
  }
  void expectError(llvm::StringRef content, llvm::StringRef message) {
    ImportAttempt attempt = importText(context, content);
    ASSERT_FALSE(attempt.ok());
    ASSERT_EQ(1u, attempt.errors.size()) << attempt.message();
    std::string expected = std::string(kTestFileName) + ": " + message.str();
    EXPECT_EQ(expected, attempt.errors[0].substr(0, expected.size()))
        << "full message: " << attempt.errors[0];
  }

  mlir::MLIRContext context;
};

TEST_F(DocumentTest, RejectsEmptyFiles) {
  expectError("", "(document): the file is empty; expected a Hardwood JSON "
                  "model");
  expectError(" \n\t\r\n", "(document): the file is empty");
}

TEST_F(DocumentTest, AcceptsAByteOrderMarkAndLeadingSpace) {
  ImportAttempt attempt =
      importText(context, "\xEF\xBB\xBF\n\n  " + exampleModel());
  EXPECT_TRUE(attempt.ok()) << attempt.message();
  // Parse errors count lines from the start of the file.
  expectError("\n\n{\"format\": }",
              "(document): invalid JSON at line 3, column 12: ");
}

TEST_F(DocumentTest, RejectsBinaryGarbage) {
  expectError(llvm::StringRef("\x7f"
                              "ELF\x02\x01\x01\0\0\0",
                              10),
              "(document): unrecognised content; expected a Hardwood JSON "
              "model (\"format\": \"hardwood-model\"), an XGBoost JSON/UBJSON "
              "model or a LightGBM model text file");
  expectError("[1, 2, 3]", "(document): unrecognised content");
  expectError("{\"a\": 1}",
              "(document): found neither a \"format\" field (Hardwood JSON) "
              "nor a \"learner\" field (XGBoost)");
  expectError("{\"format\": 1, \"bad\": \"\xff\"}",
              "(document): invalid JSON at line 1, column ");
}

TEST_F(DocumentTest, RejectsDeepNestingBeforeParsing) {
  // llvm::json::parse would recurse 10,000 times.
  std::string deep =
      "{\"format\": " + std::string(10000, '[') + std::string(10000, ']') + "}";
  expectError(deep, "(document): JSON nesting is deeper than 64 levels");

  std::string deepUbjson = "{U\x01"
                           "a" +
                           std::string(10000, '[');
  expectError(deepUbjson, "(document): invalid UBJSON at byte 68: nesting is "
                          "deeper than 64 levels");
}

TEST_F(DocumentTest, BracketsInStringsDoNotCountAsNesting) {
  std::string model =
      replaceOnce(exampleModel(), "\"version\": 1",
                  "\"version\": 1, \"source\": {\"library\": \"" +
                      std::string(200, '[') + "\\\"\"}");
  ImportAttempt attempt = importText(context, model);
  EXPECT_TRUE(attempt.ok()) << attempt.message();
}

TEST_F(DocumentTest, UbjsonImportsLikeJson) {
  ImportAttempt json = importText(context, exampleModel());
  std::string bytes = toUbjson(exampleModel());
  ImportAttempt ubjson = importText(context, bytes);
  ASSERT_TRUE(json.ok() && ubjson.ok()) << json.message() << ubjson.message();
  EXPECT_EQ(printed(json), printed(ubjson));
}

TEST_F(DocumentTest, EveryTruncationFailsCleanly) {
  std::string json = exampleModel();
  for (size_t size = 1; size < json.size(); ++size) {
    ImportAttempt attempt = importText(context, json.substr(0, size));
    EXPECT_FALSE(attempt.ok()) << "prefix of " << size << " bytes";
  }
  std::string ubjson = toUbjson(exampleModel());
  for (size_t size = 1; size < ubjson.size(); ++size) {
    ImportAttempt attempt = importText(context, ubjson.substr(0, size));
    EXPECT_FALSE(attempt.ok()) << "prefix of " << size << " bytes";
  }
}

TEST_F(DocumentTest, CorruptedBytesNeverCrash) {
  // Deterministic corruption of every byte; importText checks that failure
  // and diagnostics go together.
  std::string ubjson = toUbjson(exampleModel());
  for (size_t at = 0; at < ubjson.size(); ++at)
    for (char replacement : {'\0', '\x7f', '\xff', '[', '{', 'L', '#'}) {
      std::string corrupted = ubjson;
      corrupted[at] = replacement;
      (void)importText(context, corrupted);
    }
}

TEST_F(DocumentTest, RejectsForgedUbjsonCounts) {
  // A typed array claiming 2^62 float64s in a 30-byte file.
  std::string forged = "{U\x01"
                       "a[$D#L";
  forged += std::string("\x40\0\0\0\0\0\0\0", 8);
  expectError(forged, "(document): invalid UBJSON at byte 17: container "
                      "count 4611686018427387904 exceeds the 0 bytes left");
  std::string negative = "{U\x01"
                         "a[#i\xff";
  expectError(negative,
              "(document): invalid UBJSON at byte 8: negative container "
              "count -1");
  std::string longString = "{U\x01"
                           "aSl\x7f\xff\xff\xff"
                           "abc}";
  expectError(longString,
              "(document): invalid UBJSON at byte 10: the file ends inside a "
              "string");
}

TEST_F(DocumentTest, RejectsMalformedUbjson) {
  expectError("{U\x01"
              "aQ}",
              "(document): invalid UBJSON at byte 5: unknown "
              "type marker 0x51");
  expectError("{U\x02\xc3\x28Z}", "(document): invalid UBJSON at byte 3: an "
                                  "object key is not valid UTF-8");
  expectError("{U\x01"
              "aZ}Z",
              "(document): invalid UBJSON at byte 6: 1 "
              "unexpected bytes after the document");
  expectError("{#U\x01"
              "U\x01"
              "aZ",
              "(document): found neither a \"format\" field");
  expectError("{U\x01"
              "a[$iZ",
              "(document): invalid UBJSON at byte 7: a "
              "typed container needs a count ('#')");
}

TEST_F(DocumentTest, ReportsFileErrors) {
  ImportAttempt missing = importFile(context, inputPath("does-not-exist.json"));
  ASSERT_EQ(1u, missing.errors.size());
  EXPECT_NE(std::string::npos,
            missing.errors[0].find("does-not-exist.json: (document): cannot "
                                   "read the file: "))
      << missing.errors[0];

  ImportAttempt directory = importFile(context, inputPath(""));
  ASSERT_EQ(1u, directory.errors.size());
  EXPECT_NE(std::string::npos,
            directory.errors[0].find("(document): is a directory; expected a "
                                     "model file"))
      << directory.errors[0];
}

} // namespace
