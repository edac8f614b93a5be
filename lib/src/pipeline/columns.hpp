// Axis ops down the columns (--axis 0): the one part of the pipeline that holds the whole
// input, since a column is complete only at the end of the input (internal).
#pragma once

#include "nnact/io.hpp"
#include "nnact/ops.hpp"
#include "pipeline/bound_ops.hpp"

namespace nnact {

// True for an axis op asked to work down the columns of a 2-D input (--axis 0 or -2).
bool along_columns(const Op& op);

// Reads all of `input` into one batch and transforms it down its columns, with the op bound to
// the batch's dtype. Throws Error(kData) naming the first row whose length differs,
// Error(kUsage) for crelu (its new rows have no place in a same-format template), an input of
// rank above 2 or of several dtypes.
Batch transform_whole_input(Input& input, Decoder& decoder, BoundOps& ops);

}  // namespace nnact
