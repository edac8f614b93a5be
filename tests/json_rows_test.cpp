// The JSON reader's fast path for a document of rows (issue 14, json_rows.cpp) against its
// general parser. --dtype float16 takes the general parser for every document, so with numbers
// that float16 holds exactly (spelled many ways) both dtypes must write the same bytes and the
// same messages: valid documents, ones the fast path hands over mid-way (null, objects, NaN,
// nesting, empty rows), and invalid ones (the position in the message included).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <random>
#include <string_view>
#include <algorithm>
#include <string>
#include <vector>

#include "cli_runner.hpp"

using nnact::test::run_cli;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// Float16-exact values in several spellings.
const std::vector<std::string> kNumbers = {"1",   "-2.5", "0.125", "1e2",   "1.0E+2", "-0",   "-0.0",
                                           "0",   "3",    "-7",    "65504", "0.5e1",  "2E-1", "100.0",
                                           "-12", "6.25", "1024",  "-1e-0", "0.0625", "5"};

// `rows` rows of `cols` numbers, with varied white space between the tokens.
std::string document(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 random(seed);
  const char* spaces[] = {"", "", " ", "\n", "\r\n", "\t", "  "};
  auto space = [&] { return std::string(spaces[random() % 7]); };
  std::string doc = space() + "[" + space();
  for (std::size_t r = 0; r < rows; ++r) {
    doc += (r ? "," + space() : "") + "[" + space();
    for (std::size_t c = 0; c < cols; ++c) {
      // -2E-1 is not float16-exact: only the spellings above.
      doc += (c ? space() + "," + space() : "") + kNumbers[random() % kNumbers.size()];
    }
    doc += space() + "]";
  }
  return doc + space() + "]" + space();
}

// Runs the document with both dtypes and checks they agree: exit code, output, message.
void same_both_ways(const std::string& doc, const std::vector<std::string>& args) {
  TempDir dir;
  write_file(dir.file("in.json"), doc);
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    std::vector<std::string> fast = {"--op", "relu", "-j", jobs};
    fast.insert(fast.end(), args.begin(), args.end());
    fast.push_back(dir.file("in.json"));
    std::vector<std::string> general = fast;
    general.insert(general.begin(), {"--dtype", "float16"});
    const auto a = run_cli(fast), b = run_cli(general);
    CHECK(a.code == b.code);
    // On an error, what came before the bad input is written (stdout): the fast path hands out
    // every row before it, the general parser its last full batch; one is a prefix of the other.
    const bool prefix = a.code != 0 && (a.out.starts_with(b.out) || b.out.starts_with(a.out));
    if (a.out != b.out && !prefix) {  // the first difference, not megabytes of output
      std::size_t at = 0;
      while (at < a.out.size() && at < b.out.size() && a.out[at] == b.out[at]) ++at;
      const std::size_t from = at < 40 ? 0 : at - 40;
      FAIL_CHECK("outputs differ at byte " << at << ": fast \"" << a.out.substr(from, 80) << "\" general \""
                                           << b.out.substr(from, 80) << "\"");
    }
    CHECK(a.err == b.err);
  }
}

// Float16-exact values without exponents, written the same as float16 and float32.
const std::vector<std::string> kPlain = {"1",    "-2.5", "0.125", "-0",    "-0.0",   "0", "3",   "-7",
                                         "100.0", "-12", "6.25",  "1024", "65504", "0.0625", "5", "-0.5"};

// Rows without exponents and with white space only after commas (what the reader takes 64
// bytes at a time, json_row_blocks.hpp): compact, or as Python's json.dump writes them.
std::string compact_document(std::size_t rows, std::size_t cols, unsigned seed) {
  std::mt19937 random(seed);
  const char* joins[] = {",", ",", ",\n", ",\n", ", ", ",\r\n", ",\n\n  "};
  std::string doc = "[";
  for (std::size_t r = 0; r < rows; ++r) {
    doc += std::string(r ? joins[random() % 7] : "") + "[";
    const char* separator = random() % 3 == 0 ? ", " : ",";  // json.dump's default, or compact
    for (std::size_t c = 0; c < cols; ++c) doc += (c ? separator : "") + kPlain[random() % kPlain.size()];
    doc += "]";
  }
  return doc + "]\n";
}

// Whether the number text around `at` (if any), when it is a number, is written the same as
// float16 and float32: an integer float16 holds exactly, or one of the spellings above.
bool float16_exact_around(const std::string& doc, std::size_t at) {
  const auto part = [](char c) { return std::string_view("0123456789.eE+-").find(c) != std::string_view::npos; };
  std::size_t from = std::min(at, doc.size()), to = from;
  while (from > 0 && part(doc[from - 1])) --from;
  while (to < doc.size() && part(doc[to])) ++to;
  if (from == to) return true;
  const std::string token = doc.substr(from, to - from);
  char* stop = nullptr;
  const double value = std::strtod(token.c_str(), &stop);
  if (stop != token.c_str() + token.size()) return true;  // not a number: an error both ways
  if (value == static_cast<double>(static_cast<long>(value)) && std::abs(value) <= 2048) return true;
  for (const std::string& plain : kPlain) {
    if (std::strtod(plain.c_str(), nullptr) == value) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("JSON rows fast path: compact rows, and each of many small changes to them, as the general parser reads them") {
  // Valid documents: rows shorter and longer than a block, a white-space run across blocks.
  for (unsigned seed = 0; seed < 4; ++seed) {
    CAPTURE(seed);
    same_both_ways(compact_document(3000, 1 + 5 * seed, seed), {});
  }
  same_both_ways(compact_document(20000, 8, 4), {"--to", "csv"});  // many chunks, cut by the block scan
  // One byte replaced, inserted or deleted anywhere: the same output (the rows before it), the
  // same message and position, or the same document read on.
  const std::string base = compact_document(400, 5, 5);
  std::mt19937 random(11);
  const std::string bytes = "[],-.0123 \n\te+x";
  for (int n = 0; n < 120;) {
    std::string doc = base;
    const std::size_t at = random() % doc.size();
    const char c = bytes[random() % bytes.size()];
    switch (random() % 3) {
      case 0: doc[at] = c; break;
      case 1: doc.insert(doc.begin() + static_cast<std::ptrdiff_t>(at), c); break;
      default: doc.erase(at, 1);
    }
    if (!float16_exact_around(doc, at)) continue;  // the two dtypes would round it differently
    ++n;
    CAPTURE(at);
    CAPTURE(doc.substr(at < 20 ? 0 : at - 20, 40));
    same_both_ways(doc, {});
  }
  // Between rows, where a block is checked for ',' ws '[' and nothing else, and in a row.
  for (const std::size_t row : {77, 200, 333}) {
    std::size_t at = 0;
    for (std::size_t r = 0; r < row; ++r) at = base.find("],", at) + 2;
    for (const char* extra : {",", " ,", "]", "[", "x", "1", "-", "[]", "\n,\n", "[ 1],", "[1 ],", "[1 ,2],", "[1,\t2],", "[1,  2],", "[1, 2 ],"}) {
      CAPTURE(row);
      CAPTURE(extra);
      same_both_ways(base.substr(0, at) + extra + base.substr(at), {});
    }
  }
  // Past many reader blocks (the scan's state handed from one to the next): a bad byte late.
  const std::string big = compact_document(60000, 5, 6);
  for (int n = 0; n < 6; ++n) {
    std::string doc = big;
    std::size_t at;
    do {
      doc = big;
      at = doc.size() / 2 + random() % (doc.size() / 2);
      doc[at] = n % 2 ? 'x' : ' ';
    } while (!float16_exact_around(doc, at) || !float16_exact_around(doc, at + 1) || !float16_exact_around(doc, at - 1));
    CAPTURE(at);
    same_both_ways(doc, {});
  }
}

TEST_CASE("JSON rows fast path: the general parser's bytes for documents of rows") {
  for (unsigned seed = 0; seed < 6; ++seed) {
    CAPTURE(seed);
    const std::string doc = document(seed < 3 ? 5 : 60000, 1 + seed % 4, seed);  // 60000 rows: many chunks
    same_both_ways(doc, {});
    same_both_ways(doc, {"--to", "csv"});
    same_both_ways(doc, {"--to", "ndjson"});
  }
  same_both_ways("[[1,2],[3,4,5]]", {"--to", "ndjson"});  // ragged: no shape
  const auto npy = run_cli({"--op", "relu", "--from", "json", "--to", "npy"}, "[[1,-2],\n[3,4],[5,6]]");
  CHECK(npy.out.find("'shape': (3, 2), }") != std::string::npos);
  const auto ragged = run_cli({"--op", "relu", "--from", "json", "--to", "npy"}, "[[1,-2],\n[3,4,5]]");
  CHECK(ragged.code == 3);
}

TEST_CASE("JSON rows fast path: hands over to the general parser mid-document") {
  const std::string big = document(50000, 3, 7);  // past the first chunks
  const std::string rows = big.substr(0, big.rfind(']'));  // without the closing ']'
  for (const char* tail : {"null", "[1,null,2]", "{\"a\":1}", "\"s\"", "[[1,2]]", "[]", "[NaN,1]",
                           "[1,Infinity]", "[1e999,2]", "[true]", "[1,2,3,4]"}) {
    CAPTURE(tail);
    same_both_ways(std::string("[[1,2],") + tail + ",[3,4]]", {});
    same_both_ways(rows + "," + tail + ",[3,4,5]]", {});
    same_both_ways(rows + "," + tail + "]", {"--to", "ndjson"});
  }
  for (const char* doc : {"[1,2,3]", "[]", "{\"a\":[[1,2]]}", "[[]]", "[[1,2]]", " [ [ 1 , 2 ] ] ", "7"}) {
    CAPTURE(doc);
    same_both_ways(doc, {});
  }
}

TEST_CASE("JSON rows fast path: invalid documents give the general parser's message and position") {
  const std::string big = document(50000, 3, 9);
  const std::string rows = big.substr(0, big.rfind(']'));
  for (const char* bad : {"[01,2]", "[1.,2]", "[1,2,]", "[,1]", "[1 2]", "[-,1]", "[1e,2]", "[1e+,2]",
                          "[.5]", "[+1]", "[1,2", "[1]x"}) {
    CAPTURE(bad);
    same_both_ways(std::string("[[1,2],\n  ") + bad + ",[3,4]]", {});
    same_both_ways(rows + ",\n  " + bad + ",[3,4]]", {});
    same_both_ways(rows + ", " + bad + "]", {});
  }
  for (const char* doc : {"[[1,2],[3,4]] x", "[[1,2],[3,4]", "[[1,2] [3,4]]", "[[1,2],[3,4],]", "[[1,2],,[3]]",
                          "[[1,2],[3,4]]]", ""}) {
    CAPTURE(doc);
    same_both_ways(doc, {});
  }
  same_both_ways(rows + "] x", {});
  same_both_ways(rows, {});  // cut short
}
