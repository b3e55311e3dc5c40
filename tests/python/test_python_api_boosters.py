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
