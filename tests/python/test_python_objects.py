"""CompiledModel behaves like a scikit-learn estimator object: it pickles,
deep-copies and round-trips through joblib carrying its library (loading it
back needs the runtime, not the compiler), ``hardwood.load`` takes bytes,
DataFrames are matched to ``feature_names_in_`` by column name, ``n_jobs``
is ``n_threads``, the default thread count follows CPU affinity, cgroup
quotas and HARDWOOD_NUM_THREADS, and ``compile`` caches artifacts, reports
progress and names the command line that failed.
"""

import copy
import glob
import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from sklearn import ensemble
from sklearn.datasets import make_classification

import hardwood
from hardwood import _threads
from _native_api import requires_native

pytestmark = requires_native

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
METHODS = ("predict", "predict_proba", "decision_function", "apply")
NAMES = [f"f{i}" for i in range(6)]


@pytest.fixture(scope="module")
def fitted():
    pd = pytest.importorskip("pandas")
    X, y = make_classification(n_samples=400, n_features=6, n_informative=4,
                               n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=0)
    frame = pd.DataFrame(X[:300], columns=NAMES)
    labels = np.array(["ash", "birch", "cedar"])[y[:300]]
    estimator = ensemble.GradientBoostingClassifier(
        n_estimators=8, max_depth=3, random_state=0).fit(frame, labels)
    return estimator, X[300:]


@pytest.fixture(scope="module")
def model(fitted):
    with hardwood.compile(fitted[0]) as compiled:
        yield compiled


def outputs(model, X):
    return {method: getattr(model, method)(X) for method in METHODS}


def assert_same_outputs(expected, actual):
    assert expected.keys() == actual.keys()
    for method, value in expected.items():
        assert actual[method].dtype == value.dtype, method
        np.testing.assert_array_equal(actual[method], value, err_msg=method)


# ---- Pickle, deepcopy, joblib, bytes -------------------------------------------

def test_pickle_in_fresh_process_without_compiler(model, fitted, tmp_path):
    X = fitted[1]
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(model))
    np.save(tmp_path / "X.npy", X)
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    code = textwrap.dedent("""
        import os, pickle, shutil, sys
        import numpy as np
        import hardwood
        from hardwood import _compile
        assert shutil.which("hardwood") is None, shutil.which("hardwood")
        try:
            _compile.find_compiler()
        except hardwood.CompileError:
            pass
        else:
            sys.exit("a hardwood compiler is reachable")
        with open("model.pkl", "rb") as f:
            model = pickle.load(f)
        X = np.load("X.npy")
        for method in %r:
            np.save(method + ".npy", getattr(model, method)(X))
        with open("features.txt", "w") as f:
            f.write(",".join(model.feature_names_in_))
        model.close()
        """ % (METHODS,))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith("HARDWOOD_")}
    env.update(PATH="/usr/bin:/bin", TMPDIR=str(private_tmp),
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path,
                            env=env, capture_output=True, text=True,
                            check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    for method, value in outputs(model, X).items():
        loaded = np.load(tmp_path / f"{method}.npy", allow_pickle=True)
        assert loaded.dtype == value.dtype
        np.testing.assert_array_equal(loaded, value, err_msg=method)
    assert (tmp_path / "features.txt").read_text() == ",".join(NAMES)
    # The library was written, loaded and deleted at once.
    assert os.listdir(private_tmp) == []


def test_deepcopy_is_independent(fitted):
    X = fitted[1]
    original = hardwood.compile(fitted[0], n_threads=2)
    expected = outputs(original, X)
    twin = copy.deepcopy(original)
    assert twin is not original and twin.n_threads == 2
    assert twin.content_hash == original.content_hash
    original.close()
    assert_same_outputs(expected, outputs(twin, X))
    assert list(twin.classes_) == ["ash", "birch", "cedar"]
    assert list(twin.feature_names_in_) == NAMES
    twin.close()
    with pytest.raises(ValueError, match="closed"):
        pickle.dumps(twin)


def test_joblib_round_trip(model, fitted, tmp_path):
    joblib = pytest.importorskip("joblib")
    joblib.dump(model, tmp_path / "model.joblib")
    with joblib.load(tmp_path / "model.joblib") as loaded:
        assert_same_outputs(outputs(model, fitted[1]), outputs(loaded, fitted[1]))
        assert loaded.n_features_in_ == 6


def test_load_bytes(model, fitted):
    X = fitted[1]
    with hardwood.load(model.to_bytes()) as bare:
        # Bytes carry the library only: labels become class indices.
        np.testing.assert_array_equal(bare.predict_proba(X), model.predict_proba(X))
        np.testing.assert_array_equal(model.classes_[bare.predict(X)],
                                      model.predict(X))
    with pytest.raises(OSError):
        hardwood.load(b"not a shared library")


def test_unpickling_checks_the_format():
    from hardwood import _model
    with pytest.raises(ValueError, match="version 1"):
        _model._unpickle({"format": "hardwood-pickled-model", "version": 99})


# ---- DataFrames ------------------------------------------------------------------

def test_dataframe_columns_are_matched_by_name(model, fitted):
    pd = pytest.importorskip("pandas")
    X = fitted[1]
    assert list(model.feature_names_in_) == list(fitted[0].feature_names_in_)
    shuffled = pd.DataFrame(X, columns=NAMES)[["f3", "f0", "f5", "f1", "f4", "f2"]]
    assert_same_outputs(outputs(model, X), outputs(model, shuffled))
    # float32 columns and an index that is not 0..n-1 change nothing.
    frame = pd.DataFrame(X.astype(np.float32), columns=NAMES,
                         index=np.arange(len(X)) * 7 + 3)[NAMES[::-1]]
    assert_same_outputs(outputs(model, X.astype(np.float32)), outputs(model, frame))


def test_dataframe_missing_and_unseen_columns(model, fitted):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(fitted[1], columns=NAMES)
    with pytest.raises(ValueError, match=r"missing 2 column\(s\).*'f1', 'f4'"):
        model.predict(frame.drop(columns=["f4", "f1"]))
    with pytest.raises(ValueError, match=r"not fitted with: 'extra'"):
        model.predict(frame.assign(extra=1.0))
    with pytest.raises(ValueError, match="duplicated columns: 'f0'"):
        model.predict(pd.concat([frame, frame[["f0"]]], axis=1))
    # Columns that are not strings have no names: positional, as sklearn.
    np.testing.assert_array_equal(model.predict(pd.DataFrame(fitted[1])),
                                  model.predict(fitted[1]))


def test_feature_names_for_model_files(tmp_path):
    pd = pytest.importorskip("pandas")
    path = os.path.join(ROOT, "tests", "fixtures", "hardwood",
                        "hardwood_example.json")
    with hardwood.compile(path, feature_names=["a", "b"]) as compiled:
        X = np.array([[0.0, 0.1], [1.0, 0.9]])
        np.testing.assert_array_equal(
            compiled.predict(pd.DataFrame(X[:, ::-1], columns=["b", "a"])),
            compiled.predict(X))
    with pytest.raises(ValueError, match="3 feature_names for a model of 2"):
        hardwood.compile(path, feature_names=["a", "b", "c"])
    with hardwood.compile(path) as unnamed:
        with pytest.raises(AttributeError, match="feature_names_in_"):
            unnamed.feature_names_in_  # pylint: disable=pointless-statement


# ---- Threads -----------------------------------------------------------------------

def test_n_jobs_is_n_threads(fitted):
    with hardwood.compile(fitted[0], n_jobs=3) as compiled:
        assert compiled.n_threads == 3 and compiled.n_jobs == 3
        compiled.n_jobs = -1
        assert compiled.n_threads == -1
        assert compiled._thread_count() == _threads.available_cpus()
        with pytest.raises(TypeError, match="n_jobs"):
            compiled.n_jobs = 1.5
    with pytest.raises(TypeError, match="alias"):
        hardwood.compile(fitted[0], n_threads=2, n_jobs=4)


def test_batches_below_the_runtimes_bound_skip_the_thread_count(
        model, fitted, monkeypatch):
    # The runtime says how few rows it may run on several threads; smaller
    # batches run on the calling thread, so the methods do not resolve the
    # default count (affinity, cgroups) for them: batch-1 latency.
    bounds = {kind: model._native.min_parallel_rows(kind)
              for kind in model._native.kinds}
    assert all(1 <= rows <= 256 for rows in bounds.values()), bounds
    resolved = []
    monkeypatch.setattr(_threads, "resolve",
                        lambda n: resolved.append(n) or 2)
    X = np.repeat(fitted[1], 3, axis=0)
    for method, kind in (("predict_proba", "proba"), ("apply", "leaf")):
        bound = bounds[kind]
        if bound > 1:
            getattr(model, method)(X[:bound - 1])
        assert resolved == [], method
        getattr(model, method)(X[:bound])
        assert len(resolved) == 1, method
        resolved.clear()
    with pytest.raises(Exception, match="unknown kind|kind"):
        model._native.min_parallel_rows("no-such-kind")


def test_default_threads_env_override(monkeypatch):
    monkeypatch.setenv("HARDWOOD_NUM_THREADS", "3")
    assert _threads.resolve(0) == 3 and _threads.resolve(None) == 3
    assert _threads.resolve(5) == 5
    monkeypatch.setenv("HARDWOOD_NUM_THREADS", "zero")
    with pytest.raises(ValueError, match="HARDWOOD_NUM_THREADS"):
        _threads.resolve(0)
    monkeypatch.delenv("HARDWOOD_NUM_THREADS")
    assert _threads.resolve(0) == _threads.available_cpus()


def test_default_threads_follow_affinity():
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no sched_setaffinity on this platform")
    code = ("import os; from hardwood import _threads\n"
            "os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})\n"
            "print(_threads.default_threads())")
    env = {k: v for k, v in os.environ.items() if k != "HARDWOOD_NUM_THREADS"}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    result = subprocess.run([sys.executable, "-c", code], env=env,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1"


@pytest.mark.parametrize("files, expected", [
    ({"cpu.max": "max 100000\n"}, None),
    ({"cpu.max": "150000 100000\n"}, 1.5),
    ({"cpu.max": "max 100000\n", "job/cpu.max": "200000 100000\n"}, 2.0),
    ({"cpu/cpu.cfs_quota_us": "-1\n", "cpu/cpu.cfs_period_us": "100000\n"}, None),
    ({"cpu/cpu.cfs_quota_us": "300000\n", "cpu/cpu.cfs_period_us": "100000\n"}, 3.0),
])
def test_cgroup_cpu_quota(tmp_path, files, expected):
    root = tmp_path / "cgroup"
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    membership = tmp_path / "self-cgroup"
    membership.write_text("0::/job\n")
    assert _threads.cgroup_cpu_limit(str(root), str(membership)) == expected


# ---- compile: cache, progress, errors -------------------------------------------------

def test_cache_dir_reuses_artifacts(fitted, tmp_path, capfd):
    cache = tmp_path / "cache"
    X = fitted[1]
    with hardwood.compile(fitted[0], cache_dir=cache, verbose=True) as first:
        expected = outputs(first, X)
    err = capfd.readouterr().err
    assert "cache miss" in err and "running " in err and " compile " in err
    entries = glob.glob(str(cache / "*"))
    assert len(entries) == 1 and entries[0].endswith(".so")
    stamp = os.stat(entries[0]).st_mtime_ns
    with hardwood.compile(fitted[0], cache_dir=cache, verbose=True) as second:
        assert_same_outputs(expected, outputs(second, X))
        assert list(second.feature_names_in_) == NAMES
    err = capfd.readouterr().err
    assert "cache hit" in err and "running " not in err
    assert os.stat(entries[0]).st_mtime_ns == stamp
    # Another target or option is another artifact; no temporary file stays.
    hardwood.compile(fitted[0], target="generic", cache_dir=cache).close()
    hardwood.compile(fitted[0], cache_dir=cache,
                     schedule="strategy = scalar_interleaved").close()
    assert len(os.listdir(cache)) == 3
    # A damaged entry is compiled again and replaced.
    with open(entries[0], "wb") as f:
        f.write(b"truncated")
    with hardwood.compile(fitted[0], cache_dir=cache, verbose=True) as third:
        assert_same_outputs(expected, outputs(third, X))
    assert "does not load" in capfd.readouterr().err
    assert os.path.getsize(entries[0]) > 1000
    assert sorted(os.listdir(cache)) == sorted(
        e for e in os.listdir(cache) if not e.startswith("."))


def test_compile_error_carries_the_command(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "hardwood-model", "version": 1}')
    with pytest.raises(hardwood.CompilerFailedError) as info:
        hardwood.compile(bad, target="generic")
    error = info.value
    assert isinstance(error, hardwood.CompileError)
    assert error.command[1:3] == ["compile", str(bad)]
    assert "--target generic" in str(error) and "command: " in str(error)
    assert error.returncode != 0 and "bad.json" in error.stderr
    clone = pickle.loads(pickle.dumps(error))
    assert clone.command == error.command and str(clone) == str(error)


def test_misaligned_rows(model, fitted):
    # Arrays rebuilt from network buffers (Dask moving a partition between
    # workers) may start at an odd address; the runtime refuses those, so the
    # model copies them. Failed with "x is not aligned" before.
    X = fitted[1].astype(np.float32)
    raw = np.frombuffer(bytearray(X.nbytes + 1), dtype=np.uint8)[1:]
    misaligned = raw.view(np.float32).reshape(X.shape)
    misaligned[...] = X
    assert not misaligned.flags.aligned
    for dtype in (np.float32, np.float64):
        rows = misaligned if dtype == np.float32 else np.frombuffer(
            bytearray(X.nbytes * 2 + 1), dtype=np.uint8)[1:].view(dtype).reshape(X.shape)
        rows[...] = X
        assert_same_outputs(outputs(model, X.astype(dtype)), outputs(model, rows))


def test_xgboost_feature_names(fitted):
    pd = pytest.importorskip("pandas")
    xgboost = pytest.importorskip("xgboost")
    X = fitted[1]
    frame = pd.DataFrame(X, columns=NAMES)
    y = (X[:, 0] > np.median(X[:, 0])).astype(int)
    booster = xgboost.XGBClassifier(n_estimators=5, max_depth=3,
                                    n_jobs=1).fit(frame, y)
    with hardwood.compile(booster) as compiled:
        assert list(compiled.feature_names_in_) == NAMES
        np.testing.assert_array_equal(
            compiled.predict_proba(frame[NAMES[::-1]]), compiled.predict_proba(X))
        with hardwood.compile(booster.get_booster()) as raw:
            assert list(raw.feature_names_in_) == NAMES
