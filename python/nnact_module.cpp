// `import nnact`: the library's ops, registry and comparison on NumPy arrays (README "Python").
// Values go through the same Op::apply as the CLI, so results are the CLI's bit for bit.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "nnact/compare.hpp"
#include "nnact/ops.hpp"
#include "nnact/status.hpp"
#include "numeric/dtype_round.hpp"

namespace py = pybind11;

namespace {

using nnact::DType;

// NumPy's name for a computing dtype; bfloat16 has none.
const char* numpy_name(DType dtype) {
  switch (dtype) {
    case DType::kFloat16: return "float16";
    case DType::kFloat32: return "float32";
    case DType::kFloat64: return "float64";
    case DType::kBFloat16: break;
  }
  throw nnact::Error(nnact::ErrorKind::kUsage, "", "bfloat16 has no NumPy dtype: give dtype=float32 or float64");
}

// The array's own floating dtype; integer and bool arrays compute in float32, as the CLI does.
DType dtype_of(const py::array& x, const py::object& requested) {
  if (!requested.is_none()) {
    auto name = py::str(py::isinstance<py::str>(requested) ? requested
                                                           : py::dtype::from_args(requested).attr("name"))
                    .cast<std::string>();
    auto dtype = nnact::parse_dtype(name);
    if (!dtype) throw nnact::Error(nnact::ErrorKind::kUsage, "", "unknown dtype \"" + name + "\" (float16, float32, float64)");
    return *dtype;
  }
  char kind = x.dtype().kind();
  if (kind == 'f' && x.itemsize() == 2) return DType::kFloat16;
  if (kind == 'f' && x.itemsize() == 4) return DType::kFloat32;
  if (kind == 'f' && x.itemsize() == 8) return DType::kFloat64;
  if (kind == 'i' || kind == 'u' || kind == 'b') return DType::kFloat32;
  throw nnact::Error(nnact::ErrorKind::kUsage, "",
                     "cannot compute on dtype " + py::str(x.dtype()).cast<std::string>() +
                         " (float16, float32, float64 or integers)");
}

double load(std::uint16_t v) { return nnact::numeric::half_value(v); }
double load(float v) { return v; }
double load(double v) { return v; }
void store(double v, std::uint16_t& out) { out = nnact::numeric::half_bits(v); }
void store(double v, float& out) { out = static_cast<float>(v); }
void store(double v, double& out) { out = v; }

// in[0, n) -> out[0, n) through the op, in blocks of doubles; `in` may be `out`.
template <typename T>
void apply_range(const nnact::Op& op, const T* in, T* out, std::size_t n) {
  constexpr std::size_t kBlock = 4096;
  double block[kBlock];
  for (std::size_t i = 0; i < n; i += kBlock) {
    std::size_t m = std::min(kBlock, n - i);
    for (std::size_t j = 0; j < m; ++j) block[j] = load(in[i + j]);
    op.apply(std::span<double>(block, m));
    for (std::size_t j = 0; j < m; ++j) store(block[j], out[i + j]);
  }
}

// Element-wise: `jobs` threads on equal slices (the result does not depend on how it is cut).
template <typename T>
void apply_elementwise(const nnact::Op& op, const void* in, void* out, std::size_t n, unsigned jobs) {
  const T* src = static_cast<const T*>(in);
  T* dst = static_cast<T*>(out);
  constexpr std::size_t kPerThread = 1 << 16;
  jobs = static_cast<unsigned>(std::min<std::size_t>(jobs, std::max<std::size_t>(1, n / kPerThread)));
  if (jobs <= 1) return apply_range(op, src, dst, n);
  std::vector<std::thread> threads;
  std::size_t step = (n + jobs - 1) / jobs;
  for (std::size_t start = 0; start < n; start += step) {
    std::size_t m = std::min(step, n - start);
    threads.emplace_back([&op, src, dst, start, m] { apply_range(op, src + start, dst + start, m); });
  }
  for (auto& t : threads) t.join();
}

// Axis ops (softmax, log_softmax, crelu) along the last axis, through Op::transform.
template <typename T>
void apply_rows(const nnact::Op& op, const void* in, void* out, std::size_t n, std::size_t row) {
  nnact::Batch batch;
  const T* src = static_cast<const T*>(in);
  batch.values.resize(n);
  for (std::size_t i = 0; i < n; ++i) batch.values[i] = load(src[i]);
  for (std::size_t end = row; end <= n && row > 0; end += row) batch.rows.push_back(end);
  op.transform(batch);
  T* dst = static_cast<T*>(out);
  for (std::size_t i = 0; i < batch.values.size(); ++i) store(batch.values[i], dst[i]);
}

// f(x), or f'(x) with `grad` (element-wise ops only: an axis op's Jacobian is not element-wise).
py::array run_op(const std::string& name, const py::object& x_arg, const py::object& dtype_arg,
                 const py::object& out_arg, unsigned jobs, const py::kwargs& kwargs, bool grad) {
  nnact::ParamValues params;
  for (const auto& [key, value] : kwargs) {
    auto text = py::isinstance<py::bool_>(value) ? std::string(value.cast<bool>() ? "true" : "false")
                                                 : py::str(value).cast<std::string>();
    params[py::str(key).cast<std::string>()] = text;
  }
  py::array x = py::module_::import("numpy").attr("asarray")(x_arg);  // scalars, lists: no copy of arrays
  DType dtype = dtype_of(x, dtype_arg);
  nnact::Op op = nnact::Op::make(name, params, dtype, grad);
  if (grad && op.spec().along_axis) {
    throw nnact::Error(nnact::ErrorKind::kUsage, "", "nnact.grad: " + std::string(op.spec().name) +
                                                         " has no element-wise derivative (its Jacobian is not diagonal)");
  }
  // The input in the computing dtype, C order: the array itself when it already is (no copy).
  py::array in = py::module_::import("numpy").attr("asarray")(x, numpy_name(dtype), "C");
  std::vector<py::ssize_t> shape(in.shape(), in.shape() + in.ndim());
  std::size_t row = in.ndim() ? static_cast<std::size_t>(shape.back()) : 1;
  if (op.spec().along_axis && op.axis() != -1 && op.axis() != static_cast<int>(in.ndim()) - 1) {
    throw nnact::Error(nnact::ErrorKind::kUsage, "", "nnact.apply: " + std::string(op.spec().name) +
                                                         " works along the last axis only (axis=-1)");
  }
  if (op.spec().name == "crelu" && in.ndim() > 0) shape.back() *= 2;
  if (op.spec().name == "crelu" && in.ndim() == 0) shape.push_back(2);
  py::array result;
  if (out_arg.is_none()) {
    result = py::module_::import("numpy").attr("empty")(py::tuple(py::cast(shape)), in.dtype());
  } else {
    result = out_arg.cast<py::array>();
    bool fits = result.dtype().is(in.dtype()) && result.writeable() &&
                (result.flags() & py::array::c_style) && result.ndim() == static_cast<py::ssize_t>(shape.size()) &&
                std::equal(shape.begin(), shape.end(), result.shape());
    if (!fits) {
      throw nnact::Error(nnact::ErrorKind::kUsage, "",
                         std::string("out= must be a writeable C-contiguous ") + numpy_name(dtype) +
                             " array of the result's shape");
    }
  }
  auto n = static_cast<std::size_t>(in.size());
  const void* src = in.data();
  void* dst = result.mutable_data();
  if (jobs == 0) jobs = std::max(1u, std::thread::hardware_concurrency());
  {
    py::gil_scoped_release release;
    if (op.spec().along_axis) {
      if (dtype == DType::kFloat16) apply_rows<std::uint16_t>(op, src, dst, n, row);
      if (dtype == DType::kFloat32) apply_rows<float>(op, src, dst, n, row);
      if (dtype == DType::kFloat64) apply_rows<double>(op, src, dst, n, row);
    } else {
      if (dtype == DType::kFloat16) apply_elementwise<std::uint16_t>(op, src, dst, n, jobs);
      if (dtype == DType::kFloat32) apply_elementwise<float>(op, src, dst, n, jobs);
      if (dtype == DType::kFloat64) apply_elementwise<double>(op, src, dst, n, jobs);
    }
  }
  return result;
}

py::array apply(const std::string& name, const py::object& x, const py::object& dtype, const py::object& out,
                unsigned jobs, const py::kwargs& kwargs) {
  return run_op(name, x, dtype, out, jobs, kwargs, false);
}

py::array grad(const std::string& name, const py::object& x, const py::object& dtype, const py::object& out,
               unsigned jobs, const py::kwargs& kwargs) {
  return run_op(name, x, dtype, out, jobs, kwargs, true);
}

py::list ops() {
  py::list table;
  for (const auto& spec : nnact::op_table()) {
    py::list params;
    for (const auto& p : spec.params) {
      py::dict param;
      param["name"] = std::string(p.name);
      param["default"] = p.default_text.empty() ? py::object(py::none()) : py::str(std::string(p.default_text));
      param["range"] = std::string(p.range);
      param["help"] = std::string(p.help);
      params.append(param);
    }
    py::dict op;
    op["name"] = std::string(spec.name);
    op["aliases"] = std::vector<std::string>(spec.aliases.begin(), spec.aliases.end());
    op["along_axis"] = spec.along_axis;
    op["params"] = params;
    op["formula"] = std::string(spec.formula);
    op["notes"] = std::string(spec.notes);
    table.append(op);
  }
  return table;
}

// An array's values (as double) and its rows: the innermost axis, as the npy reader gives them.
nnact::Values values_of(const py::array& x, DType dtype) {
  py::array_t<double, py::array::c_style | py::array::forcecast> in =
      py::module_::import("numpy").attr("asarray")(x, numpy_name(dtype)).attr("astype")("float64");
  nnact::Values v;
  v.values.assign(in.data(), in.data() + in.size());
  std::size_t row = in.ndim() ? static_cast<std::size_t>(in.shape(in.ndim() - 1)) : 1;
  for (std::size_t end = row; end <= v.values.size() && row > 0; end += row) v.rows.push_back(end);
  return v;
}

py::dict compare(const py::array& got, const py::array& expected, double rtol, double atol,
                 const std::optional<std::uint64_t>& max_ulps, const py::object& dtype_arg, std::size_t limit) {
  DType dtype = dtype_of(got, dtype_arg);
  nnact::Tolerance tolerance{rtol, atol, max_ulps};
  nnact::Values a = values_of(got, dtype);
  nnact::Values b = values_of(expected, dtype);
  nnact::Comparison c;
  {
    py::gil_scoped_release release;
    c = nnact::compare(a, b, tolerance, dtype, limit);
  }
  auto ulps = [](std::uint64_t u) {
    return u == std::numeric_limits<std::uint64_t>::max() ? py::object(py::none()) : py::int_(u);
  };
  py::list first;
  for (const auto& m : c.first) {
    py::dict entry;
    entry["got"] = m.got;
    entry["expected"] = m.expected;
    entry["abs_diff"] = m.abs_diff;
    entry["rel_diff"] = m.rel_diff;
    entry["ulp_diff"] = ulps(m.ulp_diff);
    entry["row"] = m.position.row;
    entry["column"] = m.position.column;
    first.append(entry);
  }
  py::dict report;
  report["ok"] = c.ok();
  report["shape_matches"] = c.shape_matches;
  report["got_shape"] = c.got_shape;
  report["expected_shape"] = c.expected_shape;
  report["compared"] = c.compared;
  report["mismatches"] = c.mismatches;
  report["max_abs_diff"] = c.max_abs_diff;
  report["max_rel_diff"] = c.max_rel_diff;
  report["max_ulp_diff"] = ulps(c.max_ulp_diff);
  report["rtol"] = rtol;
  report["atol"] = atol;
  report["max_ulps"] = max_ulps ? py::object(py::int_(*max_ulps)) : py::object(py::none());
  report["first"] = first;
  return report;
}

}  // namespace

PYBIND11_MODULE(nnact, m) {
  m.doc() = "nnact: TensorFlow's activations on NumPy arrays, correctly rounded (the nnact library)";
  static py::exception<nnact::Error> data_error(m, "DataError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const nnact::Error& e) {
      if (e.kind() == nnact::ErrorKind::kIo) {
        PyErr_SetString(PyExc_OSError, e.what());
      } else if (e.kind() == nnact::ErrorKind::kData) {
        data_error(e.what());
      } else {
        PyErr_SetString(PyExc_ValueError, e.what());
      }
    }
  });
  m.def("apply", &apply, py::arg("op"), py::arg("x"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("out") = py::none(), py::arg("jobs") = 0u,
        "apply(op, x, *, dtype=None, out=None, jobs=0, **params) -> array of x's shape, the op applied.\n"
        "params: the op's parameters (alpha=0.01, approximate='tanh'); dtype: float16, float32 or float64\n"
        "(default: x's own; integers -> float32); out: a C-contiguous array to write (may be x);\n"
        "jobs: threads for large arrays (0: all cores). Raises ValueError for a usage error.");
  m.def("grad", &grad, py::arg("op"), py::arg("x"), py::kw_only(), py::arg("dtype") = py::none(),
        py::arg("out") = py::none(), py::arg("jobs") = 0u,
        "grad(op, x, *, dtype=None, out=None, jobs=0, **params) -> f'(x), the derivative of an element-wise op\n"
        "(nnact --grad: TF's gradient-kernel semantics at kinks), as apply() takes its arguments.");
  m.def("ops", &ops, "The op registry: a list of dicts (name, aliases, along_axis, params, formula, notes).");
  m.def("compare", &compare, py::arg("got"), py::arg("expected"), py::kw_only(), py::arg("rtol") = 1e-7,
        py::arg("atol") = 0.0, py::arg("max_ulps") = py::none(), py::arg("dtype") = py::none(),
        py::arg("limit") = 10,
        "compare(got, expected, *, rtol=1e-7, atol=0, max_ulps=None, dtype=None, limit=10) -> dict:\n"
        "the report of nnact --expect (--report json fields, plus ok).");
}
