// --upstream: the upstream gradient file, read on a thread of its own into a short queue and
// handed out value by value in stream order, beside the input (neither is held whole).
#pragma once

#include <string>
#include <thread>
#include <vector>

#include "nnact/io.hpp"
#include "pipeline/batch_queue.hpp"

namespace nnact {

class UpstreamReader {
 public:
  UpstreamReader(Input& upstream, const ReadOptions& read, std::string input_name);
  ~UpstreamReader();
  UpstreamReader(const UpstreamReader&) = delete;
  UpstreamReader& operator=(const UpstreamReader&) = delete;

  // The next n values, rounded to `dtype`. Throws Error(kUsage) naming both files and their
  // value counts when the upstream file ends first.
  std::vector<double> take(std::size_t n, DType dtype);
  // After the input's last value: throws Error(kUsage) when the upstream file has values left.
  void finish();

 private:
  bool fill();

  std::string name_;
  std::string input_name_;
  BatchQueue queue_;
  std::thread reader_;
  std::vector<double> buffer_;
  std::size_t at_ = 0;        // next value of buffer_
  std::size_t taken_ = 0;     // values handed out
};

}  // namespace nnact
