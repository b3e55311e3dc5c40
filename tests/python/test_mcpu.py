"""Any CPU LLVM knows as a target: ``hardwood compile --mcpu=znver3``.

The four models of ``tests/cross/cross_cases.py`` are compiled for Zen 3
(AVX2, vector_register_top with 8 lanes) with ``--mcpu=znver3``, and with
``--mattr`` taking AVX2 away again; every kind is checked bit for bit against
the host's ``native`` build and against scikit-learn. The library records the
CPU (``hardwood inspect --json``) and the features it needs; the runtime
refuses it on a host without them (simulated with
``HARDWOOD_TEST_DISABLE_CPU_FEATURES``). Where the host cannot run Zen 3 code
the run checks are skips naming the missing features.
(The AArch64 CPU, ``--mcpu=neoverse-n1``, runs under qemu in
test_aarch64_qemu.py.)
"""

import json
import os
import platform
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "cross"))

import cross_cases as cc  # noqa: E402

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning"),
]

if cc.HARDWOOD is None:
    pytest.skip(cc.NO_HARDWOOD, allow_module_level=True)
if platform.machine() not in ("x86_64", "AMD64"):
    pytest.skip(f"--mcpu=znver3 needs an x86-64 host (this is {platform.machine()})",
                allow_module_level=True)

# (file tag, compile options, what the library records)
BUILDS = {
    "znver3": (["--mcpu=znver3"], "znver3"),
    "znver3-noavx2": (["--mcpu=znver3", "--mattr=-avx2"], "znver3 -avx2"),
}


def compile_for(case, tag):
    options, _ = BUILDS[tag]
    lib = os.path.join(case.directory, f"{case.name}.{tag}.so")
    if not os.path.exists(lib):
        result = cc.run_hardwood("compile", case.json, "-o", lib, *options,
                                 "--name", case.name, "--quiet")
        cc.check_run(result, f"hardwood compile {case.name} {' '.join(options)}")
    return lib


def inspect(lib):
    result = cc.run_hardwood("inspect", lib, "--json")
    cc.check_run(result, f"hardwood inspect {lib} --json")
    return json.loads(result.stdout)


@pytest.fixture(scope="module", params=list(BUILDS))
def build(request):
    """tag -> case -> (library, inspect JSON)."""
    tag = request.param
    return tag, {name: (lib, inspect(lib)) for name in cc.CASE_NAMES
                 for lib in [compile_for(cc.get_case(name), tag)]}


def test_library_records_cpu(build):
    tag, libs = build
    _, target = BUILDS[tag]
    for name, (lib, info) in libs.items():
        assert info["target"] == target, info
        assert info["cpu"] == "znver3", info
        assert info["triple"] == "x86_64-unknown-linux-gnu", info
        needs = info["cpu_features"].split(",")
        assert ("avx2" in needs) == (tag == "znver3"), needs
        assert "avx512f" not in needs, needs
        if "linear" in info["schedule"]:
            continue
        if tag == "znver3":
            assert "strategy = vector_" in info["schedule"], info["schedule"]
        else:  # no AVX2: no gathers, scalar walks
            assert "scalar_interleaved" in info["schedule"], info["schedule"]


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_bit_identical_to_native_and_sklearn(build, case):
    tag, libs = build
    lib, info = libs[case]
    if not info["runs_on_host"]:
        pytest.skip(f"{tag}: the host lacks some of {info['cpu_features']}")
    c = cc.get_case(case)
    outputs = cc.predict_shared(c, lib)
    native = cc.native_outputs(case)
    for kind in c.kinds:
        cc.assert_bit_identical(c, kind, native[kind], outputs[kind], f"{tag} vs native")
    cc.check_sklearn_parity(c, outputs)


def test_runtime_refuses_missing_features(build):
    """The ABI v2 CPU check still guards libraries built with --mcpu."""
    tag, libs = build
    if tag != "znver3":
        pytest.skip("checked on the AVX2 build")
    lib, info = libs["rf_clf"]
    c = cc.get_case("rf_clf")
    env = dict(os.environ, HARDWOOD_TEST_DISABLE_CPU_FEATURES="avx2,fma")
    import subprocess
    result = subprocess.run([cc.HARDWOOD, "predict", lib, "--input", c.input_npy,
                             "--output", os.path.join(c.directory, "refused.npy")],
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 1, result
    assert "avx2" in result.stderr and "fma" in result.stderr, result.stderr
    assert not os.path.exists(os.path.join(c.directory, "refused.npy"))
