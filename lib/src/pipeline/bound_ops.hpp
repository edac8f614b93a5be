// The op of a run, bound once for each dtype its values come in (internal): the pipeline asks
// for the op of a batch's dtype, from any worker thread.
#pragma once

#include <array>
#include <mutex>
#include <optional>

#include "nnact/pipeline.hpp"
#include "nnact/status.hpp"

namespace nnact {

class BoundOps {
 public:
  // Binds on demand. The prototype (float64: no parameter overflows it) tells the op's spec and
  // axis before any value is read; it is not used on values.
  explicit BoundOps(const OpRequest& request) : request_(&request), prototype_(request.bind(DType::kFloat64)) {}
  // Only `op`: every batch must be in op.dtype().
  explicit BoundOps(const Op& op) : prototype_(op) { ops_[index(op.dtype())] = op; }

  // The op for values of `dtype`. Throws Error(kUsage) when the parameters do not bind to it.
  const Op& get(DType dtype) {
    std::lock_guard lock(mutex_);
    std::optional<Op>& op = ops_[index(dtype)];
    if (!op) {
      if (request_ == nullptr) {
        throw usage_error(std::string("an op bound to ") + dtype_name(prototype_.dtype()) + " got " +
                          dtype_name(dtype) + " values");
      }
      op = request_->bind(dtype);
    }
    return *op;
  }
  const Op& prototype() const { return prototype_; }

 private:
  static std::size_t index(DType dtype) { return static_cast<std::size_t>(dtype); }

  const OpRequest* request_ = nullptr;
  Op prototype_;
  std::mutex mutex_;
  std::array<std::optional<Op>, 4> ops_;
};

}  // namespace nnact
