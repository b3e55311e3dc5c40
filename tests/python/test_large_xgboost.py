"""A big XGBoost model of complete trees against XGBoost itself.

benchmarks/make_large_xgboost.py writes XGBoost JSON of complete depth-8
trees directly (no training; the compile-time scale model of issue 10 is
10,000 of them). Here 200 such trees (102,200 nodes, 6 MB of JSON) go
through the streamed JSON import and its fast tree reader, are compiled
with ``hardwood compile`` and predicted with ``hardwood predict``; margins,
probabilities and leaves are compared with XGBoost's on rows that include
NaN (each split's default direction) and thresholds themselves. Parity as
in DESIGN.md: float32 models within 1e-5 relative, leaves exact. No
assertion on time: compile time is a benchmark (docs/design.md,
"Compile-time scale").
"""

import importlib.util
import json
import pathlib
import subprocess

import numpy as np
import pytest

from _cli import require_hardwood

HARDWOOD = require_hardwood()
xgb = pytest.importorskip("xgboost")

ROOT = pathlib.Path(__file__).resolve().parents[2]


def load_generator():
    path = ROOT / "benchmarks" / "make_large_xgboost.py"
    spec = importlib.util.spec_from_file_location("make_large_xgboost", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def hardwood(*args):
    result = subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result


def predict(lib, x_path, kind, tmp_path):
    y = tmp_path / f"{kind}.npy"
    hardwood("predict", lib, "--input", x_path, "--output", y, "--kind", kind)
    return np.load(y)


def close(expected, got, what):
    expected = np.asarray(expected, dtype=np.float64).reshape(got.shape)
    err = np.abs(got.astype(np.float64) - expected) / np.maximum(
        1.0, np.abs(expected))
    assert err.max() <= 1e-5, f"{what}: max relative error {err.max():.3g}"


@pytest.mark.parametrize("objective", ["binary:logistic", "reg:squarederror"])
def test_complete_depth8_trees_match_xgboost(objective, tmp_path):
    trees, depth, features = 200, 8, 28
    model = tmp_path / "model.json"
    load_generator().write_model(str(model), trees, depth, features,
                                 objective, seed=7)
    booster = xgb.Booster(model_file=str(model))
    assert booster.num_boosted_rounds() == trees

    rng = np.random.default_rng(3)
    rows = rng.standard_normal((2000, features)).astype(np.float32)
    rows[rng.random(rows.shape) < 0.05] = np.nan
    # Rows 0-99 sit exactly on the thresholds of the first trees' roots and
    # their children (x < t is strict in XGBoost).
    document = json.loads(model.read_text())
    model_trees = document["learner"]["gradient_booster"]["model"]["trees"]
    for r in range(100):
        tree = model_trees[r % trees]
        n = r % 3
        rows[r, tree["split_indices"][n]] = np.float32(
            tree["split_conditions"][n])
    x = tmp_path / "x.npy"
    np.save(x, rows)

    lib = tmp_path / "model.so"
    hardwood("compile", model, "-o", lib, "--quiet")

    dmatrix = xgb.DMatrix(rows, missing=np.nan)
    close(booster.predict(dmatrix, output_margin=True),
          predict(lib, x, "decision", tmp_path), "margin")
    if objective == "binary:logistic":
        proba = predict(lib, x, "proba", tmp_path)[:, 1]
        close(booster.predict(dmatrix), proba, "probability")
    else:
        close(booster.predict(dmatrix), predict(lib, x, "predict", tmp_path),
              "prediction")
    leaves = predict(lib, x, "leaf", tmp_path)
    np.testing.assert_array_equal(
        booster.predict(dmatrix, pred_leaf=True).astype(np.int32), leaves)
