// The progress bar of batch runs: files and bytes done, rate, time left, redrawn on stderr
// from a thread of its own. `auto` draws only on a terminal and only once a second has passed.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "batch_options.hpp"

namespace nnact::app {

class Progress {
 public:
  Progress(ProgressMode mode, std::uint64_t total_files, std::uint64_t total_bytes);
  ~Progress() { finish(); }
  // Stops redrawing; draws the final state (when anything was drawn) and ends the line.
  void finish();

  // Bytes read so far; inputs add to it (Input::count_bytes).
  std::atomic<std::uint64_t>* bytes() { return &bytes_; }
  void file_done() { files_.fetch_add(1, std::memory_order_relaxed); }
  // Runs `print` (a message on stderr) with the bar's line cleared, so they don't mix.
  void print(const std::function<void()>& print);

 private:
  void tick();
  void draw(bool final);  // with mutex_ held

  bool enabled_ = false;
  bool always_ = false;
  bool color_ = false;
  bool drawn_ = false;
  std::uint64_t total_files_;
  std::uint64_t total_bytes_;
  std::atomic<std::uint64_t> files_{0};
  std::atomic<std::uint64_t> bytes_{0};
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::mutex mutex_;
  std::condition_variable stop_signal_;
  bool stop_ = false;
  std::thread ticker_;
};

}  // namespace nnact::app
