#!/usr/bin/env bash
# The sanitizer build: the runtime, dialect, importers and .npy reader with
# AddressSanitizer + UndefinedBehaviorSanitizer (and libFuzzer's coverage
# instrumentation), their GoogleTest suites, the importer lit tests that need
# only hardwood-import, and the fuzz targets, in build-sanitize/; then runs
# its ctest (every seed and regression input through its fuzzer included).
# The passes, targets and CLI are not part of it (HARDWOOD_FRONTEND_ONLY):
# their MLIR translation units would double the build time. The TSan test of
# the runtime is part of the normal build. Run scripts/setup.sh first (it
# installs clang-19's sanitizer runtime, libclang-rt-19-dev).
#
#   scripts/sanitize.sh [CTEST ARGS...]
#
# HARDWOOD_SANITIZE_BUILD_DIR (default build-sanitize), HARDWOOD_JOBS
# (default 2). scripts/fuzz.sh then fuzzes with this build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HARDWOOD_SANITIZE_BUILD_DIR:-$ROOT/build-sanitize}"
JOBS="${HARDWOOD_JOBS:-2}"

export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=1

if [[ ! -f "$BUILD/build.ninja" ]]; then
  # -O1 without NDEBUG: assertions on, fast enough to fuzz, and much lighter
  # to compile than -O3 (MLIR headers).
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DPython3_EXECUTABLE=/usr/bin/python3 -DPYTHON_EXECUTABLE=/usr/bin/python3 \
    -DHARDWOOD_FRONTEND_ONLY=ON -DHARDWOOD_SANITIZE=address,undefined \
    -DHARDWOOD_FUZZ=ON >"$BUILD.configure.log" 2>&1 ||
    { cat "$BUILD.configure.log"; exit 1; }
fi
start=$(date +%s)
if ! ninja -C "$BUILD" -j "$JOBS" >"$BUILD.build.log" 2>&1; then
  grep -E "error|FAILED" -A3 "$BUILD.build.log" | head -60 >&2
  echo "hardwood sanitize: build failed; full log in $BUILD.build.log" >&2
  exit 1
fi
echo "hardwood sanitize: build took $(($(date +%s) - start)) s"

cd "$BUILD"
# Any sanitizer report fails its test: ASan and UBSan abort (UBSan through
# -fno-sanitize-recover), LeakSanitizer fails the process at exit.
export ASAN_OPTIONS="detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:max_allocation_size_mb=2048:allocator_may_return_null=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
export UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
ctest --output-on-failure -j "$JOBS" "$@"
