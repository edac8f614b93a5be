// npy: files written by numpy (samples/npy/, made by samples/make_npy.py) read right; our
// output is np.save's bytes; round trips through npy keep every value bit for bit.
#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::read_file;
using nnact::test::run_cli;
using nnact::test::sample;
using nnact::test::TempDir;
using nnact::test::write_file;

namespace {

// An npy v1 file's first 128 bytes for the header dict `dict` (padded as np.save pads it),
// written here by the published layout rather than by nnact.
std::string npy_v1_header(const std::string& dict) {
  std::string header = dict + std::string(117 - dict.size(), ' ') + "\n";
  return std::string("\x93NUMPY\x01\x00", 8) + static_cast<char>(header.size()) + '\0' + header;
}

// The header of a 1-D little-endian float32 array of n values.
std::string float32_npy_header(std::size_t n) {
  return npy_v1_header("{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(n) + ",), }");
}

}  // namespace

// The expected CSVs are relu in float32 (make_npy.py), so the run asks for float32: without it
// each float array keeps its own dtype (dtype_auto_test.cpp).
TEST_CASE("npy written by numpy: every version, order, endianness and dtype") {
  for (const char* name :
       {"seed_f4", "seed_2x3_f8_fortran_v2", "seed_2x3_f4_big_v3", "seed_f2", "cube_2x2x3_f4_fortran",
        "ints_i1", "ints_i2_big", "ints_i4", "ints_i8_big", "ints_u1", "ints_u2", "ints_u4_big", "ints_u8"}) {
    CAPTURE(name);
    auto result = run_cli({"--op", "relu", "--dtype", "float32", "--to", "csv", sample(std::string("npy/") + name + ".npy")});
    CHECK(result.code == 0);
    CHECK(result.err.empty());
    CHECK(result.out == read_file(sample(std::string("npy/") + name + ".relu.csv")));
  }
}

TEST_CASE("npy output is byte for byte what np.save writes, to a file or a pipe") {
  TempDir dir;
  auto piped = run_cli({"--op", "relu", "--to", "npy", sample("seed.csv")});
  CHECK(piped.code == 0);
  CHECK(piped.out == read_file(sample("npy/seed.relu.npy")));
  auto file = run_cli({"--op", "relu", sample("npy/matrix.csv"), "-o", dir.file("m.npy")});
  CHECK(file.code == 0);
  CHECK(read_file(dir.file("m.npy")) == read_file(sample("npy/matrix.relu.npy")));
}

TEST_CASE("npy keeps the shape: crelu doubles the last axis, JSON from npy nests") {
  auto crelu = run_cli({"--op", "crelu", "--to", "json", sample("npy/seed_2x3_f4_big_v3.npy")});
  CHECK(crelu.code == 0);
  CHECK(crelu.out == "[\n[1,0,3.4,0,0.5,0],\n[0,0,0,2.1,-0,6.5]]\n");
  auto npy = run_cli({"--op", "crelu", "--to", "npy", sample("npy/seed_2x3_f4_big_v3.npy")});
  CHECK(npy.out.find("'shape': (2, 6), }") != std::string::npos);
  auto cube = run_cli({"--op", "linear", "--to", "json", sample("npy/cube_2x2x3_f4_fortran.npy")});
  CHECK(cube.out == "[[[-6,-5,-4],[-3,-2,-1]],[[0,1,2],[3,4,5]]]\n");
  auto flat = run_cli({"--op", "linear", "--to", "json", sample("npy/seed_f4.npy")});
  CHECK(flat.out == "[1,-0.5,3.4,-2.1,0,-6.5]\n");
  auto nested = run_cli({"--op", "relu", "--to", "npy"}, "[[[1,-2],[3,-4]],[[5,-6],[7,-8]]]");
  CHECK(nested.out.find("'shape': (2, 2, 2), }") != std::string::npos);
}

TEST_CASE("npy errors name the header field or say what is missing, no partial file") {
  TempDir dir;
  std::string complex = read_file(sample("npy/seed_f4.npy"));
  complex.replace(complex.find("<f4"), 3, "<c8");
  write_file(dir.file("c.npy"), complex);
  auto bad_dtype = run_cli({"--op", "relu", dir.file("c.npy")});
  CHECK(bad_dtype.code == 3);
  CHECK(bad_dtype.err.find("npy header field 'descr': dtype '<c8' is not supported") != std::string::npos);
  std::string cut = read_file(sample("npy/seed_f4.npy"));
  write_file(dir.file("cut.npy"), cut.substr(0, cut.size() - 6));
  auto short_data = run_cli({"--op", "relu", dir.file("cut.npy"), "-o", dir.file("out.npy")});
  CHECK(short_data.code == 3);
  CHECK(short_data.err.find("npy data ends early: the header's shape needs 6 values") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("out.npy")));
  auto not_npy = run_cli({"--op", "relu", "--from", "npy", sample("seed.csv")});
  CHECK(not_npy.code == 3);
  CHECK(not_npy.err.find("not an npy file") != std::string::npos);
  auto ragged = run_cli({"--op", "relu", "--to", "npy", "-o", dir.file("r.npy")}, "1,2\n3,4\n5\n");
  CHECK(ragged.code == 3);
  CHECK(ragged.err.find("row 3 has 1 value, row 1 has 2") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("r.npy")));
}

namespace {

// A CSV of random finite values of type T written as their shortest round-trip text, some
// subnormal, some huge, some negative zero.
template <class T, class Bits>
std::string random_csv(std::size_t rows, std::size_t columns) {
  std::mt19937_64 rng(42);
  std::string csv;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < columns; ++c) {
      T v;
      do {
        auto bits = static_cast<Bits>(rng());
        std::memcpy(&v, &bits, sizeof v);
      } while (!std::isfinite(v));
      char buffer[64];
      if (std::fabs(v) < 1e16 && v == std::trunc(v)) {  // integers are written whole
        csv.append(buffer, std::snprintf(buffer, sizeof buffer, "%.0f", static_cast<double>(v)));
      } else {
        csv.append(buffer, std::to_chars(buffer, buffer + sizeof buffer, v).ptr);
      }
      csv += c + 1 < columns ? ',' : '\n';
    }
  }
  return csv;
}

}  // namespace

TEST_CASE("round trip CSV -> npy -> JSON -> NDJSON -> txt -> CSV keeps every value bit for bit") {
  TempDir dir;
  for (const char* dtype : {"float32", "float64"}) {
    CAPTURE(dtype);
    std::string csv = std::string(dtype) == "float32" ? random_csv<float, std::uint32_t>(3000, 7)
                                                      : random_csv<double, std::uint64_t>(3000, 7);
    write_file(dir.file("in.csv"), csv);
    std::string from = dir.file("in.csv");
    for (const char* ext : {"npy", "json", "ndjson", "txt", "csv"}) {
      std::string to = dir.file(std::string("out.") + ext);
      auto step = run_cli({"--op", "linear", "--dtype", dtype, from, "-o", to});
      REQUIRE(step.code == 0);
      from = to;
    }
    CHECK(read_file(from) == csv);
  }
}

TEST_CASE("several inputs cannot be concatenated into one npy, --output-dir writes one each") {
  TempDir dir;
  auto joined = run_cli({"--op", "relu", "--to", "npy", sample("seed.csv"), sample("npy/matrix.csv")});
  CHECK(joined.code == 2);
  CHECK(joined.err.find("npy output holds one array") != std::string::npos);
  CHECK(joined.out.empty());
  auto each = run_cli({"--op", "relu", "--to", "npy", sample("seed.csv"), sample("npy/matrix.csv"),
                       "--output-dir", dir.path()});
  CHECK(each.code == 0);
  CHECK(read_file(dir.file("seed.npy")) == read_file(sample("npy/seed.relu.npy")));
  CHECK(read_file(dir.file("matrix.npy")) == read_file(sample("npy/matrix.relu.npy")));
}

TEST_CASE("an npy header claiming a huge shape fails cleanly, without allocating it") {
  TempDir dir;
  auto npy = [&](const std::string& dict) { return npy_v1_header(dict) + std::string(64, '\0'); };
  write_file(dir.file("f.npy"), npy("{'descr': '<f4', 'fortran_order': True, 'shape': (100000000000, 1000), }"));
  auto fortran = run_cli({"--op", "relu", dir.file("f.npy")});
  CHECK(fortran.code == 3);
  CHECK(fortran.err.find("needs 100000000000000 values, the file holds 16") != std::string::npos);
  write_file(dir.file("o.npy"), npy("{'descr': '<f4', 'fortran_order': False, 'shape': (100000000000000, 100000000000), }"));
  auto overflow = run_cli({"--op", "relu", dir.file("o.npy")});
  CHECK(overflow.code == 3);
  CHECK(overflow.err.find("npy header field 'shape'") != std::string::npos);
}

// Outputs past 4 MiB get their disk blocks ahead of the writes (Output::allocate_ahead) and are
// trimmed to what was written when closed: the file must hold exactly the data, as stdout does.
TEST_CASE("large outputs to files are exactly the bytes written (npy and CSV, preallocated and trimmed)") {
  TempDir dir;
  constexpr std::size_t kValues = 3'000'000;  // 12 MB of float32 data
  std::string in = float32_npy_header(kValues);
  std::string expected = in, expected_csv;
  std::mt19937 random(7);
  std::uniform_real_distribution<float> uniform(-4.0f, 4.0f);
  for (std::size_t i = 0; i < kValues; ++i) {
    const float x = uniform(random) + 1e-3f, y = x > 0 ? x : 0.0f;  // no -0: relu(-0) = -0 is tested elsewhere
    in.append(reinterpret_cast<const char*>(&x), 4);
    expected.append(reinterpret_cast<const char*>(&y), 4);
    char text[32];
    expected_csv.append(text, std::to_chars(text, text + sizeof text, y).ptr);  // shortest
    expected_csv += i + 1 < kValues ? ',' : '\n';
  }
  write_file(dir.file("in.npy"), in);
  auto npy = run_cli({"--op", "relu", dir.file("in.npy"), "-o", dir.file("out.npy")});
  CHECK(npy.code == 0);
  CHECK(std::filesystem::file_size(dir.file("out.npy")) == expected.size());
  CHECK((read_file(dir.file("out.npy")) == expected));  // (( )): no 12 MB in the report

  // CSV (one line: 1-D): the same file output as stdout, its length not known ahead (18 MB).
  auto csv = run_cli({"--op", "relu", "--to", "csv", dir.file("in.npy")});
  REQUIRE(csv.code == 0);
  CHECK((csv.out == expected_csv));  // the floats widened for a writer that does not take them
  write_file(dir.file("in.csv"), csv.out);
  auto file = run_cli({"--op", "leaky_relu", dir.file("in.csv"), "-o", dir.file("out.csv")});
  auto piped = run_cli({"--op", "leaky_relu", dir.file("in.csv")});
  CHECK(file.code == 0);
  CHECK(piped.code == 0);
  CHECK(std::filesystem::file_size(dir.file("out.csv")) == piped.out.size());
  CHECK((read_file(dir.file("out.csv")) == piped.out));
}

// A row (the last axis) longer than a reader's batch is cut into pieces marked as such
// (Batch::row_open/row_continued): every text writer joins them into one line or array. It
// was written as a line per batch (65,536 values), so npy -> CSV -> npy failed.
TEST_CASE("npy and safetensors rows longer than a batch stay one row in CSV, txt, NDJSON and JSON (NumPy checks)") {
  TempDir dir;
  const std::string d = dir.path() + "/";
  nnact::test::run_numpy(
      "import json, struct\n"
      "r = np.random.default_rng(11)\n"
      "for name, shape in [('wide', (3, 300000)), ('flat', (300001,)), ('cube', (2, 2, 200000))]:\n"
      "    np.save('" + d + "' + name + '.npy', r.standard_normal(shape).astype(np.float32))\n"
      "x = r.standard_normal((2, 100000)).astype(np.float32)\n"
      "np.save('" + d + "st.npy', x)\n"
      "h = json.dumps({'t': {'dtype': 'F32', 'shape': [2, 100000], 'data_offsets': [0, x.nbytes]}}).encode()\n"
      "open('" + d + "st.safetensors', 'wb').write(struct.pack('<Q', len(h)) + h + x.tobytes())\n");
  for (const char* name : {"wide", "flat", "cube", "st"}) {
    const std::string input = d + name + (std::string(name) == "st" ? ".safetensors" : ".npy");
    for (const char* to : {"csv", "txt", "ndjson", "json"}) {
      CAPTURE(name);
      CAPTURE(to);
      for (const char* jobs : {"1", "3"}) {
        REQUIRE(run_cli({"--op", "relu", "--to", to, "-j", jobs, input, "-o", d + "out." + to}).code == 0);
        // The text as NumPy reads it: rows of the last axis (JSON: the array's own shape; a
        // container's is {"t": array}).
        const std::string verdict = nnact::test::run_numpy(
            "import json\n"
            "x = np.maximum(np.load('" + d + name + ".npy'), 0)\n"
            "t = open('" + d + "out." + to + "').read()\n"
            "to = '" + to + "'\n"
            "if to == 'json': v = json.loads(t); y = np.array(v['t'] if isinstance(v, dict) else v, dtype=np.float32)\n"
            "elif to == 'ndjson': y = np.array([json.loads(l) for l in t.splitlines()], dtype=np.float32)\n"
            "else: y = np.loadtxt(t.splitlines(), delimiter=',' if to == 'csv' else None, dtype=np.float32, ndmin=2)\n"
            "want = x if to == 'json' else x.reshape(-1, x.shape[-1])\n"
            "print(y.shape == want.shape and bool((y == want).all()), y.shape)\n");
        CHECK(verdict.substr(0, 4) == "True");
      }
    }
  }
}

// A file system with room for the output but not for the blocks allocated ahead of it (a 7 MiB
// tmpfs, a 6 MB npy: fallocate asks for 8 MiB and fails): the writes go on, and the file is
// trimmed to what was written. One with no room for the output: an I/O error, no file left.
// Needs root's mount (skipped without it).
TEST_CASE("preallocation that fails leaves the output whole, and a full disk leaves none") {
  TempDir dir;
  const std::string small = dir.file("small");
  std::filesystem::create_directory(small);
  if (nnact::test::run_program("/bin/mount", {"-t", "tmpfs", "-o", "size=7m", "tmpfs", small}).code != 0) {
    MESSAGE("skipped: cannot mount a tmpfs here");
    return;
  }
  struct Unmount {
    std::string path;
    ~Unmount() { nnact::test::run_program("/bin/umount", {path}); }
  } unmount{small};
  constexpr std::size_t kValues = 1'500'000;
  std::string in = float32_npy_header(kValues);
  std::string expected = in;
  for (std::size_t i = 0; i < kValues; ++i) {
    const float x = static_cast<float>(i) - 700000.0f, y = x > 0 ? x : 0.0f;
    in.append(reinterpret_cast<const char*>(&x), 4);
    expected.append(reinterpret_cast<const char*>(&y), 4);
  }
  write_file(dir.file("in.npy"), in);
  auto fits = run_cli({"--op", "relu", dir.file("in.npy"), "-o", small + "/a.npy"});
  CHECK(fits.code == 0);
  CHECK(std::filesystem::file_size(small + "/a.npy") == expected.size());
  CHECK((read_file(small + "/a.npy") == expected));
  auto full = run_cli({"--op", "relu", dir.file("in.npy"), "-o", small + "/b.npy"});
  CHECK(full.code == 4);
  CHECK(full.err.find("No space left on device") != std::string::npos);
  CHECK(!std::filesystem::exists(small + "/b.npy"));
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(small)) files += entry.exists();
  CHECK(files == 1);  // no temporary file either
}
