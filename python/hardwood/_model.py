"""Compiled models with the reference estimator's own methods.

``compile`` exports an estimator (or takes a model file), runs the
``hardwood`` compiler to build a shared library in a private temporary
directory and loads it through the runtime bindings (``hardwood._native``);
``load`` reopens a library written by ``CompiledModel.save``.

A ``CompiledModel`` offers exactly the inference methods of the estimator it
was compiled from (``predict``, ``predict_proba``, ``decision_function``,
``score_samples``, ``apply``; others raise ``AttributeError``) and returns
the same shapes and dtypes as scikit-learn. The shapes and dtypes are
learned by calling each method of the estimator once on a single row at
compile time, and stored beside a saved library in ``PATH.hardwood.json``
together with the class labels (a shared library holds numeric labels only).
"""

import atexit
import json
import math
import numbers
import os
import shutil
import subprocess
import tempfile
import threading
import types
import warnings
import weakref

import numpy as np

from ._errors import CompileError

# scikit-learn method -> runtime kind (hw_kind_name).
_KINDS = {
    "predict": "predict",
    "predict_proba": "proba",
    "decision_function": "decision",
    "score_samples": "score",
    "apply": "leaf",
}
# compile(**options) -> hardwood compile flag.
_COMPILE_OPTIONS = {"input_type": "--input-type", "name": "--name",
                    "num_iterations": "--num-iterations",
                    "schedule": "--schedule"}
# compile(**options) that the Python side applies itself.
_PYTHON_OPTIONS = ("missing",)
SIDECAR_SUFFIX = ".hardwood.json"
_SIDECAR_FORMAT = "hardwood-python-model"


def _native():
    try:
        from . import _native as native
    except ImportError as exc:
        raise ImportError(
            "hardwood._native, the runtime bindings, is not available: build "
            "Hardwood with pybind11 and the Python headers (Debian: "
            "pybind11-dev python3-dev) and install it, or put the build's "
            "python/ directory on PYTHONPATH") from exc
    return native


# ---- Finding and running the compiler -------------------------------------

def _is_executable(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_compiler():
    """Path of the ``hardwood`` compiler: ``$HARDWOOD_CLI``, else
    ``$HARDWOOD_BUILD_DIR/bin/hardwood``, else the ``bin/`` of the prefix this
    package is installed in, else ``hardwood`` on ``PATH``."""
    explicit = os.environ.get("HARDWOOD_CLI")
    if explicit:
        if not _is_executable(explicit):
            raise CompileError(f"HARDWOOD_CLI={explicit} is not an executable file")
        return explicit
    candidates = []
    build = os.environ.get("HARDWOOD_BUILD_DIR")
    if build:
        candidates.append(os.path.join(build, "bin", "hardwood"))
    # Installed as PREFIX/lib/python3.X/dist-packages/hardwood/.
    package = os.path.dirname(os.path.abspath(__file__))
    candidates.append(os.path.join(package, *[os.pardir] * 4, "bin", "hardwood"))
    for candidate in candidates:
        if _is_executable(candidate):
            return os.path.normpath(candidate)
    on_path = shutil.which("hardwood")
    if on_path:
        return on_path
    raise CompileError(
        "cannot find the hardwood compiler: set HARDWOOD_CLI to it, or "
        "HARDWOOD_BUILD_DIR to a build tree, or put it on PATH")


def _run_compiler(model_path, library_path, target, options):
    command = [find_compiler(), "compile", model_path, "-o", library_path,
               "--emit", "so", "--target", str(target), "--quiet"]
    for key, value in sorted(options.items()):
        command += [_COMPILE_OPTIONS[key], str(value)]
    result = subprocess.run(command, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        raise CompileError(message or f"hardwood compile failed with exit "
                                      f"status {result.returncode}")


# ---- What the Python side knows beyond the library's descriptor -----------
#
# info = {"estimator": class name or None,
#         "methods": {method: {"shape": trailing dims, "dtype": numpy dtype}},
#         "classes": labels or None, "classes_dtype": numpy dtype or None,
#         "missing": a number that counts as missing (as NaN), or None}

def _kernel_signature(native, method):
    """Output shape and dtype of a method without a reference estimator."""
    width = native.output_width(_KINDS[method])
    if method == "apply":
        dtype = "int64"
    elif method == "predict" and "score" in native.kinds:
        dtype = "int64"  # anomaly labels -1 / 1
    else:
        dtype = "float64"
    return {"shape": [] if width == 1 else [width], "dtype": dtype}


def _probe(estimator, method, n_features):
    """Shape and dtype of ``estimator.method`` on one row, or None."""
    try:
        with warnings.catch_warnings():
            # A model fitted on a DataFrame warns about missing feature names.
            warnings.simplefilter("ignore")
            out = np.asarray(getattr(estimator, method)(np.zeros((1, n_features))))
    except Exception:  # pylint: disable=broad-except
        return None
    return {"shape": list(out.shape[1:]), "dtype": out.dtype.str}


def _estimator_info(estimator, native):
    methods = {}
    for method, kind in _KINDS.items():
        if kind in native.kinds and hasattr(estimator, method):
            methods[method] = (_probe(estimator, method, native.num_features)
                               or _kernel_signature(native, method))
    classes = getattr(estimator, "classes_", None) if native.num_classes else None
    return _make_info(type(estimator).__name__, methods, classes)


def _file_info(native, model_path=None):
    """Info for a model file or a bare library: the kinds it computes, class
    labels from Hardwood JSON when it has them, else from the library."""
    methods = {method: _kernel_signature(native, method)
               for method, kind in _KINDS.items() if kind in native.kinds}
    classes = None
    if native.num_classes:
        classes = _classes_from_json(model_path) if model_path else None
        if classes is None:
            labels = native.class_labels
            if labels is None:
                # Non-numeric labels of a library without its sidecar.
                classes = np.arange(native.num_classes)
            elif np.all(np.isfinite(labels)) and np.all(labels == np.round(labels)):
                classes = labels.astype(np.int64)
            else:
                classes = labels
    return _make_info(None, methods, classes)


def _classes_from_json(path):
    try:
        with open(path, "rb") as f:
            document = json.load(f)
    except (OSError, ValueError):  # not JSON (UnicodeDecodeError is a ValueError)
        return None
    if isinstance(document, dict) and document.get("format") == "hardwood-model":
        classes = document.get("classes")
        return None if classes is None else np.asarray(classes)
    return None


def _make_info(estimator, methods, classes):
    info = {"estimator": estimator, "methods": methods,
            "classes": None, "classes_dtype": None, "missing": None}
    if classes is not None:
        classes = np.asarray(classes)
        info["classes"] = classes.tolist()
        info["classes_dtype"] = classes.dtype.str
    return info


# ---- Deterministic release ------------------------------------------------

_open_models = weakref.WeakSet()
_open_models_lock = threading.Lock()


@atexit.register
def _close_all():
    """Unloads every model before the interpreter tears down modules, so no
    library is unmapped while the runtime still runs in the background."""
    with _open_models_lock:
        models = list(_open_models)
    for model in models:
        model.close()


def _method(function):
    """Marks a method of the reference estimator: present on a CompiledModel
    only when that estimator has it and the library computes it."""
    return _EstimatorMethod(function)


class _EstimatorMethod:
    def __init__(self, function):
        self.function = function
        self.__doc__ = function.__doc__
        self.name = function.__name__

    def __get__(self, model, owner=None):
        if model is None:
            return self
        if self.name not in model._methods:
            raise AttributeError(
                f"{model._describe()} has no method '{self.name}'"
                f" (available: {', '.join(sorted(model._methods)) or 'none'})")
        return types.MethodType(self.function, model)


class CompiledModel:
    """A compiled model loaded in this process, with the methods of the
    estimator it was compiled from.

    Attributes: ``n_threads`` (threads per call, 0 = one per hardware
    thread), ``n_features_in_``, ``classes_`` (classifiers), ``target``,
    ``missing`` (the value that counts as missing besides NaN, as XGBoost's
    ``missing``; NaN when there is none).
    Use ``close()`` (or a ``with`` block) to unload it early; it is also
    unloaded when garbage-collected and at interpreter exit.
    """

    def __init__(self, native_model, library_path, info, *, n_threads=0,
                 owned_dir=None):
        # Made by compile() and load(), which open the library.
        self._native = native_model
        self._closed = False
        self._owned_dir = owned_dir
        self._library_path = os.path.abspath(library_path)
        self._info = info
        self._methods = info["methods"]
        self._n_features = native_model.num_features
        self._target = native_model.target
        self._missing = info.get("missing")
        self._input_dtype = np.dtype(native_model.input_dtype)
        self.n_threads = n_threads
        self._classes = None
        self._index_of_label = None
        if info["classes"] is not None:
            self._classes = np.asarray(info["classes"], dtype=info["classes_dtype"])
            if "predict" in self._methods:
                self._index_of_label = self._label_lookup()
        with _open_models_lock:
            _open_models.add(self)

    # -- attributes ----------------------------------------------------------

    @property
    def classes_(self):
        if self._classes is None:
            raise AttributeError(f"{self._describe()} has no classes_")
        return self._classes

    @property
    def n_features_in_(self):
        return self._n_features

    @property
    def target(self):
        """Description of the target the library was compiled for."""
        return self._target

    @property
    def closed(self):
        return self._closed

    @property
    def missing(self):
        """The value that counts as missing besides NaN (XGBoost's
        ``missing``), NaN when only NaN does."""
        return math.nan if self._missing is None else self._missing

    # -- the estimator's methods -------------------------------------------

    @_method
    def predict(self, X):
        """Labels for classifiers (from ``classes_``), -1/1 for anomaly
        detectors, values for regressors; as the estimator's ``predict``."""
        out = self._native.predict("predict", self._rows(X), self.n_threads)
        if self._classes is not None:
            return self._classes.take(self._index_of_label(out))
        return self._shape("predict", out)

    @_method
    def predict_proba(self, X):
        """Class probabilities, n x n_classes, as ``predict_proba``."""
        return self._call("predict_proba", X)

    @_method
    def decision_function(self, X):
        """Raw scores as ``decision_function`` (1-D for one output)."""
        return self._call("decision_function", X)

    @_method
    def score_samples(self, X):
        """Anomaly scores as IsolationForest's ``score_samples``."""
        return self._call("score_samples", X)

    @_method
    def apply(self, X):
        """Leaf index reached in every tree, as the estimator's ``apply``."""
        return self._call("apply", X)

    # -- saving and releasing -----------------------------------------------

    def save(self, path):
        """Writes the shared library to ``path`` (loadable by ``hardwood.load``,
        ``hardwood predict`` and ``hw_model_load``) and the Python-side
        metadata to ``path + '.hardwood.json'``."""
        self._check_open()
        path = os.fspath(path)
        if os.path.abspath(path) != self._library_path:
            _write_atomically(path, 0o755,
                              lambda tmp: shutil.copyfile(self._library_path, tmp))
        sidecar = dict(self._info, format=_SIDECAR_FORMAT, version=1)
        _write_atomically(path + SIDECAR_SUFFIX, 0o644,
                          lambda tmp: _write_json(tmp, sidecar))

    def close(self):
        """Unloads the library (once no prediction is running) and deletes
        the temporary files of ``compile``. Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._native.close()
        if self._owned_dir is not None:
            shutil.rmtree(self._owned_dir, ignore_errors=True)
            self._owned_dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def __del__(self):
        if getattr(self, "_native", None) is not None:
            self.close()

    def __repr__(self):
        state = "closed" if self._closed else f"target {self._target!r}"
        return (f"<hardwood.CompiledModel of {self._info['estimator'] or 'a model file'}:"
                f" {self._n_features} features, {state}>")

    # -- helpers --------------------------------------------------------------

    def _describe(self):
        return f"this model compiled from {self._info['estimator'] or 'a model file'}"

    def _check_open(self):
        if self._closed:
            raise ValueError("the compiled model is closed")

    def _rows(self, X):
        self._check_open()
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(
                f"Expected a 2-D array of rows, got a {X.ndim}-D array; use "
                "X.reshape(1, -1) for a single row")
        if X.shape[1] != self._n_features:
            raise ValueError(
                f"X has {X.shape[1]} features, but "
                f"{self._info['estimator'] or 'the model'} is expecting "
                f"{self._n_features} features as input")
        if self._missing is not None:
            X = self._mark_missing(X)
        return X

    def _mark_missing(self, X):
        """A copy of X in the kernels' input type with the values equal to
        the missing value (compared in that type, as XGBoost compares in
        float32 after rounding the rows) replaced by NaN."""
        with np.errstate(over="ignore", invalid="ignore"):
            X = np.array(X, dtype=self._input_dtype, order="C")
            X[X == self._input_dtype.type(self._missing)] = np.nan
        return X

    def _call(self, method, X):
        out = self._native.predict(_KINDS[method], self._rows(X), self.n_threads)
        return self._shape(method, out)

    def _shape(self, method, out):
        signature = self._methods[method]
        shape = (out.shape[0],) + tuple(signature["shape"])
        if int(np.prod(shape)) == out.size:
            out = out.reshape(shape)
        return out.astype(signature["dtype"], copy=False)

    def _label_lookup(self):
        """Maps the predict kernel's output to class indices. The kernel
        writes the numeric label (float64; libraries built before labels
        were float64 may have rounded them to float32), or the class index
        when the labels are not numbers."""
        labels = self._native.class_labels
        if labels is None:
            return lambda out: out.astype(np.intp)
        labels = labels.astype(self._native.output_dtype("predict"))
        # Labels that round to one value map to the first of them.
        values, first = np.unique(labels, return_index=True)

        def index_of(out):
            positions = np.minimum(np.searchsorted(values, out), len(values) - 1)
            if not np.array_equal(values[positions], out):
                raise _native().HardwoodError(
                    "the compiled predict kernel wrote a value that is not a "
                    "class label")
            return first[positions]
        return index_of


# ---- Boosting libraries' own model objects ------------------------------------

def _library_model_file(model, workdir, options):
    """Writes an XGBoost or LightGBM model object (a Booster or a
    scikit-learn wrapper) to its library's own file format and returns the
    path, or None for other objects. A wrapper fitted with early stopping
    predicts with its best iteration only, so that becomes the default
    ``num_iterations``."""
    library = type(model).__module__.split(".")[0]
    if library == "xgboost":
        booster = model.get_booster() if hasattr(model, "get_booster") else model
        best = getattr(model, "best_iteration", None)
        if hasattr(model, "get_booster") and best is not None:
            options.setdefault("num_iterations", int(best) + 1)
        # The wrapper's predict builds its DMatrix with missing=self.missing;
        # a Booster has none (compile(booster, missing=...) gives it).
        if hasattr(model, "get_booster"):
            options.setdefault("missing", getattr(model, "missing", math.nan))
        path = os.path.join(workdir, "model.json")
        booster.save_model(path)
        return path
    if library == "lightgbm" or hasattr(model, "model_to_string"):
        booster = getattr(model, "booster_", model)
        best = getattr(booster, "best_iteration", 0)
        if best and best > 0:
            options.setdefault("num_iterations", int(best))
        path = os.path.join(workdir, "model.txt")
        with open(path, "w") as f:
            f.write(booster.model_to_string())
        return path
    return None


# ---- Public functions --------------------------------------------------------

def compile(model, target="native", *, n_threads=0, **options):  # pylint: disable=redefined-builtin
    """Compiles a fitted scikit-learn estimator, an XGBoost or LightGBM
    model object (``Booster`` or scikit-learn wrapper), or a model file
    (Hardwood JSON, XGBoost JSON/UBJSON, LightGBM text) for ``target`` and
    loads it: returns a ``CompiledModel``. Library objects and files get the
    methods their kernels compute: ``predict``, ``predict_proba`` and
    ``decision_function`` (the raw margin) for classifiers, ``apply``
    (leaf indices as the library's ``pred_leaf``).

    ``options``: ``input_type`` ("f32"/"f64": the kernels' input type),
    ``name`` (the C symbol prefix), ``num_iterations`` (keep the first
    boosting rounds only; an early-stopped XGBoost or LightGBM model uses
    its best iteration by default, as its own predict does), ``schedule``
    (the parameters of a ``#hardwood.schedule`` to use instead of the cost
    model's, e.g. ``"strategy = scalar_interleaved"``), ``missing``
    (a number that counts as missing besides NaN, as XGBoost's ``missing``:
    the methods replace input values equal to it, compared after conversion
    to the kernels' input type, with NaN; an XGBoost scikit-learn wrapper
    gives its own ``missing`` by default, a ``Booster`` has none). Raises
    ``UnsupportedModelError`` for an estimator Hardwood cannot export,
    ``CompileError`` when the compiler fails or is not found.
    """
    unknown = sorted(set(options) - set(_COMPILE_OPTIONS) - set(_PYTHON_OPTIONS))
    if unknown:
        raise TypeError(f"unknown compile option(s) {', '.join(unknown)}; "
                        f"expected {', '.join(sorted((*_COMPILE_OPTIONS, *_PYTHON_OPTIONS)))}")
    native = _native()  # fail early, before compiling, when it is missing
    workdir = tempfile.mkdtemp(prefix="hardwood-")
    try:
        library = os.path.join(workdir, "model.so")
        options = dict(options)
        estimator = None
        if isinstance(model, (str, os.PathLike)):
            model_path = os.fspath(model)
            if not os.path.isfile(model_path):
                raise FileNotFoundError(f"no such model file: {model_path}")
        elif (library_file := _library_model_file(model, workdir,
                                                   options)) is not None:
            model_path = library_file
        else:
            from .export import export
            estimator = model
            model_path = os.path.join(workdir, "model.json")
            export(estimator, model_path)
        missing = _missing_value(options.pop("missing", None))
        _run_compiler(model_path, library, target, options)
        native_model = native.Model(library)
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        info = (_estimator_info(estimator, native_model) if estimator is not None
                else _file_info(native_model, model_path))
        info["missing"] = missing
        if estimator is not None:
            os.unlink(model_path)
    except BaseException:
        native_model.close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    return CompiledModel(native_model, library, info, n_threads=n_threads,
                         owned_dir=workdir)


def load(path, *, n_threads=0):
    """Loads a library written by ``CompiledModel.save`` (or by ``hardwood
    compile --emit so``). Its sidecar ``path + '.hardwood.json'``, when
    present, restores the estimator's methods and class labels; without it
    the methods are the kinds the library computes and non-numeric class
    labels become their indices."""
    path = os.fspath(path)
    sidecar = path + SIDECAR_SUFFIX
    native_model = _native().Model(path)
    try:
        if os.path.isfile(sidecar):
            with open(sidecar, encoding="utf-8") as f:
                info = json.load(f)
            if info.get("format") != _SIDECAR_FORMAT or info.get("version") != 1:
                raise ValueError(f"{sidecar}: not a hardwood Python sidecar "
                                 "(format hardwood-python-model, version 1)")
            info = dict({key: info[key] for key in
                         ("estimator", "methods", "classes", "classes_dtype")},
                        missing=_missing_value(info.get("missing")))
        else:
            info = _file_info(native_model)
    except BaseException:
        native_model.close()
        raise
    return CompiledModel(native_model, path, info, n_threads=n_threads)


def _missing_value(value):
    """The ``missing`` option as a float, or None when only NaN is missing."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"missing must be a number, got {value!r}")
    value = float(value)
    return None if math.isnan(value) else value


def _write_json(path, document):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)


def _write_atomically(path, mode, write):
    """Calls ``write(tmp)`` for a file next to ``path``, then renames it over
    ``path`` with ``mode``: a failure leaves no partial file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".hardwood-", dir=directory)
    os.close(fd)
    try:
        write(tmp)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
