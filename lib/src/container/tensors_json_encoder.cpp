// JSON from a container of named tensors: {"name": nested arrays of its shape, ...}. Values are
// written on the workers, each followed by a comma; the writing thread, which knows where each
// tensor stands, adds the brackets and the names.
#include <cmath>

#include "io/codecs.hpp"
#include "io/nested_arrays.hpp"

namespace nnact {
namespace {

class TensorsJsonEncoder final : public Encoder {
 public:
  explicit TensorsJsonEncoder(const WriteOptions& options) : options_(options) {}

  bool nonfinite_as_null() const override { return options_.nonfinite == JsonNonfinite::kNull; }

  void encode(const Batch& batch, std::string& out) const override {
    for (double v : batch.values) {
      append_value(v, batch.dtype, options_, true, out);
      out += ',';
    }
  }

  void ordered(const Batch& batch, std::string& values) override {
    if (batch.tensor.empty()) return;  // no values
    std::string out;
    if (batch.tensor != tensor_ || !started_) {
      close(out);
      out += started_ ? ",\n" : "{";
      started_ = true;
      tensor_ = batch.tensor;
      std::string key;
      append_json_string(tensor_, key);
      out += key + ":";
      nested_.start(batch.shape.value_or(std::vector<std::size_t>{}));
    }
    nested_.append(values, out);
    values = std::move(out);
  }

  void end(Output& output) override {
    std::string out;
    close(out);
    output.write(started_ ? out + "}\n" : "{}\n");
  }

 private:
  void close(std::string& out) {
    if (!started_) return;
    out += nested_.written() == 0 ? std::string(nested_.rank() ? "[]" : "null") : std::string(nested_.rank(), ']');
  }
  static void append_json_string(const std::string& s, std::string& out) {
    out += '"';
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (u < 0x20) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "\\u%04x", u);
        out += buffer;
      } else {
        out += c;
      }
    }
    out += '"';
  }

  WriteOptions options_;
  bool started_ = false;
  std::string tensor_;
  NestedArrays nested_;
};

}  // namespace

std::unique_ptr<Encoder> make_tensors_json_encoder(const WriteOptions& options) {
  return std::make_unique<TensorsJsonEncoder>(options);
}

}  // namespace nnact
