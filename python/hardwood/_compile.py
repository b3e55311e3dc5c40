"""``hardwood.compile`` and ``hardwood.load``: run the ``hardwood`` compiler
on an estimator, a boosting library's model object or a model file, with an
optional artifact cache, and open libraries from files or bytes.

``compile`` exports the model (estimators to Hardwood JSON, XGBoost and
LightGBM objects to their own formats) into a private temporary directory,
runs ``hardwood compile --emit so`` there and loads the library through the
runtime bindings. With ``cache_dir`` the library is stored under a key of
everything that determines its bytes, and a later compile with the same key
loads it instead of running the compiler.
"""

import hashlib
import json
import math
import numbers
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

from . import _frames
from ._errors import CompileError, CompilerFailedError
from ._model import (CompiledModel, SIDECAR_SUFFIX, _SIDECAR_FORMAT,
                     _estimator_info, _file_info, _native, _write_atomically,
                     load_library_bytes)

# compile(**options) -> hardwood compile flag.
_COMPILE_OPTIONS = {"input_type": "--input-type", "name": "--name",
                    "num_iterations": "--num-iterations",
                    "schedule": "--schedule", "tune": "--tune",
                    "tune_data": "--tune-data", "tune_rows": "--tune-rows",
                    "tune_time_budget": "--tune-time-budget"}
# compile(**options) that are flags without a value: given when true.
_FLAG_OPTIONS = ("tune",)
# compile(**options) that the Python side applies itself.
_PYTHON_OPTIONS = ("missing",)
# Bumped when the cache's layout or key changes.
_CACHE_LAYOUT = 1


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


class _Progress:
    """``verbose=True``: one line per step on stderr, as the CLI prints its
    own progress."""

    def __init__(self, verbose):
        self.verbose = bool(verbose)
        self.start = time.monotonic()

    def __call__(self, message):
        if self.verbose:
            elapsed = time.monotonic() - self.start
            print(f"hardwood: [{elapsed:6.2f} s] {message}", file=sys.stderr,
                  flush=True)


def _run_compiler(model_path, library_path, target, options, progress):
    command = [find_compiler(), "compile", model_path, "-o", library_path,
               "--emit", "so", "--target", str(target), "--quiet"]
    for key, value in sorted(options.items()):
        if key in _FLAG_OPTIONS:
            command += [_COMPILE_OPTIONS[key]] if value else []
        else:
            command += [_COMPILE_OPTIONS[key], str(value)]
    progress(f"running {shlex.join(command)}")
    started = time.monotonic()
    result = subprocess.run(command, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, check=False)
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip()
        message = message or (f"hardwood compile failed with exit status "
                              f"{result.returncode}")
        raise CompilerFailedError(f"{message}\ncommand: {shlex.join(command)}",
                                  command, result.returncode,
                                  result.stderr or result.stdout)
    progress(f"compiled for target {target} in "
             f"{time.monotonic() - started:.2f} s")


# ---- The artifact cache --------------------------------------------------------

_compiler_identities = {}


def _file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _compiler_identity(compiler):
    """``hardwood --version`` (Hardwood, LLVM and ABI versions) and the
    sha256 of the compiler binary, so that a rebuilt compiler of the same
    version does not reuse artifacts of the old one. Remembered per
    (path, size, mtime)."""
    stat = os.stat(compiler)
    stamp = (os.path.realpath(compiler), stat.st_size, stat.st_mtime_ns)
    if stamp not in _compiler_identities:
        version = subprocess.run([compiler, "--version"], capture_output=True,
                                 text=True, stdin=subprocess.DEVNULL,
                                 check=False).stdout.strip()
        _compiler_identities[stamp] = {"version": version,
                                       "sha256": _file_sha256(compiler)}
    return _compiler_identities[stamp]


def _host_identity(native):
    """What ``--target native`` compiles for: the machine, its CPU model and
    the features the runtime sees."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "cpu part")):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"machine": platform.machine(), "cpu": model,
            "features": list(native.host_cpu_features())}


def _cache_key(model_path, target, options, native):
    from . import __version__
    material = {
        "layout": _CACHE_LAYOUT,
        "model_sha256": _file_sha256(model_path),
        "target": str(target),
        "host": _host_identity(native) if str(target) == "native" else None,
        "options": {key: (_file_sha256(value) if key == "tune_data"
                          else str(value))
                    for key, value in sorted(options.items())},
        "hardwood": __version__,
        "runtime_abi": int(native.abi_version),
        "compiler": _compiler_identity(find_compiler()),
    }
    encoded = json.dumps(material, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def _cache_load(path, progress):
    """The cached library at ``path`` loaded, with its bytes, or None when
    there is none or it cannot be loaded (then it is compiled again)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        progress(f"cache miss: {path}")
        return None
    try:
        native_model = load_library_bytes(data)
    except (OSError, RuntimeError, ValueError) as exc:
        progress(f"cached {path} does not load ({exc}); compiling again")
        return None
    progress(f"cache hit: loaded {path}")
    return native_model, data


def _cache_store(path, library, progress):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    _write_atomically(path, 0o755, lambda tmp: shutil.copyfile(library, tmp))
    progress(f"cached as {path}")


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

def _thread_option(n_threads, n_jobs):
    """``n_jobs`` is scikit-learn's name for ``n_threads``."""
    if n_jobs is None:
        return n_threads
    if n_threads not in (None, 0) and n_threads != n_jobs:
        raise TypeError(f"n_threads={n_threads!r} and n_jobs={n_jobs!r} "
                        "disagree; n_jobs is an alias of n_threads: give one")
    return n_jobs


def compile(model, target="native", *, n_threads=0, n_jobs=None,  # pylint: disable=redefined-builtin
            cache_dir=None, verbose=False, feature_names=None, **options):
    """Compiles a fitted scikit-learn estimator, an XGBoost or LightGBM
    model object (``Booster`` or scikit-learn wrapper), or a model file
    (Hardwood JSON, XGBoost JSON/UBJSON, LightGBM text) for ``target``
    ("native", "generic", "x86-64-v3", "x86-64-v4", "aarch64") and loads
    it: returns a ``CompiledModel``. Library objects and files get the
    methods their kernels compute: ``predict``, ``predict_proba`` and
    ``decision_function`` (the raw margin) for classifiers, ``apply``
    (leaf indices as the library's ``pred_leaf``).

    ``n_threads`` (or its alias ``n_jobs``): threads per prediction, see
    ``CompiledModel``. ``cache_dir``: a directory of compiled libraries; a
    compile whose model content, target (for "native": this machine's CPU),
    options and Hardwood version (compiler binary included) match an earlier
    one loads that library instead of compiling (entries are written
    atomically, so processes may share the directory). ``verbose``: print
    each step (export, cache, the compiler's command line, timings) to
    stderr. ``feature_names``: column names in input order, for DataFrame
    input to a model file (estimators and boosters give their own).

    ``options``: ``input_type`` ("f32"/"f64": the kernels' input type),
    ``name`` (the C symbol prefix), ``num_iterations`` (keep the first
    boosting rounds only; an early-stopped XGBoost or LightGBM model uses
    its best iteration by default, as its own predict does), ``schedule``
    (the parameters of a ``#hardwood.schedule`` to use instead of the cost
    model's, e.g. ``"strategy = scalar_interleaved"``), ``tune`` (True:
    time every candidate schedule on this machine and keep the fastest,
    ``hardwood compile --tune``; ``target`` must be "native"), with
    ``tune_data`` (rows to time on: an array or a ``.npy``/``.csv`` path;
    default rows synthesized from the model's thresholds), ``tune_rows``
    and ``tune_time_budget`` (seconds), ``missing``
    (a number that counts as missing besides NaN, as XGBoost's ``missing``:
    the methods replace input values equal to it, compared after conversion
    to the kernels' input type, with NaN; an XGBoost scikit-learn wrapper
    gives its own ``missing`` by default, a ``Booster`` has none). Raises
    ``UnsupportedModelError`` for an estimator Hardwood cannot export,
    ``CompileError`` when the compiler is not found, and its subclass
    ``CompilerFailedError`` (with the ``command`` that ran) when it fails.
    """
    unknown = sorted(set(options) - set(_COMPILE_OPTIONS) - set(_PYTHON_OPTIONS))
    if unknown:
        raise TypeError(f"unknown compile option(s) {', '.join(unknown)}; "
                        f"expected {', '.join(sorted((*_COMPILE_OPTIONS, *_PYTHON_OPTIONS)))}")
    n_threads = _thread_option(n_threads, n_jobs)
    progress = _Progress(verbose)
    native = _native()  # fail early, before compiling, when it is missing
    workdir = tempfile.mkdtemp(prefix="hardwood-")
    try:
        library = os.path.join(workdir, "model.so")
        options = dict(options)
        estimator = None
        names = None
        if isinstance(model, (str, os.PathLike)):
            model_path = os.fspath(model)
            if not os.path.isfile(model_path):
                raise FileNotFoundError(f"no such model file: {model_path}")
            progress(f"compiling the model file {model_path}")
        elif (library_file := _library_model_file(model, workdir,
                                                   options)) is not None:
            model_path = library_file
            names = _frames.names_of(model)
            progress(f"saved the {type(model).__name__} as {model_path}")
        else:
            from .export import export
            estimator = model
            model_path = os.path.join(workdir, "model.json")
            export(estimator, model_path)
            progress(f"exported the {type(model).__name__} to Hardwood JSON "
                     f"({os.path.getsize(model_path)} bytes)")
        missing = _missing_value(options.pop("missing", None))
        if options.get("tune_data") is not None and not isinstance(
                options["tune_data"], (str, os.PathLike)):
            # Rows as an array: a .npy file for --tune-data.
            import numpy as np
            rows_path = os.path.join(workdir, "tune_rows.npy")
            np.save(rows_path, np.ascontiguousarray(
                np.asarray(options["tune_data"], dtype=np.float64)))
            options["tune_data"] = rows_path
        if options.get("tune_data") is not None:
            options["tune_data"] = os.fspath(options["tune_data"])
        cache_path = loaded = None
        if cache_dir is not None:
            key = _cache_key(model_path, target, options, native)
            cache_path = os.path.join(
                os.path.expanduser(os.fspath(cache_dir)), key + ".so")
            loaded = _cache_load(cache_path, progress)
        if loaded is not None:
            native_model, library_bytes = loaded
        else:
            _run_compiler(model_path, library, target, options, progress)
            with open(library, "rb") as f:
                library_bytes = f.read()
            native_model = native.Model(library)
            if cache_path is not None:
                try:
                    _cache_store(cache_path, library, progress)
                except OSError as exc:  # a full or read-only cache is no error
                    progress(f"cannot write the cache entry {cache_path}: {exc}")
    except BaseException:
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    try:
        info = (_estimator_info(estimator, native_model) if estimator is not None
                else _file_info(native_model, model_path))
        info["missing"] = missing
        if names is not None:
            info["feature_names"] = names
        if feature_names is not None:
            info["feature_names"] = _frames.check_names(
                list(feature_names), native_model.num_features)
        if estimator is not None:
            os.unlink(model_path)
        compiled = CompiledModel(native_model, library_bytes, info,
                                 n_threads=n_threads, owned_dir=workdir)
    except BaseException:
        native_model.close()
        shutil.rmtree(workdir, ignore_errors=True)
        raise
    progress(f"loaded: {compiled!r}")
    return compiled


def load(source, *, n_threads=0, n_jobs=None):
    """Loads a library written by ``CompiledModel.save`` (or by ``hardwood
    compile --emit so``), given as a path or as its bytes
    (``CompiledModel.to_bytes()``, a file's contents: loading bytes needs no
    file the caller manages). A path's sidecar ``path + '.hardwood.json'``,
    when present, restores the estimator's methods, class labels and feature
    names; without it (and for bytes) the methods are the kinds the library
    computes and non-numeric class labels become their indices. To move a
    model with all its metadata, pickle the ``CompiledModel``."""
    n_threads = _thread_option(n_threads, n_jobs)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        native_model = load_library_bytes(data)
        try:
            info = _file_info(native_model)
            return CompiledModel(native_model, data, info, n_threads=n_threads)
        except BaseException:
            native_model.close()
            raise
    path = os.fspath(source)
    sidecar = path + SIDECAR_SUFFIX
    with open(path, "rb") as f:
        data = f.read()
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
                        missing=_missing_value(info.get("missing")),
                        feature_names=info.get("feature_names"))
        else:
            info = _file_info(native_model)
        return CompiledModel(native_model, data, info, n_threads=n_threads)
    except BaseException:
        native_model.close()
        raise


def _missing_value(value):
    """The ``missing`` option as a float, or None when only NaN is missing."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"missing must be a number, got {value!r}")
    value = float(value)
    return None if math.isnan(value) else value
