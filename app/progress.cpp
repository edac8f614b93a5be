#include "progress.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace nnact::app {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kRedraw = std::chrono::milliseconds(200);
constexpr auto kAutoDelay = std::chrono::seconds(1);  // shorter runs never show a bar
constexpr int kBarWidth = 24;

std::string mib(std::uint64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", static_cast<double>(bytes) / (1 << 20));
  return text;
}

std::string clock_text(double seconds) {
  auto s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600) {
    std::snprintf(text, sizeof text, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%ld:%02ld", s / 60, s % 60);
  }
  return text;
}

}  // namespace

Progress::Progress(ProgressMode mode, std::uint64_t total_files, std::uint64_t total_bytes)
    : total_files_(total_files), total_bytes_(total_bytes) {
  always_ = mode == ProgressMode::kAlways;
  enabled_ = always_ || (mode == ProgressMode::kAuto && ::isatty(STDERR_FILENO));
  const char* no_color = std::getenv("NO_COLOR");  // https://no-color.org: set and not empty
  color_ = !(no_color && *no_color) && ::isatty(STDERR_FILENO);
  if (enabled_) ticker_ = std::thread([this] { tick(); });
}

void Progress::finish() {
  if (!enabled_) return;
  enabled_ = false;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
    stop_signal_.notify_all();
  }
  ticker_.join();
  std::lock_guard lock(mutex_);
  if (drawn_ || always_) {
    draw(true);
    std::fputc('\n', stderr);
    std::fflush(stderr);
    drawn_ = false;  // the line is finished: later messages need not clear it
  }
}

void Progress::tick() {
  std::unique_lock lock(mutex_);
  while (!stop_signal_.wait_for(lock, kRedraw, [this] { return stop_; })) {
    if (always_ || Clock::now() - start_ >= kAutoDelay) draw(false);
  }
}

void Progress::print(const std::function<void()>& print) {
  std::lock_guard lock(mutex_);
  if (drawn_) std::fputs(color_ ? "\r\x1b[2K" : "\r", stderr);
  if (drawn_ && !color_) std::fprintf(stderr, "%*s\r", 100, "");
  print();
  std::fflush(stderr);
}

void Progress::draw(bool final) {
  double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  std::uint64_t files = files_.load(), bytes = bytes_.load();
  double done = total_bytes_ ? static_cast<double>(bytes) / static_cast<double>(total_bytes_)
                : total_files_ ? static_cast<double>(files) / static_cast<double>(total_files_)
                               : 0;
  if (done > 1) done = 1;
  int filled = static_cast<int>(done * kBarWidth);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kBarWidth - filled), '-');
  double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0;
  std::string left = final ? clock_text(seconds) + " total"
                     : done > 0 ? clock_text(seconds / done - seconds) + " left"
                                : "--:-- left";
  std::string line = "nnact: [" + (color_ ? "\x1b[32m" + bar + "\x1b[0m" : bar) + "] " +
                     std::to_string(files) + "/" + std::to_string(total_files_) + " files, " + mib(bytes) +
                     "/" + mib(total_bytes_) + " MiB, " + mib(static_cast<std::uint64_t>(rate)) + " MiB/s, " + left;
  std::fprintf(stderr, "\r%s%s", line.c_str(), color_ ? "\x1b[K" : "  ");
  std::fflush(stderr);
  drawn_ = true;
}

}  // namespace nnact::app
