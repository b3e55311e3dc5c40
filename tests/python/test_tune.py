"""``hardwood.compile(model, tune=True)``: ``hardwood compile --tune`` from
Python. The tuned model predicts what the cost model's does (bit for bit);
which schedule wins and how fast anything runs is never asserted.

Needs the extension ``hardwood._native`` and the ``hardwood`` compiler (ctest
sets HARDWOOD_BUILD_DIR and HARDWOOD_REQUIRE_NATIVE); skipped without them
unless HARDWOOD_REQUIRE_NATIVE=1.
"""

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.ensemble import RandomForestClassifier

import hardwood
from _native_api import requires_native

pytestmark = [requires_native]


@pytest.fixture(scope="module")
def forest():
    X, y = make_classification(n_samples=300, n_features=5, random_state=0)
    est = RandomForestClassifier(n_estimators=3, max_depth=4,
                                 random_state=0).fit(X, y)
    return est, X


def test_tuned_model_predicts_as_the_cost_models(forest, capfd):
    est, X = forest
    plain = hardwood.compile(est)
    tuned = hardwood.compile(est, tune=True, tune_rows=64,
                             tune_time_budget=0, verbose=True)
    assert "--tune" in capfd.readouterr().err
    for method in ("predict", "predict_proba", "apply"):
        a, b = getattr(tuned, method)(X), getattr(plain, method)(X)
        assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), method


def test_tune_data_as_an_array(forest):
    est, X = forest
    tuned = hardwood.compile(est, tune=True, tune_data=X[:50],
                             tune_time_budget=0)
    np.testing.assert_array_equal(tuned.predict(X), est.predict(X))


def test_tune_errors(forest):
    est, X = forest
    with pytest.raises(hardwood.CompilerFailedError,
                       match="rows of 4 features; the model takes 5"):
        hardwood.compile(est, tune=True, tune_data=X[:, :4])
    with pytest.raises(hardwood.CompilerFailedError,
                       match="needs --target native"):
        hardwood.compile(est, target="generic", tune=True)
