"""The x86 targets agree with each other bit for bit, and with scikit-learn.

Four models (``tests/cross/cross_cases.py``: a random forest classifier, a
gradient boosting regressor, a HistGradientBoosting classifier with NaN and
categorical splits, a multinomial LogisticRegression) are compiled with
``hardwood compile --target generic|x86-64-v3|x86-64-v4|native`` and run with
``hardwood predict`` on the same rows, edge rows included, for every kind the
model has. Every target's output must be bit-identical to ``generic``'s (the
kernels sum in a fixed order whatever the vector width), and ``generic``'s
must match scikit-learn within DESIGN.md's tolerance (so every target does).
x86-64-v4 runs only where the host has AVX-512 (F, BW, CD, DQ, VL); elsewhere
each of its tests is a skip naming the missing features (``-rs`` lists them;
scripts/test.sh counts them).
"""

import ctypes
import os
import platform
import sys

import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "cross"))

import cross_cases as cc  # noqa: E402
from _cpu import unsupported_reason  # noqa: E402

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning"),
]

if cc.HARDWOOD is None:
    pytest.skip(cc.NO_HARDWOOD, allow_module_level=True)
if platform.machine() not in ("x86_64", "AMD64"):
    pytest.skip(f"x86 targets need an x86-64 host (this is {platform.machine()})",
                allow_module_level=True)

X86_TARGETS = ["generic", "x86-64-v3", "x86-64-v4", "native"]

RUNNABLE = [t for t in X86_TARGETS if unsupported_reason(t) is None]


@pytest.fixture(scope="module")
def outputs():
    """case -> target -> kind -> output, for every runnable target."""
    results = {}
    for name in cc.CASE_NAMES:
        case = cc.get_case(name)
        results[name] = {"native": cc.native_outputs(name)}
        for target in RUNNABLE:
            if target != "native":
                results[name][target] = cc.predict_shared(case, cc.compile_shared(case, target))
    return results


def descriptor_target(lib, name):
    """The descriptor's target string, read from the library with ctypes."""
    handle = ctypes.CDLL(lib)
    getter = getattr(handle, f"hardwood_model_{name}")
    getter.restype = ctypes.c_void_p
    address = getter()
    # hw_model_descriptor: six uint32, then name and target pointers.
    target = ctypes.cast(address + 24 + ctypes.sizeof(ctypes.c_void_p),
                         ctypes.POINTER(ctypes.c_char_p))[0]
    return target.decode()


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_generic_matches_sklearn(outputs, case):
    cc.check_sklearn_parity(cc.get_case(case), outputs[case]["generic"])


@pytest.mark.parametrize("target", [t for t in X86_TARGETS if t != "generic"])
@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_target_bit_identical_to_generic(outputs, case, target):
    reason = unsupported_reason(target)
    if reason:
        pytest.skip(reason)
    c = cc.get_case(case)
    for kind in c.kinds:
        cc.assert_bit_identical(c, kind, outputs[case]["generic"][kind],
                                outputs[case][target][kind], f"{target} vs generic")


@pytest.mark.parametrize("target", X86_TARGETS)
def test_library_records_its_target(outputs, target):
    """The descriptor names the target each library was compiled for."""
    reason = unsupported_reason(target)
    if reason:
        pytest.skip(reason)
    case = cc.get_case(cc.CASE_NAMES[0])
    lib = cc.compile_shared(case, target)
    assert descriptor_target(lib, case.name) == target

