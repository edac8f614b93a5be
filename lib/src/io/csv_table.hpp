// The records of a CSV/TSV batch read back from its template (internal): how a writer of
// another format (TSV from CSV, JSON records) gets every cell, not only the numbers.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact {

inline constexpr std::size_t kNoValue = static_cast<std::size_t>(-1);

struct TableCell {
  std::string_view raw;          // the cell's bytes as the input wrote them (text cells)
  bool quoted = false;           // raw is a quoted cell (cell_text() undoes the quotes)
  std::size_t value = kNoValue;  // else the index in Batch::values of the value it holds
  bool missing = false;          // that value is missing (Batch::missing)
};

struct TableRecord {
  bool header = false;
  std::uint64_t line = 0;        // the input line it starts on
  std::vector<TableCell> cells;  // its cells, then those the op appended (crelu)
  std::size_t appended = 0;      // index of the first appended cell (cells.size(): none)
};

// Calls `visit` for each record of `batch` in order (the header first; blank lines, which are
// no rows, skipped). `delimiter` is the one the CSV reader that made the batch read with.
void for_each_record(const Batch& batch, char delimiter, const std::function<void(const TableRecord&)>& visit);

}  // namespace nnact
