"""Compiled models with the reference estimator's own methods.

A ``CompiledModel`` holds a compiled shared library loaded through the
runtime bindings (``hardwood._native``) and offers exactly the inference
methods of the estimator it was compiled from (``predict``,
``predict_proba``, ``decision_function``, ``score_samples``, ``apply``;
others raise ``AttributeError``), returning the same shapes and dtypes as
scikit-learn. The shapes and dtypes are learned by calling each method of
the estimator once on a single row at compile time, and travel with the
library (in ``PATH.hardwood.json`` beside a saved library, inside a pickle)
together with the class labels (a shared library holds numeric labels only)
and the feature names.

The model keeps the library's bytes: it pickles and deep-copies with them,
and unpickling needs the runtime bindings only, not the compiler (the bytes
are written to a private temporary file, loaded, and the file deleted at
once). ``compile`` and ``load`` live in ``_compile``.
"""

import atexit
import hashlib
import json
import math
import os
import shutil
import tempfile
import threading
import types
import typing
import uuid
import warnings
import weakref

import numpy as np

from . import _frames, _threads

_FLOAT64 = np.dtype(np.float64)

# scikit-learn method -> runtime kind (hw_kind_name).
_KINDS = {
    "predict": "predict",
    "predict_proba": "proba",
    "decision_function": "decision",
    "score_samples": "score",
    "apply": "leaf",
}
SIDECAR_SUFFIX = ".hardwood.json"
_SIDECAR_FORMAT = "hardwood-python-model"
_PICKLE_FORMAT = "hardwood-pickled-model"


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


def load_library_bytes(data):
    """Loads a shared library given as bytes: writes it to a file with a
    unique name in a private temporary directory (``TMPDIR``; it must allow
    executable mappings, as for ``compile``), loads it and deletes the file
    and the directory at once: the mapping keeps the code, nothing is left
    on disk even if the process dies later. The name is never reused, so the
    dynamic loader cannot mistake it for a library loaded before."""
    native = _native()
    directory = tempfile.mkdtemp(prefix="hardwood-load-")
    try:
        path = os.path.join(directory, f"model-{uuid.uuid4().hex}.so")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o700)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        return native.Model(path)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


# ---- What the Python side knows beyond the library's descriptor -----------
#
# info = {"estimator": class name or None,
#         "methods": {method: {"shape": trailing dims, "dtype": numpy dtype}},
#         "classes": labels or None, "classes_dtype": numpy dtype or None,
#         "missing": a number that counts as missing (as NaN), or None,
#         "feature_names": column names in input order, or None}

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
    return _make_info(type(estimator).__name__, methods, classes,
                      _frames.names_of(estimator))


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


def _make_info(estimator, methods, classes, feature_names=None):
    info = {"estimator": estimator, "methods": methods,
            "classes": None, "classes_dtype": None, "missing": None,
            "feature_names": feature_names}
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


class _CallPlan(typing.NamedTuple):
    """A method's runtime kind, thread bound and output shape (_plan)."""
    kind: str
    min_parallel_rows: int
    labels: bool
    widen: bool
    trailing: tuple
    dtype: np.dtype
    reshape: bool


class CompiledModel:
    """A compiled model loaded in this process, with the methods of the
    estimator it was compiled from.

    Attributes: ``n_threads`` (threads per call; 0 or None: the default,
    ``HARDWOOD_NUM_THREADS`` or else the CPUs this process may use, its CPU
    affinity capped by its cgroup CPU quota; negative: counted back from
    those CPUs as joblib's ``n_jobs``), ``n_jobs`` (the same attribute under
    scikit-learn's name), ``n_features_in_``, ``feature_names_in_`` (when
    the model was fitted on named columns), ``classes_`` (classifiers),
    ``target``, ``missing`` (the value that counts as missing besides NaN,
    as XGBoost's ``missing``; NaN when there is none), ``content_hash``
    (sha256 of the library's bytes).

    Methods accept 2-D arrays and pandas DataFrames; a DataFrame's columns
    are matched by name to ``feature_names_in_`` (any order; missing or
    unknown columns are an error naming them).

    It pickles and deep-copies (``pickle``, ``joblib``, ``copy.deepcopy``,
    Dask): the library's bytes travel with it, and loading the copy needs the
    runtime only, not the compiler, on a CPU with the features its target
    needs. Use ``close()`` (or a ``with`` block) to unload it early; it is
    also unloaded when garbage-collected and at interpreter exit.
    """

    def __init__(self, native_model, library_bytes, info, *, n_threads=0,
                 owned_dir=None):
        # Made by compile(), load() and unpickling, which open the library.
        self._native = native_model
        self._closed = False
        self._owned_dir = owned_dir
        self._library_bytes = bytes(library_bytes)
        self._content_hash = None
        self._info = info
        self._methods = info["methods"]
        self._signatures = {}
        self._plans = {}
        self._n_features = native_model.num_features
        # Per kind, the fewest rows the runtime may run on several threads:
        # smaller batches skip resolving the default thread count (batch-1
        # latency).
        self._min_parallel_rows = {
            kind: native_model.min_parallel_rows(kind)
            for kind in native_model.kinds}
        self._feature_names = _frames.check_names(info.get("feature_names"),
                                                  self._n_features)
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
    def feature_names_in_(self):
        """Column names in input order, when the model was fitted on named
        columns (a DataFrame) or given ``feature_names`` at compile time."""
        if self._feature_names is None:
            raise AttributeError(f"{self._describe()} has no feature_names_in_"
                                 " (it was not fitted on named columns)")
        return np.asarray(self._feature_names, dtype=object)

    @property
    def n_threads(self):
        return self._n_threads

    @n_threads.setter
    def n_threads(self, value):
        self._n_threads = _threads.check(value)

    @property
    def n_jobs(self):
        """Alias of ``n_threads`` under scikit-learn's and joblib's name."""
        return self._n_threads

    @n_jobs.setter
    def n_jobs(self, value):
        self._n_threads = _threads.check(value, "n_jobs")

    @property
    def content_hash(self):
        """``"sha256:<hex>"`` of the library's bytes: equal for two
        artifacts exactly when their code is."""
        if self._content_hash is None:
            self._content_hash = "sha256:" + hashlib.sha256(
                self._library_bytes).hexdigest()
        return self._content_hash

    @property
    def cpu_features(self):
        """Names of the CPU features the library's code needs."""
        self._check_open()
        return list(self._native.cpu_features)

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
        return self._call("predict", X)

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
        metadata to ``path + '.hardwood.json'``, each atomically."""
        self._check_open()
        path = os.fspath(path)
        _write_atomically(path, 0o755, lambda tmp: _write_bytes(
            tmp, self._library_bytes))
        sidecar = dict(self._info, format=_SIDECAR_FORMAT, version=1)
        _write_atomically(path + SIDECAR_SUFFIX, 0o644,
                          lambda tmp: _write_json(tmp, sidecar))

    def to_bytes(self):
        """The shared library's bytes (``hardwood.load(bytes)`` reopens them,
        without the Python-side metadata; pickle keeps both)."""
        return self._library_bytes

    def __reduce__(self):
        return (_unpickle, (self._state(),))

    def __deepcopy__(self, memo):
        # An independent model (its own loaded library), as unpickling gives.
        return _unpickle(self._state())

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

    def _thread_count(self):
        return _threads.resolve(self._n_threads)

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
        if _frames.is_dataframe(X):
            X = _frames.select_columns(
                X, self._feature_names, self._info["estimator"] or "the model")
        # Arrays rebuilt from a network buffer (Dask, pickle protocol 5) can
        # start at any byte: the native module copies those into aligned
        # memory (the runtime reads aligned elements only).
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

    def _call(self, method, X, threads=None):
        """``method`` on X with ``threads`` threads (None: n_threads)."""
        plan = self._plans.get(method) or self._plan(method)
        # An ndarray of the right shape needs none of _rows' conversions
        # (batch-1 latency); anything else goes through them.
        if not (type(X) is np.ndarray and X.ndim == 2  # noqa: E721
                and X.shape[1] == self._n_features and self._missing is None
                and not self._closed):
            X = self._rows(X)
        if threads is None:
            threads = (1 if X.shape[0] < plan.min_parallel_rows
                       else self._thread_count())
        if plan.labels:
            out = self._native.predict(plan.kind, X, threads)
            return self._classes.take(self._index_of_label(out))
        out = self._native.predict(plan.kind, X, threads, plan.widen)
        return self._shape(out, plan.trailing, plan.dtype) if plan.reshape \
            else out

    def _plan(self, method):
        """What every call of ``method`` does, worked out once."""
        kind = _KINDS[method]
        trailing, dtype = self._signature(method)
        widen = dtype == _FLOAT64
        produced = np.dtype(self._native.output_dtype(kind))
        if widen and produced == np.float32:
            produced = _FLOAT64
        width = self._native.output_width(kind)
        plan = _CallPlan(
            kind=kind, min_parallel_rows=self._min_parallel_rows[kind],
            labels=method == "predict" and self._classes is not None,
            widen=widen, trailing=trailing, dtype=dtype,
            # The runtime's result is (rows,) or (rows, width), in the
            # kernel's dtype: _shape only where the estimator's differs.
            reshape=(trailing != (() if width == 1 else (width,))
                     or produced != dtype))
        self._plans[method] = plan
        return plan

    def _state(self):
        """What a pickle carries: the library's bytes and the metadata."""
        self._check_open()
        return {"format": _PICKLE_FORMAT, "version": 1,
                "library": self._library_bytes, "info": self._info,
                "n_threads": self._n_threads}

    def _output_signature(self, method):
        """(trailing shape, numpy dtype) of ``method``'s result."""
        if method == "predict" and self._classes is not None:
            return (), self._classes.dtype
        return self._signature(method)

    def _signature(self, method):
        """(trailing shape, numpy dtype) of ``method``'s result, parsed once
        per method: batch-1 calls must not pay for it."""
        signature = self._signatures.get(method)
        if signature is None:
            signature = (tuple(self._methods[method]["shape"]),
                         np.dtype(self._methods[method]["dtype"]))
            self._signatures[method] = signature
        return signature

    @staticmethod
    def _shape(out, trailing, dtype):
        """The kernel's output `out` in the estimator's shape and dtype."""
        if trailing and out.shape[1:] != trailing:
            shape = (out.shape[0],) + trailing
            if math.prod(shape) == out.size:
                out = out.reshape(shape)
        return out if out.dtype == dtype else out.astype(dtype)

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




def _unpickle(state):
    """Rebuilds a pickled ``CompiledModel`` from its library bytes."""
    if not isinstance(state, dict) or state.get("format") != _PICKLE_FORMAT:
        raise ValueError("not a pickled hardwood.CompiledModel")
    if state.get("version") != 1:
        raise ValueError(f"pickled hardwood.CompiledModel of version "
                         f"{state.get('version')!r}; this hardwood reads "
                         "version 1: upgrade hardwood")
    library = state["library"]
    native_model = load_library_bytes(library)
    return CompiledModel(native_model, library, state["info"],
                         n_threads=state.get("n_threads", 0))


def _write_bytes(path, data):
    with open(path, "wb") as f:
        f.write(data)


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


def __getattr__(name):
    # compile, load and find_compiler moved to _compile; older callers
    # (tests, scripts) still reach them here.
    if name in ("compile", "load", "find_compiler"):
        from . import _compile
        return getattr(_compile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
