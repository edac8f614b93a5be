#include "pipeline/upstream.hpp"

#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"

namespace nnact {

UpstreamReader::UpstreamReader(Input& upstream, const ReadOptions& read, std::string input_name)
    : name_(upstream.name()), input_name_(std::move(input_name)) {
  reader_ = read_into(queue_, upstream, read);
}

UpstreamReader::~UpstreamReader() {
  queue_.stop();
  if (reader_.joinable()) reader_.join();
}

bool UpstreamReader::fill() {
  Batch batch;
  while (queue_.pop(batch)) {
    if (batch.values.empty()) continue;
    buffer_ = std::move(batch.values);
    at_ = 0;
    return true;
  }
  return false;
}

std::vector<double> UpstreamReader::take(std::size_t n, DType dtype) {
  std::vector<double> out;
  out.reserve(n);
  while (out.size() < n) {
    if (at_ == buffer_.size() && !fill()) {
      throw usage_error("the upstream gradient " + name_ + " has " + std::to_string(taken_ + out.size()) +
                        " values; " + input_name_ + " needs at least " + std::to_string(taken_ + n) +
                        " (one per input value; crelu: two)");
    }
    const std::size_t count = std::min(n - out.size(), buffer_.size() - at_);
    for (std::size_t i = 0; i < count; ++i) out.push_back(numeric::round_to(buffer_[at_ + i], dtype));
    at_ += count;
  }
  taken_ += n;
  return out;
}

void UpstreamReader::finish() {
  std::size_t left = buffer_.size() - at_;
  while (fill()) left += buffer_.size();
  at_ = buffer_.size();
  if (left > 0) {
    throw usage_error("the upstream gradient " + name_ + " has " + std::to_string(taken_ + left) + " values; " +
                      input_name_ + " needs " + std::to_string(taken_) + " (one per input value; crelu: two)");
  }
}

}  // namespace nnact
