"""hardwood.dask: batch scoring on a Dask cluster the tests start themselves
(a LocalCluster of 2 worker processes on loopback, and a worker started with
the ``dask-worker`` command against a scheduler address). Checks: every kind
bit-identical to single-process prediction over 2 million rows, shapes,
dtypes, index and class labels known before computing; the artifact reaches
each worker once (counted by the workers), not once per task; a worker
whose CPU lacks the artifact's features fails with a message naming them
and a list of artifacts lets it pick a portable one; a worker killed
mid-run costs nothing (no row lost or duplicated); predict_files writes one
output per input atomically and a rerun skips finished files.
"""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from _native_api import requires_native

pytestmark = [
    requires_native,
    # The single-process references are computed with scheduler="sync".
    pytest.mark.filterwarnings("ignore:Running on a single-machine scheduler"),
    pytest.mark.filterwarnings("ignore:make_current is deprecated"),
    pytest.mark.filterwarnings("ignore:Port 8787 is already in use"),
]
da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")
distributed = pytest.importorskip("distributed")

import cloudpickle  # noqa: E402  (a dependency of distributed)
from sklearn import ensemble  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402

import hardwood  # noqa: E402
import hardwood.dask as hd  # noqa: E402

ROWS = 2_000_000
CHUNK = 100_000
FEATURES = 8
NAMES = [f"x{i}" for i in range(FEATURES)]
HOOK = "HARDWOOD_TEST_DISABLE_CPU_FEATURES"


def start_cluster(**options):
    return distributed.LocalCluster(
        n_workers=options.pop("n_workers", 2), threads_per_worker=1,
        processes=True, dashboard_address=None, host="127.0.0.1",
        silence_logs=40, **options)


@pytest.fixture(scope="module")
def client():
    with start_cluster() as cluster, distributed.Client(cluster) as connected:
        yield connected


def training_data(n_classes=3, seed=0):
    X, y = make_classification(n_samples=3000, n_features=FEATURES,
                               n_informative=5, n_redundant=0,
                               n_classes=n_classes, n_clusters_per_class=1,
                               random_state=seed)
    # Uniform [0, 1) rows, as the scoring data: spread them over the splits.
    X = (X - X.min(axis=0)) / np.ptp(X, axis=0)
    return X, y


@pytest.fixture(scope="module")
def models():
    X, y = training_data()
    frame = pd.DataFrame(X, columns=NAMES)
    labels = np.array(["oak", "elm", "yew"])[y]
    gb = ensemble.GradientBoostingClassifier(n_estimators=20, max_depth=4,
                                             random_state=0).fit(frame, labels)
    forest = ensemble.IsolationForest(n_estimators=20, random_state=0).fit(X)
    compiled = {"gb": hardwood.compile(gb), "iforest": hardwood.compile(forest)}
    yield compiled
    for model in compiled.values():
        model.close()


@pytest.fixture(scope="module")
def rows():
    """2 million float32 rows, generated on the workers partition by
    partition (the same values wherever a partition is computed)."""
    x = da.random.RandomState(7).random_sample(
        (ROWS, FEATURES), chunks=(CHUNK, FEATURES)).astype(np.float32)
    return x, x.compute(scheduler="sync")


def compute(client, collection):
    return client.compute(collection, sync=True)


def stats(client):
    return client.run(hd.worker_stats)


def delta(after, before, key):  # per worker
    return {worker: after[worker][key] - before.get(worker, {}).get(key, 0)
            for worker in after}


# ---- Every kind, bit for bit -----------------------------------------------------

KINDS = [("gb", "predict"), ("gb", "predict_proba"), ("gb", "decision_function"),
         ("gb", "apply"), ("iforest", "predict"), ("iforest", "decision_function"),
         ("iforest", "score_samples")]


@pytest.mark.parametrize("name, method", KINDS)
def test_every_kind_matches_one_process(client, models, rows, name, method):
    model = models[name]
    x, local = rows
    if method == "apply":  # 60 leaves per row: 10% of the rows are plenty
        x, local = x[:ROWS // 10], local[:ROWS // 10]
    expected = getattr(model, method)(local)
    scored = hd.predict(model, x, method, client=client)
    # Shape, dtype and chunks are known before anything runs.
    assert scored.shape == expected.shape and scored.dtype == expected.dtype
    assert scored.chunks[0] == x.chunks[0]
    assert type(scored._meta) is np.ndarray
    result = compute(client, scored)
    assert result.dtype == expected.dtype
    np.testing.assert_array_equal(result, expected)


def test_runtime_kind_names_and_helpers(client, models, rows):
    x = rows[0][:CHUNK * 2]
    model = models["gb"]
    np.testing.assert_array_equal(
        compute(client, hd.predict(model, x, "proba", client=client)),
        compute(client, hd.predict_proba(model, x, client=client)))
    # Each partition runs on the worker's threads (1 here) unless told.
    for n_threads, expected in ((None, 1), (2, 2)):
        before = stats(client)
        compute(client, hd.predict(model, x, client=client, n_threads=n_threads))
        after = stats(client)
        busy = [w for w, n in delta(after, before, "partitions").items() if n]
        assert busy and {after[w]["last_threads"] for w in busy} == {expected}
    with pytest.raises(AttributeError, match="score_samples"):
        hd.score_samples(model, x, client=client)
    with pytest.raises(ValueError, match="unknown kind"):
        hd.predict(model, x, "probability", client=client)
    with pytest.raises(ValueError, match="9 features"):
        hd.predict(model, da.zeros((10, 9), chunks=5), client=client)


# ---- The artifact crosses the network once per worker --------------------------------

def test_artifact_sent_once_per_worker(client, rows):
    X, y = training_data(n_classes=2, seed=3)
    model = hardwood.compile(ensemble.RandomForestClassifier(
        n_estimators=10, max_depth=6, random_state=0).fit(X, y))
    x, local = rows
    before = stats(client)
    scored = hd.predict_proba(model, x, client=client)
    # The graph names the artifact; its bytes are in none of the tasks.
    graph = cloudpickle.dumps(dict(scored.__dask_graph__()))
    library = model.to_bytes()
    assert len(graph) < len(library) and library[-256:] not in graph
    np.testing.assert_array_equal(compute(client, scored), model.predict_proba(local))
    middle = stats(client)
    assert set(delta(middle, before, "plugin_setups").values()) == {1}
    assert set(delta(middle, before, "loads").values()) == {1}
    partitions = delta(middle, before, "partitions")
    assert sum(partitions.values()) == ROWS // CHUNK
    assert sum(delta(middle, before, "rows").values()) == ROWS
    # Scoring again (the same model, another kind) sends and loads nothing.
    compute(client, hd.predict(model, x, client=client))
    after = stats(client)
    assert set(delta(after, middle, "plugin_setups").values()) == {0}
    assert set(delta(after, middle, "loads").values()) == {0}
    hd.release(model, client=client)
    model.close()


# ---- DataFrames ---------------------------------------------------------------------

def test_dataframe_index_labels_and_meta(client, models, rows):
    model = models["gb"]
    local = rows[1][:200_000].astype(np.float64)
    frame = pd.DataFrame(local, columns=NAMES,
                         index=pd.Index(np.arange(len(local)) * 3 + 11, name="id"))
    shuffled = dd.from_pandas(frame[NAMES[::-1]], npartitions=8)
    labels = hd.predict(model, shuffled, client=client)
    assert labels.npartitions == 8 and labels.divisions == shuffled.divisions
    assert labels.dtype == object and labels.name == "predict"
    result = compute(client, labels)
    pd.testing.assert_index_equal(result.index, frame.index)
    np.testing.assert_array_equal(result.to_numpy(), model.predict(local))
    assert set(result) <= {"oak", "elm", "yew"}
    proba = hd.predict_proba(model, shuffled, client=client)
    assert list(proba.columns) == list(model.classes_)
    assert list(proba.dtypes) == [np.float64] * 3
    result = compute(client, proba)
    pd.testing.assert_index_equal(result.index, frame.index)
    np.testing.assert_array_equal(result.to_numpy(), model.predict_proba(local))
    # A missing column fails while building the graph, naming it.
    with pytest.raises(ValueError, match="missing 1 column.*'x3'"):
        hd.predict(model, shuffled.drop(columns=["x3"]), client=client)
    with pytest.raises(ValueError, match="no DataFrame form"):
        hd.apply(model, shuffled, client=client)


def test_local_scheduler_without_client(models, rows, monkeypatch):
    def no_client():
        raise ValueError("No global Client found")
    monkeypatch.setattr(distributed, "get_client", no_client)
    x, local = rows
    scored = hd.decision_function(models["iforest"], x[:300_000])
    np.testing.assert_array_equal(scored.compute(scheduler="threads"),
                                  models["iforest"].decision_function(local[:300_000]))


# ---- CPU features, scheduler address, dask-worker ---------------------------------------

def test_worker_without_cpu_features(models, rows, tmp_path):
    X, y = training_data(n_classes=2, seed=5)
    estimator = ensemble.RandomForestClassifier(n_estimators=10, max_depth=6,
                                                random_state=0).fit(X, y)
    v3 = hardwood.compile(estimator, target="x86-64-v3")
    generic = hardwood.compile(estimator, target="generic")
    missing = [f for f in ("avx2", "fma") if f in v3.cpu_features]
    assert missing, v3.cpu_features
    x, local = rows[0][:400_000], rows[1][:400_000]
    env = dict(os.environ, **{HOOK: ",".join(missing)},
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    with start_cluster(n_workers=0) as cluster:
        worker = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker",
             cluster.scheduler_address, "--nthreads", "1", "--no-dashboard",
             "--local-directory", str(tmp_path)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            with distributed.Client(cluster.scheduler_address) as client:
                client.wait_for_workers(1, timeout=60)
                with pytest.raises(hardwood.UnsupportedCPUError) as info:
                    compute(client, hd.predict(v3, x, client=client))
                message = str(info.value)
                assert "Dask worker tcp://" in message
                assert f"target 'x86-64-v3') needs {', '.join(missing)}" in message
                assert "lacks" in message and "generic" in message
                # A list of artifacts: the worker picks the one it can run.
                chosen = compute(client, hd.predict_proba([v3, generic], x,
                                                          client=client))
                np.testing.assert_array_equal(chosen, generic.predict_proba(local))
                np.testing.assert_array_equal(chosen, v3.predict_proba(local))
            # The same through a scheduler address (a client of our own).
            address = cluster.scheduler_address
            scored = hd.predict([v3, generic], x, client=address)
            np.testing.assert_array_equal(scored.compute(), generic.predict(local))
            hd._clients.pop(address).close()
        finally:
            worker.terminate()
            worker.wait(timeout=30)
    v3.close()
    generic.close()


# ---- A worker killed mid-run -----------------------------------------------------------

def test_worker_killed_mid_run(tmp_path):
    X, y = training_data()
    model = hardwood.compile(ensemble.GradientBoostingClassifier(
        n_estimators=60, max_depth=6, random_state=0).fit(X, y))
    rows_total, chunk = 1_600_000, 40_000
    x = da.random.RandomState(11).random_sample(
        (rows_total, FEATURES), chunks=(chunk, FEATURES)).astype(np.float32)
    frame = dd.from_dask_array(x, columns=NAMES)
    local = x.compute(scheduler="sync")
    expected = model.predict_proba(local)
    with start_cluster(local_directory=str(tmp_path)) as cluster, \
            distributed.Client(cluster) as client:
        proba = hd.predict_proba(model, frame, client=client)
        pids = client.run(os.getpid)
        persisted = client.persist(proba)
        futures = distributed.futures_of(persisted)
        deadline = time.monotonic() + 120
        while sum(f.status == "finished" for f in futures) < 4:
            assert time.monotonic() < deadline, "no partition finished"
            time.sleep(0.005)
        # Kill a worker holding finished partitions: they must be recomputed.
        victim = next(workers[0] for workers in client.who_has(futures).values()
                      if workers)
        finished = sum(f.status == "finished" for f in futures)
        os.kill(pids[victim], signal.SIGKILL)
        result = persisted.compute()
        assert finished < len(futures), "the job ended before the kill"
        pd.testing.assert_index_equal(result.index, pd.RangeIndex(rows_total))
        assert result.index.is_unique
        np.testing.assert_array_equal(result.to_numpy(), expected)
        # The nanny restarts the killed worker, which receives the artifact
        # (the scheduler keeps the plugin for workers that join later).
        client.wait_for_workers(2, timeout=60)
        replacement = {w: s for w, s in stats(client).items() if w != victim}
        assert len(replacement) == 2
        assert all(s["plugin_setups"] == 1 for s in replacement.values())
    model.close()


# ---- Files --------------------------------------------------------------------------------

def test_predict_files(client, models, rows, tmp_path):
    model = models["gb"]
    local = rows[1]
    inputs = tmp_path / "in"
    inputs.mkdir()
    parts = [local[i * 50_000:(i + 1) * 50_000] for i in range(4)]
    for i, part in enumerate(parts[:3]):
        np.save(inputs / f"part-{i}.npy", part)
    pd.DataFrame(parts[3], columns=NAMES)[NAMES[::-1]].to_csv(
        inputs / "part-3.csv", index=False)
    out = tmp_path / "out"
    done = hd.predict_files(model, str(inputs / "part-*"), out,
                            "predict_proba", client=client)
    assert sorted(map(os.path.basename, done["written"])) == [
        "part-0.npy", "part-1.npy", "part-2.npy", "part-3.csv"]
    assert done["skipped"] == []
    for i, part in enumerate(parts[:3]):
        np.testing.assert_array_equal(np.load(out / f"part-{i}.npy"),
                                      model.predict_proba(part))
    csv = pd.read_csv(out / "part-3.csv", float_precision="round_trip")
    assert list(csv.columns) == list(model.classes_)
    np.testing.assert_array_equal(csv.to_numpy(),
                                  model.predict_proba(parts[3].astype(np.float64)))
    assert sorted(os.listdir(out)) == ["part-0.npy", "part-1.npy", "part-2.npy",
                                       "part-3.csv"]  # no temporary file
    # A rerun skips finished files and redoes only the missing one.
    stamp = os.stat(out / "part-0.npy").st_mtime_ns
    os.unlink(out / "part-2.npy")
    again = hd.predict_files(model, str(inputs / "part-*"), out,
                             "predict_proba", client=client)
    assert list(map(os.path.basename, again["written"])) == ["part-2.npy"]
    assert len(again["skipped"]) == 3
    assert os.stat(out / "part-0.npy").st_mtime_ns == stamp
    np.testing.assert_array_equal(np.load(out / "part-2.npy"),
                                  model.predict_proba(parts[2]))
    with pytest.raises(FileNotFoundError, match="no file matches"):
        hd.predict_files(model, str(inputs / "*.parquet"), out, client=client)
