"""LightGBM models through the command line, against LightGBM itself.

tests/fixtures/lightgbm holds real LightGBM models with LightGBM's own
predictions on edge-case rows (its README.md says how they were made). Each
is compiled once with ``hardwood compile`` and run with ``hardwood predict``:

- ``decision`` is LightGBM's raw score (``predict_raw_score=true``);
- ``predict`` of regressors and rankers, ``proba`` of classifiers (column 1
  of n x 2 for binary ones) is LightGBM's normal prediction, and a
  classifier's ``predict`` is the arg-max of it;
- ``leaf`` is LightGBM's ``pred_leaf``: the leaf number within each tree
  (the trees carry ``leaf_ids``; docs/lightgbm.md).

Scores must agree within 1e-9 * max(1, |LightGBM|), leaves exactly.
Hand-made models cover what the fixtures do not (rf mode, one-vs-all,
one-leaf trees, infinite thresholds, odd bitsets); they are compared with the
evaluator in ``_lightgbm.py``, which is checked against the fixtures first.
Malformed files must fail cleanly, naming the file, the tree and the field.

The binary is $HARDWOOD_BUILD_DIR/bin/hardwood (set by ctest), else
``hardwood`` on PATH; without either the module is skipped.
"""

import functools
import math
import os
import pathlib
import random
import re
import shutil
import subprocess
import tempfile

import numpy as np
import pytest

import _lightgbm as lgb
from _cli import require_hardwood
from _native_api import requires_native
from _tree_parallel import check_single_rows, check_walks_and_sums

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "lightgbm"
CASES = sorted(d.name for d in FIXTURES.iterdir() if (d / "model.txt").is_file())
SCORE_TOLERANCE = 1e-9


HARDWOOD = require_hardwood()

WORKDIR = tempfile.mkdtemp(prefix="hardwood-lightgbm-")


@pytest.fixture(scope="module", autouse=True)
def _cleanup_workdir():
    yield
    shutil.rmtree(WORKDIR, ignore_errors=True)


def run(*args, timeout=120):
    return subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


@functools.lru_cache(maxsize=None)
def compiled(model_path):
    """The shared library of a model file, compiled once per module."""
    name = re.sub(r"[^A-Za-z0-9]+", "_", str(model_path))
    lib = os.path.join(WORKDIR, name + ".so")
    result = run("compile", model_path, "-o", lib)
    assert result.returncode == 0, f"compile {model_path} failed:\n{result.stderr}"
    return lib


def predict(lib, rows, kind):
    rows_path = os.path.join(WORKDIR, "rows.npy")
    out_path = os.path.join(WORKDIR, f"out-{kind}.npy")
    np.save(rows_path, np.ascontiguousarray(rows))
    result = run("predict", lib, "--input", rows_path, "--output", out_path,
                 "--kind", kind)
    assert result.returncode == 0, f"predict --kind {kind} failed:\n{result.stderr}"
    return np.load(out_path)


def assert_scores(expected, got, what):
    expected = np.asarray(expected, dtype=np.float64)
    assert got.dtype == np.float64, f"{what}: dtype {got.dtype}"
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    # Linear leaves with huge inputs overflow to inf or NaN; LightGBM's
    # arithmetic gives the same non-finite values, which must match exactly.
    same = (got == expected) | (np.isnan(got) & np.isnan(expected))
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.where(same, 0.0, np.abs(got - expected)
                       / np.maximum(1.0, np.abs(expected)))
    err = np.where(np.isnan(err), np.inf, err)
    worst = err.max() if err.size else 0.0
    assert worst <= SCORE_TOLERANCE, (
        f"{what}: max relative error {worst:.3g} at row "
        f"{np.unravel_index(err.argmax(), err.shape)}")


def assert_leaves(expected, got):
    assert got.dtype == np.int32, f"leaf: dtype {got.dtype}"
    assert got.shape == expected.shape, f"leaf: shape {got.shape}"
    mismatch = got != expected
    assert not mismatch.any(), (
        f"leaf: {mismatch.sum()} mismatches, first (row, tree) "
        f"{tuple(np.argwhere(mismatch)[0])}")


def check_against(model, lib, rows, leaves, raw, normal):
    """Compares every kind of the compiled model with LightGBM's outputs."""
    assert_leaves(leaves, predict(lib, rows, "leaf"))
    # LightGBM's raw score: the plain sum, in rf mode too.
    assert_scores(raw, predict(lib, rows, "decision"), "decision")
    labels = predict(lib, rows, "predict")
    if not lgb.is_classifier(model):
        assert_scores(normal, labels, "predict")
        return
    proba = predict(lib, rows, "proba")
    if normal.ndim == 1:
        assert_scores(np.stack([1.0 - normal, normal], axis=1), proba, "proba")
        expected_labels = (normal > 1.0 - normal).astype(np.float64)
        gap = np.abs(2.0 * normal - 1.0)
    else:
        assert_scores(normal, proba, "proba")
        expected_labels = normal.argmax(axis=1).astype(np.float64)
        top = np.sort(normal, axis=1)
        gap = top[:, -1] - top[:, -2]
    assert labels.shape == expected_labels.shape, f"predict: shape {labels.shape}"
    differ = labels != expected_labels
    assert (gap[differ] < 1e-6).all(), f"predict: {differ.sum()} labels differ"


# --------------------------------------------------------------------------
# Real LightGBM models
# --------------------------------------------------------------------------

def fixture(case):
    folder = FIXTURES / case
    return (lgb.load(folder / "model.txt"), np.load(folder / "X.npy"),
            np.load(folder / "expected_leaf.npy"),
            np.load(folder / "expected_raw.npy"),
            np.load(folder / "expected_predict.npy"))


@pytest.mark.parametrize("case", CASES)
def test_reference_evaluator_matches_lightgbm(case):
    model, rows, leaves, raw, normal = fixture(case)
    np.testing.assert_array_equal(model.leaves(rows), leaves)
    np.testing.assert_array_equal(model.raw(rows), raw)
    np.testing.assert_allclose(model.predict(rows), normal, rtol=1e-14, atol=0)


@pytest.mark.parametrize("case", CASES)
def test_compiled_model_matches_lightgbm(case):
    model, rows, leaves, raw, normal = fixture(case)
    lib = compiled(FIXTURES / case / "model.txt")
    check_against(model, lib, rows, leaves, raw, normal)


def test_float32_input_is_widened():
    """LightGBM computes in float64; float32 rows are widened exactly."""
    model, rows, _, _, _ = fixture("categorical_no_nan")
    lib = compiled(FIXTURES / "categorical_no_nan" / "model.txt")
    with np.errstate(over="ignore"):
        narrow = rows.astype(np.float32)
    wide = narrow.astype(np.float64)
    assert_scores(model.raw(wide), predict(lib, narrow, "decision"), "decision")


@pytest.mark.parametrize("case", CASES)
@requires_native
def test_python_api_matches_lightgbm(case):
    """hardwood.compile(model.txt) through the Python API: the same parity
    as the command line."""
    import hardwood
    model, rows, leaves, raw, normal = fixture(case)
    with hardwood.compile(FIXTURES / case / "model.txt") as compiled_model:
        np.testing.assert_array_equal(compiled_model.apply(rows), leaves)
        decision = compiled_model.decision_function(rows)
        assert_scores(raw, np.asarray(decision, dtype=np.float64), "decision")
        if not lgb.is_classifier(model):
            assert_scores(normal, np.asarray(compiled_model.predict(rows),
                                             dtype=np.float64), "predict")
            return
        proba = compiled_model.predict_proba(rows)
        if normal.ndim == 1:
            normal = np.stack([1.0 - normal, normal], axis=1)
        assert_scores(normal, proba, "predict_proba")
        labels = compiled_model.predict(rows)
        top = np.sort(normal, axis=1)
        decided = top[:, -1] - top[:, -2] > 1e-6
        np.testing.assert_array_equal(labels[decided],
                                      normal.argmax(axis=1)[decided])


# --------------------------------------------------------------------------
# Linear trees grafted onto real LightGBM trees
# --------------------------------------------------------------------------
#
# No fixture has linear_tree=true (LightGBM is not packaged here), so the real
# trees are given linear leaves. With a constant equal to each leaf's value
# and no terms the model must still reproduce LightGBM's own outputs exactly;
# with terms it is compared with the reference evaluator, which follows
# LightGBM's Tree::Predict and is itself checked against the fixtures above.

LINEAR_CASES = ["regression_l2", "multiclass_softmax", "binary_sigmoid07",
                "categorical_no_nan", "missing_nan_numeric", "zero_as_missing",
                "dart"]


def linearize(text, num_features, seed=None):
    """Makes every tree of a LightGBM model text linear. Without a seed each
    leaf's constant is its leaf_value and it has no terms; with one, random
    constants and 0-3 terms per leaf."""
    rng = np.random.default_rng(seed)

    def graft(match):
        block = match.group(0)
        values = re.search(r"^leaf_value=(.*)$", block, re.M).group(1).split()
        if seed is None:
            constants = [float(v) for v in values]
            terms = [[] for _ in values]
        else:
            constants = list(rng.normal(size=len(values)))
            terms = [[(int(rng.integers(num_features)), float(rng.normal()))
                      for _ in range(int(rng.integers(4)))] for _ in values]
        lines = "\n".join(["is_linear=1"] + linear_fields(constants, terms))
        return re.sub(r"^is_linear=0$", lambda _: lines, block, flags=re.M)

    return re.sub(r"^Tree=\d+\n.*?(?=\n\n)", graft, text,
                  flags=re.M | re.S)


@pytest.mark.parametrize("case", LINEAR_CASES)
def test_constant_linear_leaves_match_lightgbm(case, tmp_path):
    _, rows, leaves, raw, normal = fixture(case)
    text = linearize((FIXTURES / case / "model.txt").read_text(),
                     rows.shape[1])
    assert text.count("is_linear=1") == text.count("\nTree=")
    path = tmp_path / "model.txt"
    path.write_text(text)
    model = lgb.Model(text)
    check_against(model, compiled(path), rows, leaves, raw, normal)


@pytest.mark.parametrize("case", CASES)
def test_tree_walks_and_leaf_sums_give_the_kernels_bytes(case, tmp_path):
    """Tree-parallel evaluation (_tree_parallel): the real models, and the
    same trees with random linear leaves (the sums read the rows too)."""
    _, rows, _, _, _ = fixture(case)
    rows = np.concatenate([rows[:50], edge_rows(rows.shape[1], count=40)])
    check_walks_and_sums(compiled(FIXTURES / case / "model.txt"), rows)
    if case in LINEAR_CASES:
        path = tmp_path / "model.txt"
        path.write_text(linearize((FIXTURES / case / "model.txt").read_text(),
                                  rows.shape[1], seed=11))
        check_walks_and_sums(compiled(path), rows)


@pytest.mark.parametrize("case", CASES)
def test_single_rows_give_the_batch_bytes(case, tmp_path):
    """Leaf-wise trees vary in depth, so the cost model walks single rows
    in depth order (`tree_order = depth`) on all but one fixture: every
    kernel on each row alone gives the bytes it gives on the batch (tiles in
    model order), also with random linear leaves."""
    _, rows, _, _, _ = fixture(case)
    rows = np.concatenate([rows[:50], edge_rows(rows.shape[1], count=40)])
    assert check_single_rows(compiled(FIXTURES / case / "model.txt"), rows) > 0
    if case in LINEAR_CASES:
        path = tmp_path / "model.txt"
        path.write_text(linearize((FIXTURES / case / "model.txt").read_text(),
                                  rows.shape[1], seed=11))
        assert check_single_rows(compiled(path), rows) > 0


@pytest.mark.parametrize("case", LINEAR_CASES)
def test_linear_leaves_match_reference(case, tmp_path):
    _, fixture_rows, _, _, _ = fixture(case)
    text = linearize((FIXTURES / case / "model.txt").read_text(),
                     fixture_rows.shape[1], seed=11)
    path = tmp_path / "model.txt"
    path.write_text(text)
    model = lgb.Model(text)
    rows = np.concatenate([fixture_rows, edge_rows(fixture_rows.shape[1],
                                                   count=200)])
    nan_rows = np.isnan(rows).any(axis=1)
    assert nan_rows.any() and (~nan_rows).any()
    check_against(model, compiled(path), rows, model.leaves(rows),
                  model.raw(rows), model.predict(rows))


# --------------------------------------------------------------------------
# Hand-made models, against the reference evaluator
# --------------------------------------------------------------------------

def model_text(trees, objective="regression", num_class=1, num_features=4,
               average_output=False):
    lines = ["tree", "version=v4", f"num_class={num_class}",
             f"num_tree_per_iteration={num_class}", "label_index=0",
             f"max_feature_idx={num_features - 1}"]
    if objective is not None:
        lines.append(f"objective={objective}")
    if average_output:
        lines.append("average_output")
    lines.append("feature_names=" + " ".join(f"f{i}" for i in range(num_features)))
    lines.append("tree_sizes=" + " ".join("1" for _ in trees))
    lines.append("")
    for index, fields in enumerate(trees):
        lines.append(f"Tree={index}")
        fields = dict(fields)
        linear = fields.pop("linear", None)
        for key, value in fields.items():
            if isinstance(value, (list, tuple)):
                value = " ".join(str(v) for v in value)
            lines.append(f"{key}={value}")
        if linear is None:
            lines.append("is_linear=0")
        else:
            lines += ["is_linear=1"] + linear_fields(*linear)
        lines.append("shrinkage=1")
        lines.append("")
        lines.append("")
    lines += ["end of trees", "", "parameters:", "end of parameters", ""]
    return "\n".join(lines)


def linear_fields(constants, terms):
    """The four linear-tree lines as LightGBM writes them: per leaf its
    constant and its (feature, coefficient) terms, leaves separated by an
    extra space."""
    return [
        "leaf_const=" + " ".join(repr(float(c)) for c in constants),
        "num_features=" + " ".join(str(len(t)) for t in terms),
        "leaf_features=" + "".join(
            "".join(f"{f} " for f, _ in t) + " " for t in terms),
        "leaf_coeff=" + "".join(
            "".join(f"{c!r} " for _, c in t) + " " for t in terms),
    ]


def numeric_tree(feature, threshold, decision_type, left=-1.5, right=2.5):
    return {"num_leaves": 2, "num_cat": 0, "split_feature": [feature],
            "threshold": [threshold], "decision_type": [decision_type],
            "left_child": [-1], "right_child": [-2], "leaf_value": [left, right]}


def leaf_tree(value):
    return {"num_leaves": 1, "num_cat": 0, "split_feature": "",
            "threshold": "", "decision_type": "", "left_child": "",
            "right_child": "", "leaf_value": [value]}


# Internal 0: categorical on f1 (bitset 0: categories 0, 3, 33 and 63; the
# default_left bit is set and must be ignored), internal 1: f0 <= inf with
# missing type NaN and default left, internal 2: f2 missing type Zero,
# internal 3: categorical on f3 with an empty bitset (everything right).
MIXED_TREE = {
    "num_leaves": 5, "num_cat": 2, "split_feature": [1, 0, 2, 3],
    "threshold": [0, "inf", "1.0000000180025095e-35", 1],
    "decision_type": [1 | 2 | 8, 2 | 8, 4, 1],
    "left_child": [1, 2, -3, -4], "right_child": [-1, -2, 3, -5],
    "leaf_value": [1, 2, 3, 4, 5],
    "cat_boundaries": [0, 2, 2], "cat_threshold": [9, (1 << 31) | 2],
}
# Missing type None at f3 (NaN compared as 0.0), then Zero with default left.
NONE_TREE = {
    "num_leaves": 3, "num_cat": 0, "split_feature": [3, 2],
    "threshold": [0, "-1e-300"], "decision_type": [0, 4 | 2],
    "left_child": [1, -1], "right_child": [-2, -3],
    "leaf_value": [0.125, -0.25, 0.5],
}
# A three-word bitset: categories 0, 31, 64 and 72 go left.
WIDE_BITSET_TREE = {
    "num_leaves": 2, "num_cat": 1, "split_feature": [1], "threshold": [0],
    "decision_type": [1], "left_child": [-1], "right_child": [-2],
    "leaf_value": [-3, 7], "cat_boundaries": [0, 3],
    "cat_threshold": [0x80000001, 0, 0x00000101],
}

SPECIAL_VALUES = [
    np.nan, 0.0, -0.0, 1e-36, -1e-36, 1e-35, lgb.ZERO_THRESHOLD,
    -lgb.ZERO_THRESHOLD, np.nextafter(lgb.ZERO_THRESHOLD, np.inf), 5e-324,
    -5e-324, 1e-300, -1e-300, np.inf, -np.inf, 1e300, -1e300, -0.5, -0.99,
    -1.0, 0.5, 0.99, 1.0, 3.0, 3.5, 31.0, 32.0, 33.0, 63.0, 63.9, 64.0, 65.0,
    72.0, 95.0, 96.0, 1e10, 2.0**31, -2.0**31,
]


def edge_rows(num_features, count=600, seed=7):
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(count, num_features)) * 2.0
    special = rng.random(size=rows.shape) < 0.5
    picks = rng.integers(len(SPECIAL_VALUES), size=rows.shape)
    rows[special] = np.asarray(SPECIAL_VALUES)[picks[special]]
    # Every special value in every column at least once.
    block = np.tile(np.asarray(SPECIAL_VALUES)[:, None], (1, num_features))
    return np.concatenate([rows, block, np.full((1, num_features), np.nan)])


# Linear leaves: leaf 0 of MIXED_TREE has no terms (its constant still
# replaces leaf_value), the others read categorical and missing-type
# features, a feature twice, and huge coefficients.
LINEAR_MIXED_TREE = dict(MIXED_TREE, linear=(
    [0.5, -1.25, 3.0, 1e-3, 7.0],
    [[], [(0, 0.25)], [(2, -1.5), (3, 2.0), (2, 0.125)], [(1, 1e12)],
     [(3, -0.75), (0, 1e-300)]]))
LINEAR_NONE_TREE = dict(NONE_TREE, linear=(
    [0.0, 2.5, -0.5], [[(3, 1.0)], [], [(0, -2.0), (1, 0.5)]]))
# A one-leaf linear tree still evaluates its leaf's model.
LINEAR_LEAF_TREE = dict(leaf_tree(0.75), linear=([0.25], [[(1, 0.5)]]))

HAND_MADE = {
    "mixed_regression": dict(
        trees=[MIXED_TREE, leaf_tree(0.75), NONE_TREE, WIDE_BITSET_TREE,
               numeric_tree(0, "inf", 8), numeric_tree(2, "-inf", 8 | 2)]),
    "quantile_sqrt": dict(
        trees=[MIXED_TREE, NONE_TREE], objective="quantile sqrt"),
    "gamma": dict(trees=[MIXED_TREE, numeric_tree(1, 0.5, 2)], objective="gamma"),
    "custom_objective": dict(trees=[NONE_TREE, MIXED_TREE], objective=None),
    "binary_rf": dict(
        trees=[MIXED_TREE, NONE_TREE, numeric_tree(2, 0.25, 2)],
        objective="binary sigmoid:0.5", average_output=True),
    "multiclassova": dict(
        trees=[MIXED_TREE, leaf_tree(0.25), NONE_TREE,
               numeric_tree(0, 0.0, 2), WIDE_BITSET_TREE, leaf_tree(-0.5)],
        objective="multiclassova num_class:3 sigmoid:1.5", num_class=3),
    "multiclass_rf": dict(
        trees=[MIXED_TREE, NONE_TREE, numeric_tree(0, 0.0, 2),
               WIDE_BITSET_TREE, leaf_tree(0.5), numeric_tree(3, -1.0, 8)],
        objective="multiclass num_class:3", num_class=3, average_output=True),
    "linear_regression": dict(
        trees=[LINEAR_MIXED_TREE, LINEAR_NONE_TREE, LINEAR_LEAF_TREE,
               NONE_TREE]),
    "linear_multiclass": dict(
        trees=[LINEAR_MIXED_TREE, LINEAR_NONE_TREE, LINEAR_LEAF_TREE,
               LINEAR_NONE_TREE, numeric_tree(0, 0.0, 2), LINEAR_MIXED_TREE],
        objective="multiclass num_class:3", num_class=3),
    "linear_binary_rf": dict(
        trees=[LINEAR_NONE_TREE, LINEAR_MIXED_TREE, LINEAR_LEAF_TREE],
        objective="binary sigmoid:0.5", average_output=True),
}


@pytest.fixture(scope="module")
def hand_made_dir():
    folder = os.path.join(WORKDIR, "hand-made")
    os.makedirs(folder, exist_ok=True)
    return folder


@pytest.mark.parametrize("name", sorted(HAND_MADE))
def test_hand_made_model(name, hand_made_dir):
    text = model_text(**HAND_MADE[name])
    path = os.path.join(hand_made_dir, name + ".txt")
    with open(path, "w") as f:
        f.write(text)
    model = lgb.Model(text)
    rows = edge_rows(4)
    check_against(model, compiled(path), rows, model.leaves(rows),
                  model.raw(rows), model.predict(rows))


# rf mode (`average_output`), with expected values worked out by hand from
# LightGBM's source (src/boosting/gbdt_prediction.cpp, predictor.hpp):
# the raw score (`predict_raw_score=true`, `raw_score=True`) is
# GBDT::PredictRaw, the plain per-class sum of the trees; the normal
# prediction is GBDT::Predict, which divides that sum by the number of
# iterations (average_output_) and then applies the objective's transform.
# Two iterations of one tree each (binary) or of two trees each
# (multiclass, K = 2); x0 = 0 goes left (x <= 0.5), x0 = 1 right.
RF_ROWS = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
RF_CASES = {
    # Trees: (-1.5 | 2.5) and (0.5 | 1.5) on x0. Sums: -1.0 and 4.0.
    "regression": dict(
        trees=[numeric_tree(0, 0.5, 2), numeric_tree(0, 0.5, 2, 0.5, 1.5)],
        objective="regression", average_output=True,
        raw=[-1.0, 4.0], normal=[-0.5, 2.0]),
    # The same sums; p = 1 / (1 + exp(-0.5 * sum / 2)).
    "binary": dict(
        trees=[numeric_tree(0, 0.5, 2), numeric_tree(0, 0.5, 2, 0.5, 1.5)],
        objective="binary sigmoid:0.5", average_output=True,
        raw=[-1.0, 4.0],
        normal=[1.0 / (1.0 + math.exp(0.25)), 1.0 / (1.0 + math.exp(-1.0))]),
    # Class 0 trees 0 and 2, class 1 trees 1 and 3. Sums per class:
    # row 0: (-1.5 + 0.5, 1.0 + 3.0) = (-1, 4); row 1: (2.5 + 1.5, -1.0 - 1.0)
    # = (4, -2). Softmax of the sums / 2.
    "multiclass": dict(
        trees=[numeric_tree(0, 0.5, 2), numeric_tree(0, 0.5, 2, 1.0, -1.0),
               numeric_tree(0, 0.5, 2, 0.5, 1.5), numeric_tree(0, 0.5, 2, 3.0, -1.0)],
        objective="multiclass num_class:2", num_class=2, average_output=True,
        raw=[[-1.0, 4.0], [4.0, -2.0]],
        normal=[[1.0 / (1.0 + math.exp(2.5)), 1.0 / (1.0 + math.exp(-2.5))],
                [1.0 / (1.0 + math.exp(-3.0)), 1.0 / (1.0 + math.exp(3.0))]]),
}


@pytest.mark.parametrize("name", sorted(RF_CASES))
def test_rf_mode_decision_is_the_raw_sum(name, hand_made_dir):
    """`decision` is LightGBM's raw score, not divided by the iterations;
    `predict`/`proba` see the average, as LightGBM's prediction does."""
    case = dict(RF_CASES[name])
    raw, normal = np.array(case.pop("raw")), np.array(case.pop("normal"))
    path = os.path.join(hand_made_dir, f"rf_{name}.txt")
    with open(path, "w") as f:
        f.write(model_text(**case))
    lib = compiled(path)
    assert_scores(raw, predict(lib, RF_ROWS, "decision"), "decision")
    if name == "regression":
        assert_scores(normal, predict(lib, RF_ROWS, "predict"), "predict")
        return
    proba = np.stack([1.0 - normal, normal], axis=1) if normal.ndim == 1 else normal
    assert_scores(proba, predict(lib, RF_ROWS, "proba"), "proba")
    assert_scores(np.argmax(proba, axis=1), predict(lib, RF_ROWS, "predict"), "predict")
    # The evaluator the other hand-made models are checked with agrees.
    model = lgb.Model(model_text(**case))
    np.testing.assert_array_equal(model.raw(RF_ROWS), raw)
    np.testing.assert_allclose(model.predict(RF_ROWS), normal, rtol=1e-15)


# --------------------------------------------------------------------------
# Malformed files
# --------------------------------------------------------------------------

BASE = (FIXTURES / "regression_l2" / "model.txt").read_text()


def in_tree(text, index, pattern, replacement):
    """Applies a regex substitution inside the block of Tree=index."""
    start = text.index(f"\nTree={index}\n")
    end = text.index("\n\n", start + 1)
    block = re.sub(pattern, replacement, text[start:end], count=1, flags=re.M)
    assert block != text[start:end], pattern
    return text[:start] + block + text[end:]


# With this seed the first leaf of tree 0 has terms, which the edits below
# replace.
LINEAR_BASE = linearize(BASE, 10, seed=5)
LINEAR_TERMS = sum(int(n) for n in re.search(
    r"^num_features=(.*)$", LINEAR_BASE[LINEAR_BASE.index("\nTree=0\n"):],
    re.M).group(1).split())

MALFORMED = {
    "truncated": (BASE[: BASE.index("leaf_value=", BASE.index("\nTree=3\n")) + 100],
                  ["Tree=3: leaf_value: expected 31 values, got 5"]),
    "no_end_of_trees": (BASE[: BASE.index("end of trees")],
                        ["end of trees", "truncated"]),
    "wrong_count": (in_tree(BASE, 3, r"^(split_feature=.*) \S+$", r"\1"),
                    ["Tree=3: split_feature: expected 30 values, got 29"]),
    "bad_child": (in_tree(BASE, 3, r"^left_child=(\S+ \S+ \S+ \S+ \S+) \S+",
                          r"left_child=\1 99"),
                  ["Tree=3: left_child[5]: expected an integer in [-31, 29], got 99"]),
    "shared_child": (in_tree(BASE, 3, r"^right_child=(\S+) \S+", r"right_child=\1 \1"),
                     ["Tree=3: right_child[1]", "already a child"]),
    "garbage_value": (in_tree(BASE, 7, r"^(leaf_value=\S+) \S+", r"\1 0.1.2"),
                      ['Tree=7: leaf_value[1]: expected a number, got "0.1.2"']),
    "feature_out_of_range": (in_tree(BASE, 2, r"^split_feature=\S+", "split_feature=10"),
                             ["Tree=2: split_feature[0]: expected an integer in [0, 9], got 10"]),
    "linear_without_fields": (in_tree(BASE, 0, r"^is_linear=0", "is_linear=1"),
                              ["Tree=0: leaf_const: missing from the tree"]),
    "linear_flag": (in_tree(BASE, 0, r"^is_linear=0", "is_linear=2"),
                    ['Tree=0: is_linear: expected 0 or 1, got "2"']),
    "linear_term_count": (in_tree(LINEAR_BASE, 0, r"^leaf_coeff=.*$",
                                  "leaf_coeff=1.5"),
                          [f"Tree=0: leaf_coeff: expected {LINEAR_TERMS} "
                           "values, got 1"]),
    "linear_feature": (in_tree(LINEAR_BASE, 0, r"^leaf_features=\S+",
                               "leaf_features=10"),
                       ["Tree=0: leaf_features[0]: expected an integer in "
                        "[0, 9], got 10"]),
    "linear_num_features": (in_tree(LINEAR_BASE, 0, r"^num_features=\S+",
                                    "num_features=-1"),
                            ["Tree=0: num_features[0]: expected an integer in "
                             "[0, 10], got -1"]),
    "linear_coefficient": (in_tree(LINEAR_BASE, 0, r"^leaf_coeff=\S+",
                                   "leaf_coeff=nan"),
                           ["Tree=0: leaf_coeff[0]: expected a finite "
                            "coefficient, got nan"]),
    "linear_constant": (in_tree(LINEAR_BASE, 0, r"^leaf_const=\S+",
                                "leaf_const=inf"),
                        ["Tree=0: leaf_const[0]: expected a finite constant, "
                         "got inf"]),
    "renumbered": (BASE.replace("\nTree=4\n", "\nTree=40\n"),
                   ["Tree=40: expected Tree=4"]),
    "tree_sizes": (BASE.replace("\nTree=49\n", "\nTree=xx\n").split("\nTree=xx\n")[0]
                   + "\nend of trees\n", ["tree_sizes", "(49), got 50"]),
    "objective": (BASE.replace("objective=regression", "objective=regression_magic"),
                  ["objective", "unknown objective"]),
    "garbage": ("tree\n" + "".join(chr(random.Random(3).randrange(1, 127))
                                   for _ in range(2000)),
                ["missing from the header"]),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_model_is_rejected(name, tmp_path):
    text, messages = MALFORMED[name]
    path = tmp_path / f"{name}.txt"
    path.write_text(text)
    out = tmp_path / "model.so"
    result = run("compile", path, "-o", out, timeout=60)
    assert result.returncode == 1, result.stderr
    assert f"{name}.txt" in result.stderr
    for message in messages:
        assert message in result.stderr, result.stderr
    assert not out.exists(), "a failed compile left an output file"


@pytest.mark.parametrize("source", ["multiclassova", "linear_multiclass"])
def test_mutated_files_never_crash(source, tmp_path):
    """Random damage gives a clean error or a valid model, never a crash."""
    rng = random.Random(1234)
    base = model_text(**HAND_MADE[source])
    tokens = re.split(r"(\s+)", base)
    for attempt in range(40):
        kind = attempt % 4
        if kind == 0:  # cut anywhere
            text = base[: rng.randrange(len(base))]
        elif kind == 1:  # overwrite a few bytes
            chars = list(base)
            for _ in range(rng.randrange(1, 6)):
                chars[rng.randrange(len(chars))] = chr(rng.randrange(32, 127))
            text = "".join(chars)
        elif kind == 2:  # replace one token by a number from elsewhere
            damaged = list(tokens)
            i = rng.randrange(0, len(damaged), 2)
            damaged[i] = rng.choice(["-1", "0", "7", "-2147483648", "99999999999",
                                     "nan", "inf", "", "=", "1e999"])
            text = "".join(damaged)
        else:  # drop or repeat a line
            lines = base.split("\n")
            i = rng.randrange(len(lines))
            if rng.random() < 0.5:
                del lines[i]
            else:
                lines.insert(i, lines[i])
            text = "\n".join(lines)
        path = tmp_path / f"mutant{attempt}.txt"
        path.write_text(text)
        result = run("compile", path, "--emit", "mlir", "-o", tmp_path / "out.mlir",
                     timeout=60)
        assert result.returncode in (0, 1), (
            f"mutant {attempt} exited with {result.returncode}:\n{result.stderr}")
        if result.returncode == 1:
            assert "error" in result.stderr
