"""Parity of the compiled code with scikit-learn, through the command line.

Every case of ``_models`` (the models ``test_export_parity`` checks through
the reference interpreter) is exported, compiled once with
``hardwood compile`` and predicted with ``hardwood predict`` for every kind
its family has, from float32 and from float64 .npy input, on fresh rows and
edge rows. The outputs are compared with the installed scikit-learn using
the parity definition of DESIGN.md: the same leaf for every row and tree,
scores within 1e-5 * max(1, |sklearn|) (float32 models) or 1e-9 (float64
models), identical labels except at ties. Shapes and dtypes follow the CLI
contract. Rows scikit-learn refuses (NaN and inf for its float32 trees) are
compared with the reference interpreter instead.

The binary is $HARDWOOD_BUILD_DIR/bin/hardwood (set by ctest), else
``hardwood`` on PATH; without either the module is skipped.
"""

import concurrent.futures
from types import SimpleNamespace
import json
import os
import subprocess

import numpy as np
import pytest

from hardwood import _reference as ref

from _cli import require_hardwood
from _cpu import unsupported_reason
from _tree_parallel import check_single_rows, check_walks_and_sums, load_descriptor
from _models import (LINEAR_CASES, TREE_CASES, assert_scores, check_leaves,
                     check_outputs, exported, linear_case_rows, tree_case_rows)

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered in reduce:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:overflow encountered in cast:RuntimeWarning"),
]

ALL_KINDS = ("predict", "proba", "decision", "score", "leaf")
# Two workers: the test machines share two cores with builds.
WORKERS = 2
# Rows sklearn rejects for its float32 trees; checked against the reference.
NONFINITE_VALUES = [np.nan, np.inf, -np.inf, 1e300, -1e300]


HARDWOOD = require_hardwood()


def run(*args, timeout=120):
    return subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                          text=True, timeout=timeout)


def run_predict(lib, rows_path, out_path, kind):
    args = ["predict", lib, "--input", rows_path, "--output", out_path]
    if kind is not None:
        args += ["--kind", kind]
    return run(*args)


def expected_value_dtype(model):
    return np.float32 if model["input_type"] == "float32" else np.float64


# --------------------------------------------------------------------------
# Compiled cases: fit, export and compile each model once per module
# --------------------------------------------------------------------------

class Case:
    """A fitted estimator, its model, the rows it is checked on, its library."""

    def __init__(self, name, estimator, model, rows, extra_rows, directory):
        self.name, self.estimator, self.model = name, estimator, model
        self.rows, self.extra_rows = rows, extra_rows
        self.directory = directory
        self.json = os.path.join(directory, f"{name}.json")
        self.lib = os.path.join(directory, f"{name}.so")
        self.compile_result = None
        with open(self.json, "w") as f:
            json.dump(model, f, allow_nan=False)


def nonfinite_tree_rows(model, base):
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


def make_case(name, directory):
    if name in TREE_CASES:
        estimator, X_fit, X_fresh = TREE_CASES[name]()
        model = exported(estimator)
        rows = tree_case_rows(estimator, model, X_fit, X_fresh)
        # HGB takes NaN and inf itself; sklearn's float32 trees refuse them.
        extra = (np.empty((0, rows.shape[1])) if model["input_type"] == "float64"
                 else nonfinite_tree_rows(model, X_fresh))
    else:
        estimator, _, X_fresh = LINEAR_CASES[name]()
        model = exported(estimator)
        rows, extra = linear_case_rows(X_fresh), np.empty((0, X_fresh.shape[1]))
    return Case(name, estimator, model, rows, extra, directory)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory):
    """Every case fitted, exported and compiled once per module (compiles run
    in parallel with the fitting); a case that fails fails its own test."""
    directory = str(tmp_path_factory.mktemp("compiled"))
    cases = {}
    names = sorted(TREE_CASES) + sorted(LINEAR_CASES)

    def compile_case(case):
        case.compile_result = run("compile", case.json, "-o", case.lib, "--quiet",
                                  timeout=300)
        return case

    pool = concurrent.futures.ThreadPoolExecutor(WORKERS)
    futures = {}
    # Fitting holds the GIL; compiling runs in child processes. Submit each
    # compile as soon as its model is exported so the two overlap.
    for name in names:
        try:
            case = make_case(name, directory)
        except Exception as error:  # reported by the case's own test
            cases[name] = error
            continue
        cases[name] = case
        futures[name] = pool.submit(compile_case, case)
    for future in futures.values():
        future.result()
    pool.shutdown()
    return cases


def get_case(compiled, name):
    case = compiled[name]
    if isinstance(case, Exception):
        raise case
    result = case.compile_result
    assert result.returncode == 0, f"hardwood compile failed:\n{result.stderr}"
    assert os.path.exists(case.lib)
    return case


# --------------------------------------------------------------------------
# The compiled model as a predictor (see _models.check_outputs)
# --------------------------------------------------------------------------

class CompiledPredictor:
    """Runs ``hardwood predict`` for every kind on one input file at once.

    ``rows`` (what sklearn sees) and ``extra`` rows are saved as one .npy of
    ``dtype``; each kind's output is split back into the two parts.
    """

    def __init__(self, case, dtype, check_cli):
        self.case, self.model, self.dtype = case, case.model, dtype
        rows, extra = case.rows, case.extra_rows
        if dtype == np.float32:
            with np.errstate(over="ignore"):
                rows32 = rows.astype(np.float32)
            if self.model["family"] == "linear":
                # sklearn refuses what becomes inf in float32 (1e300).
                rows32 = rows32[np.isfinite(rows32).all(axis=1)]
            rows = rows32
            with np.errstate(over="ignore"):
                extra = extra.astype(np.float32)
        self.rows, self.extra = rows, extra
        self.supported = ref.supported_kinds(self.model)
        tag = np.dtype(dtype).name
        self.input = os.path.join(case.directory, f"{case.name}.{tag}.in.npy")
        np.save(self.input, np.vstack([rows, extra]).astype(dtype))
        # The default kind and the errors of unsupported kinds do not depend
        # on the input type: ``check_cli`` runs them (once per model).
        self.check_cli = check_cli
        kinds = list(self.supported)
        if check_cli:
            kinds += [None] + [k for k in ALL_KINDS if k not in self.supported]
        with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
            futures = {kind: pool.submit(self._run, kind, tag) for kind in kinds}
        self.results = {kind: f.result() for kind, f in futures.items()}

    def _run(self, kind, tag):
        out = os.path.join(self.case.directory,
                           f"{self.case.name}.{tag}.{kind or 'default'}.npy")
        result = run_predict(self.case.lib, self.input, out, kind)
        output = None
        if result.returncode == 0:
            output = np.load(out)
        return result, output, out

    def output(self, kind):
        """The whole output of ``kind``, shape and dtype checked."""
        result, output, _ = self.results[kind]
        assert result.returncode == 0, f"--kind {kind}: {result.stderr}"
        assert not result.stderr.strip(), f"--kind {kind}: stderr {result.stderr!r}"
        n = len(self.rows) + len(self.extra)
        model = self.model
        resolved = kind or ref.default_kind(model)
        if resolved == "leaf":
            assert output.dtype == np.int32, f"leaf: dtype {output.dtype}"
            assert output.shape == (n, len(model["trees"]))
        elif resolved == "predict" and model["task"] == "classification":
            # Labels are float64 for every model: float32 rounds labels
            # above 2**24.
            assert output.dtype == np.float64, f"predict: dtype {output.dtype}"
            assert output.shape[0] == n and output.ndim == 1
        else:
            assert output.dtype == expected_value_dtype(model), \
                f"--kind {kind}: dtype {output.dtype}, model {model['input_type']}"
            assert output.shape[0] == n and output.ndim in (1, 2)
        return output

    def _labels(self, output, kind):
        """Class indices (string labels) become labels, as sklearn returns."""
        resolved = kind or ref.default_kind(self.model)
        if self.model["task"] != "classification" or resolved != "predict":
            return output
        classes = self.model["classes"]
        if any(isinstance(c, str) for c in classes):
            index = output.astype(np.int64)
            assert (index == output).all() and (index >= 0).all() \
                and (index < len(classes)).all(), "string-label classes: bad index"
            return np.asarray(classes)[index]
        assert np.isin(output, np.asarray(classes, dtype=np.float64)).all()
        return output

    def predict(self, rows, kind):
        assert rows is self.rows
        if kind is None and not self.check_cli:
            kind = ref.default_kind(self.model)
        return self._labels(self.output(kind)[:len(self.rows)], kind)

    def predict_extra(self, kind):
        return self._labels(self.output(kind)[len(self.rows):], kind)

    def supported_kinds(self):
        return self.supported

    def assert_unsupported(self, rows, kind):
        if self.check_cli:
            assert_cli_error(self.results[kind][0], self.results[kind][2], kind)


def assert_cli_error(result, out_path=None, *words):
    """Non-zero exit, one line on stderr naming ``words``, no output file."""
    assert result.returncode != 0, "expected an error"
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected a one-line message, got:\n{result.stderr}"
    assert "Traceback" not in result.stderr and "Stack dump" not in result.stderr
    for word in words:
        assert word in lines[0], f"{word!r} not in {lines[0]!r}"
    if out_path is not None:
        assert not os.path.exists(out_path), f"{out_path} was left behind"
    return lines[0]


def check_case(compiled, name):
    case = get_case(compiled, name)
    model, estimator = case.model, case.estimator
    tol = 1e-9 if model["input_type"] == "float64" else 1e-5
    is_tree = model["family"] == "tree_ensemble"
    for dtype in (np.float32, np.float64):
        predictor = CompiledPredictor(case, dtype, check_cli=dtype == np.float64)
        rows = predictor.rows
        if is_tree:
            check_leaves(estimator, model, rows, predictor.predict(rows, "leaf"))
        else:
            assert "leaf" not in predictor.supported
        check_outputs(estimator, model, rows, tol, predictor)
        if dtype == np.float64:
            for kind in ALL_KINDS:
                if kind not in predictor.supported:
                    predictor.assert_unsupported(rows, kind)
        if len(predictor.extra):
            # Rows sklearn refuses: the format's rules (reference interpreter).
            for kind in predictor.supported:
                expected = ref.predict(model, predictor.extra, kind)
                got = predictor.predict_extra(kind)
                if kind in ("leaf", "predict") and model["task"] == "classification" \
                        or kind == "leaf":
                    np.testing.assert_array_equal(got, expected, err_msg=kind)
                else:
                    assert_scores(expected, got, tol, f"{kind} (non-finite rows)")


@pytest.mark.parametrize("case", sorted(TREE_CASES))
def test_tree_ensemble_compiled_parity(compiled, case):
    check_case(compiled, case)


@pytest.mark.parametrize("case", sorted(LINEAR_CASES))
def test_linear_compiled_parity(compiled, case):
    check_case(compiled, case)


# --------------------------------------------------------------------------
# Rules that need particular rows
# --------------------------------------------------------------------------

def predict_rows(case, rows, kind, tmp_path, tag="rows"):
    path = tmp_path / f"{case.name}.{tag}.npy"
    out = tmp_path / f"{case.name}.{tag}.{kind}.out.npy"
    np.save(path, rows)
    result = run_predict(case.lib, path, out, kind)
    assert result.returncode == 0, result.stderr
    return np.load(out)


@pytest.mark.parametrize("case", ["ridge_classifier_binary", "ridge_classifier_4_classes_strings",
                                  "logreg_binary_ovr", "logreg_binary_multinomial",
                                  "logreg_3_classes_auto_multinomial", "sgd_log_loss_4_classes",
                                  "sgd_modified_huber_binary", "sgd_modified_huber_4_classes",
                                  "linear_svc_3_classes"])
def test_linear_labels_decide_on_the_raw_score(compiled, case, tmp_path):
    """r > 0 (K = 1) or arg-max r, exactly, even where probabilities tie.

    Each row has one non-zero feature, so sklearn's dot product and the
    kernel's are the same single rounding and r is bit-identical: rows where
    r is 0 or a few ulps from it (sigmoid(r) rounds to exactly 0.5) and
    large rows whose modified Huber probabilities all clip to 1. sklearn
    decides on r there, and so must the compiled code, with no tie exemption.
    """
    case = get_case(compiled, case)
    estimator, model = case.estimator, case.model
    coef = np.asarray(model["coefficients"])
    intercept = np.asarray(model["intercept"])
    k, f = coef.shape
    rows = []
    for j in range(f):
        for output in range(k):
            if coef[output, j] == 0:
                continue
            # x_j such that output's r is about 0, then a few ulps around it.
            t = -intercept[output] / coef[output, j]
            for step in range(-3, 4):
                value = t
                for _ in range(abs(step)):
                    value = np.nextafter(value, np.inf if step > 0 else -np.inf)
                row = np.zeros(f)
                row[j] = value
                rows.append(row)
        for big in (1e3, -1e3, 1e6):
            row = np.zeros(f)
            row[j] = big
            rows.append(row)
    rows = np.array(rows)
    classes = model["classes"]
    for dtype in (np.float64, np.float32):
        X = rows.astype(dtype)
        got = predict_rows(case, X, "predict", tmp_path, np.dtype(dtype).name)
        if any(isinstance(c, str) for c in classes):
            got = np.asarray(classes)[got.astype(np.int64)]
        expected = estimator.predict(X)
        mismatch = np.flatnonzero(got != expected)
        assert mismatch.size == 0, (
            f"{dtype.__name__}: {mismatch.size} labels differ, e.g. row {rows[mismatch[0]]} "
            f"decision {estimator.decision_function(X[mismatch[:1]])}: "
            f"sklearn {expected[mismatch[0]]}, compiled {got[mismatch[0]]}")


def test_modified_huber_all_zero_rows(compiled, tmp_path):
    """Every score <= -1: sklearn gives 1/K each."""
    case = get_case(compiled, "sgd_modified_huber_4_classes")
    coef = np.asarray(case.model["coefficients"])
    direction = np.linalg.lstsq(coef, -np.ones(len(coef)), rcond=None)[0]
    rows = case.rows[:20] + 1e3 * direction
    rows = rows[(case.estimator.decision_function(rows) <= -1).all(axis=1)]
    assert len(rows) > 0
    got = predict_rows(case, rows, "proba", tmp_path)
    assert_scores(case.estimator.predict_proba(rows), got, 1e-9, "proba")
    np.testing.assert_array_equal(got, np.full_like(got, 0.25))


def test_isolation_forest_max_samples_1(compiled, tmp_path):
    """c(1) = 0: sklearn's score is -0.5 for every row."""
    case = get_case(compiled, "iforest_max_samples_1")
    assert case.model["post_transform"]["average_path_length"] == 0
    got = predict_rows(case, case.rows.astype(np.float32), "score", tmp_path)
    np.testing.assert_array_equal(got, np.full(len(case.rows), -0.5, dtype=np.float32))


# --------------------------------------------------------------------------
# Command-line contract: shapes of odd inputs, error paths
# --------------------------------------------------------------------------

def test_one_row_and_zero_rows(compiled, tmp_path):
    case = get_case(compiled, "rf_clf_4_classes_strings")
    X = case.rows[:5]
    full = predict_rows(case, X, "proba", tmp_path, "five")
    one = predict_rows(case, X[2], "proba", tmp_path, "one")  # 1-D: one row
    assert one.shape == (1, 4)
    np.testing.assert_array_equal(one[0], full[2])
    leaf = predict_rows(case, X[2], "leaf", tmp_path, "one")
    assert leaf.shape == (1, len(case.model["trees"])) and leaf.dtype == np.int32
    empty = predict_rows(case, np.empty((0, X.shape[1])), "proba", tmp_path, "empty")
    assert empty.shape == (0, 4)
    empty = predict_rows(case, np.empty((0, X.shape[1])), "predict", tmp_path, "empty")
    assert empty.shape == (0,)


def test_single_tree_leaf_is_two_dimensional(compiled, tmp_path):
    # The format's leaf kind is n x num_trees, one tree included.
    case = get_case(compiled, "dt_reg_depth1")
    leaf = predict_rows(case, case.rows[:7], "leaf", tmp_path)
    assert leaf.shape == (7, 1)
    np.testing.assert_array_equal(leaf[:, 0], case.estimator.apply(case.rows[:7]))


def test_threads_and_model_file_give_identical_bytes(compiled, tmp_path):
    """Any thread count, and predicting from the model file (compiled on the
    fly) instead of the library, give bit-identical outputs."""
    case = get_case(compiled, "gb_reg_1000_stumps")
    rows = np.random.default_rng(5).normal(size=(3000, case.model["num_features"]))
    path = tmp_path / "x.npy"
    np.save(path, rows)
    outputs = []
    for source, threads in [(case.lib, 1), (case.lib, 2), (case.lib, 7), (case.json, 0)]:
        out = tmp_path / f"y{len(outputs)}.npy"
        result = run("predict", source, "--input", path, "--output", out,
                     "--threads", threads)
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert all(o == outputs[0] for o in outputs[1:])
    assert_scores(case.estimator.predict(rows), np.load(tmp_path / "y0.npy"), 1e-5, "predict")


@pytest.mark.parametrize("target", ["generic", "x86-64-v3", "x86-64-v4"])
def test_targets_give_identical_bytes(compiled, tmp_path, target):
    """The scalar walk (generic), 8-lane (x86-64-v3) and 16-lane (x86-64-v4)
    gathers agree bit for bit with the native build, edge rows included. A
    target the host cannot run is a skip naming what the CPU lacks."""
    reason = unsupported_reason(target)
    if reason:
        pytest.skip(reason)
    names = ["gb_clf_4_classes", "hgb_clf_3_classes_categorical_strings",
             "iforest_max_features_half", "dt_reg_chain_depth32"]
    cases = [get_case(compiled, name) for name in names]
    jobs = [(case, target) for case in cases]

    def build(job):
        case, target = job
        lib = tmp_path / f"{case.name}.{target}.so"
        return run("compile", case.json, "-o", lib, "--target", target, "--quiet"), lib

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        libs = list(pool.map(build, jobs))
    native = {}
    for case in cases:
        path = tmp_path / f"{case.name}.x.npy"
        np.save(path, np.vstack([case.rows, case.extra_rows]))
        for kind in ("leaf", "decision"):
            out = tmp_path / f"{case.name}.native.{kind}.npy"
            assert run_predict(case.lib, path, out, kind).returncode == 0
            native[case.name, kind] = out.read_bytes()
    for (case, target), (result, lib) in zip(jobs, libs):
        assert result.returncode == 0, f"{case.name} --target {target}: {result.stderr}"
        for kind in ("leaf", "decision"):
            out = tmp_path / f"{case.name}.{target}.{kind}.npy"
            result = run_predict(lib, tmp_path / f"{case.name}.x.npy", out, kind)
            assert result.returncode == 0, result.stderr
            assert out.read_bytes() == native[case.name, kind], \
                f"{case.name}: --target {target} --kind {kind} differs from native"


# Every walk strategy, forced with --schedule, against the cost model's
# choice (the library the other tests check against sklearn). Several tile
# shapes per strategy, so full tiles, vector remainders and single rows all
# run (the rows include each case's edge rows).
STRATEGY_SCHEDULES = [
    "strategy = scalar_interleaved",
    "strategy = scalar_interleaved, interleave = 8, tree_group = 2",
    "strategy = scalar_interleaved, interleave = 8, tree_group = 16, tree_order = depth",
    "strategy = scalar_interleaved, tree_group = 3, tree_order = depth",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 6, compare_levels = 4, tree_group = 16, tree_order = depth",
    "strategy = vector_gather, vector_lanes = 8",
    "strategy = vector_gather, vector_lanes = 16, interleave = 2",
    "strategy = vector_register_top, vector_lanes = 8",
    "strategy = vector_register_top, vector_lanes = 16",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 5",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 2",
    # Levels decided by contiguous compares, exits straight to leaf values
    # (trees within the register levels), chunked permutes (AVX-512 64-word
    # and AVX2 16/32-word images) and a gather walk below them.
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 6, compare_levels = 4",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 8, compare_levels = 4",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 6, compare_levels = 2",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 1, compare_levels = 1, interleave = 2",
    # Compact 8-byte records (child computed from the depth-first numbering
    # and the right offset) in gather walks and below the register levels,
    # with records16 forced above for comparison.
    "strategy = vector_gather, vector_lanes = 8, node_layout = compact8",
    "strategy = vector_gather, vector_lanes = 16, interleave = 2, node_layout = compact8",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3, node_layout = compact8",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 2, node_layout = compact8",
    # Scalar steps over compact records (a conditional move for the child)
    # and over the 16-byte ones; below the register levels, the lanes'
    # positions walked on as scalar chains of 8, 16 and 32 rows.
    "strategy = scalar_interleaved, node_layout = compact8",
    "strategy = scalar_interleaved, interleave = 16, node_layout = records16",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3, node_layout = compact8, scalar_below = 16",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 2, interleave = 2, scalar_below = 8",
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 5, compare_levels = 2, node_layout = compact8, scalar_below = 32",
    # Single rows as tree_group scalar chains instead of trees in vector
    # lanes (row_walk = chains, the cost model's choice on znver4), over
    # compact records where the trees end within the register levels.
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 6, compare_levels = 4, node_layout = compact8, row_walk = chains",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 2, row_walk = chains, tree_group = 16",
    "strategy = vector_gather, vector_lanes = 16, interleave = 2, node_layout = compact8, row_walk = chains",
    # Each tree straight-line code over constants: every split a compare of
    # a feature-major vector, the leaf chosen by selects. Full and padded
    # tiles, tiles that do not divide 64, one row per tile.
    "strategy = unrolled, vector_lanes = 16, interleave = 1",
    "strategy = unrolled, vector_lanes = 8, interleave = 4",
    "strategy = unrolled, vector_lanes = 4, interleave = 3",
    "strategy = unrolled, vector_lanes = 2, interleave = 1",
]
# rf_clf_binary (depth 8) and rf_clf_4_classes_depth4 end within the
# register levels of several schedules below: their exits add vector
# leaves from the exit table (2 and 4 values per leaf).
STRATEGY_CASES = ["gb_clf_4_classes", "rf_clf_4_classes_strings",
                  "rf_clf_binary", "rf_clf_4_classes_depth4",
                  "dt_clf_chain_depth39", "rf_reg_multioutput2",
                  "iforest_max_features_half", "gb_reg_1000_stumps",
                  "rf_clf_single_leaf_trees", "hgb_clf_binary_nan",
                  "hgb_clf_3_classes_categorical_strings"]


def compile_with_schedule(cases, schedule, tmp_path):
    """(result, library) of each case compiled with --schedule `schedule`."""
    def build(case):
        lib = tmp_path / f"{case.name}.so"
        return run("compile", case.json, "-o", lib, "--quiet", "--schedule",
                   schedule), lib

    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(build, cases))


def count_identical_outputs(case, lib, rows, kinds, schedule, tmp_path,
                            rows_of_lib=None):
    """Asserts that `lib` writes the bytes of the case's default library for
    each kind the default has (`lib` on `rows_of_lib` when given, else on
    `rows`); returns how many kinds were compared."""
    checked = 0
    for kind in kinds:
        want, got = tmp_path / f"{kind}.want.npy", tmp_path / f"{kind}.got.npy"
        expected = run_predict(case.lib, rows, want, kind)
        actual = run_predict(lib, rows_of_lib or rows, got, kind)
        assert actual.returncode == expected.returncode, actual.stderr
        if expected.returncode == 0:
            assert got.read_bytes() == want.read_bytes(), \
                f"{case.name}: {schedule} --kind {kind} differs"
            checked += 1
    return checked


@pytest.mark.parametrize("schedule", STRATEGY_SCHEDULES)
def test_strategies_give_identical_bytes(compiled, tmp_path, schedule):
    """Each strategy gives the default library's bytes for every kind;
    vector_register_top refuses float64 models with a clear error."""
    cases = [get_case(compiled, name) for name in STRATEGY_CASES]
    checked = 0
    for case, (result, lib) in zip(
            cases, compile_with_schedule(cases, schedule, tmp_path)):
        if "vector_register_top" in schedule and case.model["input_type"] == "float64":
            assert result.returncode == 1, result.stderr
            assert "needs float32 input; use vector_gather" in result.stderr
            continue
        assert result.returncode == 0, f"{case.name}: {result.stderr}"
        rows = tmp_path / f"{case.name}.x.npy"
        np.save(rows, np.vstack([case.rows, case.extra_rows]).astype(
            np.float32 if case.model["input_type"] == "float32" else np.float64))
        checked += count_identical_outputs(
            case, lib, rows, ("predict", "proba", "decision", "score", "leaf"),
            schedule, tmp_path)
    assert checked > 0


# Scalar chains below the register levels walk column records within each
# tree (16-bit columns and tree-relative right children) while every tree
# has at most 2^16 nodes; a bigger tree takes the packed records (right
# offsets beside the column bits, EnsembleTables.h). A fully grown tree on
# 40,000 noisy rows has about 80,000 nodes: the same leaves and bytes with
# the packed records as with the cost model's schedule.
BIG_TREE_SCHEDULES = [
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3, node_layout = compact8, scalar_below = 16",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 4, compare_levels = 2, interleave = 2, node_layout = compact8, scalar_below = 8",
]


def test_scalar_chains_over_a_tree_beyond_16_bit_indices(tmp_path):
    from sklearn.ensemble import RandomForestRegressor
    rng = np.random.default_rng(7)
    X = rng.normal(size=(40_000, 4)).astype(np.float32)
    y = rng.normal(size=40_000)
    forest = RandomForestRegressor(2, bootstrap=False, random_state=0)
    forest.fit(X, y)
    # The form is the ensemble's: one tree beyond 2^16 nodes makes every
    # tree's records packed, the small one's too.
    small = RandomForestRegressor(1, max_leaf_nodes=2_000, bootstrap=False,
                                  random_state=1).fit(X, y)
    forest.estimators_.append(small.estimators_[0])
    forest.n_estimators = 3
    assert max(e.tree_.node_count for e in forest.estimators_) > 1 << 16
    assert min(e.tree_.node_count for e in forest.estimators_) < 1 << 16
    model_path = tmp_path / "big.json"
    model_path.write_text(json.dumps(exported(forest)))
    rows = rng.normal(size=(3_000, 4)).astype(np.float32)
    rows[::97, 1] = np.nan
    rows_path = tmp_path / "rows.npy"
    np.save(rows_path, rows)
    finite = ~np.isnan(rows).any(axis=1)
    want = np.mean([e.predict(rows[finite]) for e in forest.estimators_], axis=0)
    reference = None
    for index, schedule in enumerate([None] + BIG_TREE_SCHEDULES):
        lib = tmp_path / f"big{index}.so"
        args = ["compile", model_path, "-o", lib, "--quiet"]
        if schedule:
            args += ["--schedule", schedule]
        result = run(*args, timeout=300)
        assert result.returncode == 0, result.stderr
        for kind in ("predict", "leaf"):
            out = tmp_path / f"{kind}{index}.npy"
            result = run_predict(lib, rows_path, out, kind)
            assert result.returncode == 0, result.stderr
            got = np.load(out)
            if kind == "predict":
                assert_scores(want, got[finite], 1e-5, f"{schedule}: predict")
            else:
                # NaN goes right at every node (no default_left): as the
                # largest float32 does.
                right = np.nan_to_num(rows, nan=np.finfo(np.float32).max)
                expected = np.stack([e.apply(right)
                                     for e in forest.estimators_], axis=1)
                assert np.array_equal(got, expected), f"{schedule}: leaves"
            if reference is None or kind not in reference:
                reference = dict(reference or {}, **{kind: out.read_bytes()})
            else:
                assert out.read_bytes() == reference[kind], f"{schedule}: {kind}"


# Where every split sends NaN the same way the block takes one feature-major
# copy that reads NaN as that way's infinity (+inf right, -inf left): the
# same leaves as the reference interpreter on rows full of NaN, either way,
# with the compare levels and the scalar chains below them reading it.
@pytest.mark.parametrize("default_left", [False, True])
def test_one_nan_copy_sends_nan_the_models_way(compiled, tmp_path,
                                               default_left):
    case = get_case(compiled, "rf_clf_4_classes_strings")
    model = json.loads(json.dumps(case.model))
    assert model["input_type"] == "float32"
    for tree in model["trees"]:
        tree["default_left"] = [default_left] * len(tree["left"])
    model_path = tmp_path / "model.json"
    model_path.write_text(json.dumps(model))
    rows = np.vstack([case.rows, case.extra_rows]).astype(np.float32)
    rows = np.vstack([rows, rows])
    rows[len(rows) // 2:][np.random.default_rng(3).random(
        rows[len(rows) // 2:].shape) < 0.3] = np.nan
    rows_path = tmp_path / "rows.npy"
    np.save(rows_path, rows)
    for schedule in BIG_TREE_SCHEDULES:
        lib = tmp_path / "lib.so"
        result = run("compile", model_path, "-o", lib, "--quiet",
                     "--schedule", schedule)
        assert result.returncode == 0, result.stderr
        for kind in ("leaf", "proba"):
            out = tmp_path / f"{kind}.npy"
            result = run_predict(lib, rows_path, out, kind)
            assert result.returncode == 0, result.stderr
            expected = ref.predict(model, rows, kind)
            if kind == "leaf":
                assert np.array_equal(np.load(out), expected), schedule
            else:
                assert_scores(expected, np.load(out), 1e-5, schedule)


# Float64 tree models also get kernels for float32 rows, lowered from a copy
# whose thresholds are narrowed to float32 (exact for float32 inputs): on
# float32 rows they must write the bytes the float64 kernels write on the
# same rows widened, for every kind, with the cost model's schedule and with
# forced ones. The categorical model has none (the runtime widens its rows
# instead), and a forced float32-rows schedule is refused for it.
FLOAT32_ROWS_CASES = ["hgb_clf_binary_nan", "hgb_reg_nan", "hgb_reg_poisson",
                      "hgb_clf_3_classes_categorical_strings"]
FLOAT32_ROWS_SCHEDULES = [
    None,
    "strategy = vector_register_top, vector_lanes = 16, register_levels = 7, compare_levels = 3, node_layout = compact8, scalar_below = 16",
    "strategy = vector_register_top, vector_lanes = 8, register_levels = 2",
    "strategy = vector_gather, vector_lanes = 8, node_layout = compact8",
    "strategy = scalar_interleaved, interleave = 8, node_layout = compact8",
    "strategy = unrolled, vector_lanes = 16, interleave = 1",
]


@pytest.mark.parametrize("schedule", FLOAT32_ROWS_SCHEDULES)
def test_float32_rows_of_float64_models(compiled, tmp_path, schedule):
    checked = 0
    for name in FLOAT32_ROWS_CASES:
        case = get_case(compiled, name)
        assert case.model["input_type"] == "float64"
        exact_copy = "categorical" not in name
        lib = case.lib
        if schedule is not None:
            lib = tmp_path / f"{name}.so"
            result = run("compile", case.json, "-o", lib, "--quiet",
                         "--float32-rows-schedule", schedule)
            if not exact_copy:
                assert result.returncode == 1, result.stderr
                assert "has no float32-row kernels to schedule" in result.stderr
                continue
            assert result.returncode == 0, f"{name}: {result.stderr}"
        info = run("inspect", lib)
        assert info.returncode == 0, info.stderr
        assert ("float32 rows: #hardwood.schedule<" in info.stdout) == exact_copy
        if schedule is not None:
            strategy = schedule.split(",")[0]
            assert f"float32 rows: #hardwood.schedule<{strategy}," in info.stdout
        rows = np.vstack([case.rows, case.extra_rows]).astype(np.float32)
        narrow, wide = tmp_path / "x32.npy", tmp_path / "x64.npy"
        np.save(narrow, rows)
        np.save(wide, rows.astype(np.float64))
        checked += count_identical_outputs(
            SimpleNamespace(name=f"{name} float32 rows", lib=lib), lib, wide,
            ("predict", "proba", "decision", "score", "leaf"),
            schedule or "cost model", tmp_path, rows_of_lib=narrow)
    assert checked > 0


# Every form of the linear kernel, forced with --schedule, against the cost
# model's choice: each row's outputs in one vector (vector_lanes = 0) or
# rows in the lanes of 2, 4 or 8 lanes with 1-4 vectors per tile, so full
# tiles, remainders and single rows all run (the rows include each case's
# special values). The dot products sum in feature order and the softmax /
# OvR sums follow one fixed tree in every form: the bytes must not change.
LINEAR_SCHEDULES = [
    "strategy = linear_row_tiles",
    "strategy = linear_row_tiles, interleave = 1",
    "strategy = linear_row_tiles, vector_lanes = 8, interleave = 1",
    "strategy = linear_row_tiles, vector_lanes = 8, interleave = 4",
    "strategy = linear_row_tiles, vector_lanes = 4, interleave = 2",
    "strategy = linear_row_tiles, vector_lanes = 2, interleave = 1",
]
LINEAR_SCHEDULE_CASES = ["logreg_3_classes_auto_multinomial",
                         "logreg_3_classes_ovr", "logreg_35_classes_strings",
                         "sgd_hinge_4_classes", "sgd_modified_huber_4_classes",
                         "linear_regression_multioutput3",
                         "linear_regression_1500_features",
                         "logreg_binary_ovr"]


@pytest.mark.parametrize("schedule", LINEAR_SCHEDULES)
def test_linear_schedules_give_identical_bytes(compiled, tmp_path, schedule):
    cases = [get_case(compiled, name) for name in LINEAR_SCHEDULE_CASES]
    checked = 0
    for case, (result, lib) in zip(
            cases, compile_with_schedule(cases, schedule, tmp_path)):
        assert result.returncode == 0, f"{case.name}: {result.stderr}"
        rows = tmp_path / f"{case.name}.x.npy"
        np.save(rows, case.rows.astype(np.float64))
        checked += count_identical_outputs(
            case, lib, rows, ("predict", "proba", "decision"), schedule,
            tmp_path)
    assert checked > 0


def test_error_wrong_feature_count(compiled, tmp_path):
    case = get_case(compiled, "rf_reg")
    for shape in [(4, case.model["num_features"] + 1), (case.model["num_features"] - 1,)]:
        path = tmp_path / "bad.npy"
        np.save(path, np.zeros(shape))
        out = tmp_path / "out.npy"
        line = assert_cli_error(run_predict(case.lib, path, out, "predict"), out)
        assert str(case.model["num_features"]) in line


@pytest.mark.parametrize("array, words", [
    # Integer and bool rows are converted (test_integer_input_converted);
    # what cannot be is refused, naming what is accepted.
    (np.zeros((3, 6), dtype=np.complex64), ["dtype '<c8'", "int8/16/32/64"]),
    (np.zeros((3, 6), dtype="<U3"), ["dtype", "float16, float32, float64"]),
    (np.zeros((2, 3, 6)), ["dimensions"]),
    (np.asfortranarray(np.zeros((3, 6))), ["Fortran"]),
])
def test_error_bad_input_array(compiled, tmp_path, array, words):
    case = get_case(compiled, "rf_reg")
    path = tmp_path / "bad.npy"
    np.save(path, array)
    out = tmp_path / "out.npy"
    assert_cli_error(run_predict(case.lib, path, out, "predict"), out, str(path), *words)


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, ">f8", ">i4"])
def test_integer_and_big_endian_input_converted(compiled, tmp_path, dtype):
    """numpy's common dtypes are converted as numpy converts them."""
    case = get_case(compiled, "rf_reg")
    values = np.clip(np.round(np.abs(case.rows[:16]) * 4), 0, 100)  # fits uint8
    outputs = []
    for tag, array in [("f64", values.astype(np.float64)), ("other", values.astype(dtype))]:
        path, out = tmp_path / f"{tag}.npy", tmp_path / f"{tag}.out.npy"
        np.save(path, array)
        result = run_predict(case.lib, path, out, "predict")
        assert result.returncode == 0, result.stderr
        outputs.append(np.load(out))
    np.testing.assert_array_equal(outputs[0], outputs[1])


def test_error_missing_input(compiled, tmp_path):
    case = get_case(compiled, "rf_reg")
    out = tmp_path / "out.npy"
    assert_cli_error(run_predict(case.lib, tmp_path / "nope.npy", out, "predict"), out,
                     "nope.npy")


def test_error_unknown_kind(compiled, tmp_path):
    case = get_case(compiled, "rf_reg")
    path = tmp_path / "x.npy"
    np.save(path, case.rows[:3])
    out = tmp_path / "out.npy"
    assert_cli_error(run_predict(case.lib, path, out, "probability"), out, "probability")


@pytest.mark.parametrize("name, kind", [
    ("rf_reg", "proba"), ("rf_reg", "score"), ("gb_clf_binary", "score"),
    ("linear_regression", "leaf"), ("linear_svc_3_classes", "proba"),
    ("perceptron_binary", "proba"), ("logreg_binary_ovr", "score"),
])
def test_error_unsupported_kind(compiled, tmp_path, name, kind):
    case = get_case(compiled, name)
    path = tmp_path / "x.npy"
    np.save(path, case.rows[:3])
    out = tmp_path / "out.npy"
    assert_cli_error(run_predict(case.lib, path, out, kind), out, kind)


MALFORMED = {
    "not_json": "this is not JSON",
    "truncated": '{"format": "hardwood-model", "version": 1, ',
    "wrong_format": '{"format": "something-else", "version": 1}',
    "unknown_transform": None,  # filled from a real model below
    "child_out_of_range": None,
}


@pytest.mark.parametrize("what", sorted(MALFORMED))
def test_error_malformed_model(compiled, tmp_path, what):
    case = get_case(compiled, "dt_reg_depth1")
    model = json.loads(json.dumps(case.model))
    text = MALFORMED[what]
    word = None
    if what == "unknown_transform":
        model["post_transform"] = {"kind": "logistic"}
        text, word = json.dumps(model), "post_transform"
    elif what == "child_out_of_range":
        model["trees"][0]["left"][0] = 99
        text, word = json.dumps(model), "trees[0]"
    source = tmp_path / "bad.json"
    source.write_text(text)
    out = tmp_path / "bad.so"
    words = [str(source)] + ([word] if word else [])
    assert_cli_error(run("compile", source, "-o", out, "--quiet"), out, *words)
    # predict compiles a model file on the fly: the same error.
    rows = tmp_path / "x.npy"
    np.save(rows, case.rows[:2])
    pred = tmp_path / "y.npy"
    assert_cli_error(run_predict(source, rows, pred, "predict"), pred, str(source))


def test_error_not_a_library(tmp_path):
    lib = tmp_path / "fake.so"
    lib.write_bytes(b"\x7fELF not really")
    rows = tmp_path / "x.npy"
    np.save(rows, np.zeros((2, 3)))
    out = tmp_path / "y.npy"
    assert_cli_error(run_predict(lib, rows, out, "predict"), out, str(lib))


def test_large_numeric_labels_are_exact(tmp_path):
    """Labels float32 cannot hold (2**24 + 1) come back exactly: classifier
    predict is float64 even for float32 models."""
    from sklearn.tree import DecisionTreeClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 3)).astype(np.float32)
    y = np.where(X[:, 0] > 0, 16777217, 3)
    estimator = DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    model_path, lib = tmp_path / "big.json", tmp_path / "big.so"
    model_path.write_text(json.dumps(exported(estimator)))
    result = run("compile", model_path, "-o", lib, "--quiet")
    assert result.returncode == 0, result.stderr
    np.save(tmp_path / "x.npy", X)
    result = run_predict(lib, tmp_path / "x.npy", tmp_path / "y.npy", "predict")
    assert result.returncode == 0, result.stderr
    got = np.load(tmp_path / "y.npy")
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, estimator.predict(X).astype(np.float64))


# --------------------------------------------------------------------------
# Tree-parallel evaluation (model_abi.h: walk_trees, sum_leaves)
# --------------------------------------------------------------------------

# Cases whose trees' depths vary enough for single rows to walk them in
# depth order, and cases of one depth throughout.
DEPTH_ORDERED_CASES = ["hgb_clf_3_classes_categorical_strings", "hgb_reg_constant_features",
                       "hgb_reg_nan", "hgb_reg_poisson"]
UNIFORM_DEPTH_CASES = ["gb_reg_1000_stumps"]


@pytest.mark.parametrize("case", sorted(TREE_CASES))
def test_tree_walks_and_leaf_sums_give_the_kernels_bytes(compiled, case):
    """The generated walk of a tree range and the leaf sums, called directly:
    trees walked in uneven ranges, last range first, then summed, give the
    bytes of the model's kernel of every kind on the case's rows (fresh and
    edge rows, NaN among them); every (row, tree) leaf is written. A model of
    one tree has neither function."""
    case = get_case(compiled, case)
    rows = np.concatenate([case.rows[:61], case.extra_rows])
    check_walks_and_sums(case.lib, rows)


def test_single_rows_in_depth_order_give_the_batch_bytes(compiled):
    """Where a library walks the trees of one row grouped by depth
    (`hardwood inspect --json` reports depth_ordered_steps, fewer than in
    model order), every kernel on each row alone gives the bytes it gives on
    all the rows at once, whose tiles walk in model order: the leaves are
    still added in model order. Cases of uniform depth must not be
    reordered."""
    ordered = []
    for name in sorted(TREE_CASES):
        case = get_case(compiled, name)
        result = run("inspect", case.lib, "--json")
        assert result.returncode == 0, result.stderr
        steps = json.loads(result.stdout).get("depth_ordered_steps")
        if steps is None:
            continue
        assert 0 < steps["depth_order"] < steps["model_order"], (name, steps)
        ordered.append(name)
        rows = np.concatenate([case.rows[:61], case.extra_rows])
        assert check_single_rows(case.lib, rows) > 0, name
    assert set(DEPTH_ORDERED_CASES) <= set(ordered), ordered
    assert not set(UNIFORM_DEPTH_CASES) & set(ordered), ordered


def test_small_batches_on_two_threads_give_identical_bytes(compiled, tmp_path):
    """End to end through hw_predict: a batch below tree_parallel_rows of a
    1,000-tree model runs tree-parallel on two threads (the runtime's own
    test, PredictTest.SmallBatchesRunTreeParallel, shows the dispatch) and
    gives the bytes of one thread, from float32 and float64 rows."""
    case = get_case(compiled, "gb_reg_1000_stumps")
    _, desc = load_descriptor(case.lib)
    rows = desc.tree_parallel_rows - 1
    assert rows * desc.num_trees >= 2 * 1024  # kMinTreeWalksPerThread
    x = np.random.default_rng(9).normal(size=(rows, case.model["num_features"]))
    for dtype in (np.float32, np.float64):
        path = tmp_path / f"x_{np.dtype(dtype).name}.npy"
        np.save(path, x.astype(dtype))
        outputs = []
        for threads in (1, 2):
            out = tmp_path / f"y{threads}.npy"
            result = run("predict", case.lib, "--input", path, "--output", out,
                         "--threads", threads)
            assert result.returncode == 0, result.stderr
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1]
        assert_scores(case.estimator.predict(x.astype(np.float32)),
                      np.load(tmp_path / "y2.npy"), 1e-5, "predict")
