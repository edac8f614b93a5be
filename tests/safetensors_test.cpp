// safetensors (issue 12 item 4). The fixtures come from a small writer here that follows the
// published format (huggingface/safetensors README: 8-byte little-endian header length, JSON
// header {name: {dtype, shape, data_offsets}, "__metadata__": {str: str}}, offsets from the byte
// after the header, data contiguous in offset order), independent of nnact's writer; NumPy
// gives the element bytes and checks the results.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::run_cli;
using nnact::test::run_numpy;
using nnact::test::TempDir;

namespace {

// Python: write(path, [(name, dtype, shape, raw bytes)], meta=None, header=None) — `header`
// replaces the JSON text (hostile headers).
const std::string kWriter = R"(
import json, struct
def write(path, tensors, meta=None, header=None, extra=b''):
    hdr = {}
    data = b''
    if meta: hdr['__metadata__'] = meta
    for name, dt, shape, raw in tensors:
        hdr[name] = {'dtype': dt, 'shape': shape, 'data_offsets': [len(data), len(data) + len(raw)]}
        data += raw
    h = header if header is not None else json.dumps(hdr).encode()
    open(path, 'wb').write(struct.pack('<Q', len(h)) + h + data + extra)
a = np.array([[1.0, -0.5, 3.4], [-2.1, 0.0, -6.5]], dtype='<f4')
bf = (a.view('<u4') >> 16).astype('<u2')
ids = np.array([5, -6], '<i8')
)";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string model(TempDir& dir) {
  std::string path = dir.file("m.safetensors");
  run_numpy(kWriter + "write('" + path + "', [('w', 'F32', [2, 3], a.tobytes()), ('ids', 'I64', [2], ids.tobytes()), "
                      "('enc.0.weight', 'BF16', [2, 3], bf.tobytes()), ('h', 'F16', [3], np.array([-1, 0.5, 2], '<f2').tobytes())], "
                      "{'format': 'pt'})");
  return path;
}

}  // namespace

TEST_CASE("safetensors: relu keeps the layout: header, integer tensor and metadata byte for byte, dtypes kept") {
  TempDir dir;
  std::string in = model(dir), out = dir.file("r.safetensors");
  auto result = run_cli({"--op", "relu", in, "-o", out});
  REQUIRE(result.code == 0);
  std::string a = read_file(in), b = read_file(out);
  REQUIRE(a.size() == b.size());
  std::size_t header = 8 + static_cast<unsigned char>(a[0]) + 256 * static_cast<unsigned char>(a[1]);
  CHECK(a.substr(0, header) == b.substr(0, header));
  std::string check = run_numpy(
      "import json, struct\nb = open('" + out + "', 'rb').read()\nn = struct.unpack('<Q', b[:8])[0]\nh = json.loads(b[8:8+n])\n"
      "d = b[8+n:]\ndef t(k, dt): o = h[k]['data_offsets']; return np.frombuffer(d[o[0]:o[1]], dt)\n"
      "print(t('w', '<f4').tolist(), t('ids', '<i8').tolist(), (t('enc.0.weight', '<u2').astype('<u4') << 16).view('<f4').tolist(), "
      "t('h', '<f2').tolist(), h['__metadata__'])");
  CHECK(check == "[1.0, 0.0, 3.4000000953674316, 0.0, 0.0, 0.0] [5, -6] [1.0, 0.0, 3.390625, 0.0, 0.0, 0.0] [0.0, 0.5, 2.0] {'format': 'pt'}\n");
}

TEST_CASE("safetensors: -f selects tensors by glob, and --dtype rewrites the header with new offsets") {
  TempDir dir;
  std::string in = model(dir), out = dir.file("g.safetensors");
  REQUIRE(run_cli({"--op", "relu", "-f", "enc.*.weight", "--dtype", "float32", in, "-o", out}).code == 0);
  auto json = run_cli({"--op", "linear", out, "--to", "json"});
  CHECK(json.out == "{\"w\":[[1,-0.5,3.4],[-2.1,0,-6.5]],\n\"enc.0.weight\":[[1,0,3.390625],[0,0,0]],\n\"h\":[-1,0.5,2]}\n");
  std::string header = run_numpy("import json, struct\nb = open('" + out + "', 'rb').read()\nn = struct.unpack('<Q', b[:8])[0]\n"
                                 "h = json.loads(b[8:8+n]); print(h['enc.0.weight'], len(b) - 8 - n, n % 8)");
  CHECK(header == "{'dtype': 'F32', 'shape': [2, 3], 'data_offsets': [40, 64]} 70 0\n");
  auto none = run_cli({"--op", "relu", "-f", "nope*", in, "-o", dir.file("x.safetensors")});
  CHECK(none.code == 2);
  CHECK(none.err.find("-f nope*: no tensor") != std::string::npos);
  auto integer = run_cli({"--op", "relu", "-f", "ids", in, "-o", dir.file("x.safetensors")});
  CHECK(integer.code == 2);
  CHECK(integer.err.find("\"ids\" is I64") != std::string::npos);
}

TEST_CASE("safetensors: one tensor to npy and back, several to npy is refused") {
  TempDir dir;
  std::string in = model(dir);
  REQUIRE(run_cli({"--op", "relu", "-f", "w", in, "-o", dir.file("w.npy")}).code == 0);
  CHECK(run_numpy("print(np.load('" + dir.file("w.npy") + "').tolist())") == "[[1.0, 0.0, 3.4000000953674316], [0.0, 0.0, 0.0]]\n");
  auto several = run_cli({"--op", "relu", "-f", "w,h", in, "-o", dir.file("x.npy")});
  CHECK(several.code == 2);
  CHECK(several.err.find("npy holds one array") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir.file("x.npy")));
  REQUIRE(run_cli({"--op", "linear", dir.file("w.npy"), "-o", dir.file("back.safetensors")}).code == 0);
  CHECK(run_cli({"--op", "linear", dir.file("back.safetensors"), "--to", "json"}).out == "{\"tensor\":[[1,0,3.4],[0,0,0]]}\n");
}

TEST_CASE("safetensors: --expect compares tensor by tensor") {
  TempDir dir;
  std::string in = model(dir), out = dir.file("r.safetensors");
  REQUIRE(run_cli({"--op", "relu", in, "-o", out}).code == 0);
  CHECK(run_cli({"--op", "relu", in, "--expect", out}).code == 0);
  auto differ = run_cli({"--op", "linear", in, "--expect", out});
  CHECK(differ.code == 1);
  CHECK(differ.out.find("differ") != std::string::npos);
}

TEST_CASE("safetensors: hostile headers are bad data naming the tensor, and nothing is written") {
  TempDir dir;
  struct Case {
    std::string python;  // the arguments of write() after the path
    std::string message;
  };
  const Case cases[] = {
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 20]}}'",
       "tensor \"w\": shape holds 6 F32 elements, which is not the 20 bytes"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 240]}}'",
       "shape holds 6 F32 elements"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"Q7\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}}'",
       "tensor \"w\": unknown dtype \"Q7\""},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}, "
       "\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}}'",
       "tensor \"w\" is named twice"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]'",
       "header is not valid JSON"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"\\xff\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 24]}}'",
       "header is not valid JSON"},
      {"[('w', 'F32', [2, 3], a.tobytes()), ('v', 'F32', [1], a.tobytes()[:4])], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], "
       "\"data_offsets\": [0, 24]}, \"v\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [20, 24]}}'",
       "tensor \"v\": data_offsets [20, 24] overlap"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}'",
       "tensor \"w\": data_offsets begin 4 leaves a gap"},
      {"[('w', 'F32', [2, 3], a.tobytes())], extra=b'1234'", "the tensors cover 24 bytes of data but the file holds 28"},
      {"[('w', 'F32', [2, 3], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [2, 3], \"data_offsets\": [0, 48]}}'",
       "tensor \"w\": shape holds 6 F32 elements"},
      {"[('w', 'F32', [3, 4], a.tobytes())], header=b'{\"w\": {\"dtype\": \"F32\", \"shape\": [3, 4], \"data_offsets\": [0, 48]}}'",
       "tensor \"w\": data_offsets end 48 is beyond the data (24 bytes)"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.python);
    std::string path = dir.file("bad.safetensors");
    run_numpy(kWriter + "write('" + path + "', " + c.python + ")");
    auto result = run_cli({"--op", "relu", path, "-o", dir.file("out.safetensors")});
    CHECK(result.code == 3);
    CHECK(result.err.find(c.message) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir.file("out.safetensors")));
  }
  // A header length beyond the file, or beyond the format's limit: refused before any allocation.
  std::string path = dir.file("long.safetensors");
  run_numpy("import struct\nopen('" + path + "', 'wb').write(struct.pack('<Q', 5000) + b'{}')");
  auto beyond = run_cli({"--op", "relu", path, "-o", dir.file("out.safetensors")});
  CHECK(beyond.code == 3);
  CHECK(beyond.err.find("header length 5000 is beyond the end of the file") != std::string::npos);
  run_numpy("import struct\nopen('" + path + "', 'wb').write(struct.pack('<Q', 1 << 40) + b'{}')");
  auto huge = run_cli({"--op", "relu", "--from", "safetensors", "-"}, read_file(path));
  CHECK(huge.code == 3);
  CHECK(huge.err.find("over the format's limit") != std::string::npos);
}
