// OPS.md's check values, special values and the axis ops.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "nnact/status.hpp"
#include "ops_helpers.hpp"

namespace nnact::test {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TEST_CASE("OPS.md check values, float32, shortest text") {
  const std::vector<double> a{-9, 7, -5, 3, -1, 1, -3, 5, -7, 9};
  CHECK(shortest_all(run_op("relu", a)) == "0,7,0,3,0,1,0,5,0,9");
  CHECK(shortest_all(run_op("relu6", a)) == "0,6,0,3,0,1,0,5,0,6");
  CHECK(shortest_all(run_op("leaky_relu", {-2, -1, 0, 1, 2})) == "-0.4,-0.2,0,1,2");
  const std::vector<double> g{-3, -1, 0, 1, 3};
  CHECK(shortest_all(run_op("gelu", g)) == "-0.004049694,-0.15865526,0,0.8413448,2.9959502");
  CHECK(shortest_all(run_op("gelu", g, {{"approximate", "tanh"}})) ==
        "-0.0036373916,-0.15880801,0,0.841192,2.9963627");
  const std::vector<double> s{-20, -1, 0, 1, 20};
  CHECK(shortest_all(run_op("sigmoid", s)) == "2.0611537e-09,0.26894143,0.5,0.7310586,1");
  CHECK(shortest_all(run_op("softplus", s)) == "2.0611537e-09,0.3132617,0.6931472,1.3132616,20");
  CHECK(shortest_all(run_op("tanh", g)) == "-0.9950548,-0.7615942,0,0.7615942,0.9950548");
  CHECK(shortest_all(run_op("mish", {-3, -1, 0, 1})) == "-0.14564747,-0.30340147,0,0.8650984");
  const std::vector<double> soft{static_cast<float>(-0.1), -10, 1, 0, 100};
  CHECK(shortest_all(run_op("softsign", soft)) == "-0.09090909,-0.90909094,0.5,0,0.990099");
  CHECK(shortest_all(run_op("hard_silu", g)) == "-0,-0.33333334,0,0.6666667,3");
}

TEST_CASE("crelu doubles each row: relu(x) then relu(-x)") {
  Batch batch;
  batch.values = {-9, 7, -5, 3, -1, 1, -3, 5, -7, 9};
  batch.rows = {5, 10};
  Op::make("crelu", {}, DType::kFloat32).transform(batch);
  CHECK(shortest_all(batch.values) == "0,7,0,3,0,9,0,5,0,1,1,0,5,0,9,0,3,0,7,0");
  CHECK(batch.rows == std::vector<std::size_t>{10, 20});
  CHECK(batch.rows_doubled);
}

TEST_CASE("crelu of +0 gives -0 in the negated half, as relu(-0.0) = -0.0") {
  Batch batch;
  batch.values = {0.0};
  batch.rows = {1};
  Op::make("crelu", {}, DType::kFloat64).transform(batch);
  REQUIRE(batch.values.size() == 2);
  CHECK(!std::signbit(batch.values[0]));
  CHECK(std::signbit(batch.values[1]));
}

TEST_CASE("softmax and log_softmax along rows of different lengths") {
  Batch batch;
  batch.values = {1, 2, 3, 0, 0, 5};
  batch.rows = {3, 5, 6};
  Op::make("softmax", {}, DType::kFloat32).transform(batch);
  CHECK(shortest_all(batch.values) == "0.09003057,0.24472848,0.66524094,0.5,0.5,1");
  batch.values = {1, 2, 3, 0, 0, 5};
  Op::make("log_softmax", {}, DType::kFloat32).transform(batch);
  CHECK(shortest_all(batch.values) == "-2.407606,-1.407606,-0.40760598,-0.6931472,-0.6931472,0");
}

TEST_CASE("log_softmax keeps tiny probabilities of the maximum (log1p of the rest)") {
  Batch batch;
  batch.values = {0, -40};
  batch.rows = {2};
  Op::make("log_softmax", {}, DType::kFloat64).transform(batch);
  // log(1 + e^-40) = 4.248354255291589e-18; 1 + e^-40 would round to 1.
  CHECK(shortest(batch.values[0], DType::kFloat64) == "-4.248354255291589e-18");
}

TEST_CASE("softmax: NaN spoils its row only, +inf takes the whole mass") {
  Batch batch;
  batch.values = {1, kNaN, 2, 3, kInf, kInf, 7};
  batch.rows = {2, 4, 7};
  Op::make("softmax", {}, DType::kFloat32).transform(batch);
  CHECK(std::isnan(batch.values[0]));
  CHECK(std::isnan(batch.values[1]));
  CHECK(shortest_all({batch.values.begin() + 2, batch.values.end()}) ==
        "0.26894143,0.7310586,0.5,0.5,0");
}

TEST_CASE("softmax and crelu along a dimension of a tensor (transform_along)") {
  std::vector<double> values{1, 0, 3, 0};  // rows {1, 0} and {3, 0}
  std::vector<std::size_t> shape{2, 2};
  Op::make("softmax", {{"axis", "0"}}, DType::kFloat32).transform_along(values, shape, 0);
  CHECK(shortest_all(values) == "0.11920292,0.5,0.8807971,0.5");
  std::vector<double> crelu{1, -2};
  Op::make("crelu", {{"axis", "0"}}, DType::kFloat32).transform_along(crelu, shape = {1, 2}, 0);
  CHECK(shortest_all(crelu) == "1,0,0,2");
  CHECK(shape == std::vector<std::size_t>{2, 2});
  // The middle axis of 2x2x1: relu(x) then relu(-x) inside each outer element.
  std::vector<double> cube{1, -2, -3, 4};
  Op::make("crelu", {{"axis", "1"}}, DType::kFloat32).transform_along(cube, shape = {2, 2, 1}, 1);
  CHECK(shortest_all(cube) == "1,0,0,2,0,4,3,0");
  CHECK(shape == std::vector<std::size_t>{2, 4, 1});
  std::vector<double> ragged{1, 2, 3};
  CHECK_THROWS_AS(Op::make("softmax", {}, DType::kFloat32).transform_along(ragged, shape = {2, 2}, 0), Error);
}

TEST_CASE("special values: NaN propagates through every element-wise op") {
  for (const OpSpec& spec : op_table()) {
    if (spec.along_axis) continue;
    const ParamValues params =
        spec.name == "threshold" ? ParamValues{{"threshold", "0"}, {"value", "5"}} : ParamValues{};
    for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
      CAPTURE(spec.name);
      CHECK(std::isnan(run_op(spec.name, {kNaN}, params, dtype)[0]));
    }
  }
}

TEST_CASE("special values: infinities give the limit") {
  for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
    CHECK(shortest_all(run_op("gelu", {-kInf, kInf}, {}, dtype), dtype) == "-0,inf");
    CHECK(shortest_all(run_op("gelu", {-kInf, kInf}, {{"approximate", "tanh"}}, dtype), dtype) ==
          "-0,inf");
    CHECK(shortest_all(run_op("silu", {-kInf, kInf}, {}, dtype), dtype) == "-0,inf");
    CHECK(shortest_all(run_op("silu", {-kInf, kInf}, {{"beta", "0"}}, dtype), dtype) == "-inf,inf");
    CHECK(shortest_all(run_op("mish", {-kInf, kInf}, {}, dtype), dtype) == "-0,inf");
    CHECK(shortest_all(run_op("hard_silu", {-kInf, kInf}, {}, dtype), dtype) == "-0,inf");
    CHECK(shortest_all(run_op("softsign", {-kInf, kInf}, {}, dtype), dtype) == "-1,1");
    CHECK(shortest_all(run_op("elu", {-kInf, kInf}, {}, dtype), dtype) == "-1,inf");
    CHECK(shortest_all(run_op("sigmoid", {-kInf, kInf}, {}, dtype), dtype) == "0,1");
    CHECK(shortest_all(run_op("log_sigmoid", {-kInf, kInf}, {}, dtype), dtype) == "-inf,-0");
    CHECK(shortest_all(run_op("softplus", {-kInf, kInf}, {}, dtype), dtype) == "0,inf");
    CHECK(shortest_all(run_op("tanhshrink", {-kInf, kInf}, {}, dtype), dtype) == "-inf,inf");
    CHECK(shortest_all(run_op("exponential", {-kInf, kInf}, {}, dtype), dtype) == "0,inf");
  }
}

TEST_CASE("signed zero follows the TF kernel") {
  for (const char* name : {"relu", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu",
                           "tanh", "softsign", "mish", "tanhshrink", "hardtanh"}) {
    CAPTURE(name);
    CHECK(shortest(run_op(name, {-0.0})[0]) == "-0");
  }
  CHECK(shortest(run_op("hardshrink", {-0.0})[0]) == "0");
  CHECK(shortest(run_op("softshrink", {-0.0})[0]) == "0");
  CHECK(shortest(run_op("hard_sigmoid", {-0.0})[0]) == "0.5");
}

// Each zero result derived from its reference kernel's formula (PyTorch's for the shrink ops,
// hardtanh and threshold; TF's for the rest). A constant 0 is +0; x * 0 keeps x's sign.
TEST_CASE("piecewise ops: the sign of a zero result is the reference kernel's") {
  for (DType dtype : {DType::kFloat32, DType::kFloat64}) {
    CAPTURE(dtype_name(dtype));
    auto text = [&](std::string_view op, std::vector<double> x, const ParamValues& p = {}) {
      return shortest_all(run_op(op, std::move(x), p, dtype), dtype);
    };
    // PyTorch softshrink / hardshrink and TF Addons: a constant 0 in the band.
    CHECK(text("softshrink", {-0.3, 0.3, -0.5, 0.5, -0.0, 0.0}) == "0,0,0,0,0,0");
    CHECK(text("softshrink", {-0.3, -0.0}, {{"lambd", "0"}}) == "-0.3,0");
    CHECK(text("hardshrink", {-0.3, 0.3, -0.5, -0.0}) == "0,0,0,0");
    CHECK(text("softshrink", {kNaN}) == "nan");
    CHECK(text("hardshrink", {kNaN}) == "nan");
    // hardtanh is clamp: the bound itself below it, x (with its sign) inside.
    CHECK(text("hardtanh", {-5, -0.0}, {{"min-val", "0"}, {"max-val", "6"}}) == "0,-0");
    CHECK(text("hardtanh", {5}, {{"min-val", "-6"}, {"max-val", "-0"}}) == "-0");
    // threshold: `value` as given, x otherwise.
    CHECK(text("threshold", {-1, -0.0}, {{"threshold", "0"}, {"value", "0"}}) == "0,0");
    CHECK(text("threshold", {-1}, {{"threshold", "0"}, {"value", "-0"}}) == "-0");
    // TF relu / relu6: max(x, 0) keeps -0.0, a negative x gives the constant +0.
    CHECK(text("relu", {-0.3, -0.0, -kInf}) == "0,-0,0");
    CHECK(text("relu6", {-0.3, -0.0}) == "0,-0");
    // TF leaky_relu: x * alpha for x <= 0, so -0.0 * 0.2 = -0 and -0.0 * -1 = +0.
    CHECK(text("leaky_relu", {-0.0, 0.0}) == "-0,0");
    CHECK(text("leaky_relu", {-0.0}, {{"alpha", "-1"}}) == "0");
    // TF elu tests x < 0: -0.0 is not below 0 and passes through.
    CHECK(text("elu", {-0.0, 0.0}) == "-0,0");
    // hard_sigmoid = relu6(x + 3) / 6: -3 + 3 = +0 and relu6 of a negative is +0.
    CHECK(text("hard_sigmoid", {-3, -5, -kInf}) == "0,0,0");
    // hard_silu = x * hard_sigmoid(x): a negative x times +0 is -0.
    CHECK(text("hard_silu", {-3, -5, -0.0, 0.0}) == "-0,-0,-0,0");
  }
}

TEST_CASE("subnormal results are kept, not flushed") {
  CHECK(shortest(run_op("sigmoid", {-100})[0]) == "3.8e-44");
  CHECK(shortest(run_op("exponential", {-100})[0]) == "3.8e-44");
  CHECK(shortest(run_op("log_sigmoid", {100})[0]) == "-3.8e-44");
  CHECK(shortest(run_op("gelu", {-13.5})[0]) == "-1.05554e-40");
  const double tiny = std::numeric_limits<float>::denorm_min();
  CHECK(run_op("elu", {-tiny})[0] == -tiny);
  CHECK(run_op("tanh", {tiny})[0] == tiny);
  CHECK(run_op("tanhshrink", {1e-30})[0] == 0);  // x^3 / 3 underflows below the subnormals
}

TEST_CASE("cancellation-prone ops stay accurate near 0") {
  CHECK(shortest(run_op("elu", {-1e-7})[0]) == "-9.9999994e-08");
  CHECK(shortest(run_op("tanhshrink", {1e-3})[0]) == "3.3333325e-10");
  CHECK(shortest(run_op("gelu", {-10})[0]) == "-7.619853e-23");
}

TEST_CASE("parameters are rounded to the dtype before use") {
  // 0.1f * -1 = -0.100000001490116..., not -0.1.
  CHECK(run_op("leaky_relu", {-1}, {{"alpha", "0.1"}}, DType::kFloat64)[0] == -0.1);
  CHECK(run_op("leaky_relu", {-1}, {{"alpha", "0.1"}}, DType::kFloat32)[0] ==
        static_cast<double>(-0.1f));
  CHECK(shortest(run_op("selu", {1})[0]) == "1.050701");
  CHECK(shortest(run_op("selu", {1}, {}, DType::kFloat64)[0], DType::kFloat64) ==
        "1.0507009873554805");
  CHECK(shortest_all(run_op("threshold", {1, 2, 3}, {{"threshold", "2"}, {"value", "-7"}})) ==
        "-7,-7,3");
  CHECK(shortest_all(run_op("hardtanh", {-5, 0.25, 5}, {{"min-val", "0"}, {"max-val", "2"}})) ==
        "0,0.25,2");
  CHECK(shortest_all(run_op("softshrink", {-2, 0.25, 2}, {{"lambd", "1"}})) == "-1,0,1");
  CHECK(shortest_all(run_op("hardshrink", {-2, 0.5, 2}, {{"lambd", "0.5"}})) == "-2,0,2");
  CHECK(shortest_all(run_op("leaky_relu", {-2, 2}, {{"alpha", "3"}})) == "-6,2");  // not max()
  CHECK(shortest_all(run_op("softplus", {5, 30}, {{"beta", "2"}, {"threshold", "15"}})) ==
        "5.000023,30");
}

TEST_CASE("softplus has no threshold unless asked, and hard_silu is x * (relu6(x + 3) / 6)") {
  // Issue 15: log1p(exp(20.5)) = 20.5 + 1.25e-9, which float64 resolves; PyTorch's threshold 20
  // gives x itself only when asked. (Values from mpmath: log(1 + exp(20.5)).)
  constexpr DType f64 = DType::kFloat64;
  CHECK(shortest(run_op("softplus", {20.5}, {}, f64)[0], f64) == "20.500000001250154");
  CHECK(shortest(run_op("softplus", {20.5}, {{"threshold", "20"}}, f64)[0], f64) == "20.5");
  CHECK(shortest(run_op("softplus", {20.5})[0]) == "20.5");  // float32 rounds to x anyway
  // (x * 6) / 6 overflows float32 above 5.7e37; x * (6 / 6) does not.
  CHECK(shortest_all(run_op("hard_silu", {1e38, 3e38})) == "1e+38,3e+38");
  CHECK(shortest_all(run_op("hard_silu", {-1.5, 0.3})) == "-0.375,0.165");
}

}  // namespace
}  // namespace nnact::test
