"""Parity of ``hardwood.compile(estimator)`` with scikit-learn for every
estimator of the parity suite (``_models``), through the Python API.

For each case the fitted estimator is compiled in-process with
``hardwood.compile`` and every method both objects have (``predict``,
``predict_proba``, ``decision_function``, ``score_samples``, ``apply``) is
compared on fresh rows: same shapes, scores within DESIGN.md's tolerance
(1e-5 relative for float32 models, 1e-9 for float64 ones), identical labels
except at ties, identical leaves. Edge rows (thresholds and their float
neighbours, NaN, huge values) are covered through the CLI by
``test_compiled_parity``; here the point is that the Python object is a
drop-in for the estimator.
"""

import numpy as np
import pytest

import hardwood

from _models import LINEAR_CASES, TREE_CASES, assert_labels, assert_scores
from _native_api import requires_native

pytestmark = [
    requires_native,
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
]

METHODS = ("predict_proba", "decision_function", "score_samples")


def compare(estimator, rows):
    with hardwood.compile(estimator) as compiled:
        precise = type(estimator).__name__.startswith("HistGradientBoosting") \
            or not hasattr(estimator, "apply") and \
            type(estimator).__name__ != "IsolationForest"
        tol = 1e-9 if precise else 1e-5
        scores = None
        for method in METHODS:
            if not hasattr(estimator, method):
                assert not hasattr(compiled, method), method
                continue
            expected = getattr(estimator, method)(rows)
            assert_scores(expected, getattr(compiled, method)(rows), tol, method)
            if method != "score_samples":
                scores = expected
        expected = estimator.predict(rows)
        got = compiled.predict(rows)
        if hasattr(estimator, "classes_"):
            assert got.dtype == expected.dtype, f"predict dtype {got.dtype}"
            assert_labels(expected, got, scores if scores is not None
                          else np.zeros(len(rows)))
        elif type(estimator).__name__ == "IsolationForest":
            assert_labels(expected, got, estimator.decision_function(rows))
        else:
            assert_scores(expected, got, tol, "predict")
        if hasattr(estimator, "apply") and \
                type(estimator).__name__ != "IsolationForest":
            np.testing.assert_array_equal(estimator.apply(rows),
                                          compiled.apply(rows))


@pytest.mark.parametrize("case", sorted(TREE_CASES))
def test_tree_estimator(case):
    estimator, _, X_fresh = TREE_CASES[case]()
    rows = X_fresh
    if type(estimator).__name__ != "HistGradientBoostingRegressor" and \
            not type(estimator).__name__.startswith("HistGradientBoosting"):
        rows = rows[np.isfinite(rows).all(axis=1)]
    compare(estimator, rows)


@pytest.mark.parametrize("case", sorted(LINEAR_CASES))
def test_linear_estimator(case):
    estimator, _, X_fresh = LINEAR_CASES[case]()
    compare(estimator, X_fresh)
