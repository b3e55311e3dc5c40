"""Hardwood against XGBoost on models fitted here, with the installed XGBoost.

Every case trains a small model with ``xgboost.train`` (nthread=1), saves it
with ``Booster.save_model`` (JSON, or UBJSON for a few), compiles it with
``hardwood compile`` and compares ``hardwood predict`` with XGBoost's own
``Booster.predict`` on fresh rows and on edge rows: every numerical split
threshold and its float32 neighbours, -0.0, +0.0, NaN, huge magnitudes
(+-1e30, +-FLT_MAX), denormals, and for categorical features negative,
fractional, unseen and huge categories. Parity as in DESIGN.md: the same
leaf for every row and tree (``--kind leaf`` vs ``pred_leaf=True``), margins
(``decision`` vs ``output_margin=True``) and predictions within
``1e-5 * max(1, |ref|)``, class labels identical except where XGBoost's top
two scores are within 1e-6.

XGBoost refuses infinite inputs ("Input data contains `inf`"), so rows with
+-inf in a numerical feature are compared with XGBoost's outputs for the
same rows with +-FLT_MAX in their place: ``x < t`` is the same for both as
long as no threshold is +-FLT_MAX (a model with such a threshold would have
its infinite rows dropped).

Rows go in as float32 and again as float64 (with float64 values that round
onto thresholds, onto +-0.0 and onto FLT_MAX): XGBoost models compute in
float32 and both XGBoost and Hardwood round float64 rows to float32 first.

``test_live_parity_python_api`` compiles a few of the saved models with
``hardwood.compile(path)`` and checks the CompiledModel methods the same way.
The whole module takes about 50 s on two shared cores.
"""

import json
import subprocess

import numpy as np
import pytest

from _cli import require_hardwood
from _native_api import requires_native

xgb = pytest.importorskip("xgboost")

F32_MAX = float(np.finfo(np.float32).max)
TOLERANCE = 1e-5   # float32 mode, relative to max(1, |ref|)
TIE = 1e-6         # labels may differ where the top two scores are this close
CLASSIFICATION = ("binary:logistic", "binary:hinge", "multi:softprob",
                  "multi:softmax")


HARDWOOD = require_hardwood()


def hardwood(*args):
    result = subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, (
        f"hardwood {' '.join(map(str, args))}: {result.stderr}")
    return result


def hardwood_predict(lib, rows, kind, tmp_path):
    x = tmp_path / f"x_{rows.dtype}.npy"
    y = tmp_path / f"{kind}_{rows.dtype}.npy"
    np.save(x, rows)
    hardwood("predict", lib, "--input", x, "--output", y, "--kind", kind)
    return np.load(y)


def close(expected, got, what):
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got)
    assert got.size == expected.size, f"{what}: {got.shape} vs {expected.shape}"
    expected = expected.reshape(got.shape)
    got = got.astype(np.float64)
    same = (got == expected) | (np.isnan(got) & np.isnan(expected))
    err = np.where(same, 0.0,
                   np.abs(got - expected) / np.maximum(1.0, np.abs(expected)))
    err = np.nan_to_num(err, nan=np.inf)
    worst = np.unravel_index(np.argmax(err), err.shape)
    assert err.max() <= TOLERANCE, (
        f"{what}: max relative error {err.max():.3g} at {worst}: "
        f"expected {expected[worst]!r}, got {got[worst]!r}")


def same_leaves(expected, got, what, dtype=np.int32):
    expected = np.asarray(expected).astype(np.int64)
    assert got.dtype == dtype, f"{what}: dtype {got.dtype}"
    assert got.size == expected.size, f"{what}: {got.shape} vs {expected.shape}"
    expected = expected.reshape(got.shape)
    bad = np.argwhere(expected != got)
    assert bad.size == 0, (
        f"{what}: {len(bad)} leaf mismatches, first (row, tree) {tuple(bad[0])}: "
        f"expected {expected[tuple(bad[0])]}, got {got[tuple(bad[0])]}")


def same_labels(expected, got, scores, what):
    """Labels equal except where the top two of ``scores`` (n x k) tie."""
    expected = np.asarray(expected, dtype=np.float64).ravel()
    got = np.asarray(got, dtype=np.float64).ravel()
    top2 = np.sort(scores, axis=1)[:, -2:]
    decided = (top2[:, 1] - top2[:, 0]) > TIE
    bad = np.flatnonzero((expected != got) & decided)
    assert bad.size == 0, (
        f"{what}: {bad.size} label mismatches, first row {bad[0]}: expected "
        f"{expected[bad[0]]}, got {got[bad[0]]}, scores {scores[bad[0]]}")


# ---- Training data -----------------------------------------------------------

def signal_of(X):
    Z = np.nan_to_num(X.astype(np.float64))
    s = Z[:, 0]
    if X.shape[1] > 1:
        s = s + 0.5 * Z[:, 1] ** 2
    if X.shape[1] > 2:
        s = s - 0.3 * Z[:, 2]
    return s


def numeric_data(rng, rows=300, features=4, nan=0.1):
    X = rng.normal(size=(rows, features)).astype(np.float32)
    if nan:
        # Missing values in training make default_left vary across nodes.
        X[rng.random(X.shape) < nan] = np.nan
    return X, signal_of(X) + 0.1 * rng.normal(size=rows)


def labels_for(objective, signal, rng, num_class=None):
    """A label vector the objective accepts."""
    if objective in ("binary:logistic", "binary:logitraw", "binary:hinge",
                     "rank:map"):
        return (signal > np.median(signal)).astype(np.float32)
    if objective == "reg:logistic":
        return 1.0 / (1.0 + np.exp(-signal))
    if objective in ("count:poisson", "reg:gamma", "reg:tweedie",
                     "reg:squaredlogerror"):
        return np.exp(0.5 * signal)
    if objective in ("rank:pairwise", "rank:ndcg"):
        return np.digitize(signal, np.quantile(signal, [0.4, 0.8]))
    if objective.startswith("multi:"):
        return np.digitize(signal, np.quantile(
            signal, np.arange(1, num_class) / num_class))
    return signal


# ---- Cases -------------------------------------------------------------------
#
# A case is a function of a numpy Generator that returns a dict:
#   params, X, y, rounds; optional: group (ranking), feature_types,
#   num_iterations (hardwood --num-iterations K vs iteration_range=(0, K)),
#   check (a function of the saved JSON document: asserts the shape of the
#   model the case is about).

def objective_case(objective, **extra):
    def make(rng):
        num_class = extra.get("num_class")
        X, s = numeric_data(rng)
        case = {"params": {"objective": objective, "max_depth": 3, "eta": 0.5,
                           **extra},
                "X": X, "y": labels_for(objective, s, rng, num_class),
                "rounds": 4}
        if objective.startswith("rank:"):
            case["group"] = np.full(len(X) // 20, 20)
        return case
    return make


def survival_cox(rng):
    X, s = numeric_data(rng)
    time_ = np.exp(-0.5 * s) * rng.exponential(size=len(X))
    time_[rng.random(len(X)) < 0.3] *= -1  # negative: right-censored
    return {"params": {"objective": "survival:cox", "max_depth": 3,
                       "eta": 0.5},
            "X": X, "y": time_, "rounds": 4}


def survival_aft(rng):
    X, s = numeric_data(rng)
    lower = np.exp(0.5 * s) * rng.exponential(size=len(X))
    upper = lower.copy()
    upper[rng.random(len(X)) < 0.3] = np.inf  # right-censored
    return {"params": {"objective": "survival:aft", "max_depth": 3,
                       "eta": 0.5, "aft_loss_distribution": "normal"},
            "X": X, "y": lower, "rounds": 4,
            "float_info": {"label_lower_bound": lower,
                           "label_upper_bound": upper}}


def option_case(rounds=4, data=None, **params):
    def make(rng):
        X, y = data(rng) if data else numeric_data(rng)
        return {"params": {"objective": "reg:squarederror", "max_depth": 3,
                           "eta": 0.5, **params},
                "X": X, "y": y, "rounds": rounds}
    return make


def trees_of(document):
    gbm = document["learner"]["gradient_booster"]
    return gbm.get("gbtree", gbm)["model"]["trees"]


def tree_depth(tree):
    left, right = tree["left_children"], tree["right_children"]
    depth, stack = 0, [(0, 0)]
    while stack:
        node, d = stack.pop()
        depth = max(depth, d)
        if left[node] != -1:
            stack += [(left[node], d + 1), (right[node], d + 1)]
    return depth


def deep_chain(rng):
    # y = 3^i on x = i: the best split always peels off the largest row, so
    # the tree is a chain of n - 1 splits.
    n = 36
    X = np.stack([np.arange(n), rng.normal(size=n)], axis=1).astype(np.float32)
    y = 3.0 ** np.arange(n)
    return X, y


def check_deep(document):
    depths = [tree_depth(t) for t in trees_of(document)]
    assert max(depths) >= 30, f"tree depths {depths}"


def check_single_leaf(document):
    sizes = [len(t["left_children"]) for t in trees_of(document)]
    assert 1 in sizes, f"tree sizes {sizes}"


def constant_target(rng):
    X, _ = numeric_data(rng)
    return X, np.full(len(X), 3.25)


def one_feature(rng):
    X, _ = numeric_data(rng, features=1)
    return X, np.sin(2 * np.nan_to_num(X[:, 0])) + 0.1 * rng.normal(size=len(X))


def many_features(rng):
    X, _ = numeric_data(rng, rows=160, features=1200, nan=0.02)
    Z = np.nan_to_num(X)
    return X, Z[:, 0] + Z[:, 1100] ** 2 - Z[:, 599] + Z[:, 1199]


def nan_free(rng):
    return numeric_data(rng, nan=0.0)


def categorical_case(tree_method, onehot, categories=24, rows=400):
    def make(rng):
        X, _ = numeric_data(rng, rows=rows, nan=0.0)
        X[:, 0] = rng.integers(0, categories, len(X))
        X[:, 2] = rng.integers(0, 5, len(X))
        X[rng.random(len(X)) < 0.05, 0] = np.nan
        X[rng.random(len(X)) < 0.05, 1] = np.nan
        c0, c2 = np.nan_to_num(X[:, 0], nan=7), X[:, 2]
        y = (c0 % 3 == 0) * 2.0 + np.isin(c0, [4, 11, 17]) + (c2 == 3) \
            + np.nan_to_num(X[:, 1])
        return {"params": {"objective": "reg:squarederror", "max_depth": 4,
                           "eta": 0.5, "tree_method": tree_method,
                           "max_cat_to_onehot": 64 if onehot else 1},
                "X": X, "y": y, "rounds": 4, "feature_types": ["c", "q", "c", "q"]}
    return make


def multi_case(num_class, objective="multi:softprob", rounds=2, **params):
    def make(rng):
        X, s = numeric_data(rng, rows=40 * num_class if num_class > 3 else 300,
                            features=6)
        return {"params": {"objective": objective, "num_class": num_class,
                           "max_depth": 2, "eta": 0.5, **params},
                "X": X, "y": labels_for(objective, s, rng, num_class),
                "rounds": rounds}
    return make


def with_(make, **keys):
    """A case with some keys replaced (params are merged)."""
    def wrapped(rng):
        case = make(rng)
        for key, value in keys.items():
            if key == "params":
                case["params"] = {**case["params"], **value}
            else:
                case[key] = value
        return case
    return wrapped


OBJECTIVES = ["reg:squarederror", "reg:squaredlogerror", "reg:pseudohubererror",
              "reg:absoluteerror", "reg:quantileerror", "reg:logistic",
              "binary:logistic", "binary:logitraw", "binary:hinge",
              "count:poisson", "reg:gamma", "reg:tweedie", "rank:pairwise",
              "rank:ndcg", "rank:map"]

CASES = {f"objective-{name}": objective_case(name) for name in OBJECTIVES}
CASES.update({
    "objective-multi:softprob-3": multi_case(3),
    "objective-multi:softmax-3": multi_case(3, "multi:softmax"),
    "multi:softprob-2-classes": multi_case(2),
    "multi:softprob-32-classes": multi_case(32),
    "multi:softmax-32-classes": multi_case(32, "multi:softmax"),
    "objective-survival:cox": survival_cox,
    "objective-survival:aft": survival_aft,
    "max_depth-1": option_case(rounds=6, max_depth=1),
    "depth-30+-lossguide-chain": with_(
        option_case(rounds=2, data=deep_chain, tree_method="hist",
                    grow_policy="lossguide", max_depth=0, max_leaves=256,
                    max_bin=256, eta=1.0, min_child_weight=0, reg_lambda=0),
        check=check_deep),
    "depth-30+-exact-chain": with_(
        option_case(rounds=1, data=deep_chain, tree_method="exact",
                    max_depth=40, eta=1.0, min_child_weight=0, reg_lambda=0),
        check=check_deep),
    "single-leaf-constant-target": with_(
        option_case(data=constant_target), check=check_single_leaf),
    "single-leaf-min_child_weight": with_(
        option_case(rounds=3, min_child_weight=1e9, base_score=0.75),
        check=check_single_leaf),
    "one-feature": option_case(rounds=5, data=one_feature, max_depth=4),
    "1200-features": option_case(rounds=3, data=many_features,
                                 tree_method="hist", max_depth=4),
    "nan-trained-exact": option_case(tree_method="exact"),
    "nan-trained-hist": option_case(tree_method="hist"),
    "nan-free-exact": option_case(data=nan_free, tree_method="exact"),
    "nan-free-hist": option_case(data=nan_free, tree_method="hist"),
    "categorical-onehot-hist": categorical_case("hist", onehot=True),
    "categorical-partition-hist": categorical_case("hist", onehot=False),
    "categorical-onehot-approx": categorical_case("approx", onehot=True),
    "categorical-partition-approx": categorical_case("approx", onehot=False),
    "categorical-300-categories-partition-hist": categorical_case(
        "hist", onehot=False, categories=300, rows=1200),
    "categorical-300-categories-partition-approx": categorical_case(
        "approx", onehot=False, categories=300, rows=1200),
    "lossguide-max_leaves-40": option_case(
        rounds=3, tree_method="hist", grow_policy="lossguide", max_depth=0,
        max_leaves=40),
    "nan-trained-approx": option_case(tree_method="approx"),
    "random-forest-num_parallel_tree-4": option_case(
        rounds=1, num_parallel_tree=4, subsample=0.7, colsample_bynode=0.7,
        eta=1.0, max_depth=4),
    "boosted-forest-num_parallel_tree-3": option_case(
        rounds=3, num_parallel_tree=3, subsample=0.8),
    "multi:softprob-num_parallel_tree-2": multi_case(
        3, num_parallel_tree=2, subsample=0.8),
    "dart-regression": option_case(rounds=6, booster="dart", rate_drop=0.4,
                                   skip_drop=0.0),
    "dart-binary:logistic": with_(
        objective_case("binary:logistic"),
        params={"booster": "dart", "rate_drop": 0.5, "skip_drop": 0.0,
                "normalize_type": "forest"}, rounds=6),
    "dart-one_drop-weighted-forest": option_case(
        rounds=8, booster="dart", rate_drop=0.1, one_drop=1,
        sample_type="weighted", normalize_type="forest"),
    "dart-multi:softprob": multi_case(3, rounds=4, booster="dart",
                                      rate_drop=0.5, skip_drop=0.0),
    "base_score-raw-reg:squarederror": option_case(base_score=1.25),
    "base_score-raw-binary:logitraw": with_(
        objective_case("binary:logitraw"), params={"base_score": 0.2}),
    "base_score-prob-binary:logistic": with_(
        objective_case("binary:logistic"), params={"base_score": 0.3}),
    "base_score-prob-reg:logistic": with_(
        objective_case("reg:logistic"), params={"base_score": 0.7}),
    "base_score-exp-count:poisson": with_(
        objective_case("count:poisson"), params={"base_score": 2.0}),
    "base_score-exp-reg:gamma": with_(
        objective_case("reg:gamma"), params={"base_score": 3.0}),
    "base_score-exp-reg:tweedie": with_(
        objective_case("reg:tweedie"), params={"base_score": 0.5}),
    "num_iterations-3-of-6": with_(option_case(rounds=6), num_iterations=3),
    "num_iterations-2-of-4-multi:softprob": with_(multi_case(3, rounds=4),
                                                  num_iterations=2),
    "num_iterations-2-of-3-num_parallel_tree-3": with_(
        option_case(rounds=3, num_parallel_tree=3, subsample=0.8),
        num_iterations=2),
    "num_iterations-3-of-6-dart": with_(
        option_case(rounds=6, booster="dart", rate_drop=0.4, skip_drop=0.0),
        num_iterations=3),
})

# Saved as UBJSON instead of JSON.
UBJ = {"objective-binary:logistic", "objective-multi:softprob-3",
       "categorical-partition-hist"}
# Also compiled with hardwood.compile(path) and checked through the Python API.
PYTHON_API = {"objective-reg:squarederror", "objective-binary:logistic",
              "objective-multi:softprob-3", "categorical-partition-hist",
              "num_iterations-3-of-6"}


# ---- Probe rows ----------------------------------------------------------------

def split_thresholds(document):
    """(feature, threshold) of every numerical split."""
    found = set()
    for tree in trees_of(document):
        for node, left in enumerate(tree["left_children"]):
            if left != -1 and not tree["split_type"][node]:
                found.add((tree["split_indices"][node],
                           float(np.float32(tree["split_conditions"][node]))))
    return sorted(found)


def used_features(document):
    return sorted({tree["split_indices"][node] for tree in trees_of(document)
                   for node, left in enumerate(tree["left_children"])
                   if left != -1})


SPECIALS = (np.nan, -0.0, 0.0, 1e30, -1e30, F32_MAX, -F32_MAX, 1e-40, -1e-40,
            1e-45, -1e-45, np.finfo(np.float32).tiny)
CATEGORIES = (-1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.9, 3.0, 4.0, 23.0, 24.0, 40.0,
              1000.0, 2.0**24, 2.0**25, 1e30, F32_MAX, np.nan)


def probe_rows(case, document, rng):
    """float32 rows for Hardwood and the rows XGBoost sees (inf -> FLT_MAX)."""
    X = case["X"]
    n, width = X.shape
    categorical = [i for i, t in enumerate(case.get("feature_types") or [])
                   if t == "c"]

    def base():
        row = X[rng.integers(n)].copy()
        if rng.random() < 0.5:
            row[np.isnan(row)] = 0.0
        return row

    rows = []
    # Fresh rows, like the training data (categorical: valid categories).
    fresh = rng.normal(size=(48, width)).astype(np.float32)
    fresh[rng.random(fresh.shape) < 0.1] = np.nan
    for f in categorical:
        fresh[:, f] = X[rng.integers(n, size=len(fresh)), f]
    rows.extend(fresh)
    # Every threshold and its float32 neighbours.
    thresholds = split_thresholds(document)
    if len(thresholds) > 200:
        pick = rng.choice(len(thresholds), 200, replace=False)
        thresholds = [thresholds[i] for i in sorted(pick)]
    for feature, t in thresholds:
        t = np.float32(t)
        for value in (t, np.nextafter(t, np.float32(-np.inf)),
                      np.nextafter(t, np.float32(np.inf))):
            row = base()
            row[feature] = value
            rows.append(row)
    # Special values on every feature the model uses (and the first, last).
    features = sorted(set(used_features(document)) | {0, width - 1})
    if len(features) > 24:
        features = sorted(rng.choice(features, 24, replace=False))
    for feature in features:
        values = CATEGORIES if feature in categorical else SPECIALS + (
            np.inf, -np.inf)
        for value in values:
            row = base()
            row[feature] = value
            rows.append(row)
    # Whole rows of one special value (infinities only where numerical).
    for value in SPECIALS:
        row = np.full(width, value, dtype=np.float32)
        rows.append(row)
    rows = np.array(rows, dtype=np.float32)
    numerical = np.setdiff1d(np.arange(width), categorical)
    for value in (np.inf, -np.inf):
        row = np.zeros(width, dtype=np.float32)
        row[numerical] = value
        rows = np.vstack([rows, row])
    reference = rows.copy()
    reference[np.isposinf(reference)] = F32_MAX
    reference[np.isneginf(reference)] = -F32_MAX
    if any(abs(t) == F32_MAX for _, t in split_thresholds(document)):
        # The substitution above would not be exact: drop the inf rows.
        keep = ~np.isinf(rows).any(axis=1)
        rows, reference = rows[keep], reference[keep]
    return rows, reference


def float64_rows(rows32, document, rng):
    """float64 rows: the float32 probe rows widened, plus values that only
    round onto a threshold, its neighbours, +-0.0 or +-FLT_MAX in float32."""
    X = rows32.astype(np.float64)
    extra = []
    thresholds = split_thresholds(document)[:60]
    for feature, t in thresholds:
        t32 = np.float32(t)
        up = float(np.nextafter(t32, np.float32(np.inf)))
        down = float(np.nextafter(t32, np.float32(-np.inf)))
        t = float(t32)
        for value in (t + (up - t) * 0.25, t - (t - down) * 0.25,
                      (t + up) / 2, (t + down) / 2, t + (up - t) * 0.75,
                      np.nextafter(t, np.inf), np.nextafter(t, -np.inf)):
            row = X[rng.integers(len(X))].copy()
            row[feature] = value
            extra.append(row)
    features = sorted(set(used_features(document)))[:12]
    for feature in features:
        for value in (1e-46, -1e-46, 1e-300, F32_MAX * (1 + 2.0**-30),
                      -F32_MAX * (1 + 2.0**-30), 1e38 * (1 + 1e-12)):
            row = X[rng.integers(len(X))].copy()
            row[feature] = value
            extra.append(row)
    X = np.vstack([X, np.array(extra).reshape(-1, X.shape[1])])
    return X


# ---- The comparison ------------------------------------------------------------

def xgboost_outputs(booster, rows, case):
    types = case.get("feature_types")
    matrix = xgb.DMatrix(rows, feature_types=types,
                         enable_categorical=types is not None)
    k = case.get("num_iterations")
    kwargs = {"iteration_range": (0, k)} if k else {}
    # Dart: training=False (the default) predicts with every tree, each
    # scaled by its weight_drop.
    return {"margin": booster.predict(matrix, output_margin=True, **kwargs),
            "predict": booster.predict(matrix, **kwargs),
            "leaf": booster.predict(matrix, pred_leaf=True, **kwargs)}


def compare(objective, expected, got, what, leaf_dtype=np.int32):
    """``got``: kind -> Hardwood output."""
    n = len(got["decision"])
    close(expected["margin"], got["decision"], f"{what}: margin")
    same_leaves(expected["leaf"], got["leaf"], f"{what}: leaf", leaf_dtype)
    margin = np.asarray(expected["margin"], np.float64).reshape(n, -1)
    if objective in ("binary:logistic", "multi:softprob"):
        proba = got["proba"]
        xgb_proba = np.asarray(expected["predict"], np.float64).reshape(n, -1)
        if objective == "binary:logistic":
            assert proba.shape == (n, 2)
            close(1.0 - xgb_proba[:, 0], proba[:, 0], f"{what}: proba[:, 0]")
            xgb_proba = np.hstack([1.0 - xgb_proba, xgb_proba])
        close(xgb_proba, proba, f"{what}: proba")
        same_labels(np.argmax(xgb_proba, axis=1), got["predict"], xgb_proba,
                    f"{what}: labels")
    elif objective == "multi:softmax":
        # XGBoost predicts the labels.
        same_labels(expected["predict"], got["predict"], margin,
                    f"{what}: labels")
        z = np.exp(margin - margin.max(axis=1, keepdims=True))
        close(z / z.sum(axis=1, keepdims=True), got["proba"], f"{what}: proba")
    elif objective == "binary:hinge":
        scores = np.hstack([np.zeros_like(margin), margin])
        same_labels(expected["predict"], got["predict"], scores,
                    f"{what}: labels")
    else:
        close(expected["predict"], got["predict"], f"{what}: predict")


def kinds_for(objective):
    if objective in CLASSIFICATION and objective != "binary:hinge":
        return ("decision", "predict", "proba", "leaf")
    return ("decision", "predict", "leaf")


def fit(case):
    params = {"nthread": 1, "seed": 0, **case["params"]}
    types = case.get("feature_types")
    matrix = xgb.DMatrix(case["X"], label=case["y"], feature_types=types,
                         enable_categorical=types is not None)
    if "group" in case:
        matrix.set_group(case["group"])
    for field, values in case.get("float_info", {}).items():
        matrix.set_float_info(field, values)
    return xgb.train(params, matrix, num_boost_round=case["rounds"])


def prepare(name, tmp_path):
    """Fits case ``name``, saves it and returns (case, booster, path,
    document, rng) with ``rng`` ready to draw the probe rows."""
    # A seed per case, stable across runs (str hashes are salted).
    rng = np.random.default_rng(list(name.encode()))
    case = CASES[name](rng)
    objective = case["params"]["objective"]
    try:
        booster = fit(case)
    except xgb.core.XGBoostError as exc:
        if "Unknown objective function" in str(exc):
            pytest.skip(f"XGBoost {xgb.__version__} rejects objective "
                        f"{objective!r}: Unknown objective function")
        raise
    path = tmp_path / ("model.ubj" if name in UBJ else "model.json")
    booster.save_model(str(path))
    document = json.loads(booster.save_raw("json"))
    if "check" in case:
        case["check"](document)
    return case, booster, path, document, rng


def without_inf(rows):
    rows = rows.copy()
    rows[np.isposinf(rows)] = F32_MAX
    rows[np.isneginf(rows)] = -F32_MAX
    return rows


@pytest.mark.parametrize("name", list(CASES))
def test_live_parity(name, tmp_path):
    case, booster, path, document, rng = prepare(name, tmp_path)
    objective = case["params"]["objective"]
    lib = tmp_path / "model.so"
    args = ["compile", path, "-o", lib, "--quiet"]
    if case.get("num_iterations"):
        args += ["--num-iterations", case["num_iterations"]]
    hardwood(*args)

    rows, reference = probe_rows(case, document, rng)
    rows64 = float64_rows(rows, document, rng)
    for rows_in, ref_rows, label in ((rows, reference, "float32 rows"),
                                     (rows64, without_inf(rows64),
                                      "float64 rows")):
        expected = xgboost_outputs(booster, ref_rows, case)
        got = {kind: hardwood_predict(lib, rows_in, kind, tmp_path)
               for kind in kinds_for(objective)}
        compare(objective, expected, got, f"{name}, {label}")


@requires_native
@pytest.mark.parametrize("name", sorted(PYTHON_API))
def test_live_parity_python_api(name, tmp_path):
    """hardwood.compile(path to the saved model) through the bindings."""
    import hardwood as hw  # pylint: disable=import-outside-toplevel
    case, booster, path, document, rng = prepare(name, tmp_path)
    objective = case["params"]["objective"]
    rows, reference = probe_rows(case, document, rng)
    options = {}
    if case.get("num_iterations"):
        options["num_iterations"] = case["num_iterations"]
    expected = xgboost_outputs(booster, reference, case)
    with hw.compile(str(path), **options) as model:
        got = {"decision": model.decision_function(rows),
               "leaf": model.apply(rows),
               "predict": model.predict(rows)}
        if "proba" in kinds_for(objective):
            got["proba"] = model.predict_proba(rows)
        # apply() returns int64 leaf indices, as the sklearn wrappers do.
        compare(objective, expected, got, f"{name}, Python API",
                leaf_dtype=np.int64)
