"""Parity of ``hardwood.export`` + ``hardwood._reference`` with scikit-learn.

Every case (``_models``) fits a small real model with the installed
scikit-learn, exports it, round-trips the JSON through text (what a file
holds) and compares the reference interpreter with sklearn on fresh rows and
edge rows, with the parity definition of DESIGN.md (see ``_models``).
``test_compiled_parity`` runs the same cases through the compiled code.
"""

import json
import os
import pickle
import subprocess
import sys

import numpy as np
import pytest
import sklearn
from sklearn import ensemble, linear_model, tree
from sklearn.dummy import DummyRegressor
from sklearn.exceptions import NotFittedError
from sklearn.neighbors import KNeighborsClassifier

import hardwood
from hardwood import _reference as ref

from _models import (LINEAR_CASES, TREE_CASES, ReferencePredictor, assert_scores,
                     check_leaves, check_outputs, clf_data, exported,
                     linear_case_rows, reg_data, tree_case_rows)

export_module = sys.modules["hardwood.export"]  # the attribute is the function

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    # sklearn's finiteness check sums rows holding +-FLT_MAX in float32
    # (inf - inf) before its exact fallback check; harmless here.
    pytest.mark.filterwarnings("ignore:invalid value encountered in reduce:RuntimeWarning"),
]


@pytest.mark.parametrize("case", sorted(TREE_CASES))
def test_tree_ensemble_parity(case):
    estimator, X_fit, X_fresh = TREE_CASES[case]()
    model = exported(estimator)
    rows = tree_case_rows(estimator, model, X_fit, X_fresh)
    check_leaves(estimator, model, rows, ref.predict(model, rows, "leaf"))
    tol = 1e-9 if model["input_type"] == "float64" else 1e-5
    check_outputs(estimator, model, rows, tol, ReferencePredictor(model))


@pytest.mark.parametrize("case", sorted(LINEAR_CASES))
def test_linear_parity(case):
    estimator, _, X_fresh = LINEAR_CASES[case]()
    model = exported(estimator)
    assert model["family"] == "linear" and model["input_type"] == "float64"
    check_outputs(estimator, model, linear_case_rows(X_fresh), 1e-9,
                  ReferencePredictor(model))


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
