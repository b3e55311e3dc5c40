"""hardwood.compile on XGBoost and LightGBM model objects.

XGBoost Boosters and scikit-learn wrappers (fitted here with the installed
XGBoost) are written to XGBoost JSON and compiled; their methods must match
the object's own. An early-stopped wrapper predicts with its best iteration,
and so must the compiled model. LightGBM is not installed: a stand-in object
with LightGBM's ``model_to_string``/``best_iteration`` interface serves a
real fixture's text, and the outputs are compared with LightGBM's recorded
ones.
"""

import pathlib

import numpy as np
import pytest
from sklearn.datasets import make_classification, make_regression

import hardwood
from _native_api import requires_native

xgb = pytest.importorskip("xgboost")

pytestmark = requires_native

FIXTURES = pathlib.Path(__file__).resolve().parents[1] / "fixtures" / "lightgbm"


def close(expected, got, tol=1e-5):
    expected = np.asarray(expected, dtype=np.float64)
    got = np.asarray(got, dtype=np.float64)
    assert got.shape == expected.shape, f"shape {got.shape} != {expected.shape}"
    err = np.abs(got - expected) / np.maximum(1.0, np.abs(expected))
    assert err.max() <= tol, f"max relative error {err.max():.3g}"


def clf_data(n_classes):
    X, y = make_classification(n_samples=400, n_features=6, n_informative=4,
                               n_classes=n_classes, random_state=0)
    X = X.astype(np.float32)
    X[::17, 2] = np.nan
    return X, y


@pytest.mark.parametrize("n_classes", [2, 4])
def test_xgb_classifier(n_classes):
    X, y = clf_data(n_classes)
    clf = xgb.XGBClassifier(n_estimators=15, max_depth=3, nthread=1).fit(X, y)
    with hardwood.compile(clf) as model:
        np.testing.assert_array_equal(model.classes_, clf.classes_)
        np.testing.assert_array_equal(model.predict(X), clf.predict(X))
        close(clf.predict_proba(X), model.predict_proba(X))
        np.testing.assert_array_equal(model.apply(X), clf.apply(X))
        margin = clf.predict(X, output_margin=True)
        close(margin, model.decision_function(X))


def test_xgb_early_stopping_uses_best_iteration():
    X, y = clf_data(3)
    clf = xgb.XGBClassifier(n_estimators=300, max_depth=3, learning_rate=0.5,
                            nthread=1, early_stopping_rounds=3)
    clf.fit(X[:300], y[:300], eval_set=[(X[300:], y[300:])], verbose=False)
    assert clf.best_iteration + 1 < clf.get_booster().num_boosted_rounds()
    with hardwood.compile(clf) as model:
        close(clf.predict_proba(X), model.predict_proba(X))
        assert model.apply(X).shape == (len(X), 3 * (clf.best_iteration + 1))
    # An explicit num_iterations wins over the best iteration.
    with hardwood.compile(clf, num_iterations=2) as model:
        margin = clf.get_booster().predict(
            xgb.DMatrix(X), output_margin=True, iteration_range=(0, 2))
        close(margin, model.decision_function(X))


def test_xgb_regressor_and_booster():
    X, y = make_regression(n_samples=300, n_features=5, random_state=0)
    X = X.astype(np.float32)
    reg = xgb.XGBRegressor(n_estimators=12, max_depth=4, nthread=1).fit(X, y)
    for obj in (reg, reg.get_booster()):
        with hardwood.compile(obj) as model:
            close(reg.predict(X), model.predict(X))
            np.testing.assert_array_equal(model.apply(X), reg.apply(X))
    with pytest.raises(hardwood.CompileError, match="cannot keep 1000 boosting rounds; expected 1 to 12"):
        hardwood.compile(reg, num_iterations=1000)


class LightGBMBoosterStandIn:
    """LightGBM's Booster interface that hardwood.compile uses."""

    def __init__(self, text, best_iteration=0):
        self.text = text
        self.best_iteration = best_iteration

    def model_to_string(self):
        return self.text


def test_lightgbm_booster_interface():
    folder = FIXTURES / "multiclass_softmax"
    rows = np.load(folder / "X.npy")
    booster = LightGBMBoosterStandIn((folder / "model.txt").read_text())
    with hardwood.compile(booster) as model:
        close(np.load(folder / "expected_predict.npy"),
              model.predict_proba(rows), 1e-9)
        np.testing.assert_array_equal(model.apply(rows),
                                      np.load(folder / "expected_leaf.npy"))
    # best_iteration (early stopping) keeps that many rounds of 5 trees.
    with hardwood.compile(LightGBMBoosterStandIn(booster.text, 3)) as model:
        assert model.apply(rows).shape == (len(rows), 15)
        np.testing.assert_array_equal(
            model.apply(rows), np.load(folder / "expected_leaf.npy")[:, :15])


def test_unsupported_object_is_a_clear_error():
    with pytest.raises(hardwood.UnsupportedModelError):
        hardwood.compile(object())


# --------------------------------------------------------------------------
# The scikit-learn wrapper's `missing=` value
# --------------------------------------------------------------------------
#
# XGBoost treats a value as missing when it is NaN or equals `missing`
# (compared in float32, after XGBoost has rounded the row to float32), so
# such values take each split's default direction. The compiled model must
# route them the same way.

def missing_value_data(missing, seed=0):
    """Rows where `missing` is frequent in every feature (so the trees learn
    default directions for it) and the target depends on it."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(500, 5)).astype(np.float32)
    if missing == 0.0:
        X = np.round(X)  # many exact zeros, and -0.0
    X[rng.random(X.shape) < 0.25] = missing
    X[rng.random(X.shape) < 0.05] = np.nan
    y = np.where(X[:, 0] == missing, 3.0, X[:, 0]) + np.where(X[:, 1] == missing, -2.0, X[:, 1])
    return X, np.nan_to_num(y)


def missing_value_rows(X, missing):
    """Fresh rows holding `missing` (and values next to it) in each feature,
    as float32 and as float64 (whose values round onto `missing`)."""
    base = X[:40].copy()
    rows = [base]
    m32 = np.float32(missing)
    for value in (missing, -0.0 if missing == 0.0 else missing,
                  np.nextafter(m32, np.float32(np.inf)),
                  np.nextafter(m32, np.float32(-np.inf)), np.nan):
        for column in range(X.shape[1]):
            edited = base.copy()
            edited[:, column] = value
            rows.append(edited)
    narrow = np.concatenate(rows).astype(np.float32)
    # float64 values within half an ulp of `missing` round onto it.
    wide = narrow.astype(np.float64)
    near = wide == float(m32)
    wide[near] += np.where(np.arange(near.sum()) % 2 == 0, 1e-12, -1e-12) * max(1.0, abs(missing))
    return narrow, wide


@pytest.mark.parametrize("missing", [-999.0, 0.0])
def test_xgb_regressor_missing_value(missing):
    X, y = missing_value_data(missing)
    reg = xgb.XGBRegressor(n_estimators=20, max_depth=4, nthread=1,
                           missing=missing).fit(X, y)
    narrow, wide = missing_value_rows(X, missing)
    with hardwood.compile(reg) as model:
        for rows in (narrow, wide):
            np.testing.assert_array_equal(model.apply(rows), reg.apply(rows))
            close(reg.predict(rows), model.predict(rows))
        assert model.missing == missing
    # Without the wrapper's value, rows holding it would go elsewhere.
    plain = xgb.XGBRegressor(n_estimators=20, max_depth=4, nthread=1).fit(X, y)
    assert not np.array_equal(plain.apply(narrow), reg.apply(narrow))


@pytest.mark.parametrize("missing", [-999.0, 0.0])
def test_xgb_classifier_missing_value(missing, tmp_path):
    X, y = missing_value_data(missing, seed=1)
    y = (y > np.median(y)).astype(int) + (y > np.quantile(y, 0.8)).astype(int)
    clf = xgb.XGBClassifier(n_estimators=10, max_depth=3, nthread=1,
                            missing=missing).fit(X, y)
    narrow, wide = missing_value_rows(X, missing)
    with hardwood.compile(clf) as model:
        for rows in (narrow, wide):
            np.testing.assert_array_equal(model.apply(rows), clf.apply(rows))
            close(clf.predict_proba(rows), model.predict_proba(rows))
            close(clf.predict(rows, output_margin=True), model.decision_function(rows))
            np.testing.assert_array_equal(model.predict(rows), clf.predict(rows))
        # The value is kept by save and load.
        model.save(tmp_path / "model.so")
    with hardwood.load(tmp_path / "model.so") as loaded:
        assert loaded.missing == missing
        np.testing.assert_array_equal(loaded.apply(narrow), clf.apply(narrow))


def test_booster_missing_value_is_a_compile_option():
    """A Booster has no missing value (DMatrix has): say it at compile time."""
    X, y = missing_value_data(-999.0)
    reg = xgb.XGBRegressor(n_estimators=10, max_depth=3, nthread=1,
                           missing=-999.0).fit(X, y)
    booster = reg.get_booster()
    narrow, _ = missing_value_rows(X, -999.0)
    expected = booster.predict(xgb.DMatrix(narrow, missing=-999.0), pred_leaf=True)
    with hardwood.compile(booster, missing=-999.0) as model:
        np.testing.assert_array_equal(model.apply(narrow), expected)
    with hardwood.compile(booster) as model:
        assert np.isnan(model.missing)
        np.testing.assert_array_equal(
            model.apply(narrow), booster.predict(xgb.DMatrix(narrow), pred_leaf=True))
    with pytest.raises(TypeError, match="missing"):
        hardwood.compile(booster, missing="zero")
