// .npz (issue 12 item 5). The fixtures are written by NumPy itself (np.savez: stored members,
// np.savez_compressed: deflated) and the results read back by np.load and Python's zipfile,
// which also give the raw member records compared byte for byte.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::run_cli;
using nnact::test::run_numpy;
using nnact::test::TempDir;

namespace {

// Python: arrays w (float32 2x3), ids (int64), h (float16), d (big-endian float64).
const std::string kArrays = R"(
import zipfile
arrays = dict(w=np.array([[1.0, -0.5, 3.4], [-2.1, 0.0, -6.5]], '<f4'), ids=np.array([5, -6], '<i8'),
              h=np.array([-1, 0.5, 2], '<f2'), d=np.array([-1e-300, 2.5], '>f8'))
def raw(path):  # each member's local header and data as in the file
    z = zipfile.ZipFile(path); b = open(path, 'rb').read(); out = {}
    for i in z.infolist():
        n = int.from_bytes(b[i.header_offset + 26:i.header_offset + 28], 'little') + int.from_bytes(b[i.header_offset + 28:i.header_offset + 30], 'little')
        out[i.filename] = b[i.header_offset:i.header_offset + 30 + n + i.compress_size]
    return out
)";

std::string savez(TempDir& dir, const std::string& kind) {
  std::string path = dir.file(kind + ".npz");
  run_numpy(kArrays + "np." + kind + "('" + path + "', **arrays)");
  return path;
}

}  // namespace

TEST_CASE("npz: np.savez and np.savez_compressed: -f arrays computed in their dtype, the others byte for byte, np.load reads it") {
  for (const std::string kind : {"savez", "savez_compressed"}) {
    CAPTURE(kind);
    TempDir dir;
    std::string in = savez(dir, kind), out = dir.file("out.npz");
    auto result = run_cli({"--op", "relu", "-f", "w,d", "-v", in, "-o", out});
    INFO(result.err);
    REQUIRE(result.code == 0);
    CHECK(result.err.find("computed in float32, float64") != std::string::npos);
    std::string check = run_numpy(
        kArrays + "o = np.load('" + out + "'); a, b = raw('" + in + "'), raw('" + out + "')\n"
        "print(list(o.keys()), o['w'].dtype, o['w'].tolist(), o['d'].dtype.str, o['d'].tolist(), a['ids.npy'] == b['ids.npy'], a['h.npy'] == b['h.npy'],\n"
        "      [i.compress_type for i in zipfile.ZipFile('" + out + "').infolist()] == [i.compress_type for i in zipfile.ZipFile('" + in + "').infolist()],\n"
        "      zipfile.ZipFile('" + out + "').testzip())");
    CHECK(check == "['w', 'ids', 'h', 'd'] float32 [[1.0, 0.0, 3.4000000953674316], [0.0, 0.0, 0.0]] >f8 [0.0, 2.5] True True True None\n");
  }
}

TEST_CASE("npz: linear on every array gives back the members np.savez_compressed wrote, byte for byte") {
  TempDir dir;
  std::string in = savez(dir, "savez_compressed"), out = dir.file("out.npz");
  REQUIRE(run_cli({"--op", "linear", in, "-o", out}).code == 0);
  CHECK(run_numpy(kArrays + "print(raw('" + in + "') == raw('" + out + "'))") == "True\n");
}

TEST_CASE("npz: --to json and -f globs, and an integer array named exactly, or a pattern matching nothing, is a usage error") {
  TempDir dir;
  std::string in = savez(dir, "savez_compressed");
  auto json = run_cli({"--op", "relu", "-f", "[wh]", in, "--to", "json"});
  CHECK(json.code == 0);
  CHECK(json.out == "{\"w\":[[1,0,3.4],[0,0,0]],\n\"h\":[0,0.5,2]}\n");
  auto integer = run_cli({"--op", "relu", "-f", "ids", in, "-o", dir.file("x.npz")});
  CHECK(integer.code == 2);
  CHECK(integer.err.find("\"ids\" is not floating") != std::string::npos);
  auto none = run_cli({"--op", "relu", "-f", "z*", in, "-o", dir.file("x.npz")});
  CHECK(none.code == 2);
  CHECK(none.err.find("-f z*: no tensor") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("x.npz")));
  auto pipe = run_cli({"--op", "relu", in});
  CHECK(pipe.code == 2);
  CHECK(pipe.err.find("npz output needs a regular file") != std::string::npos);
}

TEST_CASE("npz: hostile zips are bad data naming the member, and nothing is written") {
  TempDir dir;
  std::string in = savez(dir, "savez");
  struct Case {
    std::string edit;  // Python on b (the bytes of the np.savez file), z (its ZipFile)
    std::string message;
  };
  const Case cases[] = {
      {"b = b[:100]", "npz member \"w.npy\": its data (152 bytes at offset 55) goes beyond the end of the file (100 bytes)"},
      {"i = z.getinfo('h.npy'); b[i.header_offset + 30 + 5 + 20 + 130] ^= 1", "npz member \"h.npy\": CRC-32 mismatch"},
      {"i = z.getinfo('ids.npy'); b[i.header_offset + 18:i.header_offset + 22] = (10**6).to_bytes(4, 'little'); "
       "b[i.header_offset + 30 + 7 + 12:i.header_offset + 30 + 7 + 20] = (10**6).to_bytes(8, 'little')",
       "npz member \"ids.npy\": its data (1000000 bytes"},
      {"i = z.getinfo('d.npy'); j = b.rindex(b'PK\\x01\\x02'); b[j + 42:j + 46] = (i.header_offset + 1).to_bytes(4, 'little')",
       "npz member \"d.npy\": the central directory puts it at offset"},
      {"b[6] |= 1", "npz member \"w.npy\": is encrypted"},
      {"b[8] = 12", "npz member \"w.npy\": compression method 12"},
      {"b += b'junk'", "npz file goes on after its end of central directory record"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.edit);
    std::string path = dir.file("bad.npz");
    run_numpy(kArrays + "b = bytearray(open('" + in + "', 'rb').read()); z = zipfile.ZipFile('" + in + "')\n" + c.edit +
              "\nopen('" + path + "', 'wb').write(b)");
    auto result = run_cli({"--op", "relu", path, "-o", dir.file("out.npz")});
    CHECK(result.code == 3);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("out.npz")));
  }
  // Deflate data that is not deflate.
  std::string compressed = savez(dir, "savez_compressed"), path = dir.file("bad.npz");
  run_numpy(kArrays + "b = bytearray(open('" + compressed + "', 'rb').read()); i = zipfile.ZipFile('" + compressed +
            "').getinfo('w.npy'); b[i.header_offset + 30 + 5 + 20] = 0xff\nopen('" + path + "', 'wb').write(b)");
  auto deflate = run_cli({"--op", "relu", path, "-o", dir.file("out.npz")});
  CHECK(deflate.code == 3);
  CHECK(deflate.err.find("npz member \"w.npy\": invalid deflate data") != std::string::npos);
}
