// Element-wise ops stream a long CSV/TSV or txt record in pieces (ReadOptions::record_pieces):
// the bytes are those of the same values written many to a line, for every writer and -j,
// errors name the right line, column and field, and memory stays flat however long the line.
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "cli_runner.hpp"
#include "spawn.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// Halves k/2 with |k| < 20001, as shortest text: exact in float32, so relu's result is known
// without nnact (the text itself, or "0").
struct Halves {
  std::vector<std::string> text, relu;
};

Halves halves(std::size_t n) {
  Halves h;
  std::uint64_t state = 12345;
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const long k = static_cast<long>((state >> 33) % 40001) - 20000;
    std::string t = std::to_string(k / 2);
    if (k % 2 != 0) t = (k < 0 && k / 2 == 0 ? "-0" : t) + ".5";
    h.text.push_back(t);
    h.relu.push_back(k > 0 ? t : "0");
  }
  return h;
}

// Numbers with six significant digits (not exact halves): what leaky_relu rounds. Every 37th
// in exponent form with nine digits and every 101st with a '+': cells the CSV reader's loop for
// plain numbers leaves to the cell-by-cell path, which then hands the record back to it.
std::vector<std::string> digits(std::size_t n) {
  std::vector<std::string> out;
  std::uint64_t state = 99;
  char buffer[32];
  for (std::size_t i = 0; i < n; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const double x = (static_cast<double>(state >> 11) / 9007199254740992.0 - 0.5) * 40;
    std::snprintf(buffer, sizeof buffer, i % 37 == 5 ? "%.8e" : "%.6g", x);
    out.emplace_back(i % 101 == 7 && x > 0 ? "+" + std::string(buffer) : std::string(buffer));
  }
  return out;
}

std::string join(const std::vector<std::string>& cells, const std::string& separator, std::size_t per_line = 0) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out += per_line != 0 && i % per_line == 0 ? "\n" : separator;
    out += cells[i];
  }
  return out + "\n";
}

// Each line of `text` joined by `separator`: the many-line output laid out as one line.
std::string one_line(std::string text, char separator) {
  if (!text.empty() && text.back() == '\n') text.pop_back();
  for (char& c : text) c = c == '\n' ? separator : c;
  return text + "\n";
}

std::string replace_all(std::string text, const std::string& from, const std::string& to) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t hit; (hit = text.find(from, at)) != std::string::npos; at = hit + from.size()) {
    out.append(text, at, hit - at);
    out += to;
  }
  return out + text.substr(at);
}

constexpr std::size_t kValues = 160'000;  // about 1.3 MB of text: a few of the reader's 512 KiB pieces

}  // namespace

TEST_CASE("a one-line CSV and txt through relu: each value's relu, computed without nnact") {
  const Halves h = halves(kValues);
  TempDir dir;
  write_file(dir.file("line.csv"), join(h.text, ","));
  write_file(dir.file("line.txt"), join(h.text, " "));
  for (const char* jobs : {"1", "2", "4"}) {
    CAPTURE(jobs);
    auto csv = run_cli({"--op", "relu", "-j", jobs, dir.file("line.csv")});
    CHECK(csv.code == 0);
    CHECK(csv.out == join(h.relu, ","));
    auto txt = run_cli({"--op", "relu", "-j", jobs, dir.file("line.txt")});
    CHECK(txt.code == 0);
    CHECK(txt.out == join(h.relu, " "));
  }
}

TEST_CASE("a one-line CSV and txt give the bytes of the same values 8 to a line, for every writer") {
  const std::vector<std::string> values = digits(kValues);
  TempDir dir;
  write_file(dir.file("line.csv"), join(values, ","));
  write_file(dir.file("rows.csv"), join(values, ",", 8));
  write_file(dir.file("line.txt"), join(values, " "));
  write_file(dir.file("rows.txt"), join(values, " ", 8));
  for (const char* from : {"csv", "txt"}) {
    for (const char* to : {"csv", "tsv", "txt", "ndjson"}) {
      const std::string rows = run_cli({"--op", "leaky_relu", "--alpha", "0.01", "--to", to,
                                        dir.file(std::string("rows.") + from)}).out;
      const char separator = std::string(to) == "txt" ? ' ' : std::string(to) == "tsv" ? '\t' : ',';
      // "[a,b]\n[c,d]\n" -> "[a,b,c,d]\n"
      const std::string expected = std::string(to) == "ndjson" ? replace_all(rows, "]\n[", ",") : one_line(rows, separator);
      for (const char* jobs : {"1", "3"}) {
        CAPTURE(from);
        CAPTURE(to);
        CAPTURE(jobs);
        auto line = run_cli({"--op", "leaky_relu", "--alpha", "0.01", "--to", to, "-j", jobs,
                             dir.file(std::string("line.") + from)});
        CHECK(line.code == 0);
        CHECK(line.out.size() == expected.size());
        CHECK(line.out == expected);
      }
    }
  }
}

TEST_CASE("a one-line CSV to npy: one row of every value, as from the same values one to a line") {
  const std::vector<std::string> values = digits(kValues);
  TempDir dir;
  write_file(dir.file("line.csv"), join(values, ","));
  write_file(dir.file("column.csv"), join(values, ",", 1));
  CHECK(run_cli({"--op", "gelu", dir.file("line.csv"), "-o", dir.file("line.npy")}).code == 0);
  CHECK(run_cli({"--op", "gelu", dir.file("column.csv"), "-o", dir.file("column.npy")}).code == 0);
  const std::string line = read_file(dir.file("line.npy"));
  const std::string column = read_file(dir.file("column.npy"));
  CHECK(line.find("'shape': (160000,)") != std::string::npos);
  CHECK(column.find("'shape': (160000, 1)") != std::string::npos);
  CHECK(line.size() == column.size());
  CHECK(line.substr(128) == column.substr(128));  // the data after the 128-byte header
}

TEST_CASE("long CSV records keep headers, quotes, text, missing values, -f, CRLF and a BOM as they are") {
  std::vector<std::string> cells = digits(kValues / 2);
  for (std::size_t i = 0; i < cells.size(); i += 997) cells[i] = "";
  for (std::size_t i = 5; i < cells.size(); i += 1009) cells[i] = "NA";
  for (std::size_t i = 7; i < cells.size(); i += 1013) cells[i] = "\"" + cells[i] + "\"";
  for (std::size_t i = 9; i < cells.size(); i += 1019) cells[i] = " " + cells[i] + " ";
  std::vector<std::string> names;
  for (std::size_t i = 0; i < cells.size(); ++i) names.push_back("c" + std::to_string(i + 1));
  TempDir dir;
  // Two long records after a long header, and the same cells cut into records of 8.
  const std::string header = join(names, ",");
  const std::string record = replace_all(join(cells, ","), "\n", "\r\n");
  write_file(dir.file("long.csv"), "\xEF\xBB\xBF" + header + record + record);
  write_file(dir.file("rows.csv"), join(cells, ",", 8) + join(cells, ",", 8));
  auto reference = run_cli({"--op", "selu", "-n", dir.file("rows.csv")});
  REQUIRE(reference.code == 0);
  const std::string all = one_line(reference.out, ',');  // both records' cells, then "\n"
  std::size_t cut = 0;
  for (std::size_t i = 0, commas = 0; i < all.size() && cut == 0; ++i) {
    if (all[i] == ',' && ++commas == cells.size()) cut = i;
  }
  REQUIRE(cut != 0);
  const std::string expected = "\xEF\xBB\xBF" + header + all.substr(0, cut) + "\r\n" + all.substr(cut + 1, all.size() - cut - 2) + "\r\n";
  for (const char* jobs : {"1", "2"}) {
    CAPTURE(jobs);
    auto long_out = run_cli({"--op", "selu", "-j", jobs, dir.file("long.csv")});
    CHECK(long_out.code == 0);
    CHECK(long_out.out.size() == expected.size());
    CHECK(long_out.out == expected);
  }
  // -f: only the selected columns of a long record are transformed.
  std::vector<std::string> selected(cells.size(), "-1");
  write_file(dir.file("select.csv"), header + join(selected, ","));
  for (std::size_t i = 49'999; i < 70'000; ++i) selected[i] = "0";
  auto f = run_cli({"--op", "relu", "-f", "50000-70000", dir.file("select.csv")});
  CHECK(f.code == 0);
  CHECK(f.out == header + join(selected, ","));
}

TEST_CASE("a bad value in the middle of a long record names its line, column and field") {
  std::vector<std::string> values = digits(kValues);
  values[120'000] = "oops";
  std::size_t column = 1;
  for (std::size_t i = 0; i < 120'000; ++i) column += values[i].size() + 1;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < values.size(); ++i) names.push_back("c" + std::to_string(i + 1));
  TempDir dir;
  write_file(dir.file("bad.csv"), join(names, ",") + join(values, ","));
  write_file(dir.file("bad.txt"), "1 2\n" + join(values, " "));
  for (const char* jobs : {"1", "4"}) {
    auto csv = run_cli({"--op", "relu", "-j", jobs, dir.file("bad.csv"), "-o", dir.file("out.csv")});
    CHECK(csv.code == 3);
    CHECK(csv.err == "nnact: " + dir.file("bad.csv") + ":2:" + std::to_string(column) +
                         ": cannot read \"oops\" as a number (column \"c120001\")\n");
    auto txt = run_cli({"--op", "relu", "-j", jobs, dir.file("bad.txt"), "-o", dir.file("out.txt")});
    CHECK(txt.code == 3);
    CHECK(txt.err == "nnact: " + dir.file("bad.txt") + ":2:" + std::to_string(column) + ": cannot read \"oops\" as a number\n");
  }
  // --header auto on a first record too long to hold: decided by the cells of its first 16 KiB.
  write_file(dir.file("first.csv"), join(values, ","));
  auto first = run_cli({"--op", "relu", dir.file("first.csv")});
  CHECK(first.code == 3);
  CHECK(first.err == "nnact: " + dir.file("first.csv") + ":1:" + std::to_string(column) + ": cannot read \"oops\" as a number\n");
  values[120'000] = "1";
  values[10] = "text";
  write_file(dir.file("header.csv"), join(values, ","));
  auto header = run_cli({"--op", "relu", dir.file("header.csv")});
  CHECK(header.code == 0);
  CHECK(header.out == join(values, ","));  // taken for a header, as a short one would be
  values[10] = "1";
  values[5'000] = "late";  // some 45 KB in: the record is data, and this cell bad
  std::size_t late = 1;
  for (std::size_t i = 0; i < 5'000; ++i) late += values[i].size() + 1;
  REQUIRE(late > (16u << 10));
  write_file(dir.file("late.csv"), join(values, ","));
  auto data = run_cli({"--op", "relu", dir.file("late.csv")});
  CHECK(data.code == 3);
  CHECK(data.err == "nnact: " + dir.file("late.csv") + ":1:" + std::to_string(late) + ": cannot read \"late\" as a number\n");
}

TEST_CASE("a wrapped 1-D txt print longer than a block stays one row, and axis ops still hold their row") {
  const std::vector<std::string> values = digits(kValues);
  std::string print = "[";
  for (std::size_t i = 0; i < values.size(); ++i) print += values[i] + (i % 50'000 == 49'999 ? "\n " : " ");
  print += "]\n[1 2]\n";
  TempDir dir;
  write_file(dir.file("print.txt"), print);
  write_file(dir.file("line.txt"), join(values, " ") + "1 2\n");
  auto wrapped = run_cli({"--op", "elu", "--to", "csv", dir.file("print.txt")});
  auto line = run_cli({"--op", "elu", "--to", "csv", dir.file("line.txt")});
  CHECK(wrapped.code == 0);
  CHECK(std::count(wrapped.out.begin(), wrapped.out.end(), '\n') == 2);
  CHECK(wrapped.out == line.out);
  // softmax along the row: each of n equal values is 1/n of the whole line, not of a piece.
  write_file(dir.file("ones.csv"), join(std::vector<std::string>(kValues, "1"), ","));
  auto softmax = run_cli({"--op", "softmax", "-n", dir.file("ones.csv")});
  CHECK(softmax.code == 0);
  const std::string first = softmax.out.substr(0, softmax.out.find(','));
  CHECK(std::stod(first) * kValues == doctest::Approx(1).epsilon(1e-4));
  CHECK(softmax.out == join(std::vector<std::string>(kValues, first), ","));
}

TEST_CASE("a 32 MB one-line CSV through relu peaks below 48 MiB of RSS (getrusage of the child)") {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  // Sanitizers' shadow memory and quarantine are part of the RSS: the bound is not nnact's there.
  MESSAGE("skipped under a sanitizer");
  return;
#endif
  // Written in parts, so that this process stays small: a child's peak RSS counts the parent's
  // pages it was forked with.
  constexpr std::size_t kRepeats = (32u << 20) / 19;
  TempDir dir;
  {
    std::ofstream big(dir.file("big.csv"), std::ios::binary);
    for (std::size_t i = 0; i < kRepeats; ++i) big << "1.5,-2.25,3,-4.125,";
    big << "5\n";
  }
  pid_t pid = nnact::test::spawn_cli({"--op", "relu", "-n", dir.file("big.csv"), "-o", dir.file("out.csv")}, {});
  int status = 0;
  rusage usage{};
  REQUIRE(wait4(pid, &status, 0, &usage) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CAPTURE(usage.ru_maxrss);
  CHECK(usage.ru_maxrss < 48 * 1024);  // KiB; holding the line took over 400 MiB
  std::string expected;
  expected.reserve(kRepeats * 10 + 2);
  for (std::size_t i = 0; i < kRepeats; ++i) expected += "1.5,0,3,0,";
  CHECK(read_file(dir.file("out.csv")) == expected + "5\n");
}

// A flat JSON array is cut into batches of 65,536 values; a writer of rows used to see a row only
// in the last batch and wrote only its values (200,000 in, 3,392 out).
TEST_CASE("a flat JSON array longer than one batch keeps every value in CSV, txt, NDJSON and npy") {
  const Halves h = halves(200'000);  // relu known without nnact
  std::string csv = join(h.relu, ","), txt = join(h.relu, " ");  // join ends each with a line end
  csv.pop_back();
  txt.pop_back();
  std::string json = join(h.text, ",");
  json.back() = ']';
  json = "[" + json + "\n";
  for (const char* jobs : {"1", "2", "4"}) {
    CAPTURE(jobs);
    CHECK(run_cli({"--op", "relu", "--from", "json", "--to", "csv", "-j", jobs}, json).out == csv + "\n");
    CHECK(run_cli({"--op", "relu", "--from", "json", "--to", "txt", "-j", jobs}, json).out == txt + "\n");
    CHECK(run_cli({"--op", "relu", "--from", "json", "--to", "ndjson", "-j", jobs}, json).out == "[" + csv + "]\n");
  }
  // npy: one row of every value (header shape (200000,)).
  CHECK(run_cli({"--op", "relu", "--from", "json", "--to", "npy"}, json).out.find("(200000,)") != std::string::npos);
}
