// End to end: -f that cannot select what it says is an error, never a silent no-op; header
// names win over indices and are matched trimmed; NDJSON/JSON rows honour positions
// (issue 18 item 10).
#include <doctest/doctest.h>

#include "cli_runner.hpp"

using nnact::test::run_cli;

TEST_CASE("-f with an index beyond the first row is a usage error naming the index and the width") {
  auto result = run_cli({"--op", "relu", "-f", "6"}, "id,a\nx,-1\n");
  CHECK(result.code == 2);
  CHECK(result.out.empty());
  CHECK(result.err.find("<stdin>: --fields: column 6 is beyond the first row, which has 2 columns") != std::string::npos);
  CHECK(run_cli({"--op", "relu", "-f", "2-5"}, "id,a\nx,-1\n").code == 2);
  CHECK(run_cli({"--op", "relu", "-n", "-f", "4-"}, "1,2,3\n").code == 2);
  CHECK(run_cli({"--op", "relu", "-f", "2-"}, "x,y,z\n-1,-2,-3\n").out == "x,y,z\n-1,0,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "2-3"}, "x,y,z\n-1,-2,-3\n").out == "x,y,z\n-1,0,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "2"}, "").code == 0);  // an empty input has no row to check
}

TEST_CASE("-f on a format without fields (txt, npy) is a usage error") {
  auto txt = run_cli({"--op", "relu", "-f", "1", "--from", "txt"}, "1 -2\n-3 4\n");
  CHECK(txt.code == 2);
  CHECK(txt.out.empty());
  CHECK(txt.err.find("--fields: txt input has no columns or keys") != std::string::npos);
  auto npy = run_cli({"--op", "relu", "-f", "1", nnact::test::sample("npy/ints_i1.npy"), "--to", "json"});
  CHECK(npy.code == 2);
  CHECK(npy.err.find("--fields: npy input has no columns or keys") != std::string::npos);
}

TEST_CASE("-f positions pick columns of NDJSON and JSON arrays, beyond the first row an error") {
  CHECK(run_cli({"--op", "relu", "-f", "2", "--from", "ndjson"}, "[-1,-2]\n[-3,-4]\n").out == "[-1,0]\n[-3,0]\n");
  CHECK(run_cli({"--op", "relu", "-f", "2"}, "[[-1,-2],[-3,-4]]").out == "[[-1,0],[-3,0]]\n");
  auto beyond = run_cli({"--op", "relu", "-f", "3", "--from", "ndjson"}, "[-1,-2]\n[-3,-4,-5]\n");
  CHECK(beyond.code == 2);
  CHECK(beyond.err.find("<stdin>:1: --fields: position 3 is beyond the first row, which has 2 elements") !=
        std::string::npos);
  // In objects positions stay key positions: an array under a key is not a row of columns.
  CHECK(run_cli({"--op", "relu", "-f", "2"}, "{\"a\":[-1,-2],\"b\":-3}").out == "{\"a\":[-1,-2],\"b\":0}\n");
}

TEST_CASE("-f: a header name that looks like a number means that column") {
  CHECK(run_cli({"--op", "relu", "-f", "2020"}, "year,2020\n1,-2\n").out == "year,2020\n1,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "1"}, "a,1\n-1,-2\n").out == "a,1\n-1,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "2020", "--from", "ndjson"}, "{\"2020\":-1,\"a\":-2}\n").out ==
        "{\"2020\":0,\"a\":-2}\n");
}

TEST_CASE("-f names are matched with spaces trimmed on both sides") {
  CHECK(run_cli({"--op", "relu", "-f", " y"}, "x, y\n-1,-2\n").out == "x, y\n-1,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "y "}, "x, y \n-1,-2\n").out == "x, y \n-1,0\n");
  CHECK(run_cli({"--op", "relu", "-f", "y"}, "x,\" y\"\n-1,-2\n").out == "x,\" y\"\n-1,0\n");
}
