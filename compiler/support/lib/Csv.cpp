//===- Csv.cpp - Rows from a CSV file -------------------------------------===//

#include "hardwood/Support/Csv.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace hardwood;

namespace {

std::string_view trimField(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\"");
  if (first == std::string_view::npos)
    return {};
  size_t last = text.find_last_not_of(" \t\r\"");
  return text.substr(first, last - first + 1);
}

/// Parses one field: a number, empty or nan (NaN), [+-]inf.
bool parseNumber(std::string_view field, double &value) {
  field = trimField(field);
  if (field.empty()) {
    value = NAN;
    return true;
  }
  std::string text(field);
  for (char &c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (text == "nan" || text == "na") {
    value = NAN;
    return true;
  }
  char *end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  // strtod gives +-HUGE_VAL with ERANGE for overflow, which is the value
  // numpy reads too; only unparsed characters are an error.
  return end == text.c_str() + text.size();
}

void splitFields(std::string_view line, std::vector<std::string_view> &fields) {
  fields.clear();
  size_t start = 0;
  while (true) {
    size_t comma = line.find(',', start);
    fields.push_back(line.substr(start, comma == std::string_view::npos
                                            ? std::string_view::npos
                                            : comma - start));
    if (comma == std::string_view::npos)
      break;
    start = comma + 1;
  }
}

} // namespace

bool hardwood::readCsv(const std::string &path, NpyArray &out,
                       std::string &error) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    error = path + ": cannot read: " + std::strerror(errno);
    return false;
  }
  std::ostringstream contents;
  contents << file.rdbuf();
  std::string text = std::move(contents).str();
  return readCsvBuffer(text, path, out, error);
}

bool hardwood::readCsvBuffer(std::string_view text, const std::string &path,
                             NpyArray &out, std::string &error) {
  out = NpyArray();
  out.dtype = HW_DTYPE_F64;
  std::vector<double> values;
  std::vector<std::string_view> fields;
  int64_t columns = -1, rows = 0;
  size_t lineNumber = 0;
  bool firstLine = true;
  while (!text.empty()) {
    size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view()
                                             : text.substr(newline + 1);
    ++lineNumber;
    if (trimField(line).empty() && line.find(',') == std::string_view::npos)
      continue; // blank line
    splitFields(line, fields);
    size_t before = values.size();
    bool numeric = true;
    size_t bad = 0;
    for (size_t i = 0; i < fields.size(); ++i) {
      double value;
      if (!parseNumber(fields[i], value)) {
        numeric = false;
        bad = i;
        break;
      }
      values.push_back(value);
    }
    if (!numeric) {
      values.resize(before);
      if (firstLine) {
        // A header row: column names, skipped.
        firstLine = false;
        columns = static_cast<int64_t>(fields.size());
        continue;
      }
      error = path + ":" + std::to_string(lineNumber) + ": field " +
              std::to_string(bad + 1) + " ('" +
              std::string(trimField(fields[bad])) +
              "') is not a number (expected numbers, empty or nan for a "
              "missing value)";
      return false;
    }
    firstLine = false;
    if (columns < 0)
      columns = static_cast<int64_t>(fields.size());
    if (static_cast<int64_t>(fields.size()) != columns) {
      error = path + ":" + std::to_string(lineNumber) + ": " +
              std::to_string(fields.size()) + " fields; the first row has " +
              std::to_string(columns);
      return false;
    }
    ++rows;
  }
  if (rows == 0) {
    error = path + ": no rows";
    return false;
  }
  out.shape = {rows, columns};
  out.data.resize(values.size() * sizeof(double));
  std::memcpy(out.data.data(), values.data(), out.data.size());
  return true;
}
