"""The compiled-model ABI seen from outside: CPU features checked at load
(a host without AVX-512 is simulated with the runtime's
HARDWOOD_TEST_DISABLE_CPU_FEATURES hook), the content hash, the shared kind
table, byte-identical artifacts from two compiles, bit-identical
predictions for 1, 2 and 8 threads, and the CLI's exit statuses (0 success,
1 error, 2 usage)."""

import hashlib
import os
import subprocess

import numpy as np
import pytest

import hardwood
from _cli import require_hardwood
from _native_api import requires_native

HARDWOOD = require_hardwood()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir))
SMALL_FOREST = os.path.join(ROOT, "tests", "fixtures", "mlir", "small_forest.mlir")
XGB_SOFTPROB = os.path.join(ROOT, "tests", "fixtures", "xgboost", "xgb_softprob.json")
HARDWOOD_JSON = os.path.join(ROOT, "tests", "fixtures", "hardwood", "hardwood_example.json")
HOOK = "HARDWOOD_TEST_DISABLE_CPU_FEATURES"
AVX512 = ["avx512f", "avx512bw", "avx512cd", "avx512dq", "avx512vl"]


def run(*args, env=None):
    return subprocess.run([HARDWOOD, *map(str, args)], capture_output=True,
                          text=True, env=env, check=False)


def compile_model(source, out, *options):
    result = run("compile", source, "-o", out, "--quiet", *options)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def v4_library(tmp_path_factory):
    path = tmp_path_factory.mktemp("v4") / "forest.so"
    return compile_model(SMALL_FOREST, path, "--target", "x86-64-v4")


def host_features():
    from hardwood import _native
    return set(_native.host_cpu_features())


# ---- CPU features at load ---------------------------------------------------

@requires_native
def test_v4_library_is_refused_without_avx512(v4_library, monkeypatch):
    from hardwood import _native
    monkeypatch.setenv(HOOK, ",".join(AVX512))
    assert not set(AVX512) & host_features()
    expected = ("model 'forest' was compiled for target 'x86-64-v4' and needs CPU "
                "features this host lacks: " + ", ".join(AVX512))
    with pytest.raises(_native.HardwoodError, match=expected):
        _native.Model(str(v4_library))
    with pytest.raises(_native.HardwoodError, match="avx512f"):
        hardwood.load(v4_library)
    with pytest.raises(_native.HardwoodError, match="avx512vl"):
        hardwood.compile(SMALL_FOREST, target="x86-64-v4")


@requires_native
def test_only_the_missing_features_are_named(v4_library, monkeypatch):
    from hardwood import _native
    monkeypatch.setenv(HOOK, "avx512bw")
    with pytest.raises(_native.HardwoodError, match=r"host lacks: avx512bw \(loading"):
        _native.Model(str(v4_library))


def test_cli_predict_refuses_without_avx512(v4_library, tmp_path):
    np.save(tmp_path / "x.npy", np.zeros((3, 4), np.float32))
    env = dict(os.environ, **{HOOK: ",".join(AVX512)})
    out = tmp_path / "y.npy"
    result = run("predict", v4_library, "--input", tmp_path / "x.npy",
                 "--output", out, env=env)
    assert result.returncode == 1, result.stderr
    assert "needs CPU features this host lacks: avx512f" in result.stderr
    assert not out.exists()


@requires_native
def test_v4_library_loads_on_an_avx512_host(v4_library):
    if not set(AVX512) <= host_features():
        pytest.skip("this host has no AVX-512")
    model = hardwood.load(v4_library)
    assert model.target == "x86-64-v4"
    model.close()


@requires_native
def test_descriptor_records_features_target_and_hash(tmp_path):
    from hardwood import _native
    generic = compile_model(SMALL_FOREST, tmp_path / "generic.so", "--target", "generic")
    model = _native.Model(str(generic))
    assert model.cpu_features == []
    assert model.target == "generic"
    with open(SMALL_FOREST, "rb") as f:
        assert model.content_hash == "sha256:" + hashlib.sha256(f.read()).hexdigest()
    model.close()
    native = _native.Model(str(compile_model(SMALL_FOREST, tmp_path / "native.so")))
    assert set(native.cpu_features) <= host_features()
    native.close()


@requires_native
def test_one_kind_table(tmp_path):
    from hardwood import _model, _native, _reference, bench_reference
    assert _native.kind_names == ("predict", "proba", "decision", "score", "leaf")
    # The pure-Python modules (usable without the runtime) name the same kinds.
    assert set(_model._KINDS.values()) == set(_native.kind_names)  # pylint: disable=protected-access
    assert set(_reference.KINDS) == set(_native.kind_names)
    assert set(bench_reference.KINDS) == set(_native.kind_names)
    model = _native.Model(str(compile_model(SMALL_FOREST, tmp_path / "m.so")))
    with pytest.raises(ValueError, match="unknown kind 'probability'; expected one of: "
                       "predict, proba, decision, score, leaf"):
        model.predict("probability", np.zeros((1, 4), np.float32))
    model.close()


# ---- Determinism ------------------------------------------------------------

ARTIFACTS = [("so", ".so"), ("obj", ".o"), ("static", ".a"), ("llvm", ".ll"),
             ("asm", ".s"), ("mlir", ".mlir")]


@pytest.mark.parametrize("source", [SMALL_FOREST, XGB_SOFTPROB, HARDWOOD_JSON],
                         ids=["mlir", "xgboost", "hardwood-json"])
@pytest.mark.parametrize("target", ["generic", "x86-64-v4", "aarch64"])
def test_two_compiles_give_identical_bytes(tmp_path, source, target):
    """Two compiles of the same model with the same options, into different
    directories, write byte-identical artifacts and headers."""
    for emit, suffix in ARTIFACTS:
        if target == "aarch64" and emit == "so" and not os.path.exists(
                "/usr/aarch64-linux-gnu/lib/libm.so.6"):
            continue
        outputs = []
        for attempt in ("first", "second"):
            directory = tmp_path / attempt
            directory.mkdir(exist_ok=True)
            out = directory / f"model{suffix}"
            header = directory / "model.h"
            compile_model(source, out, "--target", target, "--emit", emit,
                          "--header", header, "--name", "model")
            outputs.append((out.read_bytes(), header.read_bytes()))
        assert outputs[0][0] == outputs[1][0], f"{emit} differs between compiles"
        assert outputs[0][1] == outputs[1][1], f"header differs ({emit})"


# ---- Threads ----------------------------------------------------------------

@requires_native
def test_threads_give_identical_predictions(tmp_path):
    """1, 2 and 8 threads give bit-identical outputs for every kind, on a
    batch long enough that each thread gets many row blocks and the last
    block is partial."""
    from hardwood import _native
    library = compile_model(XGB_SOFTPROB, tmp_path / "softprob.so")
    model = _native.Model(str(library))
    rng = np.random.default_rng(11)
    x = rng.normal(size=(20011, model.num_features)).astype(np.float32)
    x[rng.random(x.shape) < 0.05] = np.nan
    for kind in model.kinds:
        outputs = [model.predict(kind, x, threads) for threads in (1, 2, 8)]
        for threads, out in zip((2, 8), outputs[1:]):
            assert out.dtype == outputs[0].dtype
            assert out.tobytes() == outputs[0].tobytes(), f"{kind}: {threads} threads"
    model.close()


# ---- CLI exit statuses ------------------------------------------------------

USAGE_ERRORS = {
    "no command": [],
    "unknown command": ["frobnicate"],
    "compile without a model": ["compile"],
    "unknown option": ["compile", SMALL_FOREST, "--no-such-option"],
    "unknown --emit": ["compile", SMALL_FOREST, "--emit", "exe"],
    "unknown --target": ["compile", SMALL_FOREST, "--target", "pentium"],
    "unknown --input-type": ["compile", SMALL_FOREST, "--input-type", "f16"],
    "predict without --input": ["predict", SMALL_FOREST, "--output", "y.npy"],
    "unknown --kind": ["predict", SMALL_FOREST, "--input", "x.npy", "--output",
                       "y.npy", "--kind", "probability"],
    "inspect without a model": ["inspect"],
    "bench without --input": ["bench", SMALL_FOREST],
    "bench with an unknown --kind": ["bench", SMALL_FOREST, "--input", "x.npy",
                                     "--kind", "probability"],
}


@pytest.mark.parametrize("args", USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_usage_errors_exit_with_2(tmp_path, args):
    result = subprocess.run([HARDWOOD, *args], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip(), "a usage error says what is wrong"
    assert "Stack dump" not in result.stderr


def test_errors_exit_with_1(tmp_path):
    missing = tmp_path / "missing.json"
    not_a_library = tmp_path / "model.so"
    not_a_library.write_text("not a library")
    np.save(tmp_path / "x.npy", np.zeros((2, 4), np.float32))
    runs = {
        "missing model": ["compile", missing, "-o", tmp_path / "m.so"],
        "bad library": ["predict", not_a_library, "--input", tmp_path / "x.npy",
                        "--output", tmp_path / "y.npy"],
        "missing input": ["predict", SMALL_FOREST, "--input", tmp_path / "none.npy",
                          "--output", tmp_path / "y.npy"],
        "inspect missing": ["inspect", missing],
    }
    for what, args in runs.items():
        result = run(*args)
        assert result.returncode == 1, f"{what}: {result.returncode}\n{result.stderr}"
        assert "Stack dump" not in result.stderr, what


def test_success_and_help_exit_with_0(tmp_path):
    assert run("--help").returncode == 0
    assert run("--version").returncode == 0
    assert run("compile", SMALL_FOREST, "-o", tmp_path / "m.so", "--quiet").returncode == 0
