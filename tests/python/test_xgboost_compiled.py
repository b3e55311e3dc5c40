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


# The traversal strategies, forced, give the default library's bytes on the
# probe rows (every threshold and its neighbours, NaN, -0.0, huge values):
# XGBoost's strict splits with default directions are where reading NaN as
# +-infinity in the compare levels must send NaN the default way.
STRATEGIES = [
    "strategy = scalar_interleaved",
    "strategy = vector_gather, vector_lanes = 8",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 6, compare_levels = 4",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 3, compare_levels = 1",
    "strategy = vector_gather, vector_lanes = 16, node_layout = compact8",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 3, compare_levels = 1, node_layout = compact8",
    "strategy = scalar_interleaved, node_layout = compact8",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 2, compare_levels = 1, node_layout = compact8, scalar_below = 16",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 3, compare_levels = 1, scalar_below = 8",
    "strategy = unrolled, vector_lanes = 16, interleave = 1",
    "strategy = unrolled, vector_lanes = 8, interleave = 2",
]


@pytest.mark.parametrize("case", CASES)
def test_compiled_xgboost_strategies_agree(case, tmp_path):
    expected = json.loads((INPUTS / (case + ".expected")).read_text())
    rows = np.array([[float(v) for v in row] for row in expected["rows"]],
                    dtype=np.float32)
    x = tmp_path / "x.npy"
    np.save(x, rows)

    def outputs(lib, name):
        result = {}
        for kind in ("decision", "leaf"):
            y = tmp_path / f"{name}.{kind}.npy"
            hardwood("predict", lib, "--input", x, "--output", y, "--kind", kind)
            result[kind] = y.read_bytes()
        return result

    default = tmp_path / "default.so"
    hardwood("compile", INPUTS / case, "-o", default, "--quiet")
    want = outputs(default, "default")
    for i, schedule in enumerate(STRATEGIES):
        lib = tmp_path / f"s{i}.so"
        hardwood("compile", INPUTS / case, "-o", lib, "--quiet", "--schedule",
                 schedule)
        assert outputs(lib, f"s{i}") == want, f"{case}: {schedule} differs"
