"""Model files written by older XGBoost and LightGBM releases.

tests/fixtures/treelite holds real files from Treelite's test suite with the
outputs the libraries gave for them (its README.md): a LightGBM v2 text
model whose tree section ends without `end of trees` (older writers go
straight to `feature importances:`), an XGBoost JSON model saved before 1.6
(no `gbtree_model_param.num_parallel_tree`; XGBoost 1.7 loads it with a
warning and reads it as 1) and a LightGBM v3 model with a one-leaf tree.

Each is compiled with ``hardwood compile`` and ``hardwood predict --kind
decision`` must give the recorded raw margins within DESIGN.md's tolerance
(1e-9 relative for LightGBM's float64, 1e-5 for XGBoost's float32). The
files come without leaf indices; the leaf kind is compared with LightGBM's
rules as ``_lightgbm.py`` implements them (after that evaluator reproduces
the recorded margins exactly) and with the installed XGBoost's
``pred_leaf``. The XGBoost 1.0 JSON schema (no real file here) is rebuilt
from a model the installed XGBoost saves and compared with XGBoost live.
"""

import json
import pathlib
import subprocess

import numpy as np
import pytest

import _lightgbm as lgb
from _cli import require_hardwood

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "treelite"

HARDWOOD = require_hardwood()


def hardwood(*args):
    result = subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, (
        f"hardwood {' '.join(map(str, args))} failed: {result.stderr}")
    return result


def compile_and_predict(model, rows, kinds, tmp_path):
    lib = tmp_path / "model.so"
    hardwood("compile", model, "-o", lib)
    x = tmp_path / "X.npy"
    np.save(x, rows)
    out = {}
    for kind in kinds:
        y = tmp_path / f"{kind}.npy"
        hardwood("predict", lib, "--input", x, "--output", y, "--kind", kind)
        out[kind] = np.load(y)
    return out


def assert_close(expected, got, tolerance, what):
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    err = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    assert err.max() <= tolerance, (
        f"{what}: max relative error {err.max():.3g} at row {err.argmax()}")


def test_lightgbm_v2_without_end_of_trees(tmp_path):
    folder = FIXTURES / "lightgbm_toy_categorical"
    text = (folder / "model.txt").read_text()
    assert "end of trees" not in text and "\nfeature importances:" in text
    rows = np.load(folder / "X.npy")
    expected = np.load(folder / "expected_decision.npy")
    model = lgb.load(folder / "model.txt")
    assert len(model.trees) == 30
    # The evaluator reproduces LightGBM's recorded margins bit for bit, so
    # its leaves are LightGBM's.
    np.testing.assert_array_equal(model.raw(rows), expected)
    out = compile_and_predict(folder / "model.txt", rows,
                              ("decision", "predict", "leaf"), tmp_path)
    assert_close(expected, out["decision"], 1e-9, "decision")
    assert_close(expected, out["predict"], 1e-9, "predict")
    np.testing.assert_array_equal(out["leaf"], model.leaves(rows))


def test_lightgbm_other_lines_after_the_trees_are_still_errors(tmp_path):
    """Only the lines LightGBM writes after its trees end them; anything else
    is reported as before, naming the file and the line."""
    text = (FIXTURES / "lightgbm_toy_categorical" / "model.txt").read_text()
    broken = tmp_path / "broken.txt"
    broken.write_text(text.replace("feature importances:", "garbage here"))
    result = subprocess.run([HARDWOOD, "compile", broken, "-o", tmp_path / "m.so"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert "broken.txt" in result.stderr
    assert "expected `Tree=30`" in result.stderr and "garbage here" in result.stderr
    assert not (tmp_path / "m.so").exists()


def test_lightgbm_v3_constant_tree_compiles(tmp_path):
    folder = FIXTURES / "lightgbm_constant_tree"
    model = lgb.load(folder / "model.txt")
    assert any(tree.num_leaves == 1 for tree in model.trees)
    num_features = int(model.header["max_feature_idx"]) + 1
    rows = np.random.default_rng(0).integers(0, 2, size=(64, num_features)).astype(np.float64)
    out = compile_and_predict(folder / "model.txt", rows, ("decision", "leaf"), tmp_path)
    assert_close(model.raw(rows), out["decision"], 1e-9, "decision")
    np.testing.assert_array_equal(out["leaf"], model.leaves(rows))


def test_xgboost_json_before_1_6(tmp_path):
    folder = FIXTURES / "xgboost_toy_categorical_pre16"
    text = (folder / "model.json").read_text()
    assert "num_parallel_tree" not in text
    rows = np.load(folder / "X.npy")
    expected = np.load(folder / "expected_decision.npy")
    out = compile_and_predict(folder / "model.json", rows,
                              ("decision", "predict", "leaf"), tmp_path)
    assert_close(expected, out["decision"], 1e-5, "decision")
    assert_close(expected, out["predict"], 1e-5, "predict")
    # float64 rows are rounded to float32 first, as XGBoost does.
    (tmp_path / "wide").mkdir()
    wide = compile_and_predict(folder / "model.json", rows.astype(np.float64),
                               ("decision",), tmp_path / "wide")
    np.testing.assert_array_equal(wide["decision"], out["decision"])


def test_xgboost_json_before_1_6_leaves_match_xgboost(tmp_path):
    xgb = pytest.importorskip("xgboost")
    folder = FIXTURES / "xgboost_toy_categorical_pre16"
    rows = np.load(folder / "X.npy")
    booster = xgb.Booster(model_file=str(folder / "model.json"))
    matrix = xgb.DMatrix(rows)
    np.testing.assert_array_equal(booster.predict(matrix, output_margin=True),
                                  np.load(folder / "expected_decision.npy"))
    out = compile_and_predict(folder / "model.json", rows, ("decision", "leaf"), tmp_path)
    np.testing.assert_array_equal(out["leaf"], booster.predict(matrix, pred_leaf=True))


def test_xgboost_json_1_0_schema(tmp_path):
    """The JSON schema of XGBoost 1.0-1.2, rebuilt from a model the installed
    XGBoost saves: without what later versions added (learner feature_names
    and feature_types, num_target, num_parallel_tree, iteration_indptr, the
    categorical fields split_type and categories*), with 1.0's
    leaf_child_counts. XGBoost 1.7 loads it to the same margins; Hardwood
    must agree with it on margins and leaves."""
    xgb = pytest.importorskip("xgboost")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(300, 4)).astype(np.float32)
    X[::7, 1] = np.nan
    y = (X[:, 0] + np.nan_to_num(X[:, 1]) > 0).astype(int)
    booster = xgb.train({"objective": "binary:logistic", "max_depth": 3,
                         "nthread": 1}, xgb.DMatrix(X, y), 5)
    booster.save_model(tmp_path / "new.json")
    document = json.loads((tmp_path / "new.json").read_text())
    learner = document["learner"]
    learner.pop("feature_names", None)
    learner.pop("feature_types", None)
    learner["learner_model_param"].pop("num_target", None)
    model = learner["gradient_booster"]["model"]
    model["gbtree_model_param"].pop("num_parallel_tree", None)
    model.pop("iteration_indptr", None)
    for tree in model["trees"]:
        for key in ("split_type", "categories", "categories_nodes",
                    "categories_segments", "categories_sizes"):
            tree.pop(key, None)
        tree["leaf_child_counts"] = [0] * len(tree["left_children"])
    document["version"] = [1, 0, 0]
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document))
    old_booster = xgb.Booster(model_file=str(old))
    matrix = xgb.DMatrix(X)
    margin = old_booster.predict(matrix, output_margin=True)
    np.testing.assert_array_equal(margin, booster.predict(matrix, output_margin=True))
    out = compile_and_predict(old, X, ("decision", "leaf"), tmp_path)
    assert_close(margin, out["decision"], 1e-5, "decision")
    np.testing.assert_array_equal(out["leaf"], old_booster.predict(matrix, pred_leaf=True))
