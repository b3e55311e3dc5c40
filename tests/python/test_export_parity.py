"""Parity of ``hardwood.export`` + ``hardwood._reference`` with scikit-learn.

Every case fits a small real model with the installed scikit-learn, exports
it, round-trips the JSON through text (what a file holds) and compares the
reference interpreter with sklearn on fresh rows and edge rows. Parity as
DESIGN.md defines it: the same leaf for every row and tree; scores within
1e-5 * max(1, |sklearn|) for float32 models and 1e-9 * max(1, |sklearn|)
for float64 models; identical labels except where sklearn's top two scores
are within 1e-6 of each other.
"""

import json
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import sklearn
from sklearn import ensemble, linear_model, svm, tree
from sklearn.datasets import make_classification, make_regression
from sklearn.dummy import DummyRegressor
from sklearn.exceptions import NotFittedError
from sklearn.neighbors import KNeighborsClassifier

import hardwood
from hardwood import _reference as ref

export_module = sys.modules["hardwood.export"]  # the attribute is the function

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # sklearn's finiteness check sums rows holding +-FLT_MAX in float32
    # (inf - inf) before its exact fallback check; harmless here.
    pytest.mark.filterwarnings("ignore:invalid value encountered in reduce:RuntimeWarning"),
]

F32_MAX = float(np.finfo(np.float32).max)
# Values every model must route like sklearn: signed zeros, float32 and
# float64 denormals (the latter flush to +-0 in float32), huge magnitudes.
SPECIAL_VALUES = [0.0, -0.0, 1e-40, -1e-40, 1.4e-45, -1.4e-45, 5e-324,
                  -5e-324, 1e-310, 1e30, -1e30, F32_MAX, -F32_MAX]
# Only float64 models that accept non-finite input (HistGradientBoosting).
NONFINITE_VALUES = [1e300, -1e300, np.inf, -np.inf, np.nan]


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def clf_data(n_classes=2, n_features=6, n=240, seed=0, labels=None):
    """(X_fit, y_fit, X_fresh) of a separable-ish classification problem."""
    informative = min(n_features, 6 if n_classes > 4 else 3)
    X, y = make_classification(
        n_samples=n + 80, n_features=n_features, n_informative=informative,
        n_redundant=0, n_repeated=0, n_classes=n_classes,
        n_clusters_per_class=1, random_state=seed)
    if labels is not None:
        y = np.asarray(labels)[y]
    return X[:n], y[:n], X[n:]


def string_labels(n_classes):
    # Not in sorted order, so classes_ order differs from encounter order.
    return np.array([f"class_{(7 * i) % n_classes:02d}_{'zyx'[i % 3]}"
                     for i in range(n_classes)])


def reg_data(n_targets=1, n_features=6, n=240, seed=0):
    X, y = make_regression(n_samples=n + 80, n_features=n_features,
                           n_informative=min(n_features, 4),
                           n_targets=n_targets, noise=1.0, random_state=seed)
    return X[:n], y[:n], X[n:]


def with_nan(X, seed, fraction=0.1):
    X = X.copy()
    X[np.random.default_rng(seed).random(X.shape) < fraction] = np.nan
    return X


def nan_rows(data):
    """NaN in about 10% of the fit and fresh rows of (X, y, X_fresh)."""
    X, y, X_fresh = data
    return with_nan(X, 7), y, with_nan(X_fresh, 8)


def categorical_data(n=400, seed=0, n_classes=None):
    """Two categorical columns (0..11 at fit, 0..14 fresh) + 3 numeric, NaN."""
    rng = np.random.default_rng(seed)

    def rows(m, n_categories):
        X = np.column_stack([rng.integers(0, n_categories, m).astype(float),
                             rng.normal(size=(m, 3)),
                             rng.integers(0, n_categories, m).astype(float)])
        return with_nan(X, seed + m, 0.08)

    X, X_fresh = rows(n, 12), rows(80, 15)
    score = (np.isin(X[:, 0], [1, 3, 4, 8]) * 2.0 - np.isin(X[:, 4], [0, 5]) * 1.5
             + np.nan_to_num(X[:, 1]) + 0.3 * rng.normal(size=n))
    if n_classes is None:
        return X, score, X_fresh
    y = np.digitize(score, np.quantile(score, np.linspace(0, 1, n_classes + 1)[1:-1]))
    return X, string_labels(n_classes)[y], X_fresh


# --------------------------------------------------------------------------
# Comparisons
# --------------------------------------------------------------------------

def exported(estimator):
    model = hardwood.export(estimator)
    # Round-trip through text: thresholds must survive exactly.
    model = json.loads(json.dumps(model, allow_nan=False))
    ref.validate(model)
    return model


def assert_scores(expected, got, tol, what):
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    assert np.array_equal(np.isnan(expected), np.isnan(got)), f"{what}: NaN mismatch"
    assert np.array_equal(np.isinf(expected), np.isinf(got)), f"{what}: inf mismatch"
    finite = np.isfinite(expected)
    assert np.array_equal(expected[~finite], got[~finite]), f"{what}: inf sign mismatch"
    err = np.abs(got[finite] - expected[finite]) / np.maximum(1.0, np.abs(expected[finite]))
    worst = err.max() if err.size else 0.0
    assert worst <= tol, f"{what}: max relative error {worst:.3g} > {tol:g}"


def assert_labels(expected, got, scores, what="predict"):
    """Identical labels except where sklearn's top two scores tie (< 1e-6)."""
    expected, got = np.asarray(expected), np.asarray(got)
    assert got.shape == expected.shape, f"{what}: shape {got.shape} != {expected.shape}"
    differ = expected != got
    if differ.any():
        scores = np.asarray(scores, dtype=np.float64)
        if scores.ndim == 1:  # binary margin: the tie is at 0
            gap = np.abs(scores)
        else:
            top = np.sort(scores, axis=1)
            gap = top[:, -1] - top[:, -2]
        assert (gap[differ] < 1e-6).all(), \
            f"{what}: {int((gap[differ] >= 1e-6).sum())} labels differ outside ties"


def check_outputs(estimator, model, rows, tol):
    """Compare every kind sklearn offers for this estimator with the reference."""
    task = model["task"]
    if task == "anomaly":
        assert_scores(estimator.score_samples(rows), ref.predict(model, rows, "score"),
                      tol, "score")
        decision = estimator.decision_function(rows)
        assert_scores(decision, ref.predict(model, rows, "decision"), tol, "decision")
        assert_labels(estimator.predict(rows), ref.predict(model, rows, "predict"), decision)
        return
    if task == "regression":
        assert_scores(estimator.predict(rows), ref.predict(model, rows, "predict"), tol, "predict")
        assert_scores(estimator.predict(rows), ref.predict(model, rows), tol, "default kind")
        return
    scores = None
    if hasattr(estimator, "decision_function"):
        scores = estimator.decision_function(rows)
        assert_scores(scores, ref.predict(model, rows, "decision"), tol, "decision")
    if hasattr(estimator, "predict_proba"):
        scores = estimator.predict_proba(rows)
        assert_scores(scores, ref.predict(model, rows, "proba"), tol, "proba")
        assert_scores(scores, ref.predict(model, rows), tol, "default kind")
    else:
        assert "proba" not in ref.supported_kinds(model)
        with pytest.raises(ValueError):
            ref.predict(model, rows, "proba")
    assert_labels(estimator.predict(rows), ref.predict(model, rows, "predict"), scores)


def sklearn_leaves(estimator, rows):
    """sklearn's leaf per row and tree, in the exported tree order."""
    if isinstance(estimator, ensemble.IsolationForest):
        features = estimator.estimators_features_
        subsample = len(features[0]) != estimator.n_features_in_
        return np.column_stack([t.apply(rows[:, f] if subsample else rows)
                                for t, f in zip(estimator.estimators_, features)])
    # GB.apply is (rows, stages, K): stage-major, as exported.
    return estimator.apply(rows).reshape(len(rows), -1)


def check_hgb_trees(estimator, model, rows, leaves):
    """HGB has no apply(): compare each tree's own sklearn output instead."""
    known, feature_map = estimator._bin_mapper.make_known_categories_bitsets()
    predictors = [p for iteration in estimator._predictors for p in iteration]
    assert len(predictors) == len(model["trees"])
    for t, (predictor, tree_json) in enumerate(zip(predictors, model["trees"])):
        expected = predictor.predict(rows, known, feature_map, 1)
        got = np.asarray(tree_json["leaf_values"])[leaves[:, t]]
        np.testing.assert_array_equal(got, expected, err_msg=f"tree {t}")
        # Leaf ids are sklearn's node ids.
        assert predictor.nodes["is_leaf"][leaves[:, t]].all()


def threshold_neighbours(t):
    """t, its float64 neighbours, its nearest float32 and that one's neighbours."""
    t32 = np.float32(t)
    values = [t, np.nextafter(t, -np.inf), np.nextafter(t, np.inf), t32,
              np.nextafter(t32, np.float32(-np.inf)), np.nextafter(t32, np.float32(np.inf))]
    return [float(v) for v in values if np.isfinite(v)]


def tree_edge_rows(model, base, rng, max_nodes=120):
    """Rows that reach numerical split nodes with the feature at the edge.

    For each sampled node a base row that reaches the node is chosen (the
    routing is the reference's, but the rows are then checked against
    sklearn, so a routing error still fails), and its split feature is set
    to the threshold and its float32/float64 neighbours.
    """
    trees = model["trees"]
    leaves = ref.predict(model, base, "leaf")
    candidates = []
    for t, tree_json in enumerate(trees):
        categorical = {c["node"] for c in tree_json.get("categorical", [])}
        candidates += [(t, i) for i, left in enumerate(tree_json["left"])
                       if left != -1 and i not in categorical]
    rows = []
    if not candidates:
        return np.empty((0, base.shape[1]))
    for c in rng.choice(len(candidates), min(max_nodes, len(candidates)), replace=False):
        t, node = candidates[c]
        tree_json = trees[t]
        below, stack = [], [node]
        while stack:
            i = stack.pop()
            if tree_json["left"][i] == -1:
                below.append(i)
            else:
                stack += [tree_json["left"][i], tree_json["right"][i]]
        hits = np.flatnonzero(np.isin(leaves[:, t], below))
        row = base[hits[0] if hits.size else rng.integers(len(base))]
        for value in threshold_neighbours(tree_json["threshold"][node]):
            edited = row.copy()
            edited[tree_json["feature"][node]] = value
            rows.append(edited)
    return np.array(rows)


def special_rows(base, columns, values):
    """Copies of one base row with one column set to each special value."""
    rows = []
    for column in columns:
        for value in values:
            row = base[0].copy()
            row[column] = value
            rows.append(row)
    rows.append(np.full(base.shape[1], -0.0))
    rows.append(np.full(base.shape[1], 1e-40))
    return np.array(rows)


# --------------------------------------------------------------------------
# Tree ensemble cases: name -> () -> (fitted estimator, X_fit, X_fresh)
# --------------------------------------------------------------------------

def fit(estimator, X, y, X_fresh, **fit_params):
    return estimator.fit(X, y, **fit_params), X, X_fresh


def dt_chain_regressor():
    # Each split peels off the largest target: a chain deeper than 30.
    X = np.arange(60, dtype=float)[:, np.newaxis]
    est = tree.DecisionTreeRegressor(random_state=0).fit(X, 2.0 ** np.arange(60))
    assert est.get_depth() >= 30
    return est, X, np.linspace(-5, 65, 301)[:, np.newaxis]


def dt_chain_classifier():
    X = np.arange(40, dtype=float)[:, np.newaxis] * 0.37
    est = tree.DecisionTreeClassifier(random_state=0).fit(X, np.arange(40) % 2)
    assert est.get_depth() >= 30
    return est, X, np.linspace(-1, 16, 301)[:, np.newaxis]


def dt_constant_target():
    X, _, X_fresh = reg_data()
    est = tree.DecisionTreeRegressor().fit(X, np.full(len(X), 3.25))
    assert est.tree_.node_count == 1
    return est, X, X_fresh


def dt_weighted_classifier():
    X, y, X_fresh = clf_data(n_classes=3)
    weights = np.random.default_rng(1).uniform(0.1, 3.0, len(X))
    return fit(tree.DecisionTreeClassifier(max_depth=7, class_weight="balanced",
                                           random_state=0), X, y, X_fresh,
               sample_weight=weights)


def rf_tiny_bootstrap():
    # Four rows, one positive: many bootstrap samples hold one class only,
    # giving single-leaf trees inside a 2-class forest.
    X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 0.25], [3.0, 0.0]])
    est = ensemble.RandomForestClassifier(n_estimators=12, random_state=0)
    est.fit(X, [0, 0, 0, 1])
    assert any(t.tree_.node_count == 1 for t in est.estimators_)
    assert any(t.tree_.node_count > 1 for t in est.estimators_)
    return est, X, np.random.default_rng(0).uniform(-1, 4, (50, 2))


def boosting_constant_target(estimator):
    def make():
        X, _, X_fresh = reg_data()
        estimator.fit(X, np.full(len(X), -1.5))
        assert all(len(t["left"]) == 1 for t in hardwood.export(estimator)["trees"])
        return estimator, X, X_fresh
    return make


def hgb_regressor(**params):
    def make():
        X, y, X_fresh = reg_data(seed=3)
        X, X_fresh = with_nan(X, 1), with_nan(X_fresh, 2)
        if params.get("loss") == "poisson":
            y = np.exp(y / np.abs(y).max() * 2)
        return fit(ensemble.HistGradientBoostingRegressor(
            max_iter=15, random_state=0, **params), X, y, X_fresh)
    return make


def hgb_categorical(n_classes=None):
    def make():
        X, y, X_fresh = categorical_data(n_classes=n_classes)
        cls = (ensemble.HistGradientBoostingRegressor if n_classes is None
               else ensemble.HistGradientBoostingClassifier)
        est = cls(max_iter=10, categorical_features=[0, 4], random_state=0)
        return fit(est, X, y, X_fresh)
    return make


def isolation_forest(**params):
    def make():
        X, _, X_fresh = reg_data(n_features=params.pop("n_features", 6), seed=4)
        est = ensemble.IsolationForest(random_state=0, **params).fit(X)
        return est, X, np.vstack([X_fresh, X_fresh * 4])  # include outliers
    return make


TREE_CASES = {
    "dt_reg_depth1": lambda: fit(tree.DecisionTreeRegressor(max_depth=1), *reg_data()),
    "dt_reg_full_depth": lambda: fit(tree.DecisionTreeRegressor(random_state=0), *reg_data()),
    "dt_reg_chain_depth32": dt_chain_regressor,
    "dt_reg_single_leaf": dt_constant_target,
    "dt_reg_multioutput3": lambda: fit(tree.DecisionTreeRegressor(max_depth=8, random_state=0),
                                       *reg_data(n_targets=3)),
    "dt_reg_one_feature": lambda: fit(tree.DecisionTreeRegressor(max_depth=9),
                                      *reg_data(n_features=1)),
    "dt_clf_binary": lambda: fit(tree.DecisionTreeClassifier(max_depth=6, random_state=0),
                                 *clf_data()),
    "dt_clf_chain_depth39": dt_chain_classifier,
    "dt_clf_35_classes_strings": lambda: fit(
        tree.DecisionTreeClassifier(random_state=0),
        *clf_data(n_classes=35, n_features=10, n=700, labels=string_labels(35))),
    "dt_clf_weighted": dt_weighted_classifier,
    "dt_clf_1200_features": lambda: fit(tree.DecisionTreeClassifier(max_depth=8, random_state=0),
                                        *clf_data(n_features=1200, n=200)),
    "extra_tree_clf": lambda: fit(tree.ExtraTreeClassifier(random_state=0),
                                  *clf_data(n_classes=3)),
    "extra_tree_reg": lambda: fit(tree.ExtraTreeRegressor(random_state=0), *reg_data()),
    "rf_clf_binary": lambda: fit(ensemble.RandomForestClassifier(8, max_depth=8, random_state=0),
                                 *clf_data()),
    "rf_clf_4_classes_strings": lambda: fit(
        ensemble.RandomForestClassifier(8, random_state=0),
        *clf_data(n_classes=4, labels=string_labels(4))),
    "rf_clf_single_leaf_trees": rf_tiny_bootstrap,
    "rf_clf_float_labels": lambda: fit(ensemble.RandomForestClassifier(4, random_state=0),
                                       *clf_data(n_classes=3, labels=[-1.0, 2.0, 7.0])),
    "hgb_clf_boolean_labels": lambda: fit(
        ensemble.HistGradientBoostingClassifier(max_iter=5, random_state=0),
        *clf_data(labels=[True, False])),
    "rf_reg": lambda: fit(ensemble.RandomForestRegressor(8, max_depth=10, random_state=0),
                          *reg_data()),
    "rf_reg_multioutput2": lambda: fit(ensemble.RandomForestRegressor(6, random_state=0),
                                       *reg_data(n_targets=2)),
    "rf_reg_1200_features": lambda: fit(
        ensemble.RandomForestRegressor(5, max_depth=6, random_state=0),
        *reg_data(n_features=1200, n=200)),
    "et_clf_3_classes": lambda: fit(ensemble.ExtraTreesClassifier(8, random_state=0),
                                    *clf_data(n_classes=3)),
    "et_reg_multioutput3": lambda: fit(ensemble.ExtraTreesRegressor(6, random_state=0),
                                       *reg_data(n_targets=3)),
    **{f"gb_reg_{loss}": (lambda loss=loss: fit(
        ensemble.GradientBoostingRegressor(loss=loss, n_estimators=15, random_state=0),
        *reg_data()))
       for loss in ("squared_error", "absolute_error", "huber", "quantile")},
    "gb_reg_init_zero_subsample": lambda: fit(
        ensemble.GradientBoostingRegressor(init="zero", subsample=0.7, n_estimators=15,
                                           random_state=0), *reg_data()),
    "gb_clf_binary": lambda: fit(
        ensemble.GradientBoostingClassifier(n_estimators=15, random_state=0), *clf_data()),
    "gb_clf_4_classes": lambda: fit(
        ensemble.GradientBoostingClassifier(n_estimators=10, max_depth=4, random_state=0),
        *clf_data(n_classes=4)),
    "gb_clf_exponential": lambda: fit(
        ensemble.GradientBoostingClassifier(loss="exponential", n_estimators=15, random_state=0),
        *clf_data()),
    "gb_clf_3_classes_strings": lambda: fit(
        ensemble.GradientBoostingClassifier(n_estimators=8, random_state=0),
        *clf_data(n_classes=3, labels=string_labels(3))),
    "gb_clf_init_zero": lambda: fit(
        ensemble.GradientBoostingClassifier(init="zero", n_estimators=10, random_state=0),
        *clf_data(seed=5)),
    "gb_reg_single_leaf_trees": boosting_constant_target(
        ensemble.GradientBoostingRegressor(n_estimators=3)),
    "hgb_reg_single_leaf_trees": boosting_constant_target(
        ensemble.HistGradientBoostingRegressor(max_iter=3)),
    "hgb_reg_nan": hgb_regressor(),
    "hgb_reg_absolute_error": hgb_regressor(loss="absolute_error"),
    "hgb_reg_poisson": hgb_regressor(loss="poisson"),
    "hgb_reg_quantile": hgb_regressor(loss="quantile", quantile=0.8),
    "hgb_reg_categorical_nan": hgb_categorical(),
    "hgb_clf_binary_nan": lambda: fit(
        ensemble.HistGradientBoostingClassifier(max_iter=15, random_state=0),
        *nan_rows(clf_data(seed=6))),
    "hgb_clf_3_classes_categorical_strings": hgb_categorical(n_classes=3),
    "iforest_default": isolation_forest(n_estimators=20),
    "iforest_max_features_half": isolation_forest(n_estimators=20, max_features=0.5),
    "iforest_max_samples_1": isolation_forest(n_estimators=5, max_samples=1),
    "iforest_1200_features_contamination": isolation_forest(
        n_estimators=10, max_features=0.01, max_samples=64, contamination=0.1,
        n_features=1200),
}


def categorical_columns(estimator):
    mask = getattr(estimator, "is_categorical_", None)
    return set() if mask is None else set(np.flatnonzero(mask).tolist())


def categorical_edge_rows(base, columns, known_max):
    """Category edges: negative, fractional, unknown, the 0..255 bounds, NaN.

    Values >= 256 (and inf) are left out: scikit-learn casts them to uint8
    in C, which is undefined; the format sends them the missing direction.
    """
    values = [-1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 1.99, known_max + 0.5,
              known_max + 1, known_max + 3, 100.0, 200.0, 255.0, 255.9, np.nan]
    return special_rows(base, sorted(columns), values)


@pytest.mark.parametrize("case", sorted(TREE_CASES))
def test_tree_ensemble_parity(case):
    estimator, X_fit, X_fresh = TREE_CASES[case]()
    model = exported(estimator)
    rng = np.random.default_rng(0)
    is_hgb = model["input_type"] == "float64"
    categorical = categorical_columns(estimator)
    numeric = [c for c in range(X_fit.shape[1]) if c not in categorical]
    columns = rng.choice(numeric, min(6, len(numeric)), replace=False)
    values = SPECIAL_VALUES + (NONFINITE_VALUES if is_hgb else [])
    base = np.nan_to_num(X_fresh[:1])  # NaN only where a special row puts it
    parts = [X_fresh, tree_edge_rows(model, X_fit, rng), special_rows(base, columns, values)]
    if categorical:
        parts.append(categorical_edge_rows(base, categorical, 11))
    rows = np.vstack(parts)

    leaves = ref.predict(model, rows, "leaf")
    assert leaves.dtype == np.int32
    assert leaves.shape == (len(rows), len(model["trees"]))
    if is_hgb:
        check_hgb_trees(estimator, model, rows, leaves)
    else:
        np.testing.assert_array_equal(leaves, sklearn_leaves(estimator, rows))
    check_outputs(estimator, model, rows, 1e-9 if is_hgb else 1e-5)


# --------------------------------------------------------------------------
# Linear cases
# --------------------------------------------------------------------------

def clf(estimator, n_classes=2, labels=None, **data):
    return lambda: fit(estimator, *clf_data(n_classes=n_classes, labels=labels, **data))


def reg(estimator, **data):
    return lambda: fit(estimator, *reg_data(**data))


LINEAR_CASES = {
    "linear_regression": reg(linear_model.LinearRegression()),
    "linear_regression_multioutput3": reg(linear_model.LinearRegression(), n_targets=3),
    "linear_regression_no_intercept_multioutput2": reg(
        linear_model.LinearRegression(fit_intercept=False), n_targets=2),
    "linear_regression_1500_features": reg(linear_model.LinearRegression(),
                                           n_features=1500, n=300),
    "linear_regression_one_feature": reg(linear_model.LinearRegression(), n_features=1),
    "ridge_multioutput2": reg(linear_model.Ridge(alpha=0.5), n_targets=2),
    "lasso": reg(linear_model.Lasso(alpha=0.1)),
    "elastic_net": reg(linear_model.ElasticNet(alpha=0.1, l1_ratio=0.3)),
    "sgd_regressor": reg(linear_model.SGDRegressor(random_state=0)),
    "linear_svr": reg(svm.LinearSVR(random_state=0, max_iter=5000)),
    "logreg_binary_ovr": clf(linear_model.LogisticRegression()),
    "logreg_binary_multinomial": clf(linear_model.LogisticRegression(multi_class="multinomial")),
    "logreg_binary_labels_pm1": clf(linear_model.LogisticRegression(), labels=[-1, 1]),
    "logreg_3_classes_auto_multinomial": clf(linear_model.LogisticRegression(), 3),
    "logreg_3_classes_ovr": clf(linear_model.LogisticRegression(multi_class="ovr"), 3),
    "logreg_3_classes_liblinear": clf(linear_model.LogisticRegression(solver="liblinear"), 3),
    "logreg_boolean_labels": clf(linear_model.LogisticRegression(), labels=[False, True]),
    "logreg_35_classes_strings": clf(linear_model.LogisticRegression(max_iter=300), 35,
                                     labels=string_labels(35), n_features=10, n=700),
    "sgd_hinge_binary": clf(linear_model.SGDClassifier(random_state=0)),
    "sgd_hinge_4_classes": clf(linear_model.SGDClassifier(random_state=0), 4),
    "sgd_log_loss_binary": clf(linear_model.SGDClassifier(loss="log_loss", random_state=0)),
    "sgd_log_loss_4_classes": clf(linear_model.SGDClassifier(loss="log_loss", random_state=0), 4),
    "sgd_modified_huber_binary": clf(
        linear_model.SGDClassifier(loss="modified_huber", random_state=0)),
    "sgd_modified_huber_4_classes": clf(
        linear_model.SGDClassifier(loss="modified_huber", random_state=0), 4),
    "perceptron_binary": clf(linear_model.Perceptron(random_state=0)),
    "perceptron_3_classes_strings": clf(linear_model.Perceptron(random_state=0), 3,
                                        labels=string_labels(3)),
    "linear_svc_binary": clf(svm.LinearSVC(random_state=0, max_iter=5000)),
    "linear_svc_3_classes": clf(svm.LinearSVC(random_state=0, max_iter=5000), 3),
    "linear_svc_crammer_singer": clf(svm.LinearSVC(multi_class="crammer_singer",
                                                   random_state=0, max_iter=5000), 3),
    "ridge_classifier_binary": clf(linear_model.RidgeClassifier()),
    "ridge_classifier_4_classes_strings": clf(linear_model.RidgeClassifier(), 4,
                                              labels=string_labels(4)),
}


@pytest.mark.parametrize("case", sorted(LINEAR_CASES))
def test_linear_parity(case):
    estimator, _, X_fresh = LINEAR_CASES[case]()
    model = exported(estimator)
    assert model["family"] == "linear" and model["input_type"] == "float64"
    rng = np.random.default_rng(0)
    columns = rng.choice(X_fresh.shape[1], min(6, X_fresh.shape[1]), replace=False)
    rows = np.vstack([X_fresh, special_rows(X_fresh, columns, SPECIAL_VALUES + [1e300, -1e300])])
    check_outputs(estimator, model, rows, 1e-9)


@pytest.mark.parametrize("case, transform", [
    ("logreg_binary_ovr", {"kind": "sigmoid", "scale": 1.0}),
    # softmax([-z, z]) == sigmoid(2z): the binary multinomial trap.
    ("logreg_binary_multinomial", {"kind": "sigmoid", "scale": 2.0}),
    ("logreg_3_classes_auto_multinomial", {"kind": "softmax"}),
    ("logreg_3_classes_liblinear", {"kind": "ovr_normalize"}),
    ("sgd_log_loss_4_classes", {"kind": "ovr_normalize"}),
    ("sgd_modified_huber_binary", {"kind": "modified_huber"}),
    ("linear_svc_3_classes", {"kind": "binary_hinge"}),
])
def test_linear_transform_choice(case, transform):
    estimator, _, _ = LINEAR_CASES[case]()
    assert hardwood.export(estimator)["post_transform"] == transform


@pytest.mark.parametrize("estimator", [
    linear_model.RidgeClassifier(fit_intercept=False),
    linear_model.LogisticRegression(fit_intercept=False),
    linear_model.SGDClassifier(loss="modified_huber", fit_intercept=False, random_state=0),
])
@pytest.mark.parametrize("n_classes", [2, 3])
def test_linear_labels_at_exact_zero_scores(estimator, n_classes):
    # The format's rule (r > 0, arg-max of r) matches sklearn exactly, ties
    # included: no tie exemption here.
    X, y, _ = clf_data(n_classes=n_classes)
    estimator.fit(X, y)
    rows = np.array([np.zeros(X.shape[1]), np.full(X.shape[1], -0.0)])
    assert (estimator.decision_function(rows) == 0).all()
    np.testing.assert_array_equal(ref.predict(exported(estimator), rows, "predict"),
                                  estimator.predict(rows))


def test_proba_on_all_zero_modified_huber_rows():
    # All scores <= -1 give all-zero clipped probabilities; sklearn then
    # returns uniform probabilities. Push every score far below -1.
    estimator, _, X_fresh = LINEAR_CASES["sgd_modified_huber_4_classes"]()
    model = exported(estimator)
    # A direction d with coef @ d = -1 for every class (4 equations, 6
    # unknowns), far enough along it that every score is below -1.
    direction = np.linalg.lstsq(np.asarray(model["coefficients"]), -np.ones(4), rcond=None)[0]
    rows = X_fresh[:5] + 1e3 * direction
    rows = rows[(estimator.decision_function(rows) <= -1).all(axis=1)]
    assert len(rows) > 0
    assert_scores(estimator.predict_proba(rows), ref.predict(model, rows, "proba"), 1e-9, "proba")


# --------------------------------------------------------------------------
# Exactness details
# --------------------------------------------------------------------------

def test_thresholds_are_exact_float64():
    estimator, _, _ = TREE_CASES["dt_reg_full_depth"]()
    model = exported(estimator)
    internal = estimator.tree_.children_left != -1
    written = np.asarray(model["trees"][0]["threshold"])[internal]
    np.testing.assert_array_equal(written, estimator.tree_.threshold[internal])
    # sklearn's midpoints are mostly not float32 values: the test is not vacuous.
    assert (written != written.astype(np.float32)).mean() > 0.5


def test_isolation_forest_path_length_matches_sklearn():
    from sklearn.ensemble._iforest import _average_path_length
    n = np.arange(0, 3000)
    np.testing.assert_array_equal(export_module.average_path_length(n),
                                  _average_path_length(n))


@pytest.mark.parametrize("case, link", [
    ("gb_clf_4_classes", lambda p: np.log(p)),
    ("gb_clf_binary", lambda p: [np.log(p[1] / p[0])]),
    ("gb_clf_exponential", lambda p: [0.5 * np.log(p[1] / p[0])]),
])
def test_gb_base_score_is_init_raw_prediction(case, link):
    # Independent of _raw_predict_init: the link of the class priors.
    estimator, _, _ = TREE_CASES[case]()
    expected = link(estimator.init_.class_prior_)
    np.testing.assert_allclose(exported(estimator)["base_score"], expected, rtol=1e-12)


@pytest.mark.parametrize("case", ["iforest_default", "iforest_max_features_half"])
def test_iforest_feature_remapping(case):
    # sklearn indexes columns by estimators_features_ only when max_features
    # selects fewer than all features; the export must do exactly the same.
    estimator, _, _ = TREE_CASES[case]()
    subsample = len(estimator.estimators_features_[0]) != estimator.n_features_in_
    assert subsample == (case == "iforest_max_features_half")
    model = exported(estimator)
    for member, columns, tree_json in zip(estimator.estimators_,
                                          estimator.estimators_features_, model["trees"]):
        internal = member.tree_.children_left != -1
        expected = member.tree_.feature[internal]
        if subsample:
            expected = columns[expected]
        np.testing.assert_array_equal(np.asarray(tree_json["feature"])[internal], expected)


# --------------------------------------------------------------------------
# Error paths
# --------------------------------------------------------------------------

def test_unsupported_estimator():
    X, y, _ = clf_data()
    with pytest.raises(hardwood.UnsupportedModelError, match="KNeighborsClassifier"):
        hardwood.export(KNeighborsClassifier().fit(X, y))
    with pytest.raises(hardwood.UnsupportedModelError, match="dict"):
        hardwood.export({"not": "a model"})


def test_subclass_is_not_assumed_compatible():
    class MyForest(ensemble.RandomForestClassifier):
        pass
    X, y, _ = clf_data()
    with pytest.raises(hardwood.UnsupportedModelError, match="MyForest"):
        hardwood.export(MyForest(n_estimators=2).fit(X, y))


def test_unfitted_estimator():
    with pytest.raises(NotFittedError):
        hardwood.export(ensemble.RandomForestClassifier())


@pytest.mark.parametrize("init", [DummyRegressor(), linear_model.LinearRegression()])
def test_gradient_boosting_custom_init(init):
    X, y, _ = reg_data()
    est = ensemble.GradientBoostingRegressor(n_estimators=3, init=init).fit(X, y)
    with pytest.raises(hardwood.UnsupportedModelError,
                       match="GradientBoostingRegressor: init="):
        hardwood.export(est)


def test_multi_output_classifier():
    X, y, _ = clf_data()
    est = ensemble.RandomForestClassifier(n_estimators=2).fit(X, np.column_stack([y, 1 - y]))
    with pytest.raises(hardwood.UnsupportedModelError,
                       match="RandomForestClassifier: multi-output"):
        hardwood.export(est)


def test_multilabel_ridge_classifier():
    X, y, _ = clf_data()
    est = linear_model.RidgeClassifier().fit(X, np.column_stack([y, 1 - y, y]))
    with pytest.raises(hardwood.UnsupportedModelError, match="multilabel"):
        hardwood.export(est)


def test_single_class_classifier():
    X, _, _ = clf_data()
    est = tree.DecisionTreeClassifier().fit(X, np.zeros(len(X)))
    with pytest.raises(hardwood.UnsupportedModelError, match="fewer than 2 classes"):
        hardwood.export(est)


@pytest.mark.parametrize("case", ["gb_reg_squared_error", "hgb_reg_nan"])
def test_private_attributes_need_a_verified_sklearn(case, monkeypatch):
    estimator, _, _ = TREE_CASES[case]()
    monkeypatch.setattr(sklearn, "__version__", "9.9.0")
    with pytest.raises(hardwood.UnsupportedModelError, match=r"9\.9\.0.*PRIVATE_API_VERIFIED"):
        hardwood.export(estimator)


def test_public_attributes_need_no_version_check(monkeypatch):
    estimator, _, _ = TREE_CASES["rf_clf_binary"]()
    monkeypatch.setattr(sklearn, "__version__", "9.9.0")
    assert hardwood.export(estimator)["source"]["library_version"] == "9.9.0"


def test_non_finite_values_leave_no_file(tmp_path):
    est = linear_model.LinearRegression().fit(*reg_data()[:2])
    est.coef_ = est.coef_.copy()
    est.coef_[2] = np.inf
    out = tmp_path / "model.json"
    with pytest.raises(hardwood.UnsupportedModelError, match="non-finite"):
        hardwood.export(est, out)
    assert list(tmp_path.iterdir()) == []


def test_export_writes_the_returned_model(tmp_path):
    estimator, _, _ = TREE_CASES["hgb_reg_categorical_nan"]()
    out = tmp_path / "model.json"
    model = hardwood.export(estimator, out)
    assert json.loads(out.read_text()) == model
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.json"]


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def run_cli(*args):
    env = dict(os.environ)
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(hardwood.__file__)))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [package_root, env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "hardwood", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def small_forest():
    X, y, _ = clf_data()
    return ensemble.RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X, y)


@pytest.mark.parametrize("suffix", [".joblib", ".pkl"])
def test_cli_export(tmp_path, small_forest, suffix):
    import joblib
    source = tmp_path / f"forest{suffix}"
    if suffix == ".joblib":
        joblib.dump(small_forest, source)
    else:
        source.write_bytes(pickle.dumps(small_forest))
    out = tmp_path / "forest.json"
    result = run_cli("export", source, "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text()) == hardwood.export(small_forest)


def test_cli_unsupported_model(tmp_path):
    X, y, _ = clf_data()
    source = tmp_path / "knn.pkl"
    source.write_bytes(pickle.dumps(KNeighborsClassifier().fit(X, y)))
    out = tmp_path / "knn.json"
    result = run_cli("export", source, "-o", out)
    assert result.returncode == 1
    assert "KNeighborsClassifier" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


@pytest.mark.parametrize("content", [None, b"this is not a pickle"])
def test_cli_unreadable_input(tmp_path, content):
    source = tmp_path / "model.pkl"
    if content is not None:
        source.write_bytes(content)
    result = run_cli("export", source, "-o", tmp_path / "out.json")
    assert result.returncode == 1
    assert str(source) in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out.json").exists()


def test_cli_usage_error(tmp_path):
    result = run_cli("export", tmp_path / "model.pkl")  # no -o
    assert result.returncode == 2
    assert "-o" in result.stderr
