// The yardstick of issues 5 and 14: the tight single-threaded C++ CSV -> CSV activation a user
// would write by hand, as ../shared/bench/floor.cpp does it: read(2) into a 1 MiB buffer, whole
// lines only, std::from_chars<float>, the op, std::to_chars<float> shortest into a 4 MiB buffer,
// written when nearly full. nnact's targets are stated relative to this loop, so it stays plain:
// no threads, no SIMD, the standard library's own number routines.
//
//   simple_loop OP [IN [OUT]]      OP: relu | leaky_relu | gelu; IN/OUT absent or '-': stdin/stdout
//
// leaky_relu uses alpha 0.01 (the issues' workload). A first row that does not parse is a header
// and is copied as it is. Exit 3 on a field that is not a number, 4 on an I/O error.
#include <fcntl.h>
#include <unistd.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

float relu(float x) { return x > 0.0f ? x : 0.0f; }
float leaky_relu(float x) { return x < 0.0f ? x * 0.01f : x; }
float gelu(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678f)); }

bool write_all(int fd, const char* p, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, p, n);
    if (w < 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
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
  const bool in_std = argc <= 2 || std::strcmp(argv[2], "-") == 0;
  const bool out_std = argc <= 3 || std::strcmp(argv[3], "-") == 0;
  const int in = in_std ? 0 : open(argv[2], O_RDONLY);
  const int out_fd = out_std ? 1 : open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in < 0 || out_fd < 0) {
    std::perror(in < 0 ? argv[2] : argv[3]);
    return 4;
  }
  // malloc'd, not zero-filled: untouched pages cost nothing at start-up.
  size_t capacity = 1 << 20;
  const size_t out_size = 4 << 20;
  char* buffer = static_cast<char*>(std::malloc(capacity));
  char* out = static_cast<char*>(std::malloc(out_size));
  if (buffer == nullptr || out == nullptr) return 4;
  size_t have = 0, o = 0;
  bool first = true;
  for (;;) {
    if (have == capacity) {  // a line longer than the buffer
      capacity *= 2;
      buffer = static_cast<char*>(std::realloc(buffer, capacity));
      if (buffer == nullptr) return 4;
    }
    ssize_t n = read(in, buffer + have, capacity - have);
    if (n < 0) {
      std::perror("read");
      return 4;
    }
    const size_t end = have + static_cast<size_t>(n);
    size_t last = end;  // whole lines only, until the end of the input
    if (n != 0) {
      while (last > 0 && buffer[last - 1] != '\n') --last;
    }
    const char* p = buffer;
    const char* e = buffer + last;
    float v;
    if (first && p < e) {
      first = false;
      if (std::from_chars(p, e, v).ec != std::errc()) {  // header row
        const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(e - p)));
        const char* stop = eol != nullptr ? eol + 1 : e;
        std::memcpy(out + o, p, static_cast<size_t>(stop - p));  // a header is short
        o += static_cast<size_t>(stop - p);
        p = stop;
      }
    }
    while (p < e) {
      auto r = std::from_chars(p, e, v);
      if (r.ec != std::errc()) {
        std::fputs("simple_loop: not a number\n", stderr);
        return 3;
      }
      o += static_cast<size_t>(std::to_chars(out + o, out + out_size, f(v)).ptr - (out + o));
      p = r.ptr;
      while (p < e && (*p == ',' || *p == '\r' || *p == '\n')) out[o++] = *p++;
      if (o > out_size - 64) {
        if (!write_all(out_fd, out, o)) return 4;
        o = 0;
      }
    }
    std::memmove(buffer, buffer + last, end - last);
    have = end - last;
    if (n == 0) break;
  }
  if (!write_all(out_fd, out, o) || (!out_std && close(out_fd) != 0)) {
    std::perror("write");
    return 4;
  }
  return 0;
}
