"""Compiled XGBoost models against XGBoost's own outputs.

The importer fixtures (tests/fixtures/xgboost/xgb_*.{json,ubj}, written by
XGBoost 1.7.4 with generate_xgboost_models.py) come with probe rows (every
threshold and its float32 neighbours, NaN, -0.0, huge values, category
edges) and XGBoost's margins, predictions and leaf indices for them. Each
model is compiled with ``hardwood compile`` and predicted with
``hardwood predict``; parity as in DESIGN.md (float32 models: 1e-5 relative,
leaves exact).
"""

import json
import pathlib
import subprocess

import numpy as np
import pytest

from _cli import require_hardwood

INPUTS = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "xgboost"
CASES = sorted(p.name for p in INPUTS.glob("xgb_*") if p.suffix in (".json", ".ubj"))


HARDWOOD = require_hardwood()


def hardwood(*args):
    result = subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def predict(lib, rows, kind, tmp_path):
    x, y = tmp_path / "x.npy", tmp_path / f"{kind}.npy"
    np.save(x, rows)
    hardwood("predict", lib, "--input", x, "--output", y, "--kind", kind)
    return np.load(y)


def close(expected, got, what):
    expected = np.asarray(expected, dtype=np.float64).reshape(got.shape)
    err = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    assert err.max() <= 1e-5, f"{what}: max relative error {err.max():.3g}"


@pytest.mark.parametrize("case", CASES)
def test_compiled_xgboost_matches_xgboost(case, tmp_path):
    expected = json.loads((INPUTS / (case + ".expected")).read_text())
    rows = np.array([[float(v) for v in row] for row in expected["rows"]],
                    dtype=np.float32)
    lib = tmp_path / "model.so"
    hardwood("compile", INPUTS / case, "-o", lib, "--quiet")
    info = hardwood("inspect", INPUTS / case).stdout

    close(expected["margin"], predict(lib, rows, "decision", tmp_path),
          "margin")
    xgb_predict = np.asarray(expected["predict"], dtype=np.float64)
    if "task:       classification" in info:
        if "transform:  binary_hinge" in info or "softmax" in case:
            # XGBoost predicts labels: compare with ours.
            got = predict(lib, rows, "predict", tmp_path)
            np.testing.assert_array_equal(xgb_predict.reshape(got.shape), got)
        else:
            proba = predict(lib, rows, "proba", tmp_path)
            if xgb_predict.size == len(rows):  # binary: P(class 1)
                proba = proba[:, 1]
            close(xgb_predict, proba, "predict (probabilities)")
    else:
        close(xgb_predict, predict(lib, rows, "predict", tmp_path), "predict")

    leaves = predict(lib, rows, "leaf", tmp_path)
    assert leaves.dtype == np.int32 and leaves.shape[0] == len(rows)
    # Every fixture records XGBoost's pred_leaf, pruned trees included
    # (their leaves keep XGBoost's node ids through leaf_ids).
    xgb_leaves = np.asarray(expected["leaf"], dtype=np.int32)
    np.testing.assert_array_equal(xgb_leaves.reshape(leaves.shape), leaves)
