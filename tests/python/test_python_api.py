"""The Python API: ``hardwood.compile(estimator)`` is a drop-in for the
estimator's inference methods (values within DESIGN.md's parity tolerance,
same shapes and dtypes), plus save/load, threads, input layouts and errors.

Needs the extension ``hardwood._native`` and the ``hardwood`` compiler (ctest
sets HARDWOOD_BUILD_DIR and HARDWOOD_REQUIRE_NATIVE); skipped without them
unless HARDWOOD_REQUIRE_NATIVE=1.
"""

import os
import subprocess
import sys
import threading

import numpy as np
import pytest
from sklearn import ensemble, linear_model
from sklearn.datasets import make_classification, make_regression

import hardwood
from _native_api import requires_native

pytestmark = [
    requires_native,
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
]

METHODS = ("predict", "predict_proba", "decision_function", "score_samples", "apply")


def clf_data(n_classes=2, seed=0, labels=None):
    X, y = make_classification(n_samples=400, n_features=6, n_informative=4,
                               n_redundant=0, n_classes=n_classes,
                               n_clusters_per_class=1, random_state=seed)
    if labels is not None:
        y = np.asarray(labels)[y]
    return X[:300], y[:300], X[300:]


def reg_data(seed=0):
    X, y = make_regression(n_samples=400, n_features=6, noise=0.5,
                           random_state=seed)
    return X[:300], y[:300], X[300:]


def _fit(estimator, data):
    X_fit, y_fit, X_test = data
    return estimator.fit(X_fit, y_fit), X_test


STRING_LABELS = np.array(["setosa", "virginica", "versicolor"])
CASES = {
    "rf_clf_binary": lambda: _fit(ensemble.RandomForestClassifier(
        n_estimators=10, max_depth=6, random_state=0), clf_data()),
    "et_clf_multiclass": lambda: _fit(ensemble.ExtraTreesClassifier(
        n_estimators=10, max_depth=6, random_state=0), clf_data(3)),
    "gb_clf_binary": lambda: _fit(ensemble.GradientBoostingClassifier(
        n_estimators=10, max_depth=3, random_state=0), clf_data()),
    "gb_clf_multiclass": lambda: _fit(ensemble.GradientBoostingClassifier(
        n_estimators=8, max_depth=3, random_state=0), clf_data(3)),
    "hgb_clf_multiclass": lambda: _fit(ensemble.HistGradientBoostingClassifier(
        max_iter=10, max_depth=4, random_state=0), clf_data(3)),
    "rf_reg": lambda: _fit(ensemble.RandomForestRegressor(
        n_estimators=10, max_depth=6, random_state=0), reg_data()),
    "et_reg": lambda: _fit(ensemble.ExtraTreesRegressor(
        n_estimators=10, max_depth=6, random_state=0), reg_data()),
    "gb_reg": lambda: _fit(ensemble.GradientBoostingRegressor(
        n_estimators=10, max_depth=3, random_state=0), reg_data()),
    "hgb_reg": lambda: _fit(ensemble.HistGradientBoostingRegressor(
        max_iter=10, max_depth=4, random_state=0), reg_data()),
    "isolation_forest": lambda: _fit(ensemble.IsolationForest(
        n_estimators=10, random_state=0), reg_data()),
    "logreg_binary": lambda: _fit(linear_model.LogisticRegression(),
                                  clf_data()),
    "logreg_multinomial": lambda: _fit(linear_model.LogisticRegression(),
                                       clf_data(3)),
    "linreg": lambda: _fit(linear_model.LinearRegression(), reg_data()),
    "rf_clf_string_labels": lambda: _fit(ensemble.RandomForestClassifier(
        n_estimators=10, max_depth=6, random_state=0),
        clf_data(3, labels=STRING_LABELS)),
    "gb_clf_string_labels": lambda: _fit(ensemble.GradientBoostingClassifier(
        n_estimators=5, max_depth=3, random_state=0),
        clf_data(2, labels=np.array(["no", "yes"]))),
}

_compiled = {}


@pytest.fixture(scope="module")
def compiled():
    """case -> (estimator, X_test, CompiledModel), compiled once per module."""
    def get(case):
        if case not in _compiled:
            estimator, X_test = CASES[case]()
            _compiled[case] = (estimator, X_test, hardwood.compile(estimator))
        return _compiled[case]
    yield get
    for _, _, model in _compiled.values():
        model.close()
    _compiled.clear()


def tolerance(model):
    """DESIGN.md parity: 1e-5 relative for float32 models, 1e-9 for float64."""
    return 1e-5 if model._native.input_dtype == "float32" else 1e-9


def assert_scores(got, want, tol):
    assert got.shape == want.shape and got.dtype == want.dtype
    np.testing.assert_array_less(np.abs(got - want),
                                 tol * np.maximum(1.0, np.abs(want)) + 1e-300)


def assert_labels(estimator, X, got, want):
    """Identical labels except where sklearn's top two scores are within
    1e-6 (DESIGN.md)."""
    assert got.shape == want.shape and got.dtype == want.dtype
    differ = got != want
    if differ.any():
        scores = (estimator.predict_proba(X) if hasattr(estimator, "predict_proba")
                  else estimator.decision_function(X))
        scores = np.sort(scores.reshape(len(X), -1), axis=1)
        near_tie = scores[:, -1] - scores[:, -2] <= 1e-6
        assert not (differ & ~near_tie).any()


@pytest.mark.parametrize("case", sorted(CASES))
def test_methods_match_sklearn(compiled, case):
    estimator, X, model = compiled(case)
    assert model.n_features_in_ == estimator.n_features_in_
    if hasattr(estimator, "classes_"):
        assert model.classes_.dtype == estimator.classes_.dtype
        assert list(model.classes_) == list(estimator.classes_)
    else:
        assert not hasattr(model, "classes_")
    tol = tolerance(model)
    for method in METHODS:
        assert hasattr(model, method) == hasattr(estimator, method), method
        if not hasattr(estimator, method):
            continue
        got, want = getattr(model, method)(X), getattr(estimator, method)(X)
        if method == "apply":
            assert got.shape == want.shape and got.dtype == want.dtype
            np.testing.assert_array_equal(got, want)
        elif method == "predict" and hasattr(estimator, "classes_"):
            assert_labels(estimator, X, got, want)
        elif method == "predict" and case == "isolation_forest":
            assert got.dtype == want.dtype
            np.testing.assert_array_equal(got, want)
        else:
            assert_scores(got, want, tol)


def test_float32_float64_and_other_dtypes(compiled):
    # A float32 model (trees) and a float64 one (linear): any input dtype
    # converts as sklearn converts it.
    for case in ("rf_clf_binary", "logreg_multinomial"):
        estimator, X, model = compiled(case)
        for dtype in (np.float32, np.float64, np.int64):
            rows = (X * 10).astype(dtype)
            assert_scores(model.predict_proba(rows), estimator.predict_proba(rows),
                          tolerance(model))


def test_non_contiguous_input(compiled):
    estimator, X, model = compiled("gb_clf_multiclass")
    wide = np.zeros((2 * len(X), 2 * X.shape[1]))
    wide[::2, :X.shape[1]] = X
    views = {
        "row stride": wide[::2, :X.shape[1]],             # read in place
        "fortran": np.asfortranarray(X),                   # converted
        "column stride": np.repeat(X, 2, axis=1)[:, ::2],  # converted
        "reversed rows": X[::-1][::-1],
        "float32 strided": wide.astype(np.float32)[::2, :X.shape[1]],
    }
    want = model.predict_proba(np.ascontiguousarray(X))
    for name, view in views.items():
        got = model.predict_proba(view)
        if view.dtype == np.float32:
            np.testing.assert_array_equal(
                got, model.predict_proba(np.ascontiguousarray(view)), err_msg=name)
        else:
            np.testing.assert_array_equal(got, want, err_msg=name)
    # A list of lists and a single row.
    np.testing.assert_array_equal(model.predict(X[:3].tolist()), estimator.predict(X[:3]))
    assert model.predict_proba(X[:1]).shape == (1, 3)
    assert model.predict(X[:0]).shape == (0,)


def test_float_rows_are_read_in_place(compiled):
    # C-contiguous (or row-strided) float rows go to the runtime without a
    # copy; tracemalloc sees numpy's allocations, so a copy would show.
    import tracemalloc
    _, _, model = compiled("hgb_reg")  # float64 model, float64 output
    rows = np.random.default_rng(1).normal(size=(50_000, 6))
    wide = np.zeros((50_000, 9))
    wide[:, :6] = rows
    peaks = {}
    for name, view in (("contiguous", rows), ("row-strided", wide[:, :6]),
                       ("fortran", np.asfortranarray(rows))):
        tracemalloc.start()
        model.predict(view)
        peaks[name] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert peaks["contiguous"] < rows.nbytes / 4, peaks
    assert peaks["row-strided"] < rows.nbytes / 4, peaks
    assert peaks["fortran"] >= rows.nbytes, peaks  # converted once


def test_float32_outputs_are_widened_exactly(compiled):
    # The kernels of these models write float32 scores; sklearn's methods
    # return float64, which the native module writes directly
    # (widen_to_float64) instead of a second array's astype: the same bytes,
    # from the stack for small outputs and a heap buffer for large ones.
    _, X, model = compiled("gb_clf_multiclass")
    native = model._native
    assert native.output_dtype("proba") == "float32"
    rows = np.vstack([X] * 3)  # 300 rows x 3 classes: past the stack buffer
    for batch in (rows[:1], rows[:85], rows):
        want = native.predict("proba", batch, 1).astype(np.float64)
        got = native.predict("proba", batch, 1, True)
        assert got.dtype == np.float64 and got.shape == want.shape
        assert got.tobytes() == want.tobytes()
        assert model.predict_proba(batch).tobytes() == want.tobytes()
    # Other output dtypes are left as the kernel writes them.
    assert native.predict("leaf", rows[:2], 1, True).dtype == np.int32
    _, X64, model64 = compiled("hgb_clf_multiclass")
    assert model64._native.predict("proba", X64[:2], 1, True).dtype == np.float64


def test_n_threads_bit_identical(compiled):
    _, X, model = compiled("rf_reg")
    rows = np.random.default_rng(0).normal(size=(5000, X.shape[1])) * 100
    assert model.n_threads == 0
    results = []
    for threads in (1, 2, 8, 0):
        model.n_threads = threads
        results.append(model.predict(rows))
    model.n_threads = 0
    for result in results[1:]:
        np.testing.assert_array_equal(result, results[0])


def test_concurrent_python_threads(compiled):
    # Predictions run without the GIL on one shared model.
    _, X, model = compiled("et_clf_multiclass")
    rows = np.tile(X, (20, 1))
    want = model.predict_proba(rows)
    errors = []

    def work():
        for _ in range(5):
            if not np.array_equal(model.predict_proba(rows), want):
                errors.append("mismatch")
    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors


def test_save_load_round_trip(compiled, tmp_path):
    estimator, X, model = compiled("rf_clf_string_labels")
    path = tmp_path / "model.so"
    model.save(path)
    assert path.is_file() and (tmp_path / "model.so.hardwood.json").is_file()
    with hardwood.load(path) as loaded:
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))
        np.testing.assert_array_equal(loaded.predict_proba(X), model.predict_proba(X))
        np.testing.assert_array_equal(loaded.apply(X), estimator.apply(X))
        assert list(loaded.classes_) == list(estimator.classes_)
        assert not hasattr(loaded, "decision_function")
    assert loaded.closed

    # Without the sidecar: the library's own kinds, labels become indices.
    os.unlink(tmp_path / "model.so.hardwood.json")
    with hardwood.load(path) as bare:
        np.testing.assert_array_equal(bare.classes_, [0, 1, 2])
        np.testing.assert_array_equal(
            bare.predict(X), np.searchsorted(estimator.classes_, estimator.predict(X)))
        assert bare.apply(X).dtype == np.int64


def test_compile_from_model_file(compiled, tmp_path):
    estimator, X, _ = compiled("rf_clf_string_labels")
    path = tmp_path / "model.json"
    hardwood.export(estimator, path)
    with hardwood.compile(path) as model:
        assert list(model.classes_) == list(estimator.classes_)
        np.testing.assert_array_equal(model.predict(X), estimator.predict(X))
        assert_scores(model.predict_proba(X), estimator.predict_proba(X), 1e-5)


def test_numeric_labels_and_compile_options():
    estimator, X = _fit(ensemble.RandomForestClassifier(
        n_estimators=5, max_depth=4, random_state=0),
        clf_data(3, labels=np.array([-7, 3, 2**30 + 1])))
    # 2**30 + 1 is exact: the predict kernel writes float64 labels.
    with hardwood.compile(estimator, name="labels") as model:
        assert model._native.name == "labels"
        got = model.predict(X)
        assert got.dtype == estimator.classes_.dtype
        np.testing.assert_array_equal(got, estimator.predict(X))
    with hardwood.compile(estimator, input_type="f64") as model:
        assert model._native.input_dtype == "float64"
        np.testing.assert_array_equal(model.predict(X), estimator.predict(X))


def test_errors(compiled):
    estimator, X, model = compiled("rf_reg")
    with pytest.raises(ValueError, match="expecting 6 features"):
        model.predict(X[:, :5])
    with pytest.raises(ValueError, match="2-D"):
        model.predict(X[0])
    with pytest.raises(AttributeError, match="predict_proba"):
        model.predict_proba(X)
    with pytest.raises(AttributeError, match="decision_function"):
        model.decision_function  # pylint: disable=pointless-statement
    with pytest.raises(TypeError, match="unknown compile option"):
        hardwood.compile(estimator, opt_level=3)
    with pytest.raises(hardwood.UnsupportedModelError):
        hardwood.compile(object())
    with pytest.raises(FileNotFoundError):
        hardwood.compile("/nonexistent/model.json")


def test_compile_errors(tmp_path, monkeypatch):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "hardwood-model", "version": 1}')
    with pytest.raises(hardwood.CompileError, match="bad.json"):
        hardwood.compile(bad)
    monkeypatch.setenv("HARDWOOD_CLI", str(tmp_path / "no-such-compiler"))
    with pytest.raises(hardwood.CompileError, match="HARDWOOD_CLI"):
        hardwood.compile(bad)
    with pytest.raises(OSError):
        hardwood.load(tmp_path / "missing.so")


def test_close_releases(compiled):
    estimator, X = CASES["linreg"]()
    model = hardwood.compile(estimator)
    workdir = model._owned_dir
    assert os.path.isdir(workdir)
    model.close()
    model.close()
    assert model.closed and not os.path.exists(workdir)
    with pytest.raises(ValueError, match="closed"):
        model.predict(X)


def test_import_without_native_module():
    # `import hardwood` and the exporter work where the extension is absent;
    # compile says what is missing.
    code = (
        "import sys; sys.modules['hardwood._native'] = None\n"
        "import hardwood\n"
        "assert callable(hardwood.export)\n"
        "try:\n"
        "    hardwood.compile('model.json')\n"
        "except ImportError as exc:\n"
        "    assert 'hardwood._native' in str(exc), exc\n"
        "else:\n"
        "    raise SystemExit('no ImportError')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
