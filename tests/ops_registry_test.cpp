// The op table, name lookup and "did you mean", and parameter errors.
#include <doctest/doctest.h>

#include <set>

#include "nnact/status.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

std::string usage_message(std::string_view op, const ParamValues& params = {}) {
  try {
    Op::make(op, params, DType::kFloat32);
  } catch (const Error& error) {
    CHECK(error.kind() == ErrorKind::kUsage);
    return error.what();
  }
  return "(no error)";
}

TEST_CASE("the table has OPS.md's 26 ops, each name and alias unique") {
  CHECK(op_table().size() == 26);
  std::set<std::string_view> names;
  for (const OpSpec& spec : op_table()) {
    CHECK(names.insert(spec.name).second);
    for (std::string_view alias : spec.aliases) CHECK(names.insert(alias).second);
    CHECK(!spec.formula.empty());
    CHECK(find_op(spec.name) == &spec);
  }
  CHECK(names.size() == 26 + 8);
}

TEST_CASE("aliases resolve to the TF op") {
  const std::pair<const char*, const char*> aliases[] = {
      {"leakyrelu", "leaky_relu"}, {"swish", "silu"},          {"hardsigmoid", "hard_sigmoid"},
      {"hard_swish", "hard_silu"}, {"hardswish", "hard_silu"}, {"logsigmoid", "log_sigmoid"},
      {"exp", "exponential"},      {"identity", "linear"}};
  for (const auto& [alias, name] : aliases) {
    REQUIRE(find_op(alias) != nullptr);
    CHECK(find_op(alias)->name == name);
    CHECK(Op::make(alias, {}, DType::kFloat64).spec().name == name);
  }
  CHECK(find_op("Relu") == nullptr);
  CHECK(find_op("") == nullptr);
}

TEST_CASE("only softmax, log_softmax and crelu work along an axis") {
  std::set<std::string_view> along;
  for (const OpSpec& spec : op_table()) {
    if (spec.along_axis) along.insert(spec.name);
  }
  CHECK(along == std::set<std::string_view>{"softmax", "log_softmax", "crelu"});
  CHECK_THROWS_AS(Op::make("softmax", {}, DType::kFloat32).apply({}), Error);
}

TEST_CASE("unknown ops name the closest ones") {
  CHECK(closest_op_names("rleu") == std::vector<std::string>{"relu", "elu", "selu"});
  CHECK(closest_op_names("swishh", 1) == std::vector<std::string>{"silu"});
  CHECK(closest_op_names("softmx", 2) == std::vector<std::string>{"softmax", "softplus"});
  CHECK(closest_op_names("SIGMOD", 1) == std::vector<std::string>{"sigmoid"});
  CHECK(usage_message("rleu") == "unknown op \"rleu\"; did you mean relu, elu, selu?");
}

TEST_CASE("a parameter the op does not take is named with those it does") {
  CHECK(usage_message("relu6", {{"alpha", "1"}}) ==
        "--alpha is not a parameter of relu6 (it takes no parameters)");
  CHECK(usage_message("softplus", {{"alpha", "1"}}) ==
        "--alpha is not a parameter of softplus (it takes: --beta, --threshold)");
  CHECK(usage_message("threshold", {{"value", "1"}}) ==
        "threshold needs --threshold (it takes: --threshold, --value)");
  CHECK(usage_message("threshold", {{"threshold", "1"}}) ==
        "threshold needs --value (it takes: --threshold, --value)");
}

TEST_CASE("parameter values are checked") {
  CHECK(usage_message("celu", {{"alpha", "0"}}) ==
        "--alpha must be finite and not 0 for celu, not 0");
  CHECK(usage_message("celu", {{"alpha", "1e-60"}}).find("not 0") != std::string::npos);
  CHECK(usage_message("softplus", {{"beta", "0"}}).find("--beta must be") == 0);
  CHECK(usage_message("hardtanh", {{"min-val", "2"}, {"max-val", "1"}}) ==
        "hardtanh needs --min-val <= --max-val, not 2 > 1");
  CHECK(usage_message("hardtanh", {{"min-val", "2"}}) ==
        "hardtanh needs --min-val <= --max-val, not 2 > 1");
  CHECK(usage_message("gelu", {{"approximate", "erf"}}) ==
        "--approximate must be one of none,tanh, not \"erf\"");
  CHECK(usage_message("softmax", {{"axis", "1.5"}}) == "--axis must be an integer, not \"1.5\"");
  CHECK(usage_message("elu", {{"alpha", "abc"}}) == "--alpha must be a number, not \"abc\"");
  CHECK(usage_message("elu", {{"alpha", "1x"}}) == "--alpha must be a number, not \"1x\"");
  CHECK(usage_message("elu", {{"alpha", "nan"}}) == "--alpha must be a number, not \"nan\"");
  CHECK(usage_message("softshrink", {{"lambd", "-1"}}) ==
        "--lambd must be >= 0 for softshrink, not -1");
  CHECK(usage_message("elu", {{"alpha", "+2"}}) == "(no error)");
  CHECK(Op::make("softmax", {{"axis", "0"}}, DType::kFloat32).axis() == 0);
  CHECK(Op::make("crelu", {}, DType::kFloat32).axis() == -1);
}

TEST_CASE("defaults come from the table") {
  CHECK(shortest(run_op("leaky_relu", {-1})[0]) == "-0.2");
  CHECK(shortest(run_op("elu", {-1})[0]) == "-0.63212055");
  CHECK(shortest(run_op("hardshrink", {0.5, 0.75})[0]) == "0");
  CHECK(shortest(run_op("hardtanh", {-3})[0]) == "-1");
}

}  // namespace
}  // namespace nnact::test
