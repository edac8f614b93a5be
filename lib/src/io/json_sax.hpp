// A nlohmann_json SAX handler that turns JSON into batches (internal; JSON and NDJSON readers).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "nnact/io.hpp"

namespace nnact {

class JsonSax {
 public:
  using Flush = std::function<void(Batch&&)>;
  // Batches are flushed between elements of the top-level array once they hold enough values
  // (but never inside a row when options.whole_rows), and by finish(). Parse errors throw Error(kData) naming `name` and the line and column,
  // counted from `first_line`.
  JsonSax(const ReadOptions& options, std::string name, std::uint64_t first_line, Flush flush);

  bool null();
  bool boolean(bool value);
  bool number_integer(std::int64_t value);
  bool number_unsigned(std::uint64_t value);
  bool number_float(double value, const std::string& text);
  bool string(std::string& value);
  bool binary(std::vector<std::uint8_t>& value);
  bool start_object(std::size_t elements);
  bool key(std::string& value);
  bool end_object();
  bool start_array(std::size_t elements);
  bool end_array();
  bool parse_error(std::size_t position, const std::string& last_token,
                   const nlohmann::detail::exception& error);

  // Flushes what is left (a scalar document or the end of the top-level array).
  void finish();

 private:
  struct Frame {
    bool array;
    bool empty = true;           // no element written yet (decides the comma)
    bool has_container = false;  // holds an array or object: not a row of numbers
    std::size_t numbers = 0;     // numbers directly inside
  };
  void before_value();
  void after_value();
  void add_number(double value);
  void close(char bracket);

  DType dtype_;
  bool whole_rows_;
  std::string name_;
  std::uint64_t first_line_;
  Flush flush_;
  Batch batch_;
  std::vector<Frame> stack_;
};

}  // namespace nnact
