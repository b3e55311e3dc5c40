"""compile, predict and export leave nothing at OUT (and no temporary file
beside it) when writing fails midway, not only when they fail before
writing: the file-size limit (RLIMIT_FSIZE, with SIGXFSZ ignored so the
write returns EFBIG instead of killing the process) cuts the output off
after its first kilobytes."""

import os
import resource
import signal
import subprocess
import sys

import numpy as np
import pytest

from _cli import require_hardwood

HARDWOOD = require_hardwood()
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = os.path.join(ROOT, "tests", "fixtures", "xgboost", "xgb_softprob.json")
LIMIT = 4096  # bytes any output may have before the write fails


def limited_output():
    """In the child: writes past LIMIT bytes fail with EFBIG."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def run_limited(*args):
    return subprocess.run(args, capture_output=True, text=True,
                          preexec_fn=limited_output, timeout=300, check=False)


def assert_nothing_left(directory, name):
    left = sorted(os.listdir(directory))
    assert not any(entry.startswith(name) or ".tmp" in entry for entry in left), left


def test_compile_failing_midway_leaves_nothing(tmp_path):
    out = tmp_path / "model.so"
    result = run_limited(HARDWOOD, "compile", MODEL, "-o", str(out), "--quiet")
    assert result.returncode == 1, result.stderr
    assert "model.so" in result.stderr
    assert_nothing_left(tmp_path, "model.so")


def test_predict_failing_midway_leaves_nothing(tmp_path):
    lib = tmp_path / "model.so"
    subprocess.run([HARDWOOD, "compile", MODEL, "-o", str(lib), "--quiet"],
                   check=True)
    rows = tmp_path / "x.npy"
    np.save(rows, np.random.default_rng(0).normal(size=(20000, 4)).astype(np.float32))
    out = tmp_path / "y.npy"
    result = run_limited(HARDWOOD, "predict", str(lib), "--input", str(rows),
                         "--output", str(out), "--kind", "proba")
    assert result.returncode == 1, result.stderr
    assert "y.npy" in result.stderr
    assert_nothing_left(tmp_path, "y.npy")


def test_export_failing_midway_leaves_nothing(tmp_path):
    sklearn = pytest.importorskip("sklearn.ensemble")
    joblib = pytest.importorskip("joblib")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(2000, 8))
    forest = sklearn.RandomForestRegressor(n_estimators=20, random_state=0).fit(
        X, X[:, 0] + rng.normal(size=2000))
    estimator = tmp_path / "forest.joblib"
    joblib.dump(forest, estimator)
    out = tmp_path / "forest.json"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(ROOT, "python"), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "hardwood", "export", str(estimator), "-o", str(out)],
        capture_output=True, text=True, preexec_fn=limited_output, env=env,
        timeout=300, check=False)
    assert result.returncode == 1, result.stderr
    assert_nothing_left(tmp_path, "forest.json")
