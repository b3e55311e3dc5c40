"""Models compiled for aarch64 run under qemu-aarch64 like on the x86 host.

The five models of ``tests/cross/cross_cases.py`` are compiled with
``hardwood compile --target aarch64 --emit static --header``, linked with
the runtime cross-built for aarch64 (``tests/cross/CMakeLists.txt``; built
here when missing) and ``tests/cross/aarch64_driver.cpp`` into one static
aarch64 program with ``aarch64-linux-gnu-g++ -static``, and run with
``qemu-aarch64 -L /usr/aarch64-linux-gnu``. The driver calls
``hw_model_from_descriptor(hardwood_model_<name>())`` and ``hw_predict`` for
every kind of every model on the rows ``test_cross_targets`` uses. Checks:
every output of every kind (leaves, labels, probabilities, decision values)
is bit-identical to the x86 ``native`` build's, NaN and the sign of zero
included; parity with scikit-learn; float64 rows fed to float32 models give the same
bits as numpy's cast; float32 rows fed to float64 models (their float32-row
kernels, or the runtime's widening) give the bits of the same rows widened;
threads give the same bits as one thread, and so do the tree-parallel
functions (walk_trees in ranges, then sum_leaves) called directly.

The same models compiled for a named AArch64 CPU (``--mcpu=neoverse-n1
--mtriple=aarch64-linux-gnu``: NEON plus dotprod and fullfp16) run the
same way and must give the same bits.

Skipped only when qemu-aarch64 or aarch64-linux-gnu-g++ is missing.
"""

import concurrent.futures
import os
import re
import shutil
import struct
import subprocess
import sys
import time

import numpy as np
import pytest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                os.pardir, "cross"))

import cross_cases as cc  # noqa: E402

pytestmark = [
    pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning"),
    pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning"),
    pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning"),
]

SOURCE_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                           os.pardir, os.pardir))
QEMU = shutil.which("qemu-aarch64")
CROSS_CXX = shutil.which("aarch64-linux-gnu-g++")
SYSROOT = "/usr/aarch64-linux-gnu"

if QEMU is None:
    pytest.skip("qemu-aarch64 not found (Debian package qemu-user)",
                allow_module_level=True)
if CROSS_CXX is None:
    pytest.skip("aarch64-linux-gnu-g++ not found (Debian package g++-aarch64-linux-gnu)",
                allow_module_level=True)
if cc.HARDWOOD is None:
    pytest.skip(cc.NO_HARDWOOD, allow_module_level=True)

# hw_dtype codes of the driver's HWA1 array files.
DTYPE_CODES = {np.dtype(np.float32): 0, np.dtype(np.float64): 1, np.dtype(np.int32): 2}
CODE_DTYPES = {code: dtype for dtype, code in DTYPE_CODES.items()}
# Rows of the threaded batch: past the runtime's inline limit (256), several
# 64-row chunks per thread.
THREADED_ROWS = 2048


def write_array(path, array):
    array = np.ascontiguousarray(array)
    if array.ndim == 1:
        array = array.reshape(1, -1)
    with open(path, "wb") as f:
        f.write(b"HWA1" + struct.pack("<Iqq", DTYPE_CODES[array.dtype], *array.shape))
        f.write(array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes())


def read_array(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data[:4] == b"HWA1", f"{path}: not an HWA1 array"
    code, rows, columns = struct.unpack_from("<Iqq", data, 4)
    dtype = CODE_DTYPES[code].newbyteorder("<")
    array = np.frombuffer(data, dtype=dtype, offset=24)
    assert array.size == rows * columns, f"{path}: {array.size} elements, "\
        f"expected {rows} x {columns}"
    return array.reshape(rows, columns).astype(dtype.newbyteorder("="))


def run_checked(command, what, timeout=300, cwd=None):
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                            cwd=cwd)
    assert result.returncode == 0, (
        f"{what} failed (exit {result.returncode}):\n$ {' '.join(map(str, command))}\n"
        f"{result.stdout}{result.stderr}")
    return result


# --------------------------------------------------------------------------
# Building the aarch64 program
# --------------------------------------------------------------------------

def runtime_library(scratch):
    """The runtime's static library for aarch64, built (or brought up to date).

    The sub-build lives where tests/cross/CMakeLists.txt puts it in the build
    tree, so it is reused across runs; without a build tree, in ``scratch``.
    """
    build = os.environ.get("HARDWOOD_BUILD_DIR")
    directory = (os.path.join(build, "tests", "cross", "runtime-aarch64") if build
                 else os.path.join(scratch, "runtime-aarch64"))
    cmake = shutil.which("cmake")
    assert cmake, "cmake not found: needed to cross-build the runtime"
    if not os.path.exists(os.path.join(directory, "CMakeCache.txt")):
        command = [cmake, "-S", os.path.join(SOURCE_ROOT, "runtime"), "-B", directory,
                   "-DCMAKE_TOOLCHAIN_FILE="
                   + os.path.join(SOURCE_ROOT, "runtime", "cmake", "aarch64-linux-gnu.cmake"),
                   "-DCMAKE_BUILD_TYPE=Release", "-DHARDWOOD_BUILD_TESTS=OFF"]
        if shutil.which("ninja"):
            command += ["-G", "Ninja"]
        if shutil.which("ccache"):
            command += ["-DCMAKE_C_COMPILER_LAUNCHER=ccache",
                        "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"]
        run_checked(command, "configuring the aarch64 runtime")
    run_checked([cmake, "--build", directory, "--target", "hardwood_runtime"],
                "building the aarch64 runtime", timeout=600)
    library = os.path.join(directory, "libhardwood_runtime.a")
    assert os.path.exists(library), f"{library} was not built"
    return library


DESCRIPTOR_DECLARATION = re.compile(
    r"^const hw_model_descriptor \*(\w+)\(void\);$", re.MULTILINE)


# What each aarch64 build is compiled with, and the target its descriptor
# records.
TARGET_ARGS = {
    "aarch64": (["--target", "aarch64"], "aarch64"),
    "neoverse-n1": (["--mcpu=neoverse-n1", "--mtriple=aarch64-linux-gnu"], "neoverse-n1"),
}


def compile_static(case, directory, target_args):
    """``hardwood compile --target aarch64 --emit static --header``."""
    archive = os.path.join(directory, f"{case.name}.a")
    header = os.path.join(directory, f"{case.name}.h")
    result = cc.run_hardwood("compile", case.json, "-o", archive, *target_args,
                             "--emit", "static", "--header", header, "--name", case.name,
                             "--quiet")
    cc.check_run(result, f"hardwood compile {case.name} {' '.join(target_args)} --emit static")
    with open(header) as f:
        text = f.read()
    functions = DESCRIPTOR_DECLARATION.findall(text)
    assert len(functions) == 1, \
        f"{header}: expected one descriptor function declaration, got {functions}"
    assert functions[0].endswith(case.name)
    return archive, header, functions[0]


def build_driver(directory, models, runtime):
    """Links every model and the runtime into one static aarch64 program."""
    with open(os.path.join(directory, "cross_models.inc"), "w") as f:
        for _, header, _ in models.values():
            f.write(f'#include "{os.path.basename(header)}"\n')
        f.write("#define HW_CROSS_MODELS(X)")
        for name, (_, _, function) in models.items():
            f.write(f" X({name}, {function})")
        f.write("\n")
    driver = os.path.join(directory, "aarch64_driver")
    run_checked([CROSS_CXX, "-std=c++17", "-O2", "-static", "-pthread",
                 "-I", os.path.join(SOURCE_ROOT, "runtime", "include"), "-I", directory,
                 os.path.join(SOURCE_ROOT, "tests", "cross", "aarch64_driver.cpp"),
                 *[archive for archive, _, _ in models.values()], runtime,
                 "-o", driver], "linking the aarch64 driver")
    return driver


def qemu(driver, *args, what="qemu-aarch64"):
    return run_checked([QEMU, "-L", SYSROOT, driver, *map(str, args)], what)


class Aarch64Run:
    """Every job's output, keyed by (case, kind, input tag, threads)."""

    def __init__(self, directory, build="aarch64"):
        self.directory = directory
        self.build = build
        target_args, self.target_name = TARGET_ARGS[build]
        self.cases = {name: cc.get_case(name) for name in cc.CASE_NAMES}
        with concurrent.futures.ThreadPoolExecutor(cc.WORKERS) as pool:
            runtime = pool.submit(runtime_library, directory)
            compiled = {name: pool.submit(compile_static, case, directory, target_args)
                        for name, case in self.cases.items()}
            # The x86 side, meanwhile (shared with test_cross_targets).
            self.native = {name: cc.native_outputs(name) for name in self.cases}
            self.models = {name: future.result() for name, future in compiled.items()}
            runtime = runtime.result()
        self.driver = build_driver(directory, self.models, runtime)
        self.inputs, jobs = {}, []
        for name, case in self.cases.items():
            self._input(name, "rows", case.inputs)
            if case.float32:
                # float64 rows whose float32 cast is case.inputs, but which
                # a truncating cast would round differently.
                wide = case.inputs.astype(np.float64)
                with np.errstate(invalid="ignore", over="ignore"):
                    nudge = np.where(np.isfinite(wide), np.abs(wide) * 2.0 ** -26, 0.0)
                    sign = np.where(np.arange(wide.size).reshape(wide.shape) % 2, 1.0, -1.0)
                    wide = wide + sign * nudge
                assert np.array_equal(wide.astype(np.float32), case.inputs, equal_nan=True)
                self._input(name, "f64", wide)
            else:
                # Float32 rows (numpy's cast: NaN and inf kept, values past
                # float32 become inf) and the same values widened.
                with np.errstate(over="ignore"):
                    narrow = case.inputs.astype(np.float32)
                self._input(name, "f32", narrow)
                self._input(name, "f32wide", narrow.astype(np.float64))
            repeats = -(-THREADED_ROWS // len(case.inputs))
            self._input(name, "big", np.tile(case.inputs, (repeats, 1)))
            for kind in case.kinds:
                jobs.append((name, kind, "rows", 1))
                if case.float32:
                    jobs.append((name, kind, "f64", 1))
                else:
                    jobs.append((name, kind, "f32", 1))
                    jobs.append((name, kind, "f32wide", 1))
                jobs.append((name, kind, "big", 1))
                jobs.append((name, kind, "big", 4))
                if "trees" in case.model:
                    jobs.append((name, kind, "rows", "walks"))
        args = []
        for job in jobs:
            name, kind, tag, threads = job
            args += [name, kind, threads, self.inputs[(name, tag)], self._output_path(job)]
        start = time.monotonic()
        qemu(self.driver, "predict", *args, what="qemu-aarch64 driver predict")
        self.seconds = time.monotonic() - start
        print(f"qemu-aarch64: {len(jobs)} hw_predict jobs in {self.seconds:.2f} s")
        self.outputs = {job: read_array(self._output_path(job)) for job in jobs}

    def _input(self, name, tag, array):
        path = os.path.join(self.directory, f"{name}.{tag}.hwa")
        write_array(path, array)
        self.inputs[(name, tag)] = path

    def _output_path(self, job):
        name, kind, tag, threads = job
        return os.path.join(self.directory, f"{name}.{tag}.{kind}.t{threads}.out.hwa")

    def output(self, name, kind, tag="rows", threads=1, like=None):
        """One job's output, 1-D where the x86 CLI's output (``like``) is."""
        out = self.outputs[(name, kind, tag, threads)]
        if like is not None and np.ndim(like) == 1:
            out = out.reshape(-1)
        return out

    def all_outputs(self, name, tag="rows"):
        native = self.native[name]
        return {kind: self.output(name, kind, tag, like=native[kind])
                for kind in self.cases[name].kinds}


@pytest.fixture(scope="module")
def aarch64(tmp_path_factory):
    return Aarch64Run(str(tmp_path_factory.mktemp("aarch64")))


@pytest.fixture(scope="module")
def neoverse_n1(tmp_path_factory):
    return Aarch64Run(str(tmp_path_factory.mktemp("neoverse-n1")), "neoverse-n1")


# --------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------

@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_descriptor_metadata(aarch64, case):
    c = aarch64.cases[case]
    info = dict(line.split(" ", 1) for line in
                qemu(aarch64.driver, "info", case).stdout.splitlines())
    assert info["name"] == case
    assert info["target"] == "aarch64"
    assert int(info["features"]) == c.model["num_features"]
    assert int(info["trees"]) == len(c.model.get("trees", []))
    assert int(info["classes"]) == len(c.model.get("classes", []))
    assert int(info["input_dtype"]) == DTYPE_CODES[np.dtype(c.dtype)]
    assert sorted(info["kinds"].split()) == sorted(c.kinds)


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_matches_x86_native(aarch64, case):
    c = aarch64.cases[case]
    native = aarch64.native[case]
    for kind in c.kinds:
        expected = native[kind]
        got = aarch64.output(case, kind, like=expected)
        assert got.dtype == expected.dtype, f"{kind}: dtype {got.dtype} vs x86 {expected.dtype}"
        assert got.shape == expected.shape, f"{kind}: shape {got.shape} vs x86 {expected.shape}"
        # Bit for bit, every kind: the kernels sum in a fixed order and
        # expand exp in plain arithmetic (passes/lib/ExpExpansion.cpp), so
        # no libm function decides a bit; IsolationForest's exp2, the one
        # libm call left, comes from the same glibc on both sides here.
        # docs/design.md ("Bit-identical across targets").
        cc.assert_bit_identical(c, kind, expected, got, "aarch64 vs x86 native")


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_matches_sklearn(aarch64, case):
    cc.check_sklearn_parity(aarch64.cases[case], aarch64.all_outputs(case))


@pytest.mark.parametrize("case", [n for n in cc.CASE_NAMES if n in ("rf_clf", "gb_reg")])
def test_float64_rows_cast_like_numpy(aarch64, case):
    """Float32 models: the runtime's float64 -> float32 cast is numpy's."""
    c = aarch64.cases[case]
    assert c.float32
    for kind in c.kinds:
        cc.assert_bit_identical(c, kind, aarch64.output(case, kind, "rows"),
                                aarch64.output(case, kind, "f64"), "float64 input")


@pytest.mark.parametrize("case", [n for n in cc.CASE_NAMES
                                  if n in ("hgb_clf_cat_nan", "hgb_reg_nan",
                                           "logreg_multinomial")])
def test_float32_rows_of_float64_models(aarch64, case):
    """Float64 models: float32 rows give the bits of the same rows widened
    (hgb_reg_nan through its float32-row kernels, the categorical model
    through the runtime's widening, the linear model through its widening
    kernels)."""
    c = aarch64.cases[case]
    assert not c.float32
    for kind in c.kinds:
        cc.assert_bit_identical(c, kind, aarch64.output(case, kind, "f32wide"),
                                aarch64.output(case, kind, "f32"),
                                "float32 rows")


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_threads_bit_identical(aarch64, case):
    c = aarch64.cases[case]
    for kind in c.kinds:
        one = aarch64.output(case, kind, "big", 1)
        many = aarch64.output(case, kind, "big", 4)
        cc.assert_bit_identical(c, kind, one, many, "4 threads vs 1")
        rows = aarch64.output(case, kind, "rows")
        cc.assert_bit_identical(c, kind, rows, one[:len(rows)], "big batch vs small")
        # The tree-parallel functions (hw_predict's path for small batches
        # on several threads), called directly: the kernel's bits.
        if "trees" in c.model:
            walks = aarch64.output(case, kind, "rows", threads="walks")
            cc.assert_bit_identical(c, kind, rows, walks, "tree walks + leaf sums")


# --mcpu=neoverse-n1 --mtriple=aarch64-linux-gnu: a CPU LLVM knows, not an
# alias. Its features (neon, fullfp16, dotprod) are recorded and qemu's
# default CPU has them.
@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_neoverse_n1_descriptor(neoverse_n1, case):
    info = dict(line.split(" ", 1) for line in
                qemu(neoverse_n1.driver, "info", case).stdout.splitlines())
    assert info["target"] == "neoverse-n1"
    assert sorted(info["kinds"].split()) == sorted(neoverse_n1.cases[case].kinds)


@pytest.mark.parametrize("case", cc.CASE_NAMES)
def test_neoverse_n1_matches_x86_native_and_sklearn(neoverse_n1, case):
    c = neoverse_n1.cases[case]
    native = neoverse_n1.native[case]
    for kind in c.kinds:
        expected = native[kind]
        got = neoverse_n1.output(case, kind, like=expected)
        cc.assert_bit_identical(c, kind, expected, got, "neoverse-n1 vs x86 native")
    cc.check_sklearn_parity(c, neoverse_n1.all_outputs(case))
