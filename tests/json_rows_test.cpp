// The JSON reader's fast path for a document of rows (issue 14, json_rows.cpp) against its
// general parser. --dtype float16 takes the general parser for every document, so with numbers
// that float16 holds exactly (spelled many ways) both dtypes must write the same bytes and the
// same messages: valid documents, ones the fast path hands over mid-way (null, objects, NaN,
// nesting, empty rows), and invalid ones (the position in the message included).
#include <doctest/doctest.h>

#include <random>
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

}  // namespace

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
