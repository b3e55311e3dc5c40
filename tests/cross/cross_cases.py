"""Models, rows and `hardwood` helpers shared by the cross-target tests.

``tests/python/test_cross_targets.py`` (generic, x86-64-v3, x86-64-v4,
native) and ``tests/python/test_aarch64_qemu.py`` (aarch64 under
qemu-aarch64) check the same five models on the same rows:

* ``rf_clf``: RandomForestClassifier, 3 classes with numeric labels,
* ``gb_reg``: GradientBoostingRegressor (huber loss),
* ``hgb_clf_cat_nan``: HistGradientBoostingClassifier, 3 string classes,
  two categorical columns and NaN in every column,
* ``hgb_reg_nan``: HistGradientBoostingRegressor of depth 4, numeric, NaN
  in every column (a float64 model with float32-row kernels, which AArch64
  lowers with its NEON register walk),
* ``logreg_multinomial``: multinomial LogisticRegression, 3 classes.

Rows: fresh rows plus the edge rows of ``_models`` (split thresholds and
their float neighbours, signed zeros, denormals, huge values, category edges;
NaN and +-inf for the float64 models). Float32 models are fed float32 rows
(sklearn's own cast of the float64 rows); the non-finite rows sklearn refuses
for them are kept apart as ``extra`` rows and compared with the reference
interpreter. Everything is fitted, exported and compiled for ``native`` once
per pytest process (a module-level cache), so both test modules share it.
"""

import atexit
import concurrent.futures
import json
import os
import shutil
import subprocess
import tempfile

import numpy as np
from sklearn import ensemble, linear_model

from hardwood import _reference as ref

from _cli import HARDWOOD, NO_HARDWOOD  # noqa: F401 (re-exported)
from _models import (assert_scores, categorical_data,
                     check_leaves, check_outputs, clf_data, exported,
                     linear_case_rows, reg_data, tree_case_rows, with_nan)

# The test machines share two cores with builds.
WORKERS = 2
# Rows sklearn refuses for its float32 trees; compared with the reference.
NONFINITE_VALUES = [np.nan, np.inf, -np.inf, 1e300, -1e300]




def run_hardwood(*args, timeout=300):
    return subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def check_run(result, what):
    assert result.returncode == 0, (
        f"{what} failed (exit {result.returncode}):\n{result.stderr}")


# --------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------

def _rf_clf():
    X, y, X_fresh = clf_data(n_classes=3, labels=[-1.0, 2.0, 7.0], seed=11)
    est = ensemble.RandomForestClassifier(n_estimators=10, max_depth=8, random_state=0)
    return est.fit(X, y), X, X_fresh


def _gb_reg():
    X, y, X_fresh = reg_data(seed=12)
    est = ensemble.GradientBoostingRegressor(loss="huber", n_estimators=20, max_depth=4,
                                             random_state=0)
    return est.fit(X, y), X, X_fresh


def _hgb_clf_cat_nan():
    X, y, X_fresh = categorical_data(n_classes=3, seed=13)
    X, X_fresh = with_nan(X, 14, 0.05), with_nan(X_fresh, 15, 0.05)
    est = ensemble.HistGradientBoostingClassifier(max_iter=12, categorical_features=[0, 4],
                                                  random_state=0)
    return est.fit(X, y), X, X_fresh


def _hgb_reg_nan():
    X, y, X_fresh = reg_data(seed=17)
    X, X_fresh = with_nan(X, 18, 0.05), with_nan(X_fresh, 19, 0.05)
    est = ensemble.HistGradientBoostingRegressor(max_iter=15, max_depth=4,
                                                 random_state=0)
    return est.fit(X, y), X, X_fresh


def _logreg_multinomial():
    X, y, X_fresh = clf_data(n_classes=3, seed=16)
    est = linear_model.LogisticRegression(multi_class="multinomial", max_iter=500)
    return est.fit(X, y), X, X_fresh


CASE_BUILDERS = {
    "rf_clf": _rf_clf,
    "gb_reg": _gb_reg,
    "hgb_clf_cat_nan": _hgb_clf_cat_nan,
    "hgb_reg_nan": _hgb_reg_nan,
    "logreg_multinomial": _logreg_multinomial,
}
CASE_NAMES = sorted(CASE_BUILDERS)


def _nonfinite_rows(model, base):
    """NaN, inf and values beyond float32 in a few columns of one row."""
    columns = np.random.default_rng(1).choice(model["num_features"],
                                              min(3, model["num_features"]), replace=False)
    rows = []
    for column in columns:
        for value in NONFINITE_VALUES:
            row = np.nan_to_num(base[0]).copy()
            row[column] = value
            rows.append(row)
    rows.append(np.full(model["num_features"], np.nan))
    return np.array(rows)


class Case:
    """One fitted estimator, its exported model and the rows it is checked on.

    ``rows`` are what sklearn accepts, ``extra`` rows only the reference
    interpreter (both already of ``dtype``, the model's input type);
    ``inputs`` is both stacked, the array every target predicts.
    """

    def __init__(self, name, directory):
        self.name = name
        self.estimator, X_fit, X_fresh = CASE_BUILDERS[name]()
        self.model = exported(self.estimator)
        self.float32 = self.model["input_type"] == "float32"
        self.dtype = np.float32 if self.float32 else np.float64
        self.tol = 1e-5 if self.float32 else 1e-9
        self.is_tree = self.model["family"] == "tree_ensemble"
        if self.is_tree:
            rows = tree_case_rows(self.estimator, self.model, X_fit, X_fresh)
            extra = (_nonfinite_rows(self.model, X_fresh) if self.float32
                     else np.empty((0, rows.shape[1])))
        else:
            rows = linear_case_rows(X_fresh)
            extra = np.empty((0, rows.shape[1]))
        with np.errstate(over="ignore"):
            self.rows = rows.astype(self.dtype)
            self.extra = extra.astype(self.dtype)
        self.inputs = np.ascontiguousarray(np.vstack([self.rows, self.extra]))
        self.kinds = list(ref.supported_kinds(self.model))
        self.directory = directory
        self.json = os.path.join(directory, f"{name}.json")
        with open(self.json, "w") as f:
            json.dump(self.model, f, allow_nan=False)
        self.input_npy = os.path.join(directory, f"{name}.in.npy")
        np.save(self.input_npy, self.inputs)

    def labels(self, output, kind):
        """Class indices of string-labelled classifiers become the labels."""
        if self.model["task"] != "classification" or kind != "predict":
            return output
        classes = self.model["classes"]
        if any(isinstance(c, str) for c in classes):
            index = output.astype(np.int64)
            assert (index == output).all() and (index >= 0).all() \
                and (index < len(classes)).all(), "string-label classes: bad index"
            return np.asarray(classes)[index]
        return output


_directory = None
_cases = {}
_native = {}


def work_directory():
    global _directory
    if _directory is None:
        _directory = tempfile.mkdtemp(prefix="hardwood-cross-")
        atexit.register(shutil.rmtree, _directory, True)
    return _directory


def get_case(name):
    if name not in _cases:
        _cases[name] = Case(name, work_directory())
    return _cases[name]


# --------------------------------------------------------------------------
# Compiling and predicting through the command line
# --------------------------------------------------------------------------

def compile_shared(case, target):
    """``hardwood compile --target TARGET`` to a shared library; its path."""
    lib = os.path.join(case.directory, f"{case.name}.{target}.so")
    if not os.path.exists(lib):
        result = run_hardwood("compile", case.json, "-o", lib, "--target", target,
                              "--name", case.name, "--quiet")
        check_run(result, f"hardwood compile {case.name} --target {target}")
    return lib


def predict_shared(case, lib, kinds=None):
    """``hardwood predict`` of every kind on ``case.inputs``: kind -> array."""
    kinds = case.kinds if kinds is None else kinds
    tag = os.path.basename(lib)[:-len(".so")]

    def one(kind):
        out = os.path.join(case.directory, f"{tag}.{kind}.out.npy")
        result = run_hardwood("predict", lib, "--input", case.input_npy,
                              "--output", out, "--kind", kind)
        check_run(result, f"hardwood predict {os.path.basename(lib)} --kind {kind}")
        return np.load(out)

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        futures = {kind: pool.submit(one, kind) for kind in kinds}
    return {kind: future.result() for kind, future in futures.items()}


def native_outputs(name):
    """The x86 host's outputs (``--target native``), computed once."""
    if name not in _native:
        case = get_case(name)
        _native[name] = predict_shared(case, compile_shared(case, "native"))
    return _native[name]


# --------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------

class OutputsPredictor:
    """Precomputed outputs on ``case.inputs`` as an ``_models`` predictor."""

    def __init__(self, case, outputs):
        self.case, self.outputs = case, outputs

    def predict(self, rows, kind):
        assert rows is self.case.rows
        kind = kind or ref.default_kind(self.case.model)
        return self.case.labels(self.outputs[kind][:len(rows)], kind)

    def supported_kinds(self):
        return self.case.kinds

    def assert_unsupported(self, rows, kind):
        assert kind not in self.outputs, f"kind {kind!r} was computed"


def check_sklearn_parity(case, outputs):
    """DESIGN.md parity with sklearn (and the reference on ``extra`` rows)."""
    rows = case.rows
    if case.is_tree:
        check_leaves(case.estimator, case.model, rows, outputs["leaf"][:len(rows)])
    check_outputs(case.estimator, case.model, rows, case.tol,
                  OutputsPredictor(case, outputs))
    if len(case.extra):
        for kind in case.kinds:
            expected = ref.predict(case.model, case.extra, kind)
            got = case.labels(outputs[kind][len(rows):], kind)
            if kind == "leaf" or (kind == "predict"
                                  and case.model["task"] == "classification"):
                np.testing.assert_array_equal(got, expected,
                                              err_msg=f"{kind} (non-finite rows)")
            else:
                assert_scores(expected, got, case.tol, f"{kind} (non-finite rows)")


def describe_difference(case, kind, expected, got, limit=5):
    """The first rows where two outputs differ, for assertion messages."""
    expected, got = np.asarray(expected), np.asarray(got)
    e2 = expected.reshape(len(expected), -1)
    g2 = got.reshape(len(got), -1)
    differ = ~((e2 == g2) | (np.isnan(e2.astype(np.float64))
                             & np.isnan(g2.astype(np.float64)))).all(axis=1)
    lines = [f"{kind}: {int(differ.sum())} of {len(e2)} rows differ"]
    for r in np.flatnonzero(differ)[:limit]:
        lines.append(f"  row {r} x={case.inputs[r].tolist()}\n"
                     f"    expected {e2[r].tolist()}\n    got      {g2[r].tolist()}")
    return "\n".join(lines)


def assert_bit_identical(case, kind, expected, got, what):
    """Same shape, dtype and bits (NaN payloads aside)."""
    expected, got = np.asarray(expected), np.asarray(got)
    assert got.dtype == expected.dtype, f"{what} {kind}: dtype {got.dtype} != {expected.dtype}"
    assert got.shape == expected.shape, f"{what} {kind}: shape {got.shape} != {expected.shape}"
    if not np.array_equal(expected, got, equal_nan=got.dtype.kind == "f"):
        raise AssertionError(f"{what}: " + describe_difference(case, kind, expected, got))
    if got.dtype.kind == "f":  # -0.0 vs 0.0 counts as a difference too
        same_sign = np.signbit(expected) == np.signbit(got)
        assert (same_sign | np.isnan(expected)).all(), \
            f"{what}: {kind}: signs of zero differ"

