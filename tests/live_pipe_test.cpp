// Prompt output on live pipes (issue 16 item 5): a record that has arrived is written before
// the next one is sent, with every -j and input format, and with the format sniffed.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <poll.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "spawn.hpp"

namespace {

// Reads from `fd` until `want` has arrived or `timeout_ms` passed; returns what arrived.
std::string read_for(int fd, std::size_t want, int timeout_ms) {
  std::string got;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.size() < want) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left)) <= 0) break;
    char buffer[4096];
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n <= 0) break;
    got.append(buffer, static_cast<std::size_t>(n));
  }
  return got;
}

void write_all(int fd, const std::string& text) { REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size())); }

struct Exchange {
  std::string send;    // written to nnact's standard input
  std::string expect;  // what must come out before anything more is sent
};

// Sends each line, then waits (up to 2 s; typically a few ms) for its output while the pipe
// stays open. Before the fix the output came only at the end of the input, or after 1 MiB.
void check_prompt(const std::vector<std::string>& args, const std::vector<Exchange>& exchanges, const std::string& tail) {
  int in[2], out[2];
  REQUIRE(pipe(in) == 0);
  REQUIRE(pipe(out) == 0);
  pid_t pid = nnact::test::spawn_cli(args, {.in = in[0], .out = out[1]});
  close(in[0]);
  close(out[1]);
  for (const auto& exchange : exchanges) {
    CAPTURE(exchange.send);
    write_all(in[1], exchange.send);
    // Nothing expected (a partial line): give nnact time to read it alone before the rest.
    if (exchange.expect.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto start = std::chrono::steady_clock::now();
    CHECK(read_for(out[0], exchange.expect.size(), 2000) == exchange.expect);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    MESSAGE("output after " << ms << " ms");
  }
  close(in[1]);
  CHECK(nnact::test::drain(out[0]) == tail);
  close(out[0]);
  CHECK(nnact::test::wait_cli(pid) == 0);
}

}  // namespace

TEST_CASE("live pipe: each CSV record is written before the next one is sent, with every -j") {
  for (const char* jobs : {"1", "2", "4"}) {
    CAPTURE(std::string(jobs));
    check_prompt({"--op", "relu", "-n", "-j", jobs}, {{"1,-1\n", "1,0\n"}, {"2,-2\n", "2,0\n"}, {"-3,3\n", "0,3\n"}}, "");
    // With a header, the format sniffed from what has arrived, a partial line completed later.
    check_prompt({"--op", "relu", "-j", jobs},
                 {{"x,y\n1.5,-1\n", "x,y\n1.5,0\n"}, {"-2,", ""}, {"2\n", "0,2\n"}}, "");
  }
}

TEST_CASE("live pipe: NDJSON and txt lines are written as they come") {
  check_prompt({"--op", "relu", "--from", "ndjson"}, {{"[1,-1]\n", "[1,0]\n"}, {"{\"a\":-2}\n", "{\"a\":0}\n"}}, "");
  check_prompt({"--op", "relu", "--from", "txt", "-j", "2"}, {{"1 -1\n", "1 0\n"}, {"-2 2\n", "0 2\n"}}, "");
}
