// Files as real tools write them (issue 16 acceptance): R's NA, pandas' NaN (an empty cell) and
// pandas' European CSV (';' and a decimal comma, --decimal ,), each read back by pandas itself.
// Needs Debian's /usr/bin/python3 with python3-pandas (Makefile DEB_PACKAGES).
#include <doctest/doctest.h>

#include <string>

#include "cli_runner.hpp"

using namespace nnact::test;  // run_cli, run_program, sample, TempDir, read_file, write_file

namespace {

// Runs `script` after "import numpy as np, pandas as pd" with `dir` as the working directory;
// a failing script (an assert) fails the test with Python's message.
void run_pandas(const TempDir& dir, const std::string& script) {
  auto result = run_program("/usr/bin/python3", {"-c", "import os, numpy as np, pandas as pd\nos.chdir(" +
                                                           std::string("'") + dir.path() + "')\n" + script});
  INFO("python: " << result.err);
  REQUIRE(result.code == 0);
}

}  // namespace

TEST_CASE("messy files: R's write.csv and write.table NA cells pass through, and pandas reads them back as NaN") {
  TempDir dir;
  for (const char* jobs : {"1", "2"}) {
    auto csv = run_cli({"--op", "relu", "-f", "x,y", "-j", jobs, sample("messy/r_write_csv.csv"), "-o", dir.file("r.csv")});
    REQUIRE(csv.code == 0);
    CHECK(read_file(dir.file("r.csv")) == "\"\",\"x\",\"y\"\n\"1\",1.5,0\n\"2\",NA,3.25\n\"3\",0,NA\n");
  }
  // write.table's header has no cell for the row names: every cell of the rows is a number.
  auto tsv = run_cli({"--op", "relu", sample("messy/r_write_table.tsv")});
  CHECK(tsv.code == 0);
  CHECK(tsv.out == "x\ty\n1\t1.5\t0\n2\tNA\t3.25\n3\t0\tNA\n");
  run_pandas(dir, R"(
d = pd.read_csv('r.csv', index_col=0)
assert d['x'].isna().tolist() == [False, True, False], d
assert d['y'].isna().tolist() == [False, False, True], d
assert d['x'][1] == 1.5 and d['x'][3] == 0 and d['y'][1] == 0 and d['y'][2] == 3.25, d
)");
}

TEST_CASE("messy files: pandas to_csv with NaN, relu by nnact, read back by pandas equals NumPy's") {
  TempDir dir;
  run_pandas(dir, R"(
d = pd.DataFrame({'when': ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'],
                  'a': [1.5, np.nan, -0.1, 2.0], 'b': [-3.25, 4.0, np.nan, np.nan]})
d.to_csv('p.csv', index=False)
)");
  for (const char* jobs : {"1", "2"}) {
    auto r = run_cli({"--op", "relu", "-f", "2-", "-j", jobs, dir.file("p.csv"), "-o", dir.file("r.csv")});
    REQUIRE(r.code == 0);
    run_pandas(dir, R"(
d, r = pd.read_csv('p.csv'), pd.read_csv('r.csv')
assert (r['when'] == d['when']).all()
for c in 'ab':
    want = np.maximum(d[c].to_numpy(np.float32), np.float32(0))
    got = r[c].to_numpy(np.float32)
    assert np.array_equal(np.isnan(want), np.isnan(got)), (c, want, got)
    assert np.array_equal(want[~np.isnan(want)], got[~np.isnan(got)]), (c, want, got)
)");
  }
}

TEST_CASE("messy files: --decimal , reads and writes what pandas' to_csv writes with a semicolon sep and decimal=','") {
  TempDir dir;
  run_pandas(dir, R"(
d = pd.DataFrame({'x': [1.5, -2.25, 0.1, np.nan, -1e-05, 1e+20], 'y': [-1.0, 3.5, -0.5, 2.0, 7.0, -8.0]})
d.to_csv('eu.csv', sep=';', decimal=',')
)");
  CHECK(read_file(dir.file("eu.csv")).find("-2,25") != std::string::npos);  // what pandas wrote
  for (const char* jobs : {"1", "2"}) {
    auto r = run_cli({"--op", "relu", "--decimal", ",", "-f", "2-", "-j", jobs, dir.file("eu.csv"), "-o",
                      dir.file("r.csv")});
    REQUIRE(r.code == 0);
    run_pandas(dir, R"(
d = pd.read_csv('eu.csv', sep=';', decimal=',', index_col=0)
r = pd.read_csv('r.csv', sep=';', decimal=',', index_col=0)
assert r.dtypes.tolist() == [np.float64, np.float64], r.dtypes  # every cell read as a number
for c in 'xy':
    want = np.maximum(d[c].to_numpy(np.float32), np.float32(0))
    got = r[c].to_numpy(np.float32)
    assert np.array_equal(want, got, equal_nan=True), (c, want, got)
)");
  }
  std::string out = read_file(dir.file("r.csv"));
  CHECK(out.find(";1,5;0\n") != std::string::npos);
  CHECK(out.find(";0;3,5\n") != std::string::npos);
  // To JSON the numbers take JSON's '.'; -d ',' with --decimal ',' is refused (exit 2).
  auto json = run_cli({"--op", "relu", "--decimal", ",", "--to", "ndjson", "-n"}, "1,5;-2\n");
  CHECK(json.out == "[1.5,0]\n");
  CHECK(run_cli({"--op", "relu", "--decimal", ",", "-d", ","}, "1\n").code == 2);
  // A '.' is no decimal mark then (pandas reads "1.5" as text too): bad data naming the cell.
  auto dot = run_cli({"--op", "relu", "--decimal", ",", "-n"}, "2,5;1.5\n");
  CHECK(dot.code == 3);
  CHECK(dot.err.find("<stdin>:1:5: cannot read \"1.5\" as a number") != std::string::npos);
  // TSV keeps its tab; the decimal mark goes with it.
  CHECK(run_cli({"--op", "relu", "--decimal", ",", "--from", "tsv", "-n"}, "-1,5\t2,5\n").out == "0\t2,5\n");
}
