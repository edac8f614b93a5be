// libFuzzer target: the npz reader (fuzz/README.md).
#include "reader_target.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return nnact::fuzz::run_reader(nnact::Format::kNpz, data, size);
}
