//===- LightGBMText.h - Sections and fields of LightGBM model text -*- C++
//-*-===//
//
// The syntax of LightGBM's model text, without its meaning: a header of
// `key=value` lines, `Tree=N` blocks of `key=value` lines ended by a blank
// line, then `end of trees` (or, in older v2 files, directly `feature
// importances:`). Values are read as space-separated numbers
// whose count is checked against what the caller expects before anything is
// stored. Every error is located at its line and names the field
// (`Tree=3: split_feature[4]: ...`).
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_LIB_IMPORT_LIGHTGBMTEXT_H
#define HARDWOOD_LIB_IMPORT_LIGHTGBMTEXT_H

#include "ImportErrors.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>

namespace hardwood::lightgbm {

/// The value of one `key=value` line and the line's number (from 1).
struct Field {
  llvm::StringRef value;
  unsigned line = 0;
};

/// The header or one `Tree=N` block.
struct Section {
  /// "" for the header, "Tree=N: " for a tree; prefixes field paths.
  std::string prefix;
  /// The `Tree=N` line; 1 for the header.
  unsigned line = 1;
  llvm::StringMap<Field> fields;
};

/// What follows the current position once blank lines are skipped.
/// EndOfTrees: `end of trees`, or `feature importances:` (older writers).
enum class NextLine { Tree, EndOfTrees, EndOfFile, Other };

class TextReader {
public:
  TextReader(llvm::StringRef text, ImportErrors &errors)
      : rest(text), errors(errors) {}

  /// The lines before the first `Tree=` (or `end of trees`): `key=value`
  /// lines and bare keys such as `tree` and `average_output`.
  mlir::LogicalResult readHeader(Section &header);
  /// Skips blank lines and says what comes next.
  NextLine skipBlankLines();
  /// The next line, for messages about an unexpected line.
  llvm::StringRef peekLine() const;
  /// Reads the `Tree=N` block at the current position; N must be `index`.
  mlir::LogicalResult readTree(int64_t index, Section &tree);

  /// An error located at `line`, about `path`.
  mlir::InFlightDiagnostic error(unsigned line, const llvm::Twine &path) {
    return errors.atLine(line, 1, path);
  }
  /// An error about `key` of `section`, at its line (or the section's line
  /// when the field is absent).
  mlir::InFlightDiagnostic error(const Section &section, llvm::StringRef key);
  /// An error about element `index` of `key`.
  mlir::InFlightDiagnostic error(const Section &section, llvm::StringRef key,
                                 size_t index);
  /// Line of the last line read, and of the next one.
  unsigned lineNumber() const { return number; }
  unsigned nextLineNumber() const { return number + 1; }

  /// The field, or null; when `required`, its absence is an error.
  const Field *find(const Section &section, llvm::StringRef key, bool required);
  mlir::LogicalResult readInteger(const Section &section, llvm::StringRef key,
                                  int64_t min, int64_t max, int64_t &value);
  /// Exactly `count` integers in [min, max].
  mlir::LogicalResult readIntegers(const Section &section, llvm::StringRef key,
                                   size_t count, int64_t min, int64_t max,
                                   llvm::SmallVectorImpl<int64_t> &values);
  /// Exactly `count` numbers (`inf`, `-inf`, `nan` included).
  mlir::LogicalResult readDoubles(const Section &section, llvm::StringRef key,
                                  size_t count,
                                  llvm::SmallVectorImpl<double> &values);

private:
  llvm::StringRef nextLine();
  mlir::LogicalResult readFields(Section &section, size_t maxFields,
                                 bool allowBareKeys);
  mlir::LogicalResult checkCount(const Section &section, llvm::StringRef key,
                                 const Field &field, size_t count);

  llvm::StringRef rest;
  unsigned number = 0;
  ImportErrors &errors;
};

/// Space-separated tokens of a value (tabs are tolerated).
size_t countTokens(llvm::StringRef value);
llvm::SmallVector<llvm::StringRef> splitTokens(llvm::StringRef value);
/// A whole token as a decimal integer, or nothing.
std::optional<int64_t> parseInteger(llvm::StringRef token);
/// A whole token as a double (decimal, `inf`, `-inf`, `nan`); values beyond
/// the double range are refused rather than rounded to infinity.
std::optional<double> parseDouble(llvm::StringRef token);
/// `text` in quotes for a message, shortened, unprintable bytes as `?`.
std::string quote(llvm::StringRef text);
/// The shortest text that reads back as `value` ("0.5", "inf"), for
/// messages.
std::string shortestDecimal(double value);

} // namespace hardwood::lightgbm

#endif // HARDWOOD_LIB_IMPORT_LIGHTGBMTEXT_H
