// Comment lines in CSV/TSV (issue 16 item 1): --comment C, and the automatic '#' first line.
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using nnact::test::CliResult;
using nnact::test::run_cli;
using nnact::test::TempDir;
using nnact::test::write_file;

TEST_CASE("comment lines: a Stocks.csv-like '#' first line before a header passes through, with -f 2- and every -j") {
  TempDir dir;
  write_file(dir.file("Stocks.csv"),
             "# Data source: https://www.quandl.com/data/WIKI\nDate,AAPL,GOOG\n2024-01-02,1.5,-2\n2024-01-03,-3,4.25\n");
  for (const char* jobs : {"1", "2", "4"}) {
    CliResult r = run_cli({"--op", "relu", "-f", "2-", "-j", jobs, "-v", dir.file("Stocks.csv")});
    CHECK(r.code == 0);
    CHECK(r.out == "# Data source: https://www.quandl.com/data/WIKI\nDate,AAPL,GOOG\n2024-01-02,1.5,0\n2024-01-03,0,4.25\n");
    CHECK(r.err.find("line 1 starts with '#'") != std::string::npos);
  }
  // By name too: the header is line 2.
  CHECK(run_cli({"--op", "relu", "-f", "GOOG", dir.file("Stocks.csv")}).out ==
        "# Data source: https://www.quandl.com/data/WIKI\nDate,AAPL,GOOG\n2024-01-02,1.5,0\n2024-01-03,-3,4.25\n");
  // A '#' first line followed by numbers is the header (np.savetxt's "# x,y").
  CliResult header = run_cli({"--op", "relu", "-v"}, "# x,y\n1,-2\n");
  CHECK(header.out == "# x,y\n1,0\n");
  CHECK(header.err.find("starts with '#'") == std::string::npos);
}

TEST_CASE("comment lines: --comment passes every such line through, never as the header") {
  CliResult r = run_cli({"--op", "relu", "--comment", "%", "-f", "y"}, "%a\n%b\nx,y\n1,-2\n% mid, -5\n-3,4\n");
  CHECK(r.code == 0);
  CHECK(r.out == "%a\n%b\nx,y\n1,0\n% mid, -5\n-3,4\n");
  // Without it, a comment in the middle is bad data, as before.
  CHECK(run_cli({"--op", "relu"}, "x,y\n1,-2\n# mid\n").code == 3);
  CHECK(run_cli({"--op", "relu", "--comment", "#"}, "x,y\n1,-2\n# mid\n").out == "x,y\n1,0\n# mid\n");
  CHECK(run_cli({"--op", "relu", "--comment", "ab"}, "1\n").code == 2);
}
