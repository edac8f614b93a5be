// Binary content where text is expected (internal): compressed files, archives, npy arrays and
// NUL bytes are refused with a clear message instead of being echoed as a "header-only CSV".
// Input decompresses one layer of gzip/zstd/bzip2/xz, so the compressed cases of binary_kind
// are met only in data compressed twice.
#pragma once

#include <string>
#include <string_view>

#include "nnact/io.hpp"

namespace nnact {

// What the first bytes of an input are when they are not text: "gzip-compressed data",
// "zstd-compressed data", "bzip2-compressed data", "xz-compressed data", "a zip archive",
// "an npy array", "binary data (a NUL byte at offset N)"; empty when they may be text.
std::string binary_kind(std::string_view head);

// Throws Error(kData) naming `input`, what it looks like and a short escaped excerpt when
// `format` is a text format (not npy) and the input starts with binary content.
void reject_binary_input(Input& input, Format format);

}  // namespace nnact
