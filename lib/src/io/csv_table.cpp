// Reading a CSV/TSV template back into records: the reader copied every byte but the numbers
// (and their quotes) into Batch::text, so scanning it with the reader's rules finds each cell,
// and a hole inside a cell marks the value it holds.
#include "io/csv_table.hpp"

#include "io/codecs.hpp"
#include "io/csv_cells.hpp"

namespace nnact {

void for_each_record(const Batch& batch, char delimiter, const std::function<void(const TableRecord&)>& visit) {
  const char* const text = batch.text.data();
  const char* const end = text + batch.text.size();
  const char* p = text;
  std::size_t hole = 0;   // the next hole
  std::size_t row = 0;    // the next row
  std::size_t start = 0;  // its first value
  MissingCursor missing(batch.missing);
  std::uint64_t line = batch.first_line;
  TableRecord record;
  auto add_value = [&](std::size_t index) {
    TableCell cell;
    cell.value = index;
    cell.missing = missing.take(index);
    record.cells.push_back(cell);
  };
  while (p < end) {
    record.header = static_cast<std::size_t>(p - text) < batch.header_bytes;
    record.line = line;
    record.cells.clear();
    std::size_t held = 0;  // values in this record's cells
    for (;;) {
      Cell cell = scan_cell(p, end, delimiter);
      for (const char* q = cell.begin; q < cell.end; ++q) line += *q == '\n';
      if (!record.header && hole < batch.holes.size() && batch.holes[hole] <= static_cast<std::size_t>(cell.end - text)) {
        ++hole;
        add_value(start + held++);
      } else {
        record.cells.push_back({std::string_view(cell.begin, cell.end - cell.begin), cell.quoted});
      }
      p = cell.next;
      if (cell.last_in_record) break;
    }
    if (p < end) {  // the '\n'
      ++p;
      ++line;
    }
    const bool blank = !record.header && held == 0 && record.cells.size() == 1 && record.cells[0].raw.empty();
    if (blank) continue;
    record.appended = record.cells.size();
    if (batch.rows_doubled && record.header) {  // the twin names, ",x_neg,y_neg" as the input writes
      std::string_view twins = batch.header_twins;
      for (const char* q = twins.data() + 1; q < twins.data() + twins.size();) {
        Cell cell = scan_cell(q, twins.data() + twins.size(), delimiter);
        record.cells.push_back({std::string_view(cell.begin, cell.end - cell.begin), cell.quoted});
        q = cell.next;
      }
    }
    if (!record.header && row < batch.rows.size()) {
      const std::size_t row_end = batch.rows[row++];
      if (batch.rows_doubled) {
        for (std::size_t i = start + held; i < row_end; ++i) add_value(i);
      }
      start = row_end;
    }
    visit(record);
  }
}

}  // namespace nnact
