// nnact as a library: an op on a buffer, then a CSV file to JSON through an op.
#include <nnact/pipeline.hpp>
#include <nnact/status.hpp>

#include <iostream>
#include <vector>

int main(int argc, char** argv) try {
  std::vector<double> values{-1.0, 0.0, 1.0};
  nnact::Op::make("gelu", {}, nnact::DType::kFloat64).apply(values);
  for (double v : values) std::cout << v << std::endl;  // -0.158655 0 0.841345

  if (argc < 2) return 0;
  nnact::RunOptions options;  // float32, like tf.constant
  options.read.format = nnact::format_from_extension(argv[1]);
  options.write.format = nnact::Format::kJson;
  nnact::Input input = nnact::Input::open(argv[1]);
  nnact::Output output = nnact::Output::standard_output();
  nnact::run_pipeline(input, nnact::Op::make("leaky_relu", {{"alpha", "0.01"}}, nnact::DType::kFloat32),
                      output, options);
  output.commit();
} catch (const nnact::Error& e) {  // e.kind(): usage, data or I/O
  std::cerr << e.what() << '\n';
  return 1;
}
