// The yardstick of issue 5: the simplest single-threaded C++ CSV -> CSV activation a user would
// write by hand (whole file in memory, std::from_chars, std::to_chars shortest float32, one fwrite).
// nnact's targets are stated relative to this loop, so it must stay naive: no threads, no SIMD.
//
//   simple_loop OP [IN [OUT]]      OP: relu | leaky_relu | gelu; IN/OUT absent or '-': stdin/stdout
//
// leaky_relu uses alpha 0.01 (the workload). A first row that does not parse is a header
// and is copied as it is. Exit 3 on a field that is not a number, 4 on an I/O error.
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

namespace {

float relu(float x) { return x > 0.0f ? x : 0.0f; }
float leaky_relu(float x) { return x < 0.0f ? x * 0.01f : x; }
float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678f)); }

bool read_all(const char* path, std::string& data) {
  std::FILE* f = std::strcmp(path, "-") == 0 ? stdin : std::fopen(path, "rb");
  if (f == nullptr) return false;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) data.append(buf, n);
  bool ok = std::ferror(f) == 0;
  if (f != stdin) std::fclose(f);
  return ok;
}

bool write_all(const char* path, const std::string& data) {
  std::FILE* f = std::strcmp(path, "-") == 0 ? stdout : std::fopen(path, "wb");
  if (f == nullptr) return false;
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  ok = (f == stdout ? std::fflush(f) : std::fclose(f)) == 0 && ok;
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fputs("usage: simple_loop relu|leaky_relu|gelu [IN [OUT]]\n", stderr);
    return 2;
  }
  std::string_view op = argv[1];
  float (*f)(float) = op == "relu" ? relu : op == "leaky_relu" ? leaky_relu : op == "gelu" ? gelu : nullptr;
  if (f == nullptr) {
    std::fprintf(stderr, "simple_loop: unknown op %s\n", argv[1]);
    return 2;
  }
  const char* in_path = argc > 2 ? argv[2] : "-";
  const char* out_path = argc > 3 ? argv[3] : "-";
  std::string in;
  if (!read_all(in_path, in)) {
    std::perror(in_path);
    return 4;
  }
  std::string out;
  out.reserve(in.size() + in.size() / 4);  // negative values grow by ~2 digits
  const char* p = in.data();
  const char* end = p + in.size();
  float x;
  if (p != end && std::from_chars(p, end, x).ec != std::errc()) {  // header row
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', end - p));
    p = eol != nullptr ? eol + 1 : end;
    out.append(in.data(), static_cast<size_t>(p - in.data()));
  }
  char num[32];
  while (p != end) {
    auto [next, ec] = std::from_chars(p, end, x);
    if (ec != std::errc()) {
      std::fprintf(stderr, "simple_loop: not a number at byte %td\n", p - in.data());
      return 3;
    }
    out.append(num, std::to_chars(num, num + sizeof num, f(x)).ptr);
    p = next;
    while (p != end && (*p == ',' || *p == '\r' || *p == '\n')) out.push_back(*p++);
  }
  if (!write_all(out_path, out)) {
    std::perror(out_path);
    return 4;
  }
  return 0;
}
