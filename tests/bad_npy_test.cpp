// .npy files whose header lies (issue 7): an error naming the npy field or the shortfall, exit 3,
// never a huge allocation, a wrap-around or a crash.
#include <doctest/doctest.h>

#include <cstring>
#include <vector>

#include "cli_runner.hpp"
#include "numpy_script.hpp"

using nnact::test::run_cli;

namespace {

// An .npy file as np.save lays it out: magic, version, header length, the dict padded with
// spaces to a multiple of 64 bytes and ended by '\n', then the data.
std::string npy(std::string dict, const std::string& data, int major = 1) {
  const std::size_t preamble = major == 1 ? 10 : 12;
  while ((preamble + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(major);
  out += '\0';
  out += static_cast<char>(dict.size() & 0xff);
  out += static_cast<char>(dict.size() >> 8);
  if (major > 1) out += std::string(2, '\0');
  return out + dict + data;
}

std::string floats(const std::vector<float>& values) {
  std::string bytes(values.size() * sizeof(float), '\0');
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return bytes;
}

std::string f4(const std::string& shape) {
  return "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
}

}  // namespace

TEST_CASE("npy: an honest header reads (the control case)") {
  auto result = run_cli({"--op", "relu", "--from", "npy", "--to", "json"}, npy(f4("(2,)"), floats({1, -2})));
  CHECK(result.code == 0);
  CHECK(result.out == "[1,0]\n");
}

TEST_CASE("npy: shape x itemsize larger than the file, and truncated data") {
  auto longer = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(10,)"), floats({1, -2})));
  CHECK(longer.code == 3);
  CHECK(longer.err == "nnact: <stdin>: npy data ends early: the header's shape needs 10 values, the file holds 2\n");
  auto cut = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(2, 3)"), floats({1, -2, 3, -4, 5, -6}).substr(0, 22)));
  CHECK(cut.code == 3);
  CHECK(cut.err == "nnact: <stdin>: npy data ends early: the header's shape needs 6 values, the file holds 5\n");
}

TEST_CASE("npy: a huge shape is refused from the header, without allocating it") {
  auto huge = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(4611686018427387904, 4)"), floats({1, -2})));
  CHECK(huge.code == 3);
  CHECK(huge.err == "nnact: <stdin>: npy header field 'shape': \"(4611686018427387904, 4)\" is too large\n");
  // Within range but far beyond the data: fails at the end of the data, as bytes arrive.
  auto big = run_cli({"--op", "relu", "--from", "npy"}, npy(f4("(1000000000000,)"), floats({1, -2})));
  CHECK(big.code == 3);
  CHECK(big.err.find("npy data ends early") != std::string::npos);
  // A header length of 4 GiB (version 2 has four length bytes).
  std::string lying = npy(f4("(2,)"), floats({1, -2}), 2);
  lying[8] = lying[9] = lying[10] = lying[11] = '\xff';
  auto length = run_cli({"--op", "relu", "--from", "npy"}, lying);
  CHECK(length.code == 3);
  CHECK(length.err == "nnact: <stdin>: npy header length 4294967295 is implausible (over 1 MiB)\n");
}

TEST_CASE("npy: a bad dtype string names the descr field") {
  auto unknown = run_cli({"--op", "relu", "--from", "npy"},
                         npy("{'descr': '<x9', 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(unknown.code == 3);
  CHECK(unknown.err.rfind("nnact: <stdin>: npy header field 'descr': dtype '<x9' is not supported", 0) == 0);
  auto garbage = run_cli({"--op", "relu", "--from", "npy"},
                         npy("{'descr': 'zz', 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(garbage.code == 3);
  CHECK(garbage.err == "nnact: <stdin>: npy header field 'descr': cannot read dtype 'zz'\n");
  auto structured = run_cli({"--op", "relu", "--from", "npy"},
                            npy("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (2,), }", floats({1, -2})));
  CHECK(structured.code == 3);
  CHECK(structured.err.find("npy header field 'descr'") != std::string::npos);
}

// NumPy reads the header with ast.literal_eval and then requires a dict of exactly 'descr',
// 'fortran_order' and 'shape' (numpy/lib/format.py, _read_array_header): anything else is bad
// data, exit 3, naming the npy header field.
TEST_CASE("npy: a header entry beyond descr, fortran_order and shape is refused, even a harmless one") {
  auto code = run_cli({"--op", "relu", "--from", "npy"},
                      npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': __import__('os'), }", floats({1, -2})));
  CHECK(code.code == 3);
  CHECK(code.err.rfind("nnact: <stdin>: npy header field 'x': \"__import__('os'), }", 0) == 0);
  CHECK(code.err.find("is not a Python literal") != std::string::npos);
  auto extra = run_cli({"--op", "relu", "--from", "npy"},
                       npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'x': 1}", floats({1, -2})));
  CHECK(extra.code == 3);
  CHECK(extra.err ==
        "nnact: <stdin>: npy header field 'x': not a field of an npy header (it holds exactly 'descr', "
        "'fortran_order' and 'shape')\n");
  auto twice = run_cli({"--op", "relu", "--from", "npy"},
                       npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'shape': (1,)}", floats({1, -2})));
  CHECK(twice.code == 3);
  CHECK(twice.err == "nnact: <stdin>: npy header field 'shape': given twice\n");
  // A key from the file reaches the terminal escaped.
  auto escape = run_cli({"--op", "relu", "--from", "npy"},
                        npy("{'\x1b[2J': 1, 'descr': '<f4', 'fortran_order': False, 'shape': (2,)}", floats({1, -2})));
  CHECK(escape.code == 3);
  CHECK(escape.err.rfind("nnact: <stdin>: npy header field \"\\x1B[2J\": not a field", 0) == 0);
}

TEST_CASE("npy: a missing header key is refused, naming it") {
  auto missing = run_cli({"--op", "relu", "--from", "npy"}, npy("{'descr': '<f4', 'shape': (2,), }", floats({1, -2})));
  CHECK(missing.code == 3);
  CHECK(missing.err == "nnact: <stdin>: npy header field 'fortran_order': missing\n");
  auto no_shape = run_cli({"--op", "relu", "--from", "npy"}, npy("{'descr': '<f4', 'fortran_order': False}", floats({1, -2})));
  CHECK(no_shape.code == 3);
  CHECK(no_shape.err == "nnact: <stdin>: npy header field 'shape': missing\n");
  auto not_dict = run_cli({"--op", "relu", "--from", "npy"}, npy("('<f4', False, (2,))", floats({1, -2})));
  CHECK(not_dict.code == 3);
  CHECK(not_dict.err == "nnact: <stdin>: npy header is not a dict of 'descr', 'fortran_order' and 'shape'\n");
}

TEST_CASE("npy: non-literal values and a fortran_order that is not a bool are refused") {
  auto call = run_cli({"--op", "relu", "--from", "npy"},
                      npy("{'descr': '<f4', 'fortran_order': bool(0), 'shape': (2,), }", floats({1, -2})));
  CHECK(call.code == 3);
  CHECK(call.err.rfind("nnact: <stdin>: npy header field 'fortran_order': \"bool(0)", 0) == 0);
  auto number = run_cli({"--op", "relu", "--from", "npy"},
                        npy("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", floats({1, -2})));
  CHECK(number.code == 3);
  CHECK(number.err == "nnact: <stdin>: npy header field 'fortran_order': expected True or False, not \"0\"\n");
  auto sum = run_cli({"--op", "relu", "--from", "npy"},
                     npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1 + 1,), }", floats({1, -2})));
  CHECK(sum.code == 3);
  CHECK(sum.err.rfind("nnact: <stdin>: npy header field 'shape': expected ',' or ')'", 0) == 0);
  auto trailing = run_cli({"--op", "relu", "--from", "npy"},
                          npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), } + {}", floats({1, -2})));
  CHECK(trailing.code == 3);
  CHECK(trailing.err.find("unexpected text after the literal") != std::string::npos);
}

TEST_CASE("npy: a shape that is not a tuple of non-negative integers is refused") {
  for (const char* shape : {"[2]", "2", "(-2,)", "(2.0,)", "(True,)", "('2',)", "((2,),)", "(None,)"}) {
    CAPTURE(shape);
    auto result = run_cli({"--op", "relu", "--from", "npy"}, npy(f4(shape), floats({1, -2})));
    CHECK(result.code == 3);
    CHECK(result.err == std::string("nnact: <stdin>: npy header field 'shape': expected a tuple of non-negative "
                                    "integers, like (3, 4), not \"") + shape + "\"\n");
  }
  // What NumPy accepts still reads: keys in any order, double quotes, no trailing comma, (2) as 2
  // inside the tuple, and spaces anywhere.
  auto reordered = run_cli({"--op", "relu", "--from", "npy", "--to", "json"},
                           npy("{ \"shape\" : ( (2) , ) ,'fortran_order':False,'descr':\"<f4\"}", floats({1, -2})));
  CHECK(reordered.code == 0);
  CHECK(reordered.out == "[1,0]\n");
  auto scalar = run_cli({"--op", "relu", "--from", "npy", "--to", "json"},
                        npy("{'descr': '<f4', 'fortran_order': False, 'shape': ()}", floats({-3})));
  CHECK(scalar.code == 0);
  CHECK(scalar.out == "0\n");
}

TEST_CASE("npy: headers mutated at random are accepted exactly when NumPy's np.load accepts them") {
  nnact::test::TempDir dir;
  // np.save's header with its keys in random order, either quote, random white space and
  // trailing commas, then up to two random edits (brackets, quotes, names, digits, signs); each
  // file with the verdict of NumPy's own reader. Only dtype strings that NumPy spells more ways
  // than np.save writes ('f4', '<f') may be refused by nnact where NumPy reads them.
  const std::string verdicts = nnact::test::run_numpy("folder = '" + dir.path() + R"('
import io, random, struct
random.seed(11)
alphabet = "{}()[]',:\" \n\t0123456789-+.eTrueFalsNon_x"
def sp(): return random.choice(['', ' ', '  ', '\n', '\t'])
def q(t): c = random.choice('\'"'); return c + t + c
for i in range(150):
    items = [q('descr') + sp() + ':' + sp() + q('<f4'), q('fortran_order') + ':' + sp() + 'False',
             q('shape') + ':' + sp() + '(' + sp() + '2' + sp() + ',' + sp() + '1' + sp() + random.choice(['', ',']) + ')']
    random.shuffle(items)
    s = list('{' + sp() + (',' + sp()).join(items) + random.choice(['', ',', ', ']) + sp() + '}')
    for _ in range(random.choice([0, 0, 1, 2])):
        op, pos = random.random(), random.randrange(len(s) + 1)
        if op < 0.4 and s: s[min(pos, len(s) - 1)] = random.choice(alphabet)
        elif op < 0.7: s.insert(pos, random.choice(alphabet) * random.randint(1, 3))
        elif s: del s[min(pos, len(s) - 1)]
    d = ''.join(s)
    d += ' ' * (-(12 + len(d) + 1) % 64) + '\n'
    data = b'\x93NUMPY\x02\x00' + struct.pack('<I', len(d)) + d.encode() + struct.pack('<2f', 1, -2)
    open(folder + '/' + str(i) + '.npy', 'wb').write(data)
    try:
        np.load(io.BytesIO(data))
        print(1)
    except Exception:
        print(0)
)");
  std::size_t i = 0, accepted = 0, refused = 0;
  for (std::size_t at = 0; at < verdicts.size(); at = verdicts.find('\n', at) + 1, ++i) {
    const bool numpy_reads = verdicts[at] == '1';
    auto result = run_cli({"--op", "linear", "--from", "npy", "--to", "json", dir.file(std::to_string(i) + ".npy")});
    CAPTURE(i);
    CAPTURE(result.err);
    CHECK((result.code == 0 || result.code == 3));
    if (numpy_reads && result.code == 3) {
      CHECK(result.err.find("npy header field 'descr': cannot read dtype") != std::string::npos);
    } else {
      CHECK((result.code == 0) == numpy_reads);
    }
    (result.code == 0 ? accepted : refused)++;
  }
  CHECK(i == 150);
  CHECK(accepted > 10);  // both verdicts are exercised
  CHECK(refused > 10);
}
