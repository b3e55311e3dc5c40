"""HistGradientBoosting models with +inf thresholds, against scikit-learn.

A HistGradientBoosting model fitted on data with NaN can split "every
number left, NaN right": sklearn stores such a node with threshold +inf
(``num_threshold = np.inf``, ``missing_go_to_left = False``; grower.py,
"split on nans"). Hardwood JSON writes the threshold as the string "inf"
(docs/model-format.md). Each case fits the real estimator, checks that it
holds +inf thresholds, exports it (``hardwood.export`` and ``python3 -m
hardwood export``), compiles it and compares with sklearn on fresh rows and
edge rows (NaN, +-inf, +-1e300, +-0.0, each finite threshold and its
neighbours):

- the float64 kernels (the default) on float64 rows and on float32 rows
  (widened exactly, as sklearn does), within 1e-9;
- the ``--input-type f32`` kernels on float32 rows (the thresholds are then
  narrowed to float32, +inf staying +inf), within 1e-5;
- leaves exactly: sklearn's node ids (HGB has no ``apply``; the ids come
  from a walk of the fitted nodes, and each tree's output at that leaf is
  checked against the tree's own ``predict``).
"""

import json
import subprocess
import sys

import joblib
import numpy as np
import pytest
from sklearn.ensemble import (HistGradientBoostingClassifier,
                              HistGradientBoostingRegressor)

import hardwood
from hardwood import _reference as ref

from _cli import require_hardwood
from _models import check_hgb_trees
from _native_api import requires_native

HARDWOOD = require_hardwood()

F32_MAX = float(np.finfo(np.float32).max)
EDGE_VALUES = [np.nan, np.inf, -np.inf, 1e300, -1e300, F32_MAX, -F32_MAX,
               0.0, -0.0, 5e-324]


def nan_data(seed=0, n=300):
    """Feature 0 is NaN in 30% of the rows and the target follows it."""
    rng = np.random.RandomState(seed)
    X = rng.normal(size=(n, 3))
    missing = rng.rand(n) < 0.3
    X[missing, 0] = np.nan
    return X, missing


def fit_classifier():
    X, missing = nan_data()
    y = missing.astype(int) ^ (X[:, 1] > 0.5).astype(int)
    return HistGradientBoostingClassifier(max_iter=10, random_state=0).fit(X, y)


def fit_multiclass():
    X, missing = nan_data()
    y = np.where(missing, 0, 1 + (X[:, 1] > 0).astype(int))
    return HistGradientBoostingClassifier(max_iter=5, random_state=0).fit(X, y)


def fit_regressor():
    X, missing = nan_data()
    y = 3.0 * (missing ^ (X[:, 1] > 0.5)) + X[:, 2]
    return HistGradientBoostingRegressor(max_iter=10, random_state=0).fit(X, y)


CASES = {"classifier": fit_classifier, "multiclass": fit_multiclass,
         "regressor": fit_regressor}


def predictors(estimator):
    return [p for iteration in estimator._predictors for p in iteration]


def infinite_thresholds(estimator):
    count = 0
    for predictor in predictors(estimator):
        nodes = predictor.nodes
        numerical = ~nodes["is_leaf"].astype(bool) & ~nodes["is_categorical"].astype(bool)
        count += int(np.isposinf(nodes["num_threshold"][numerical]).sum())
    return count


def sklearn_leaves(estimator, rows):
    """sklearn's node id reached in every tree (its predictor's rule: NaN
    follows missing_go_to_left, else left iff x <= num_threshold)."""
    out = np.empty((len(rows), len(predictors(estimator))), dtype=np.int64)
    for t, predictor in enumerate(predictors(estimator)):
        nodes = predictor.nodes
        for r, row in enumerate(rows):
            node = 0
            while not nodes["is_leaf"][node]:
                value = row[nodes["feature_idx"][node]]
                if np.isnan(value):
                    left = bool(nodes["missing_go_to_left"][node])
                else:
                    left = value <= nodes["num_threshold"][node]
                node = nodes["left"][node] if left else nodes["right"][node]
            out[r, t] = node
    return out


def edge_rows(estimator):
    """Fresh rows, then rows with each feature set to edge values and to
    every finite threshold of that feature and its float64/float32
    neighbours."""
    X, _ = nan_data(seed=1, n=200)
    base = X[:8]
    values = {f: list(EDGE_VALUES) for f in range(X.shape[1])}
    for predictor in predictors(estimator):
        nodes = predictor.nodes
        for node in np.flatnonzero(~nodes["is_leaf"].astype(bool)):
            t = float(nodes["num_threshold"][node])
            if not np.isfinite(t):
                continue
            t32 = np.float32(t)
            values[int(nodes["feature_idx"][node])] += [
                t, np.nextafter(t, -np.inf), np.nextafter(t, np.inf), float(t32),
                float(np.nextafter(t32, np.float32(-np.inf))),
                float(np.nextafter(t32, np.float32(np.inf)))]
    rows = [X]
    for feature, column in values.items():
        for value in column:
            edited = base.copy()
            edited[:, feature] = value
            rows.append(edited)
    return np.concatenate(rows)


def hardwood_cli(*args):
    result = subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, f"hardwood {args[0]} failed: {result.stderr}"


def predict(lib, rows, kind, tmp_path):
    x = tmp_path / "x.npy"
    y = tmp_path / "y.npy"
    np.save(x, rows)
    hardwood_cli("predict", lib, "--input", x, "--output", y, "--kind", kind)
    return np.load(y)


def assert_scores(expected, got, tolerance, what):
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64).reshape(expected.shape)
    err = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    assert err.max() <= tolerance, (
        f"{what}: max relative error {err.max():.3g} at {np.unravel_index(err.argmax(), err.shape)}")


def check(estimator, lib, rows, sent, tolerance, tmp_path, what):
    """`sent` (float32 or float64) goes to the library; sklearn sees `rows`,
    the same values in float64."""
    leaves = predict(lib, sent, "leaf", tmp_path)
    np.testing.assert_array_equal(leaves, sklearn_leaves(estimator, rows),
                                  err_msg=f"{what}: leaves")
    if hasattr(estimator, "predict_proba"):
        assert_scores(estimator.decision_function(rows),
                      predict(lib, sent, "decision", tmp_path), tolerance,
                      f"{what}: decision")
        assert_scores(estimator.predict_proba(rows),
                      predict(lib, sent, "proba", tmp_path), tolerance,
                      f"{what}: proba")
        labels = predict(lib, sent, "predict", tmp_path)
        np.testing.assert_array_equal(labels, estimator.predict(rows),
                                      err_msg=f"{what}: labels")
    else:
        assert_scores(estimator.predict(rows), predict(lib, sent, "predict", tmp_path),
                      tolerance, f"{what}: predict")
    return leaves


@pytest.mark.parametrize("case", sorted(CASES))
def test_hgb_infinite_thresholds(case, tmp_path):
    estimator = CASES[case]()
    assert infinite_thresholds(estimator) > 0, "the fitted model has no +inf threshold"
    model = hardwood.export(estimator, tmp_path / "model.json")
    model = json.loads((tmp_path / "model.json").read_text())
    written = [t for tree in model["trees"] for t in tree["threshold"]]
    assert written.count("inf") == infinite_thresholds(estimator)
    ref.validate(model)

    rows = edge_rows(estimator)
    # The reference interpreter reads the file the same way.
    if hasattr(estimator, "predict_proba"):
        assert_scores(estimator.predict_proba(rows), ref.predict(model, rows, "proba"),
                      1e-9, "reference proba")
    else:
        assert_scores(estimator.predict(rows), ref.predict(model, rows, "predict"),
                      1e-9, "reference predict")

    lib64 = tmp_path / "model64.so"
    hardwood_cli("compile", tmp_path / "model.json", "-o", lib64)
    leaves = check(estimator, lib64, rows, rows, 1e-9, tmp_path, "float64 rows")
    check_hgb_trees(estimator, model, rows, leaves)
    with np.errstate(over="ignore"):  # 1e300 becomes inf, as in numpy's cast
        narrow = rows.astype(np.float32)
    wide = narrow.astype(np.float64)
    check(estimator, lib64, wide, narrow, 1e-9, tmp_path, "float32 rows, float64 kernels")

    lib32 = tmp_path / "model32.so"
    hardwood_cli("compile", tmp_path / "model.json", "-o", lib32, "--input-type", "f32")
    check(estimator, lib32, wide, narrow, 1e-5, tmp_path, "float32 kernels")


def test_hgb_infinite_thresholds_command_line_export(tmp_path):
    """`python3 -m hardwood export` writes the model sklearn predicts with."""
    estimator = fit_regressor()
    joblib.dump(estimator, tmp_path / "est.joblib")
    result = subprocess.run(
        [sys.executable, "-m", "hardwood", "export", tmp_path / "est.joblib",
         "-o", tmp_path / "model.json"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    hardwood_cli("compile", tmp_path / "model.json", "-o", tmp_path / "model.so")
    rows = edge_rows(estimator)
    assert_scores(estimator.predict(rows),
                  predict(tmp_path / "model.so", rows, "predict", tmp_path),
                  1e-9, "predict")


@requires_native
@pytest.mark.parametrize("case", ["classifier", "regressor"])
def test_hgb_infinite_thresholds_python_api(case):
    """hardwood.compile(estimator): the estimator's own methods, the same
    outputs (float64 and float32 kernels)."""
    estimator = CASES[case]()
    rows = edge_rows(estimator)
    with np.errstate(over="ignore"):  # 1e300 becomes inf, as in numpy's cast
        narrow = rows.astype(np.float32)
    wide = narrow.astype(np.float64)
    for options, sent, seen, tolerance in (({}, rows, rows, 1e-9),
                                           ({"input_type": "f32"}, narrow, wide, 1e-5)):
        with hardwood.compile(estimator, **options) as model:
            if case == "classifier":
                np.testing.assert_array_equal(model.predict(sent),
                                              estimator.predict(seen))
                assert_scores(estimator.predict_proba(seen), model.predict_proba(sent),
                              tolerance, "predict_proba")
                assert_scores(estimator.decision_function(seen),
                              model.decision_function(sent), tolerance,
                              "decision_function")
            else:
                assert_scores(estimator.predict(seen), model.predict(sent),
                              tolerance, "predict")
