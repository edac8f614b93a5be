// compare_run: the expected file is read on a thread of its own into a short queue while the
// pipeline's result batches are compared with it as they come; neither stream is held whole.
// The expected file is read in the dtype of the result.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>

#include "compare/comparer.hpp"
#include "io/sniff.hpp"
#include "pipeline/batch_queue.hpp"

namespace nnact {
namespace {

bool is_json(Format format) { return format == Format::kJson; }

}  // namespace

Comparison compare_run(Input& input, const OpRequest& op, const RunOptions& options, Input& expected,
                       const ReadOptions& expected_options, const Tolerance& tolerance, std::size_t limit) {
  reject_binary_input(expected, expected_options.format);
  BatchQueue queue;
  std::thread reader;
  // The expected file is read from the first result batch on, once the result's dtype is known,
  // so that its text is read straight in that dtype (rounded once). Called on one thread at a
  // time: the pipeline's delivery, then ours.
  auto start_reader = [&](DType dtype) {
    if (reader.joinable()) return;
    ReadOptions read = expected_options;
    read.dtype = dtype;
    reader = read_into(queue, expected, read);
  };
  try {
    Comparer comparer(tolerance, limit, is_json(options.read.format), is_json(expected_options.format),
                      [&](Batch& batch) {
                        start_reader(options.read.dtype);  // no result at all
                        return queue.pop(batch);
                      });
    run_pipeline(input, op, [&](Batch&& batch) {
      start_reader(batch.dtype);
      comparer.add(std::move(batch));
    }, options);
    Comparison result = comparer.finish();
    reader.join();
    return result;
  } catch (...) {
    queue.stop();
    if (reader.joinable()) reader.join();
    throw;
  }
}

}  // namespace nnact
