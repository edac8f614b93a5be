// libFuzzer target: the bz2 decompressing reader, then the CSV reader (fuzz/README.md).
#include "inflate_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nnact::fuzz::run_inflater(nnact::Compression::kBzip2, data, size);
}
