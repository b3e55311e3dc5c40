"""Fitted scikit-learn models, edge rows and parity checks shared by tests.

``test_export_parity`` checks the exporter through the reference interpreter
and ``test_compiled_parity`` checks the compiled code through the ``hardwood``
command line, both against the installed scikit-learn, on the same models
and rows. Parity as DESIGN.md defines it: the same leaf for every row and
tree; scores within 1e-5 * max(1, |sklearn|) for float32 models and
1e-9 * max(1, |sklearn|) for float64 models; identical labels except where
sklearn's top two scores are within 1e-6 of each other.

A case is a function returning ``(fitted estimator, X_fit, X_fresh)``;
``tree_case_rows`` / ``linear_case_rows`` add the edge rows each family is
checked on. Checks take a *predictor*: any object with
``predict(rows, kind)`` (``kind`` None: the default kind) returning
sklearn-shaped outputs with labels from ``classes``, ``supported_kinds()``
and ``assert_unsupported(rows, kind)``.
"""

import json

import numpy as np
from sklearn import ensemble, linear_model, svm, tree
from sklearn.datasets import make_classification, make_regression

import hardwood
from hardwood import _reference as ref

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
    # make_classification needs 2**informative >= n_classes.
    informative = min(n_features, 3 if n_classes <= 4 else
                      max(6, int(np.ceil(np.log2(n_classes)))))
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


def check_outputs(estimator, model, rows, tol, predictor):
    """Compare every kind sklearn offers for this estimator with ``predictor``."""
    task = model["task"]
    if task == "anomaly":
        assert_scores(estimator.score_samples(rows), predictor.predict(rows, "score"),
                      tol, "score")
        decision = estimator.decision_function(rows)
        assert_scores(decision, predictor.predict(rows, "decision"), tol, "decision")
        labels = estimator.predict(rows)
        assert_labels(labels, predictor.predict(rows, "predict"), decision)
        assert_labels(labels, predictor.predict(rows, None), decision, "default kind")
        return
    if task == "regression":
        expected = estimator.predict(rows)
        assert_scores(expected, predictor.predict(rows, "predict"), tol, "predict")
        assert_scores(expected, predictor.predict(rows, None), tol, "default kind")
        return
    scores = None
    if hasattr(estimator, "decision_function"):
        scores = estimator.decision_function(rows)
        assert_scores(scores, predictor.predict(rows, "decision"), tol, "decision")
    if hasattr(estimator, "predict_proba"):
        scores = estimator.predict_proba(rows)
        assert_scores(scores, predictor.predict(rows, "proba"), tol, "proba")
        assert_scores(scores, predictor.predict(rows, None), tol, "default kind")
    else:
        assert "proba" not in predictor.supported_kinds()
        predictor.assert_unsupported(rows, "proba")
    labels = estimator.predict(rows)
    assert_labels(labels, predictor.predict(rows, "predict"), scores)
    if scores is not None and "proba" not in predictor.supported_kinds():
        assert_labels(labels, predictor.predict(rows, None), scores, "default kind")


class ReferencePredictor:
    """``hardwood._reference`` as a predictor."""

    def __init__(self, model):
        self.model = model

    def predict(self, rows, kind):
        return ref.predict(self.model, rows, kind)

    def supported_kinds(self):
        return ref.supported_kinds(self.model)

    def assert_unsupported(self, rows, kind):
        try:
            ref.predict(self.model, rows, kind)
        except ValueError:
            return
        raise AssertionError(f"kind {kind!r} was accepted")


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
    rows = np.asarray(rows, dtype=np.float64)  # HGB widens float32 input
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


def isolation_forest(n_features=6, **params):
    def make():
        X, _, X_fresh = reg_data(n_features=n_features, seed=4)
        est = ensemble.IsolationForest(random_state=0, **params).fit(X)
        return est, X, np.vstack([X_fresh, X_fresh * 4])  # include outliers
    return make


def with_constant_features(data, columns=(0, 3), value=1.5):
    """Training columns that never vary (no split can use them); the fresh
    rows vary them, which must not change any prediction path."""
    X, y, X_fresh = data
    X = X.copy()
    X[:, list(columns)] = value
    return X, y, X_fresh


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
    # Shallow enough to end within the register levels of
    # vector_register_top: each exit's 4 class fractions are gathered from
    # the exit table at once (16 lanes x 4 values).
    "rf_clf_4_classes_depth4": lambda: fit(
        ensemble.RandomForestClassifier(8, max_depth=4, random_state=0),
        *clf_data(n_classes=4)),
    "rf_clf_single_leaf_trees": rf_tiny_bootstrap,
    "rf_clf_float_labels": lambda: fit(ensemble.RandomForestClassifier(4, random_state=0),
                                       *clf_data(n_classes=3, labels=[-1.0, 2.0, 7.0])),
    "rf_clf_52_classes": lambda: fit(
        ensemble.RandomForestClassifier(3, max_depth=12, random_state=0),
        *clf_data(n_classes=52, n_features=10, n=780)),
    # 90 outputs per leaf: 5 chunks of 16, so the kernel adds them in a
    # loop over the chunks, then a vector of 10 (35 and 52 classes above:
    # unrolled chunks).
    "et_clf_90_classes": lambda: fit(
        ensemble.ExtraTreesClassifier(4, max_depth=12, random_state=0),
        *clf_data(n_classes=90, n_features=10, n=1350)),
    "gb_reg_1000_stumps": lambda: fit(
        ensemble.GradientBoostingRegressor(n_estimators=1000, max_depth=1, random_state=0),
        *reg_data(n=120)),
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
    "rf_clf_constant_features": lambda: fit(
        ensemble.RandomForestClassifier(6, max_depth=6, random_state=0),
        *with_constant_features(clf_data(n_classes=3))),
    "hgb_reg_constant_features": lambda: fit(
        ensemble.HistGradientBoostingRegressor(max_iter=10, random_state=0),
        *with_constant_features(nan_rows(reg_data(seed=8)))),
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



# --------------------------------------------------------------------------
# Rows each family is checked on
# --------------------------------------------------------------------------

def tree_case_rows(estimator, model, X_fit, X_fresh):
    """Fresh rows, rows at split thresholds, special values, category edges."""
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
    return np.vstack(parts)


def linear_case_rows(X_fresh):
    """Fresh rows and special values (huge ones included) in a few columns."""
    rng = np.random.default_rng(0)
    columns = rng.choice(X_fresh.shape[1], min(6, X_fresh.shape[1]), replace=False)
    return np.vstack([X_fresh, special_rows(X_fresh, columns,
                                            SPECIAL_VALUES + [1e300, -1e300])])


def check_leaves(estimator, model, rows, leaves):
    """The same leaf as sklearn for every row and tree."""
    assert leaves.dtype == np.int32, f"leaf: dtype {leaves.dtype}"
    assert leaves.shape == (len(rows), len(model["trees"])), f"leaf: shape {leaves.shape}"
    if model["input_type"] == "float64":
        check_hgb_trees(estimator, model, rows, leaves)
    else:
        np.testing.assert_array_equal(leaves, sklearn_leaves(estimator, rows))
