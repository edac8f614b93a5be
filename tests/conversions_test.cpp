// Converting CSV/TSV to another format keeps every cell (issue 18, item 8): CSV <-> TSV keep the
// header and the text columns, quoted as Python's csv module quotes them; with a header, JSON and
// NDJSON get records as Python's csv + json (and Miller) read the file; npy and txt take only the
// transformed columns, and a text column outside -f is an error naming it; --output-delimiter.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::run_cli;
using nnact::test::run_program;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// A CSV file with what real files hold: a text id with a comma, quotes and a tab, a cell over two
// lines, an empty cell and an NA in the transformed column, a numeric column left alone (-f),
// a leading-zero code (text), and a repeated header name.
const std::string kTable =
    "id,x,code,note,x\n"
    "\"B,2\",-1.5,007,\"say \"\"hi\"\"\",3\n"
    "C\t3,2.25,12,\"two\nlines\",-4\n"
    "D,,1e3,,5\n"
    "E,NA,-0.5,plain,6\n";

// Python's reading of kTable (csv module), relu on column 2, as records: the other cells as
// numbers when they are JSON numbers, else strings; a repeated name gets Miller's _2 suffix.
const std::string kPythonRecords = R"(
import csv, io, json, re, sys
rows = list(csv.reader(io.StringIO(sys.argv[1])))
header, seen = [], set()
for name in rows[0]:
    key, n = name, 2
    while key in seen:
        key, n = name + "_" + str(n), n + 1
    seen.add(key); header.append(key)
number = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
def cell(i, text):
    if i == 1:
        return None if text in ("", "NA") else max(0.0, float(text))
    return json.loads(text) if number.match(text) else text
records = [dict(zip(header, (cell(i, t) for i, t in enumerate(r)))) for r in rows[1:]]
)";

}  // namespace

TEST_CASE("conversions: CSV to TSV keeps the header and the text columns") {
  TempDir dir;
  write_file(dir.file("ida.csv"), "id,a\nx,-1\n");
  auto tsv = run_cli({"--op", "relu", "-f", "a", dir.file("ida.csv"), "--to", "tsv"});
  CHECK(tsv.code == 0);
  CHECK(tsv.out == "id\ta\nx\t0\n");
}

TEST_CASE("conversions: TSV to CSV keeps the header") {
  auto csv = run_cli({"--op", "relu", "--to", "csv"}, "a\tb\n-1\t2\n");
  CHECK(csv.code == 0);
  CHECK(csv.out == "a,b\n0,2\n");
  // A TSV cell holding a comma or a quote is quoted in CSV (RFC 4180).
  auto quoted = run_cli({"--op", "relu", "-f", "v", "--from", "tsv", "--to", "csv"}, "name\tv\na,b\t-1\nsay \"x\"\t2\n");
  CHECK(quoted.out == "name,v\n\"a,b\",0\n\"say \"\"x\"\"\",2\n");
}

TEST_CASE("conversions: CSV with quotes, commas, tabs and line breaks to TSV and back, as Python's csv writes them") {
  TempDir dir;
  write_file(dir.file("t.csv"), kTable);
  // Python's csv module: the rows read, relu on column 2 ("" and NA stay, written empty), then
  // written as excel-tab (TSV) and as excel (CSV).
  const std::string script = R"(
import csv, io, sys
rows = list(csv.reader(io.StringIO(sys.argv[1])))
for r in rows[1:]:
    r[1] = "" if r[1] in ("", "NA") else "%g" % max(0.0, float(r[1]))
out = io.StringIO()
csv.writer(out, dialect=sys.argv[2], lineterminator="\n").writerows(rows)
sys.stdout.write(out.getvalue())
)";
  auto expected_tsv = run_program("/usr/bin/python3", {"-c", script, kTable, "excel-tab"});
  auto expected_csv = run_program("/usr/bin/python3", {"-c", script, kTable, "excel"});
  REQUIRE(expected_tsv.code == 0);
  auto tsv = run_cli({"--op", "relu", "-f", "2", dir.file("t.csv"), "--to", "tsv", "-o", dir.file("t.tsv")});
  REQUIRE(tsv.code == 0);
  const std::string written = nnact::test::read_file(dir.file("t.tsv"));
  CHECK(written == expected_tsv.out);
  // And back: TSV to CSV (linear changes nothing) gives Python's CSV of the same rows.
  auto back = run_cli({"--op", "linear", "-f", "2", dir.file("t.tsv"), "--to", "csv"});
  CHECK(back.code == 0);
  CHECK(back.out == expected_csv.out);
}

TEST_CASE("conversions: CSV with a header to JSON gives the records Python's csv and json read") {
  TempDir dir;
  write_file(dir.file("t.csv"), kTable);
  auto json = run_cli({"--op", "relu", "-f", "2", dir.file("t.csv"), "--to", "json"});
  REQUIRE(json.code == 0);
  CHECK(json.out.substr(0, 3) == "[\n{");
  const std::string compare = kPythonRecords + R"(
got = json.loads(sys.stdin.read())
print("same" if got == records else "differ:\n%s\n%s" % (got, records))
)";
  std::string check = run_program("/usr/bin/python3", {"-c", compare, kTable}, json.out).out;
  CHECK(check == "same\n");
  // One record stays in its array; a header without rows is an empty array.
  CHECK(run_cli({"--op", "relu", "--to", "json"}, "a,b\n-1,2\n").out == "[\n{\"a\":0,\"b\":2}]\n");
  CHECK(run_cli({"--op", "relu", "--to", "json", "--header", "yes"}, "a,b\n").out == "[]\n");
}

TEST_CASE("conversions: CSV with a header to NDJSON gives one record per line") {
  TempDir dir;
  write_file(dir.file("t.csv"), kTable);
  auto ndjson = run_cli({"--op", "relu", "-f", "2", dir.file("t.csv"), "--to", "ndjson"});
  REQUIRE(ndjson.code == 0);
  const std::string compare = kPythonRecords + R"(
lines = sys.stdin.read().split("\n")
got = [json.loads(l) for l in lines if l]
print("same" if got == records and lines[-1] == "" and len(lines) == len(records) + 1 else "differ:\n%s\n%s" % (got, records))
)";
  CHECK(run_program("/usr/bin/python3", {"-c", compare, kTable}, ndjson.out).out == "same\n");
  // TSV too, and crelu's new columns get their _neg names.
  CHECK(run_cli({"--op", "crelu", "--to", "ndjson"}, "a\tb\n-1\t2\n").out ==
        "{\"a\":0,\"b\":2,\"a_neg\":1,\"b_neg\":0}\n");
}

TEST_CASE("conversions: a headerless CSV to JSON stays arrays of rows, text cells included") {
  CHECK(run_cli({"--op", "relu", "-n", "--to", "json"}, "1,-2\n3,-4\n").out == "[\n[1,0],\n[3,0]]\n");
  CHECK(run_cli({"--op", "relu", "-n", "--to", "json"}, "1,-2\n").out == "[1,0]\n");
  CHECK(run_cli({"--op", "relu", "-n", "-f", "2", "--to", "ndjson"}, "x,-2\n\"y\"\"\",\n").out ==
        "[\"x\",0]\n[\"y\\\"\",null]\n");
}

TEST_CASE("conversions: JSON records need one cell per header column") {
  auto ragged = run_cli({"--op", "relu", "--to", "json"}, "a,b\n1,2\n3\n");
  CHECK(ragged.code == 3);
  CHECK(ragged.err.find("line 3: 1 cell, the header has 2") != std::string::npos);
}

TEST_CASE("conversions: to npy, a text column is an error naming it, and -f picks the columns written") {
  TempDir dir;
  write_file(dir.file("ida.csv"), "id,a\nx,-1\ny,2\n");
  auto refused = run_cli({"--op", "relu", dir.file("ida.csv"), "--to", "npy", "-o", dir.file("out.npy")});
  CHECK(refused.code == 3);
  CHECK(refused.err.find("ida.csv:2:1: cannot read \"x\" as a number (column \"id\")") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out.npy")));
  auto picked = run_cli({"--op", "relu", "-f", "a", dir.file("ida.csv"), "--to", "npy", "-o", dir.file("out.npy")});
  REQUIRE(picked.code == 0);
  CHECK(nnact::test::run_numpy("a = np.load('" + dir.file("out.npy") + "'); print(a.dtype, a.shape, a.tolist())") ==
        "float32 (2, 1) [[0.0], [2.0]]\n");
  CHECK(run_cli({"--op", "relu", "-f", "a", dir.file("ida.csv"), "--to", "txt"}).out == "0\n2\n");
}

TEST_CASE("conversions: --output-delimiter sets CSV output's delimiter, -d stays the input's") {
  CHECK(run_cli({"--op", "relu", "--to", "csv", "--output-delimiter", ";"}, "a\tb\n-1\t2\n").out == "a;b\n0;2\n");
  // CSV to CSV with another delimiter: converted, cells holding the new one quoted.
  auto semi = run_cli({"--op", "relu", "-f", "v", "--output-delimiter", ";"}, "name,v\n\"a;b\",-1\n");
  CHECK(semi.code == 0);
  CHECK(semi.out == "name;v\n\"a;b\";0\n");
  CHECK(run_cli({"--op", "relu", "-d", ";", "--from", "csv", "--output-delimiter", "tab"}, "a;b\n-1;2\n").out ==
        "a\tb\n0\t2\n");
  CHECK(run_cli({"--op", "relu", "--to", "csv", "--output-delimiter", "|"}, "[[1,-2]]\n").out == "1|0\n");
  auto tsv = run_cli({"--op", "relu", "--to", "tsv", "--output-delimiter", ";"}, "a,b\n1,2\n");
  CHECK(tsv.code == 2);
  CHECK(tsv.err.find("--output-delimiter is for CSV output, not tsv") != std::string::npos);
  CHECK(run_cli({"--op", "relu", "--output-delimiter", "ab"}, "1\n").code == 2);
}

TEST_CASE("conversions: crelu's header twins and several inputs' one header carry over to TSV") {
  CHECK(run_cli({"--op", "crelu", "--to", "tsv"}, "a,\"b c\"\n-1,2\n").out == "a\tb c\ta_neg\tb c_neg\n0\t2\t1\t0\n");
  TempDir dir;
  write_file(dir.file("one.csv"), "id,x\n\"p,q\",-1\n");
  write_file(dir.file("two.csv"), "id,x\nr,2\n");
  auto both = run_cli({"--op", "relu", "-f", "x", dir.file("one.csv"), dir.file("two.csv"), "--to", "tsv"});
  CHECK(both.code == 0);
  CHECK(both.out == "id\tx\np,q\t0\nr\t2\n");
}
