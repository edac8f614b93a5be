// nnact plot: sampled values and derivatives against SciPy's numbers, the SVG document, the
// braille chart, the CLI, and (when rsvg-convert is installed) that the SVG renders.
#include <doctest/doctest.h>

#include <cmath>
#include <regex>
#include <sstream>

#include "cli_runner.hpp"
#include "nnact/plot.hpp"
#include "nnact/status.hpp"

namespace nnact::test {
namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The braille dot bits of each character of a line (0 for non-braille characters).
std::vector<int> braille_bits(const std::string& line) {
  std::vector<int> bits;
  for (std::size_t i = 0; i + 2 < line.size(); ++i) {
    auto b0 = static_cast<unsigned char>(line[i]), b1 = static_cast<unsigned char>(line[i + 1]);
    if (b0 == 0xE2 && (b1 & 0xFC) == 0xA0) {
      bits.push_back(((b1 & 0x03) << 6) | (static_cast<unsigned char>(line[i + 2]) & 0x3F));
      i += 2;
    }
  }
  return bits;
}

}  // namespace

TEST_CASE("sample_op: values and exact derivatives (expected from SciPy)") {
  Op gelu = Op::make("gelu", {}, DType::kFloat64);
  Curve values = sample_op(gelu, -1, 1, 3, false);
  REQUIRE(values.x == std::vector<double>{-1, 0, 1});
  CHECK(values.y[2] == doctest::Approx(0.8413447460685429).epsilon(1e-15));
  CHECK(values.y[1] == 0.0);
  Curve slope = sample_op(gelu, -1, 1, 3, true);
  CHECK(slope.y[2] == 1.0833154705876864);  // Phi(1) + phi(1), correctly rounded
  CHECK(slope.y[1] == 0.5);
  CHECK(slope.dashed);
  Curve tanh_slope = sample_op(Op::make("tanh", {}, DType::kFloat64), 0.5, 1.5, 2, true);
  CHECK(tanh_slope.y[0] == 0.7864477329659274);  // 1 - tanh(0.5)^2
  // No finite differences: relu's kink is a jump (relu'(0) = 0, TF's), in float32 too.
  CHECK(sample_op(Op::make("relu", {}, DType::kFloat32), -1, 1, 3, true).y == std::vector<double>{0, 0, 1});

  CHECK_THROWS_AS(sample_op(Op::make("softmax", {}, DType::kFloat64), -1, 1, 3, false), Error);
  CHECK_THROWS_AS(sample_op(gelu, 1, -1, 3, false), Error);
}

TEST_CASE("render_svg: a standalone document with a path per curve, legend, ticks and labels") {
  Op relu = Op::make("relu", {}, DType::kFloat64);
  std::vector<Curve> curves{sample_op(relu, -2, 2, 5, false), sample_op(relu, -2, 2, 5, true)};
  curves[0].label = "relu <&>";
  std::string svg = render_svg(curves, ChartStyle{"my title", "x", "f(x)"});
  CHECK(svg.rfind("<?xml", 0) == 0);
  CHECK(svg.find("<svg xmlns=\"http://www.w3.org/2000/svg\"") != std::string::npos);
  CHECK(svg.find("</svg>\n") == svg.size() - 7);
  CHECK(count(svg, "<path ") == 2);
  CHECK(count(svg, "stroke-dasharray") == 2);  // the derivative's path and its legend line
  CHECK(svg.find(">relu &lt;&amp;&gt;</text>") != std::string::npos);
  CHECK(svg.find(">d/dx relu</text>") != std::string::npos);
  CHECK(svg.find(">my title</text>") != std::string::npos);
  CHECK(svg.find(">f(x)</text>") != std::string::npos);
  for (const char* tick : {">-2</text>", ">-1</text>", ">0</text>", ">1</text>", ">2</text>"}) {
    CHECK_MESSAGE(svg.find(tick) != std::string::npos, tick);
  }
  // relu's path: five points, flat at y = 0 up to x = 0, then rising: the last y is the smallest.
  std::smatch m;
  REQUIRE(std::regex_search(svg, m, std::regex(R"re(<path d="M([\d.]+) ([\d.]+)L[\d. L]*L([\d.]+) ([\d.]+)L[\d.]+ ([\d.]+)L[\d.]+ ([\d.]+)")re")));
  CHECK(std::stod(m[2]) == std::stod(m[4]));
  CHECK(std::stod(m[6]) < std::stod(m[5]));
  CHECK(std::stod(m[5]) < std::stod(m[4]));
}

TEST_CASE("render_braille: the identity is a diagonal from bottom left to top right") {
  std::vector<Curve> curves{sample_op(Op::make("linear", {}, DType::kFloat64), -1, 1, 201, false)};
  std::string chart = render_braille(curves, 40, 12, false);
  std::vector<std::string> lines;
  std::istringstream in(chart);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  REQUIRE(lines.size() == 12);
  auto top = braille_bits(lines[0]), bottom = braille_bits(lines[8]);
  REQUIRE(!top.empty());
  CHECK(top.back() != 0);         // top right
  CHECK(top.front() == 0);
  CHECK(bottom.front() != 0);     // bottom left
  CHECK(bottom.back() == 0);
  CHECK(lines[0].find(" 1.04 ┤") == 0);  // y labels: the padded data range
  CHECK(lines[11].find("── linear") != std::string::npos);
  CHECK(chart.find("\x1b[") == std::string::npos);
  CHECK(render_braille(curves, 40, 12, true).find("\x1b[34m") != std::string::npos);
  CHECK_THROWS_AS(render_braille(curves, 10, 3, false), Error);
}

TEST_CASE("nnact plot: SVG file, stdout when not a terminal, overlays, errors") {
  TempDir dir;
  auto made = run_cli({"plot", "--op", "gelu", "--op", "elu", "--alpha", "0.5", "--derivative", "--range=-4:4",
                       "-o", dir.file("g.svg")});
  REQUIRE_MESSAGE(made.code == 0, made.err);
  CHECK(made.out.empty());
  std::string svg = read_file(dir.file("g.svg"));
  CHECK(count(svg, "<path ") == 4);
  for (const char* label : {">gelu</text>", ">elu alpha=0.5</text>", ">d/dx gelu</text>", ">d/dx elu alpha=0.5</text>"}) {
    CHECK_MESSAGE(svg.find(label) != std::string::npos, label);
  }
  CHECK(svg.find(">-4</text>") != std::string::npos);

  auto piped = run_cli({"plot", "--op", "relu"});
  CHECK(piped.code == 0);
  CHECK(piped.out.rfind("<?xml", 0) == 0);
  CHECK(run_cli({"plot", "--op", "relu", "--range", "-6:6"}).code == 0);

  auto axis = run_cli({"plot", "--op", "softmax", "-o", dir.file("s.svg")});
  CHECK(axis.code == 2);
  CHECK(axis.err.find("softmax") != std::string::npos);
  auto stray = run_cli({"plot", "--op", "relu", "--alpha", "0.1"});
  CHECK(stray.code == 2);
  CHECK(stray.err.find("--alpha") != std::string::npos);
  CHECK(run_cli({"plot", "--op", "relu", "--range", "3:1"}).code == 2);
  CHECK(run_cli({"plot", "--op", "gelux"}).err.find("gelu") != std::string::npos);
  CHECK(run_cli({"plot"}).code == 2);
}

TEST_CASE("nnact plot: braille on a terminal (script gives it a pseudo-terminal)") {
  if (run_program("sh", {"-c", "command -v script"}).code != 0) {
    MESSAGE("script (util-linux) is not installed: terminal check skipped");
    return;
  }
  auto shown = run_program("script", {"-qec", "NO_COLOR=1 " + std::string(NNACT_BINARY) + " plot --op relu --range=-2:2", "/dev/null"});
  REQUIRE(shown.code == 0);
  CHECK(shown.out.find("<svg") == std::string::npos);
  CHECK(!braille_bits(shown.out).empty());
  CHECK(shown.out.find("── relu") != std::string::npos);
  CHECK(shown.out.find("-2") != std::string::npos);
}

TEST_CASE("nnact plot: the SVG renders (rsvg-convert)") {
  if (run_program("sh", {"-c", "command -v rsvg-convert"}).code != 0) {
    MESSAGE("rsvg-convert (Debian librsvg2-bin) is not installed: render check skipped");
    return;
  }
  TempDir dir;
  REQUIRE(run_cli({"plot", "--op", "gelu", "--op", "silu", "--derivative", "-o", dir.file("c.svg")}).code == 0);
  auto converted = run_program("rsvg-convert", {"-o", dir.file("c.png"), dir.file("c.svg")});
  REQUIRE_MESSAGE(converted.code == 0, converted.err);
  std::string png = read_file(dir.file("c.png"));
  REQUIRE(png.size() > 24);
  CHECK(png.substr(1, 3) == "PNG");
  auto be32 = [&](std::size_t at) {
    return (static_cast<unsigned char>(png[at]) << 24) | (static_cast<unsigned char>(png[at + 1]) << 16) |
           (static_cast<unsigned char>(png[at + 2]) << 8) | static_cast<unsigned char>(png[at + 3]);
  };
  CHECK(be32(16) == 720);  // IHDR width and height: the SVG's size
  CHECK(be32(20) == 450);
}

}  // namespace nnact::test
