#include "file_runner.hpp"

#include <spdlog/spdlog.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <thread>

#include "nnact/status.hpp"
#include "progress.hpp"

namespace nnact::app {
namespace {

std::uint64_t total_size(const std::vector<std::string>& files) {
  std::uint64_t total = 0;
  for (const auto& file : files) {
    struct stat st {};
    if (file != "-" && ::stat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode)) total += static_cast<std::uint64_t>(st.st_size);
  }
  return total;
}

FileOutcome guarded(const FileWork& work, std::size_t index, int jobs, std::atomic<std::uint64_t>* bytes) {
  try {
    return work(index, jobs, bytes);
  } catch (const Error& e) {
    return {static_cast<int>(e.kind()), e.what(), {}, {}};
  }
}

// Outcomes are committed and printed in argument order as soon as every earlier file has finished.
class Reporter {
 public:
  Reporter(std::size_t files, Progress& progress, bool keep_going)
      : outcomes_(files), finished_(files, false), progress_(progress), keep_going_(keep_going) {}

  void finish(std::size_t index, FileOutcome outcome) {
    std::lock_guard lock(mutex_);
    outcomes_[index] = std::move(outcome);
    finished_[index] = true;
    for (; next_ < outcomes_.size() && finished_[next_]; ++next_) {
      if (stopped_) {  // -j 1 would not have started it: its output is dropped unwritten
        finished_[next_] = false;
        outcomes_[next_] = FileOutcome{};
        continue;
      }
      settle(outcomes_[next_]);
      show(outcomes_[next_]);
      if (outcomes_[next_].code >= 2 && !keep_going_) stopped_ = true;
    }
  }
  // Files never started (after a failure) are neither done nor failed.
  void summarize(bool checking) {
    std::size_t done = 0, differ = 0, failed = 0;
    int worst = 0;
    for (std::size_t i = 0; i < outcomes_.size(); ++i) {
      if (!finished_[i]) continue;
      worst = std::max(worst, outcomes_[i].code);
      (outcomes_[i].code == 0 ? done : outcomes_[i].code == 1 ? differ : failed)++;
    }
    worst_ = worst;
    if (outcomes_.size() < 2) return;
    std::size_t skipped = outcomes_.size() - done - differ - failed;
    std::string files = std::to_string(done) + (done == 1 ? " file " : " files ");
    std::string line = checking ? files + (done == 1 ? "matches, " : "match, ") + std::to_string(differ) + " differ, " : files + "done, ";
    line += std::to_string(failed) + " failed";
    if (skipped) line += ", " + std::to_string(skipped) + " not started";
    progress_.print([&] { (worst ? spdlog::warn(line) : spdlog::info(line)); });
  }
  int worst() const { return worst_; }

 private:
  static void settle(FileOutcome& outcome) {
    if (!outcome.output) return;
    try {
      outcome.output->commit();
      spdlog::info("wrote {}", outcome.output->name());
    } catch (const Error& e) {
      outcome.code = static_cast<int>(e.kind());
      outcome.error = e.what();
    }
    outcome.output.reset();
  }
  void show(const FileOutcome& outcome) {
    if (!outcome.report.empty()) {
      std::fwrite(outcome.report.data(), 1, outcome.report.size(), stdout);
      std::fflush(stdout);
    }
    if (!outcome.error.empty()) progress_.print([&] { spdlog::error(outcome.error); });
  }

  std::mutex mutex_;
  std::vector<FileOutcome> outcomes_;
  std::vector<bool> finished_;
  std::size_t next_ = 0;
  int worst_ = 0;
  Progress& progress_;
  bool keep_going_;
  bool stopped_ = false;
};

}  // namespace

Format resolve_input_format(Input& input, Format asked) {
  if (asked != Format::kAuto) return asked;
  Format format = format_from_extension(input.path());
  const char* how = "extension";
  if (format == Format::kAuto) {
    format = sniff_format(input.peek(1 << 16));
    how = "content";
  }
  Compression compression = input.compression();
  if (compression == Compression::kNone) {
    spdlog::info("{}: reading {} (by {})", input.name(), format_name(format), how);
  } else {
    spdlog::info("{}: reading {}-compressed {} (by {})", input.name(), compression_name(compression),
                 format_name(format), how);
  }
  return format;
}

int run_files(const Config& config, int workers, const FileWork& work, bool checking) {
  const auto& files = config.files;
  Progress progress(config.batch.progress, files.size(), total_size(files));
  Reporter reporter(files.size(), progress, config.batch.keep_going);
  workers = std::max(1, std::min<int>(workers, static_cast<int>(files.size())));
  int jobs = std::max(1, config.run.jobs / workers);
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    for (;;) {
      if (stop.load()) return;
      std::size_t index = next.fetch_add(1);
      if (index >= files.size()) return;
      FileOutcome outcome = guarded(work, index, jobs, progress.bytes());
      if (outcome.code >= 2 && !config.batch.keep_going) stop = true;
      progress.file_done();
      reporter.finish(index, std::move(outcome));
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < workers; ++i) threads.emplace_back(worker);
  worker();
  for (auto& thread : threads) thread.join();
  progress.finish();
  reporter.summarize(checking);
  return reporter.worst();
}

}  // namespace nnact::app
