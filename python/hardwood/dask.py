"""Batch scoring of compiled models on a Dask cluster.

    import hardwood, hardwood.dask
    model = hardwood.compile(estimator, target="x86-64-v3")
    y = hardwood.dask.predict_proba(model, dask_array_or_dataframe)  # lazy
    y.compute()

The compiled artifact (the library's bytes and the Python-side metadata)
reaches each worker once: it travels inside a worker plugin, which the
scheduler keeps and hands to every worker, present and future (a worker
restarted after a crash gets it too). Tasks carry only the artifact's name;
the first task on a worker process loads the library (choosing, from a list
of artifacts, the first whose CPU features that worker has) and later tasks
reuse it. Each partition is scored with the worker's threads.

Without a distributed ``Client`` (Dask's local schedulers) the artifact
travels in the graph and is loaded once per process.

See docs/scale-out.md.
"""

import glob as _glob
import hashlib
import os
import platform
import threading
import uuid

import dask
import dask.array as da
import numpy as np

from . import _frames, _threads
from ._errors import UnsupportedCPUError
from ._model import _KINDS, CompiledModel, _native, _unpickle

# Runtime kind names accepted as well as the estimator's method names.
_METHOD_OF_KIND = {kind: method for method, kind in _KINDS.items()}
_PLUGIN_PREFIX = "hardwood-artifact-"

# Per worker process: loaded models by artifact name, and what happened
# (read with worker_stats(); the tests count transfers and loads with it).
_loaded = {}
_loaded_lock = threading.Lock()
_stats = {"plugin_setups": 0, "loads": 0, "partitions": 0, "rows": 0,
          "last_threads": 0}
_stats_lock = threading.Lock()


def _count(threads=None, **increments):
    with _stats_lock:
        for key, value in increments.items():
            _stats[key] += value
        if threads is not None:
            _stats["last_threads"] = threads


def worker_stats():
    """This process's counters: ``plugin_setups`` (artifacts received),
    ``loads`` (libraries loaded), ``partitions`` and ``rows`` scored,
    ``last_threads`` (threads the last partition used, 0: the model's
    default). Run it on every worker with
    ``client.run(hardwood.dask.worker_stats)``."""
    with _stats_lock:
        return dict(_stats)


# ---- The artifacts and how they reach the workers ---------------------------

def _host_description():
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "cpu part")):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{platform.node()} ({platform.machine()}{', ' + cpu if cpu else ''})"


def _choose(states, where):
    """The first artifact whose CPU features this host has, else an
    UnsupportedCPUError naming what each one lacks."""
    host = set(_native().host_cpu_features())
    lacking = []
    for index, state in enumerate(states):
        missing = [f for f in state["cpu_features"] if f not in host]
        if not missing:
            return state
        lacking.append(f"artifact {index + 1} of {len(states)} (target "
                       f"{state['target']!r}) needs {', '.join(missing)}")
    raise UnsupportedCPUError(
        f"{where} on {_host_description()} cannot run this model: "
        + "; ".join(lacking) + " which this CPU lacks. Compile for a target "
        "every worker has (hardwood.compile(..., target='x86-64-v3' or "
        "'generic')), or pass a list of artifacts to choose from per worker, "
        "e.g. [compile(m, target='x86-64-v4'), compile(m, target='generic')]")


def _load(name, states, where):
    with _loaded_lock:
        model = _loaded.get(name)
        if model is None:
            model = _unpickle(_choose(states, where)["state"])
            _loaded[name] = model
            _count(loads=1)
        return model


try:
    from distributed import WorkerPlugin as _WorkerPluginBase
except ImportError:  # distributed is optional: local schedulers need none
    _WorkerPluginBase = object


class ArtifactPlugin(_WorkerPluginBase):
    """Worker plugin carrying a model's artifacts to each worker once.
    Setting up only counts; the library is loaded by the first task, so a
    worker whose CPU cannot run any artifact fails that task with a message
    instead of failing the registration."""

    def __init__(self, name, states):
        self.name = name
        self.states = states

    def setup(self, worker):  # pylint: disable=unused-argument
        _count(plugin_setups=1)

    def teardown(self, worker):  # pylint: disable=unused-argument
        with _loaded_lock:
            model = _loaded.pop(self.name, None)
        if model is not None:
            model.close()


class _Artifacts:
    """What a task carries: the artifact name, and the artifacts themselves
    only when no worker plugin delivers them (local schedulers)."""

    def __init__(self, name, states=None):
        self.name = name
        self.states = states

    def __dask_tokenize__(self):
        return (self.name, self.states is None)

    def model(self):
        """(the loaded model, the Dask worker running this task or None)."""
        worker = _current_worker()
        with _loaded_lock:
            model = _loaded.get(self.name)
        if model is not None:
            return model, worker
        states, where = self.states, "this process"
        if worker is not None:
            where = f"Dask worker {worker.address}"
            plugin = worker.plugins.get(_PLUGIN_PREFIX + self.name)
            if plugin is not None:
                states = plugin.states
        if states is None:
            raise RuntimeError(
                f"{where} has no hardwood artifact {self.name}: the model was "
                "sent to another cluster's workers (pass client= to "
                "hardwood.dask.predict for the cluster that computes)")
        return _load(self.name, states, where), worker


def _current_worker():
    try:
        from distributed import get_worker
        return get_worker()
    except (ImportError, ValueError):
        return None


def _worker_threads(worker, n_threads):
    """Threads for one partition: ``n_threads`` when given, else
    ``HARDWOOD_NUM_THREADS`` when the worker's environment sets it, else the
    worker's thread count (its share of the machine). The model's own
    ``n_threads`` was set for the client's machine and is not used. Without
    a worker (local schedulers): the model's ``n_threads``."""
    if n_threads is not None:
        return _threads.resolve(n_threads)
    if worker is not None and os.environ.get(_threads.ENV_VARIABLE):
        return _threads.default_threads()
    if worker is not None:
        state = getattr(worker, "state", None)
        return max(1, int(getattr(state, "nthreads", 0) or 1))
    return None


_clients = {}


def _resolve_client(client):
    """A distributed Client: the one given, one connected to the address
    given (kept for later calls, and the default client, so that
    ``.compute()`` uses it), the current default client, or None."""
    if client is not None and not isinstance(client, str):
        return client
    try:
        import distributed
    except ImportError:
        if client is not None:
            raise ImportError("hardwood.dask with a scheduler address needs "
                              "distributed (Debian: python3-distributed)") from None
        return None
    if isinstance(client, str):
        connected = _clients.get(client)
        if connected is None or connected.status in ("closed", "closing"):
            connected = _clients[client] = distributed.Client(client)
        return connected
    try:
        return distributed.get_client()
    except ValueError:  # no client
        return None


def _models(model):
    models = [model] if isinstance(model, CompiledModel) else list(model)
    if not models or not all(isinstance(m, CompiledModel) for m in models):
        raise TypeError("model must be a hardwood.CompiledModel or a list of "
                        "them (artifacts of one model for several targets)")
    return models


def _artifact_name(models):
    return hashlib.sha256("\n".join(m.content_hash for m in models)
                          .encode()).hexdigest()[:32]


def _artifacts(models, method, client):
    """Ships the artifacts (once per cluster and content) and returns the
    handle tasks carry."""
    first = models[0]
    for other in models[1:]:
        same = (other.n_features_in_ == first.n_features_in_
                and other._output_signature(method) == first._output_signature(method)
                and other._info.get("classes") == first._info.get("classes"))
        if not same:
            raise ValueError("the artifacts given must be one model compiled "
                             "for several targets: their features, outputs or "
                             "classes differ")
    states = [{"state": m._state(), "cpu_features": m.cpu_features,
               "target": m.target} for m in models]
    name = _artifact_name(models)
    if client is None:
        return _Artifacts(name, states)
    plugin_name = _PLUGIN_PREFIX + name
    registered = client.run_on_scheduler(
        lambda dask_scheduler: list(dask_scheduler.worker_plugins))
    if plugin_name not in registered:
        client.register_worker_plugin(ArtifactPlugin(name, states),
                                      name=plugin_name)
    return _Artifacts(name)


def release(model, client=None):
    """Removes a model's artifacts from the cluster's workers (they unload
    it) and scheduler. Optional: they are small, and a later predict sends
    them again."""
    name = _artifact_name(_models(model))
    with _loaded_lock:
        local = _loaded.pop(name, None)
    if local is not None:
        local.close()
    client = _resolve_client(client)
    if client is not None:
        registered = client.run_on_scheduler(
            lambda dask_scheduler: list(dask_scheduler.worker_plugins))
        if _PLUGIN_PREFIX + name in registered:
            client.unregister_worker_plugin(_PLUGIN_PREFIX + name)


# ---- Scoring partitions --------------------------------------------------------

def _method_name(kind):
    if kind in _KINDS:
        return kind
    if kind in _METHOD_OF_KIND:
        return _METHOD_OF_KIND[kind]
    raise ValueError(f"unknown kind {kind!r}; expected one of "
                     f"{', '.join(list(_KINDS) + list(_METHOD_OF_KIND))}")


def _score_block(block, artifacts, method, n_threads):
    model, worker = artifacts.model()
    threads = _worker_threads(worker, n_threads)
    out = model._call(method, block, threads)
    _count(threads=threads or 0, partitions=1, rows=len(block))
    return out


def _score_partition(part, artifacts, method, n_threads, columns):
    import pandas as pd
    out = _score_block(part, artifacts, method, n_threads)
    if out.ndim == 1:
        return pd.Series(out, index=part.index, name=method)
    return pd.DataFrame(out, index=part.index, columns=columns)


def _is_dask_dataframe(data):
    module = type(data).__module__ or ""
    return module.startswith("dask.dataframe") and hasattr(data, "map_partitions")


def _predict_array(model, data, artifacts, method, n_threads):
    if data.ndim != 2:
        raise ValueError(f"expected a 2-D Dask array of rows, got {data.ndim}-D")
    features = data.shape[1]
    if not np.isnan(features) and features != model.n_features_in_:
        raise ValueError(f"X has {features} features, but the model is "
                         f"expecting {model.n_features_in_} features as input")
    if len(data.chunks[1]) > 1:  # a row must be in one block
        data = data.rechunk({1: -1})
    shape, dtype = model._output_signature(method)
    chunks = (data.chunks[0],) + tuple((d,) for d in shape)
    options = {}
    if not shape:
        options["drop_axis"] = 1
    elif len(shape) > 1:
        options["new_axis"] = list(range(2, 1 + len(shape)))
    return data.map_blocks(
        _score_block, artifacts, method, n_threads, dtype=dtype, chunks=chunks,
        meta=np.empty((0,) * len(chunks), dtype=dtype),
        name=f"hardwood-{method}", **options)


def _output_columns(model, method, width):
    if method in ("predict_proba", "decision_function") and \
            model._classes is not None and width == len(model._classes):
        return model._classes.tolist()
    return list(range(width))


def _predict_frame(model, data, artifacts, method, n_threads):
    import pandas as pd
    if not hasattr(data, "columns"):
        raise TypeError("expected a Dask DataFrame (a Series is one column: "
                        "use series.to_frame())")
    # Checks the columns now, on the empty meta: a missing column fails here,
    # not in a task.
    selected = _frames.select_columns(data._meta, model._feature_names,
                                      "the model")
    if selected.shape[1] != model.n_features_in_:
        raise ValueError(f"X has {selected.shape[1]} features, but the model "
                         f"is expecting {model.n_features_in_} features as input")
    shape, dtype = model._output_signature(method)
    pandas_dtype = object if dtype.kind in "US" else dtype
    index = data._meta.index
    if not shape:
        columns = None
        meta = pd.Series(np.empty(0, pandas_dtype), index=index, name=method)
    elif len(shape) == 1:
        columns = _output_columns(model, method, shape[0])
        meta = pd.DataFrame(np.empty((0, shape[0]), pandas_dtype), index=index,
                            columns=columns)
    else:
        raise ValueError(
            f"{method} gives a {'x'.join(map(str, shape))} array per row, "
            "which has no DataFrame form: score a Dask array instead "
            "(frame.to_dask_array(lengths=True))")
    return data.map_partitions(_score_partition, artifacts, method, n_threads,
                               columns, meta=meta, align_dataframes=False,
                               token=f"hardwood-{method}")


def predict(model, data, kind="predict", *, n_threads=None, client=None):
    """Scores a Dask array (rows x features, chunked along rows) or a Dask
    DataFrame with a compiled model, lazily: returns a Dask array, or a
    Dask Series/DataFrame with the input's index and divisions, whose
    partitions equal ``model.<kind>(partition)``.

    ``model``: a ``CompiledModel``, or a list of them compiled from one model
    for several targets; each worker uses the first whose CPU features it
    has. ``kind``: an estimator method (``predict``, ``predict_proba``,
    ``decision_function``, ``score_samples``, ``apply``) or a runtime kind
    (``proba``, ``decision``, ``score``, ``leaf``). ``n_threads``: threads
    per partition (default: the worker's thread count; the model's default
    without a distributed client). ``client``: a ``distributed.Client`` or a
    scheduler address (default: the current client, else Dask's local
    scheduler). Outputs: 1-D (n,) or (n, width), or (n, a, b) for
    GradientBoostingClassifier's ``apply``; a DataFrame gives a Series named
    ``kind`` or a DataFrame whose columns are the class labels (probabilities
    and multi-class scores) or 0..width-1.
    """
    models = _models(model)
    method = _method_name(kind)
    n_threads = _threads.check(n_threads)
    for m in models:
        if method not in m._methods:
            raise AttributeError(f"{m._describe()} has no method {method!r} "
                                 f"(available: {', '.join(sorted(m._methods))})")
    artifacts = _artifacts(models, method, _resolve_client(client))
    if isinstance(data, da.Array):
        return _predict_array(models[0], data, artifacts, method, n_threads)
    if _is_dask_dataframe(data):
        return _predict_frame(models[0], data, artifacts, method, n_threads)
    raise TypeError(f"expected a Dask array or DataFrame, got "
                    f"{type(data).__name__} (score in-memory data with the "
                    "model's own methods)")


def predict_proba(model, data, **options):
    """``predict(model, data, "predict_proba", ...)``."""
    return predict(model, data, "predict_proba", **options)


def decision_function(model, data, **options):
    """``predict(model, data, "decision_function", ...)``."""
    return predict(model, data, "decision_function", **options)


def score_samples(model, data, **options):
    """``predict(model, data, "score_samples", ...)``."""
    return predict(model, data, "score_samples", **options)


def apply(model, data, **options):
    """``predict(model, data, "apply", ...)``."""
    return predict(model, data, "apply", **options)


# ---- Files --------------------------------------------------------------------------

_FORMATS = (".npy", ".csv")


def _read_rows(path):
    if path.endswith(".npy"):
        return np.load(path, mmap_mode="r", allow_pickle=False)
    import pandas as pd
    # The default parser may be one ulp off; CSV written by pandas (repr of
    # each float) reads back exactly with the round-trip parser.
    return pd.read_csv(path, float_precision="round_trip")


def _write_output(out, path, method, columns):
    """Writes next to ``path`` and renames: a crash leaves no partial file,
    and an existing ``path`` is a finished one."""
    directory = os.path.dirname(path)
    tmp = os.path.join(directory, f".{os.path.basename(path)}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as f:
            if path.endswith(".npy"):
                np.save(f, out, allow_pickle=False)
            else:
                import pandas as pd
                frame = (pd.DataFrame({method: out}) if out.ndim == 1
                         else pd.DataFrame(out.reshape(len(out), -1),
                                           columns=columns))
                frame.to_csv(f, index=False)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _score_file(source, target, artifacts, method, n_threads, columns, overwrite):
    if not overwrite and os.path.exists(target):
        return "skipped"  # a retried task whose first attempt finished
    model, worker = artifacts.model()
    rows = _read_rows(source)
    threads = _worker_threads(worker, n_threads)
    out = model._call(method, rows, threads)
    _count(threads=threads or 0, partitions=1, rows=len(out))
    _write_output(out, target, method, columns)
    return "written"


def predict_files(model, inputs, output_dir, kind="predict", *, n_threads=None,
                  client=None, overwrite=False):
    """Scores files, one task per file, writing one output per input into
    ``output_dir``: ``name.npy`` for ``name.npy`` (a 2-D float array) and
    ``name.csv`` for ``name.csv`` (a header of column names, matched to
    ``feature_names_in_`` when the model has them; the output has a column
    ``kind``, or one per class or output). ``inputs``: a glob pattern or a
    list of paths. Outputs are written atomically (a temporary file renamed
    into place), so a file that exists is complete: a rerun skips inputs
    whose output exists unless ``overwrite``. The workers must see the paths
    (a shared file system). Returns ``{"written": [...], "skipped": [...]}``
    (output paths). Other arguments as ``predict``."""
    models = _models(model)
    method = _method_name(kind)
    n_threads = _threads.check(n_threads)
    if method not in models[0]._methods:
        raise AttributeError(f"{models[0]._describe()} has no method {method!r}")
    paths = sorted(_glob.glob(inputs)) if isinstance(inputs, (str, os.PathLike)) \
        else [os.fspath(p) for p in inputs]
    if isinstance(inputs, (str, os.PathLike)) and not paths:
        raise FileNotFoundError(f"no file matches {os.fspath(inputs)!r}")
    output_dir = os.path.abspath(os.fspath(output_dir))
    os.makedirs(output_dir, exist_ok=True)
    targets = {}
    for path in paths:
        extension = os.path.splitext(path)[1].lower()
        if extension not in _FORMATS:
            raise ValueError(f"{path}: expected a .npy or .csv file")
        target = os.path.join(output_dir, os.path.basename(path))
        if target in targets.values():
            raise ValueError(f"two inputs would write {target}: rename one")
        targets[os.path.abspath(path)] = target
    shape, _ = models[0]._output_signature(method)
    columns = (_output_columns(models[0], method, shape[0]) if len(shape) == 1
               else None)
    pending = {s: t for s, t in targets.items()
               if overwrite or not os.path.exists(t)}
    result = {"written": [], "skipped": [t for s, t in targets.items()
                                         if s not in pending]}
    if not pending:
        return result
    client = _resolve_client(client)
    artifacts = _artifacts(models, method, client)
    tasks = [dask.delayed(_score_file, pure=False)(
        source, target, artifacts, method, n_threads, columns, overwrite,
        dask_key_name=f"hardwood-file-{uuid.uuid4().hex}")
        for source, target in pending.items()]
    statuses = (client.compute(tasks, sync=True) if client is not None
                else dask.compute(*tasks))
    for (source, target), status in zip(pending.items(), statuses):
        result["written" if status == "written" else "skipped"].append(target)
    return result
