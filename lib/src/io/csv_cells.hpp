// One CSV/TSV cell as RFC 4180 reads it (internal): the reader scans the input with it, and
// writers of another format scan a batch's template with the same rules.
#pragma once

#include <cstring>
#include <string>
#include <string_view>

namespace nnact {

// One cell of a record, as found in the raw bytes.
struct Cell {
  const char* begin;     // first byte (the opening quote for a quoted cell)
  const char* end;       // one past the last byte (after the closing quote)
  bool quoted;
  const char* next;      // where the following cell or record starts
  bool last_in_record;   // followed by a line end or the end of the input
  bool unterminated = false;  // an opening quote without its closing one
};

// The cell starting at `p`. A quote opens a quoted cell only as its first byte; a '\r' before
// the line end is not part of the cell.
inline Cell scan_cell(const char* p, const char* end, char delimiter) {
  Cell cell{p, p, false, p, true};
  if (p < end && *p == '"') {
    cell.quoted = true;
    ++p;
    for (;;) {
      p = static_cast<const char*>(std::memchr(p, '"', end - p));
      if (p == nullptr) {  // unterminated: the cell runs to the end of the input
        p = end;
        cell.unterminated = true;
        break;
      }
      if (p + 1 < end && p[1] == '"') {
        p += 2;
        continue;
      }
      ++p;
      break;
    }
  }
  while (p < end && *p != delimiter && *p != '\n') ++p;
  cell.end = p;
  if (p < end && *p == delimiter) {
    cell.next = p + 1;
    cell.last_in_record = false;
  } else {
    cell.next = p;
  }
  if (cell.end > cell.begin && cell.end[-1] == '\r' && (p == end || *p == '\n')) --cell.end;
  return cell;
}

// What a cell holds: its bytes, or for a quoted cell the text between the quotes with each
// doubled quote read as one (bytes after the closing quote are kept, as the reader keeps them).
inline std::string cell_text(std::string_view raw, bool quoted) {
  if (!quoted) return std::string(raw);
  std::string text;
  text.reserve(raw.size());
  std::size_t i = 1;
  for (; i < raw.size(); ++i) {
    if (raw[i] != '"') {
      text += raw[i];
    } else if (i + 1 < raw.size() && raw[i + 1] == '"') {
      text += '"';
      ++i;
    } else {
      break;
    }
  }
  if (i + 1 < raw.size()) text.append(raw.substr(i + 1));
  return text;
}

// One past the first newline outside quotes; 0 if `block` holds no whole record.
inline std::size_t first_record_end(std::string_view block) {
  // memchr first: a long record is not walked byte by byte unless a quote comes before its end.
  const std::size_t newline = block.find('\n');
  if (newline == std::string_view::npos) return 0;
  const std::size_t quote = block.substr(0, newline).find('"');
  if (quote == std::string_view::npos) return newline + 1;
  bool quoted = false;
  for (std::size_t i = quote; i < block.size(); ++i) {
    if (block[i] == '"') quoted = !quoted;
    if (block[i] == '\n' && !quoted) return i + 1;
  }
  return 0;
}

}  // namespace nnact
