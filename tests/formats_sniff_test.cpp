// Format detection: by extension, then by content.
#include <doctest/doctest.h>

#include "nnact/io.hpp"

using nnact::Format;
using nnact::format_from_extension;
using nnact::sniff_format;

TEST_CASE("formats by extension") {
  CHECK(format_from_extension("a/b.CSV") == Format::kCsv);
  CHECK(format_from_extension("b.tab") == Format::kTsv);
  CHECK(format_from_extension("b.jsonl") == Format::kNdjson);
  CHECK(format_from_extension("b.ndjson") == Format::kNdjson);
  CHECK(format_from_extension("b.npy") == Format::kNpy);
  CHECK(format_from_extension("b.txt") == Format::kTxt);
  CHECK(format_from_extension("b.dat") == Format::kAuto);
  CHECK(format_from_extension("dir.csv/b") == Format::kAuto);
}

TEST_CASE("formats by content") {
  CHECK(sniff_format(std::string_view("\x93NUMPY\x01\x00", 8)) == Format::kNpy);
  CHECK(sniff_format("[1, 2, 3]\n") == Format::kJson);
  CHECK(sniff_format("[\n  1,\n  2\n]\n") == Format::kJson);
  CHECK(sniff_format("{\"a\": [1,\n 2]}\n") == Format::kJson);
  CHECK(sniff_format("{\"a\": 1}\n{\"a\": 2}\n") == Format::kNdjson);
  CHECK(sniff_format("[1, NaN]\n[2, 3]\n") == Format::kNdjson);
  CHECK(sniff_format("[[ 1.  -0.5]\n [ 2.   3. ]]\n") == Format::kTxt);
  CHECK(sniff_format("1 -0.5 3.4\n") == Format::kTxt);
  CHECK(sniff_format("\xEF\xBB\xBFx,y\n1,2\n") == Format::kCsv);
  CHECK(sniff_format("x\n1\n") == Format::kCsv);
  CHECK(sniff_format("a\tb\n") == Format::kTsv);
  CHECK(sniff_format("first name,x\n") == Format::kCsv);
  CHECK(sniff_format("\"name\",x\n\"a\",1\n") == Format::kCsv);
  CHECK(sniff_format("\"just a string\"\n") == Format::kJson);
}
