// Axis ops along any axis but the last (internal): the one part of the pipeline that holds the
// whole input, since a line along such an axis is complete only at the end of the input.
#pragma once

#include "nnact/io.hpp"
#include "nnact/ops.hpp"
#include "pipeline/bound_ops.hpp"

namespace nnact {

// True for an axis op that needs the whole input: any --axis but -1, the last axis, which
// streams row by row. CSV and TSV are always 2-D, so there --axis 1 names the last axis too.
bool holds_whole_input(const Op& op, Format format);

// Reads all of `input` into one batch, finds its shape (the reader's tensor shape: npy, a JSON
// document of regular nested arrays; else rows x columns) and transforms it along --axis
// (negative axes count from the end, as TF and NumPy do). crelu doubles that dimension: the
// batch then gets the new shape, its rows and a fresh template (same-format text written from
// the shape: a CSV/TSV header is kept). Throws Error(kUsage) for an axis out of range, naming
// the rank, or crelu with -f; Error(kData) for rows of different lengths or a JSON document
// that is not a tensor.
// The op is bound to the batch's dtype; an input of several dtypes is Error(kUsage).
Batch transform_whole_input(Input& input, Decoder& decoder, BoundOps& ops, const ReadOptions& read);

}  // namespace nnact
