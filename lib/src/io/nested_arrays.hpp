// JSON nested arrays of a tensor's shape from values the workers wrote each followed by a comma
// ("v,v,...,"): the writing thread, which alone knows where the stream stands, adds the brackets
// between them (npy -> JSON, containers -> JSON).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace nnact {

class NestedArrays {
 public:
  // A tensor of `shape` begins: nothing of it written yet.
  void start(const std::vector<std::size_t>& shape) {
    rank_ = shape.size();
    // spans_[j]: values in one element of axis j + 1; a value at a multiple of it closes one.
    spans_.assign(rank_, 1);
    for (std::size_t j = rank_; j-- > 1;) spans_[j - 1] = spans_[j] * shape[j];
    if (rank_ > 0) spans_.pop_back();
    written_ = 0;
  }

  // Appends the values ("v," each) to `out`, each after the brackets and comma that go before
  // it: the tensor's first value after rank '['.
  void append(std::string_view values, std::string& out) {
    for (std::size_t at = 0; at < values.size();) {
      const std::size_t comma = values.find(',', at);
      if (written_ == 0) {
        out.append(rank_, '[');
      } else {
        std::size_t closes = 0;
        for (std::size_t span : spans_) closes += written_ % span == 0;
        out.append(closes, ']');
        out += ',';
        out.append(closes, '[');
      }
      out.append(values.substr(at, comma - at));
      ++written_;
      at = comma + 1;
    }
  }

  std::size_t rank() const { return rank_; }
  std::size_t written() const { return written_; }  // values of the current tensor

 private:
  std::size_t rank_ = 1;
  std::vector<std::size_t> spans_;
  std::size_t written_ = 0;
};

}  // namespace nnact
