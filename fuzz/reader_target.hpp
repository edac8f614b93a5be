// The body of the reader fuzz targets: bytes through one decoder, every chunk parsed,
// transformed and encoded back in the same format on one thread, as the pipeline does.
// Bad input must end in nnact::Error; anything else escaping (another exception, a crash, a
// sanitizer report, a hang) is a finding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "nnact/io.hpp"
#include "nnact/ops.hpp"
#include "nnact/pipeline.hpp"
#include "nnact/status.hpp"

namespace nnact::fuzz {

inline int run_reader(Format format, const std::uint8_t* data, std::size_t size) {
  // The input length picks the op, so the same corpus reaches the element-wise path, the row
  // path (softmax holds whole rows) and the path that appends cells to rows (crelu).
  static const char* const kOps[] = {"linear", "softmax", "crelu"};
  const char* op_name = kOps[size % 3];
  ReadOptions read;
  read.format = format;
  read.whole_rows = size % 3 != 0;
  read.keep_dtype = true;  // --dtype auto
  read.pass_through = true;  // containers hand out their header and other tensors too, as for same-format output
  WriteOptions write;
  write.format = format;
  try {
    const OpRequest request{op_name, {}};
    auto decoder = make_decoder(read, "fuzz");
    auto encoder = make_encoder(write, read);
    Input input = Input::from_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz");
    std::string encoded;
    decoder->run(input, [&](Chunk&& chunk) {
      if (!chunk.parsed) decoder->parse(chunk);
      request.bind(chunk.batch.dtype).transform(chunk.batch);
      encoded.clear();
      encoder->encode(chunk.batch, encoded);
      encoder->ordered(chunk.batch, encoded);
    });
  } catch (const Error&) {
    // Bad input reported the way the library promises.
  }
  return 0;
}

}  // namespace nnact::fuzz
