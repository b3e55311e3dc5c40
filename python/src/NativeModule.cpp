//===- NativeModule.cpp - hardwood._native: runtime bindings --------------===//
//
// Binds the runtime's C API (hardwood.h) for the Python package: load a
// compiled model, query its metadata and predict into new numpy arrays.
// Links only the runtime: no MLIR or LLVM in the extension module.
//
//===----------------------------------------------------------------------===//

#include "hardwood/hardwood.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace py = pybind11;

namespace {

/// C-order copies in the model's input dtype, for inputs read as they are
/// only when float32/float64 with contiguous rows.
using F32Rows = py::array_t<float, py::array::c_style | py::array::forcecast>;
using F64Rows = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// Raised for runtime failures that are neither bad arguments nor I/O: a
/// model built for another ABI, an inconsistent model, a runtime bug.
py::exception<std::runtime_error> *hardwoodError = nullptr;

/// Throws the Python exception matching `status`, with the runtime's message
/// for this thread (hw_last_error is per thread, and the failing call ran on
/// this one even with the GIL released).
[[noreturn]] void throwStatus(hw_status status) {
  std::string message = hw_last_error();
  if (message.empty())
    message = hw_status_string(status);
  switch (status) {
  case HW_ERR_INVALID_ARGUMENT:
  case HW_ERR_SHAPE:
  case HW_ERR_UNSUPPORTED_KIND:
    throw py::value_error(message);
  case HW_ERR_IO:
    PyErr_SetString(PyExc_OSError, message.c_str());
    throw py::error_already_set();
  case HW_ERR_OUT_OF_MEMORY:
    PyErr_SetString(PyExc_MemoryError, message.c_str());
    throw py::error_already_set();
  default:
    PyErr_SetString(hardwoodError->ptr(), message.c_str());
    throw py::error_already_set();
  }
}

void check(hw_status status) {
  if (status != HW_OK)
    throwStatus(status);
}

hw_kind parseKind(const std::string &name) {
  hw_kind kind;
  check(hw_kind_from_name(name.c_str(), &kind));
  return kind;
}

/// Names of the CPU features whose bits are set in `bits`, in bit order.
std::vector<std::string> cpuFeatureNames(uint64_t bits) {
  std::vector<std::string> names;
  for (uint32_t bit = 0; bit < 64; ++bit)
    if (bits & (uint64_t{1} << bit)) {
      const char *name = hw_cpu_feature_name(bit);
      names.push_back(name ? name : "bit " + std::to_string(bit));
    }
  return names;
}

py::dtype numpyDtype(hw_dtype dtype) {
  switch (dtype) {
  case HW_DTYPE_F32:
    return py::dtype::of<float>();
  case HW_DTYPE_F64:
    return py::dtype::of<double>();
  case HW_DTYPE_I32:
    return py::dtype::of<int32_t>();
  }
  throw std::runtime_error("unknown dtype in model");
}

const char *dtypeName(hw_dtype dtype) {
  const char *name = hw_dtype_name(dtype);
  return name ? name : "unknown";
}

/// A loaded model. The hw_model is shared with running predictions, so that
/// close() from another thread while a prediction runs without the GIL frees
/// it only after that prediction returns.
class Model {
public:
  explicit Model(const std::string &path,
                 const std::optional<std::string> &symbol) {
    hw_model *raw = nullptr;
    hw_status status;
    {
      py::gil_scoped_release release;
      status =
          hw_model_load(path.c_str(), symbol ? symbol->c_str() : nullptr, &raw);
    }
    check(status);
    model = std::shared_ptr<hw_model>(raw, hw_model_free);
  }

  void close() { model.reset(); }
  bool closed() const { return !model; }

  int64_t numFeatures() const { return query(hw_model_num_features); }
  int64_t numClasses() const { return query(hw_model_num_classes); }
  int64_t numTrees() const { return query(hw_model_num_trees); }

  std::string inputDtype() const {
    hw_dtype dtype;
    check(hw_model_input_dtype(get(), &dtype));
    return dtypeName(dtype);
  }

  /// Names of the kinds the model computes, in kind order.
  std::vector<std::string> kinds() const {
    uint32_t bits = 0;
    check(hw_model_supported_kinds(get(), &bits));
    std::vector<std::string> names;
    for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
      if (bits & (1u << kind))
        names.push_back(hw_kind_name(static_cast<hw_kind>(kind)));
    return names;
  }

  /// Numeric class labels in class order, or None when the model has no
  /// classes or its labels are not numbers.
  py::object classLabels() const {
    const double *labels = nullptr;
    check(hw_model_class_labels(get(), &labels));
    int64_t count = numClasses();
    if (!labels || count == 0)
      return py::none();
    py::array_t<double> result(count);
    std::memcpy(result.mutable_data(), labels, count * sizeof(double));
    return std::move(result);
  }

  int64_t outputWidth(const std::string &kind) const {
    int64_t width = 0;
    check(hw_model_output_width(get(), parseKind(kind), &width));
    return width;
  }

  int64_t minParallelRows(const std::string &kind) const {
    int64_t rows = 0;
    check(hw_model_min_parallel_rows(get(), parseKind(kind), &rows));
    return rows;
  }

  std::string outputDtype(const std::string &kind) const {
    hw_dtype dtype;
    check(hw_model_output_dtype(get(), parseKind(kind), &dtype));
    return dtypeName(dtype);
  }

  std::string name() const { return queryString(hw_model_name); }
  std::string target() const { return queryString(hw_model_target); }
  std::string contentHash() const { return queryString(hw_model_content_hash); }

  /// Names of the CPU features the model's code needs.
  std::vector<std::string> cpuFeatures() const {
    uint64_t bits = 0;
    check(hw_model_cpu_features(get(), &bits));
    return cpuFeatureNames(bits);
  }

  /// Computes `kind` for the rows of the 2-D array `x`. float32/float64 rows
  /// whose elements are contiguous are read in place (any row stride); other
  /// layouts and dtypes are converted once to the model's input dtype.
  py::array predict(const std::string &kindName, py::array x, int threads,
                    bool widenToFloat64) const {
    std::shared_ptr<hw_model> keep = model;
    if (!keep)
      throw py::value_error("the model is closed");
    hw_kind kind = parseKind(kindName);
    if (x.ndim() != 2)
      throw py::value_error("expected a 2-D array of rows, got " +
                            std::to_string(x.ndim()) + " dimension(s)");
    int64_t features = numFeatures();
    int64_t rows = x.shape(0);
    if (x.shape(1) != features)
      throw py::value_error("X has " + std::to_string(x.shape(1)) +
                            " features, but the model expects " +
                            std::to_string(features) + " features");
    int64_t width = 0;
    hw_dtype outDtype;
    check(hw_model_output_width(keep.get(), kind, &width));
    check(hw_model_output_dtype(keep.get(), kind, &outDtype));

    hw_dtype xDtype;
    int64_t rowStride = features;
    if (!readInPlace(x, xDtype, rowStride)) {
      check(hw_model_input_dtype(keep.get(), &xDtype));
      x = xDtype == HW_DTYPE_F32 ? py::array(F32Rows(x))
                                 : py::array(F64Rows(x));
      rowStride = features;
      // The conversion keeps a C-contiguous array of the right dtype as it
      // is, even misaligned (e.g. a buffer received over the network); the
      // runtime refuses those, so copy it into fresh, aligned memory.
      if (!(x.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_)) {
        py::array aligned(x.dtype(),
                          std::vector<py::ssize_t>{x.shape(0), x.shape(1)});
        std::memcpy(aligned.mutable_data(), x.data(),
                    static_cast<size_t>(x.nbytes()));
        x = aligned;
      }
    }

    std::vector<py::ssize_t> shape{static_cast<py::ssize_t>(rows)};
    if (width != 1)
      shape.push_back(static_cast<py::ssize_t>(width));
    // float32 results the caller wants as float64 (sklearn's dtype) are
    // widened here, exactly, instead of by a second array's astype.
    bool widen = widenToFloat64 && outDtype == HW_DTYPE_F32;
    py::array out(numpyDtype(widen ? HW_DTYPE_F64 : outDtype), shape);
    const int64_t elements = rows * width;
    std::vector<float> narrowHeap;
    float narrowStack[kStackOutputElements];
    float *narrow = nullptr;
    if (widen) {
      if (elements > kStackOutputElements) {
        narrowHeap.resize(static_cast<size_t>(elements));
        narrow = narrowHeap.data();
      } else {
        narrow = narrowStack;
      }
    }
    hw_predict_options options = HW_PREDICT_OPTIONS_INIT;
    options.threads = threads;
    const void *xData = x.data();
    void *outData = widen ? narrow : out.mutable_data();
    hw_status status;
    {
      // `x` and `out` stay referenced by this frame, `keep` holds the model.
      py::gil_scoped_release release;
      status = hw_predict(keep.get(), kind, xData, xDtype, rows, rowStride,
                          outData, &options);
    }
    check(status);
    if (widen) {
      auto *wide = static_cast<double *>(out.mutable_data());
      for (int64_t i = 0; i < elements; ++i)
        wide[i] = narrow[i];
    }
    return out;
  }

private:
  std::shared_ptr<hw_model> model;

  /// Outputs of up to this many elements are widened from the stack.
  static constexpr int64_t kStackOutputElements = 256;

  const hw_model *get() const {
    if (!model)
      throw py::value_error("the model is closed");
    return model.get();
  }

  int64_t query(hw_status (*fn)(const hw_model *, int64_t *)) const {
    int64_t value = 0;
    check(fn(get(), &value));
    return value;
  }

  std::string queryString(hw_status (*fn)(const hw_model *,
                                          const char **)) const {
    const char *value = nullptr;
    check(fn(get(), &value));
    return value ? value : "";
  }

  /// True when the runtime can read `x` as it is: float32 or float64,
  /// aligned, contiguous within each row, rows a whole number of elements
  /// apart and in increasing order. Sets the dtype and row stride.
  static bool readInPlace(const py::array &x, hw_dtype &dtype,
                          int64_t &rowStride) {
    if (x.dtype().is(py::dtype::of<float>()))
      dtype = HW_DTYPE_F32;
    else if (x.dtype().is(py::dtype::of<double>()))
      dtype = HW_DTYPE_F64;
    else
      return false;
    if (!(x.flags() & py::detail::npy_api::NPY_ARRAY_ALIGNED_))
      return false;
    py::ssize_t item = x.itemsize();
    py::ssize_t rows = x.shape(0), columns = x.shape(1);
    // Strides of a dimension of extent 1 are meaningless to numpy.
    if (columns > 1 && x.strides(1) != item)
      return false;
    if (rows <= 1)
      return true; // rowStride stays num_features
    py::ssize_t stride = x.strides(0);
    if (stride < columns * item || stride % item != 0)
      return false;
    rowStride = stride / item;
    return true;
  }
};

} // namespace

PYBIND11_MODULE(_native, m) {
  m.doc() = "Bindings of the Hardwood runtime (hardwood.h): load a compiled "
            "model and predict with it. Used by hardwood.CompiledModel.";
  // Never destroyed: a static would release its reference after the
  // interpreter is gone.
  hardwoodError = new py::exception<std::runtime_error>(m, "HardwoodError",
                                                        PyExc_RuntimeError);
  m.attr("runtime_version") = hw_runtime_version();
  m.attr("abi_version") = hw_runtime_abi_version();
  // The runtime's table of kinds (HW_KIND_TABLE), in kind order.
  py::list kindNames;
  for (int kind = 0; kind < HW_KIND_COUNT; ++kind)
    kindNames.append(hw_kind_name(static_cast<hw_kind>(kind)));
  m.attr("kind_names") = py::tuple(kindNames);
  m.def(
      "host_cpu_features",
      [] {
        uint64_t bits = 0;
        check(hw_host_cpu_features(&bits));
        return cpuFeatureNames(bits);
      },
      "Names of the CPU features this host has, as the runtime checks them "
      "when loading a model (less those HARDWOOD_TEST_DISABLE_CPU_FEATURES "
      "names).");

  py::class_<Model>(m, "Model",
                    "A compiled model loaded from a shared library.")
      .def(py::init<const std::string &, const std::optional<std::string> &>(),
           py::arg("path"), py::arg("symbol") = py::none(),
           "Loads the model from the shared library at `path` (OSError when "
           "it cannot be opened, HardwoodError for an ABI mismatch, an "
           "invalid model or CPU features this host lacks).")
      .def("close", &Model::close,
           "Frees the model and unloads its library once no prediction uses "
           "it. Idempotent.")
      .def_property_readonly("closed", &Model::closed)
      .def_property_readonly("num_features", &Model::numFeatures)
      .def_property_readonly("num_classes", &Model::numClasses)
      .def_property_readonly("num_trees", &Model::numTrees)
      .def_property_readonly("input_dtype", &Model::inputDtype)
      .def_property_readonly("kinds", &Model::kinds,
                             "Names of the kinds the model computes.")
      .def_property_readonly("class_labels", &Model::classLabels)
      .def_property_readonly("name", &Model::name)
      .def_property_readonly("target", &Model::target)
      .def_property_readonly("content_hash", &Model::contentHash,
                             "'sha256:<hex>' of the model file it was "
                             "compiled from.")
      .def_property_readonly("cpu_features", &Model::cpuFeatures,
                             "Names of the CPU features its code needs.")
      .def("output_width", &Model::outputWidth, py::arg("kind"))
      .def("output_dtype", &Model::outputDtype, py::arg("kind"))
      .def("min_parallel_rows", &Model::minParallelRows, py::arg("kind"),
           "The fewest rows a prediction of `kind` may run on more than one "
           "thread; smaller batches run on the calling thread whatever the "
           "thread count.")
      .def("predict", &Model::predict, py::arg("kind"), py::arg("x"),
           py::arg("threads") = 0, py::arg("widen_to_float64") = false,
           "Computes `kind` (predict, proba, decision, score, leaf) for the "
           "rows of the 2-D array `x` with `threads` threads (0: all). "
           "Returns a new array: 1-D when the kind has one value per row; "
           "float64 when `widen_to_float64` and the kernel writes float32 "
           "(each value widened exactly). Releases the GIL while it runs.");
}
