// Regression checks: --expect FILE and --expect-dir DIR (SPEC.md section 6).
#pragma once

#include <string>

#include "cli.hpp"
#include "nnact/compare.hpp"

namespace nnact::app {

// Transforms each input and compares it with its expected file; prints a report of the
// mismatches on standard output. Returns 0 (all match), 1 (values differ) or an error code.
int run_checks(const Config& config);

// The report of one comparison that found differences, as text lines or one JSON line.
std::string format_report(const Comparison& comparison, const std::string& got_name,
                          const std::string& expected_name, const CheckConfig& check);

}  // namespace nnact::app
