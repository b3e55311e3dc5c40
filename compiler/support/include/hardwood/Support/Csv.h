//===- Csv.h - Rows from a CSV file -----------------------------*- C++ -*-===//
//
// `hardwood predict --input X.csv`: numbers separated by commas, one row per
// line, an optional header row (a first line with a field that is not a
// number). Empty fields and nan/NaN are missing values (NaN); inf/-inf are
// infinities. Plain C++, in the same library as the .npy reader.
//
//===----------------------------------------------------------------------===//

#ifndef HARDWOOD_SUPPORT_CSV_H
#define HARDWOOD_SUPPORT_CSV_H

#include "hardwood/Support/Npy.h"

namespace hardwood {

/// Reads a CSV file into a rows x columns float64 array. On failure returns
/// false and sets `error` (path, line and what was expected).
bool readCsv(const std::string &path, NpyArray &out, std::string &error);
/// As readCsv, from the file's text.
bool readCsvBuffer(std::string_view text, const std::string &path,
                   NpyArray &out, std::string &error);

} // namespace hardwood

#endif // HARDWOOD_SUPPORT_CSV_H
