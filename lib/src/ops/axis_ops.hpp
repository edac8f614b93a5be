// The ops that work along an axis rather than per value: softmax, log_softmax, crelu.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "nnact/tensor.hpp"

namespace nnact::ops {

// Softmax (or log_softmax) of n values spaced `stride` apart, in place, evaluated in the wide
// type and rounded once to the dtype.
void softmax_line(double* values, std::size_t n, std::size_t stride, DType dtype, bool log);

// Where the missing values (ascending indices) stand after crelu_rows: each at its place in the
// first half of its row, and its twin in the second half. `rows` as before crelu_rows.
std::vector<std::size_t> crelu_missing(const std::vector<std::size_t>& missing,
                                       const std::vector<std::size_t>& rows);
// relu(x) then relu(-x) for each row of `rows` (rows[r] = one past the row's last value);
// returns the new values and doubles every row end in `rows`.
std::vector<double> crelu_rows(const std::vector<double>& values, std::vector<std::size_t>& rows);

// crelu along the middle dimension of a C-order tensor of shape (outer, n, inner): shape
// (outer, 2n, inner), relu(x) in the first n, relu(-x) in the next n.
std::vector<double> crelu_along(const std::vector<double>& values, std::size_t outer, std::size_t n, std::size_t inner);

}  // namespace nnact::ops
