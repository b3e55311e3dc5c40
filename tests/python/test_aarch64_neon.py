"""The NEON walk under qemu-aarch64 gives the x86 host's bits on edge models.

AArch64 targets walk float32 tree ensembles with NEON vectors
(``vector_register_top`` with 4 float32 lanes,
passes/lib/NeonRegisterTopWalk.cpp). Each model below is compiled with
``hardwood compile --target aarch64 --emit static`` several ways:

* ``auto``: the cost model's schedule (NEON for float32 trees of depth <= 6,
  interleaved scalar walks otherwise; the test asserts which);
* ``neon``: NEON forced, every level of the top 6 from registers after 4
  compare levels (deeper trees walk on with 4-lane steps);
* ``tbl``: NEON forced with no compare levels and 2 vectors per tile (every
  level from tbl images, level 0 broadcast);

linked with the runtime cross-built for aarch64 and
``tests/cross/aarch64_driver.cpp``, and run with ``qemu-aarch64`` on rows
with NaN in about 15% of the entries, +-inf, +-0.0, denormals, huge values,
every split threshold and its float32 neighbours, in batches of 1,027 rows
(so tiles, the scalar remainder and a partial block all run). Compared: every
kind the model has (``predict``, ``proba``, ``decision``, ``leaf``) against
``hardwood predict`` of the same model on the x86 host (``--target native``,
whatever strategy it picks there), **bit for bit** (no tolerance: float
outputs compared as raw bits, NaN payloads aside; leaves and labels exactly).

Models: XGBoost fixtures (binary logistic with missing values, softprob with
3 classes, categorical partition and one-hot splits, pruned trees, vector
leaves, DART), LightGBM fixtures compiled with ``--input-type f32`` (NaN
routing, zero-as-missing, categorical, multiclass), and sklearn models
exported to Hardwood JSON: a regression chain of depth >= 30, a single-leaf
tree, a random forest with single-leaf trees among deeper ones.
"""

import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, os.pardir, "cross"))

import test_aarch64_qemu as q  # noqa: E402  (skips this module like that one)
import cross_cases as cc  # noqa: E402
import _models  # noqa: E402

FIXTURES = os.path.join(q.SOURCE_ROOT, "tests", "fixtures")
ROWS = 1027
KINDS = ["predict", "proba", "decision", "leaf"]

SCHEDULES = {
    "auto": [],
    "neon": ["--schedule=strategy = vector_register_top, vector_lanes = 4, "
             "interleave = 4, register_levels = 6, compare_levels = 4"],
    "tbl": ["--schedule=strategy = vector_register_top, vector_lanes = 4, "
            "interleave = 2, register_levels = 6, compare_levels = 0"],
}


class Model:
    def __init__(self, name, path, extra=(), num_features=None, categorical=()):
        self.name, self.path, self.extra = name, path, list(extra)
        self.num_features = num_features
        self.categorical = categorical


def _sklearn_models(directory):
    import json
    models = []
    for name, make in [("dt_chain30", _models.dt_chain_regressor),
                       ("dt_single_leaf", _models.dt_constant_target),
                       ("rf_single_leaves", _models.rf_tiny_bootstrap)]:
        est = make()[0]
        path = os.path.join(directory, f"{name}.json")
        with open(path, "w") as f:
            json.dump(_models.exported(est), f)
        models.append(Model(name, path, num_features=est.n_features_in_))
    return models


def _models_under_test(directory):
    xgb = os.path.join(FIXTURES, "xgboost")
    lgb = os.path.join(FIXTURES, "lightgbm")
    models = [Model("xgb_binary", os.path.join(xgb, "xgb_binary_logistic.json")),
              Model("xgb_softprob", os.path.join(xgb, "xgb_softprob.json")),
              Model("xgb_cat_partition", os.path.join(xgb, "xgb_categorical_partition.json"),
                    categorical=True),
              Model("xgb_cat_onehot", os.path.join(xgb, "xgb_categorical_onehot.json"),
                    categorical=True),
              Model("xgb_pruned", os.path.join(xgb, "xgb_pruned.json")),
              Model("xgb_vector_softprob", os.path.join(xgb, "xgb_vector_softprob.json")),
              Model("xgb_dart", os.path.join(xgb, "xgb_dart.json"))]
    for fixture in ["missing_nan_numeric", "zero_as_missing", "categorical_no_nan",
                    "multiclass_softmax"]:
        models.append(Model(f"lgb_{fixture}", os.path.join(lgb, fixture, "model.txt"),
                            extra=["--input-type", "f32"],
                            categorical=fixture.startswith("categorical")))
    return models + _sklearn_models(directory)


def _inspect(model):
    """The model's depths (hardwood inspect) and its aarch64 schedule."""
    import re
    result = cc.run_hardwood("inspect", model.path)
    cc.check_run(result, f"hardwood inspect {model.path}")
    info = {}
    for line in result.stdout.splitlines():
        if ":" in line:
            key, value = line.split(":", 1)
            info.setdefault(key.strip(), value.strip())
    result = cc.run_hardwood("compile", model.path, "--target", "aarch64", *model.extra,
                             "--emit", "mlir", "-o", os.devnull, "--quiet",
                             "--print-after=schedule")
    cc.check_run(result, f"hardwood compile {model.path} --print-after=schedule")
    info["schedule"] = re.search(r"#hardwood\.schedule<[^>]*>", result.stderr).group(0)
    return info


def _rows(model, rng):
    """Edge rows: thresholds and neighbours, NaN, infinities, zeros."""
    features = model.num_features
    thresholds = []
    result = cc.run_hardwood("compile", model.path, *model.extra, "--emit", "mlir",
                             "-o", "-", "--quiet", "--print-after=import")
    cc.check_run(result, f"hardwood compile {model.path} --print-after=import")
    import re
    for match in re.finditer(r"x\[(\d+)\] (?:<=|<) ([-+0-9.e]+|[-+]?inf)", result.stderr):
        thresholds.append((int(match.group(1)), float(match.group(2))))
    if features is None:
        features = int(re.search(r"inputs (\d+) x", result.stderr).group(1))
    X = rng.normal(0.0, 2.0, (ROWS, features))
    if model.categorical:
        X[:, ::2] = rng.integers(-2, 12, (ROWS, (features + 1) // 2))
    for i, (feature, t) in enumerate(thresholds * 4):
        if i >= ROWS // 2:
            break
        t32 = np.float32(t)
        X[i, feature] = [t, np.nextafter(t32, np.float32(-np.inf)),
                         np.nextafter(t32, np.float32(np.inf))][i % 3]
    special = [np.nan, np.inf, -np.inf, 0.0, -0.0, 1e-40, -1e-40, 3e38, -3e38]
    mask = rng.random(X.shape) < 0.15
    X[mask] = np.nan
    picks = rng.integers(0, len(special), X.shape)
    edge = rng.random(X.shape) < 0.05
    X[edge] = np.array(special)[picks[edge]]
    with np.errstate(over="ignore"):
        return X.astype(np.float32)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    directory = str(tmp_path_factory.mktemp("aarch64-neon"))
    rng = np.random.default_rng(7)
    models = _models_under_test(directory)
    infos = {m.name: _inspect(m) for m in models}
    compiled, native = {}, {}
    runtime = q.runtime_library(directory)
    for model in models:
        rows = _rows(model, rng)
        rows_path = os.path.join(directory, f"{model.name}.npy")
        np.save(rows_path, rows)
        model.rows_path = rows_path
        model.hwa = os.path.join(directory, f"{model.name}.hwa")
        q.write_array(model.hwa, rows)
        for variant, args in SCHEDULES.items():
            case = type("Case", (), {"name": f"{model.name}__{variant}", "json": model.path})
            compiled[(model.name, variant)] = q.compile_static(
                case, directory, ["--target", "aarch64", *model.extra, *args])
    driver = q.build_driver(directory, {f"{n}__{v}": c for (n, v), c in compiled.items()},
                            runtime)
    kinds = {}
    for model in models:
        info = dict(line.split(" ", 1) for line in
                    q.qemu(driver, "info", f"{model.name}__auto").stdout.splitlines())
        kinds[model.name] = [k for k in KINDS if k in info["kinds"].split()]
        # The x86 host's build of the same model (--target native).
        lib = os.path.join(directory, f"{model.name}.native.so")
        cc.check_run(cc.run_hardwood("compile", model.path, *model.extra, "-o", lib,
                                     "--quiet"), f"hardwood compile {model.name}")
        for kind in kinds[model.name]:
            out = os.path.join(directory, f"{model.name}.{kind}.native.npy")
            result = cc.run_hardwood("predict", lib, "--input",
                                     model.rows_path, "--output", out, "--kind", kind)
            cc.check_run(result, f"hardwood predict {model.name} --kind {kind}")
            native[(model.name, kind)] = np.load(out)
    args, jobs = [], []
    for model in models:
        for variant in SCHEDULES:
            for kind in kinds[model.name]:
                out = os.path.join(directory, f"{model.name}.{variant}.{kind}.hwa")
                args += [f"{model.name}__{variant}", kind, 1, model.hwa, out]
                jobs.append((model.name, variant, kind, out))
    q.qemu(driver, "predict", *args, what="qemu-aarch64 NEON parity")
    outputs = {(n, v, k): q.read_array(out) for n, v, k, out in jobs}
    return models, infos, kinds, native, outputs


def _bits(array):
    array = np.ascontiguousarray(array)
    if array.dtype.kind == "f":
        view = array.view(np.uint32 if array.dtype == np.float32 else np.uint64)
        return np.where(np.isnan(array), 0, view)
    return array


def test_cost_model_picks_neon_for_shallow_float32_trees(run):
    models, infos, _, _, _ = run
    for model in models:
        schedule = infos[model.name]["schedule"]
        depth = max(int(d.split(":")[0]) for d in infos[model.name]["depths"].split("(")[0].split())
        if depth <= 6:
            assert "strategy = vector_register_top, vector_lanes = 4" in schedule, \
                (model.name, schedule)
        else:
            assert "strategy = scalar_interleaved" in schedule, (model.name, schedule)


@pytest.mark.parametrize("variant", list(SCHEDULES))
def test_bit_identical_to_x86_host(run, variant):
    models, _, kinds, native, outputs = run
    failures = []
    for model in models:
        for kind in kinds[model.name]:
            expected = native[(model.name, kind)]
            got = outputs[(model.name, variant, kind)]
            if expected.ndim == 1:
                got = got.reshape(-1)
            if got.shape != expected.shape or got.dtype != expected.dtype:
                failures.append(f"{model.name} {kind}: {got.dtype}{got.shape} vs "
                                f"{expected.dtype}{expected.shape}")
                continue
            differ = np.flatnonzero((_bits(got) != _bits(expected)).reshape(len(got), -1)
                                    .any(axis=1))
            if differ.size:
                r = differ[0]
                failures.append(f"{model.name} {kind}: {differ.size} rows differ, "
                                f"first row {r}: {got[r]} vs x86 {expected[r]}")
    assert not failures, "\n".join(failures)
