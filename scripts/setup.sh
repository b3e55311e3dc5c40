#!/usr/bin/env bash
# Sets up Hardwood on Debian 12 from nothing: installs the Debian packages it
# needs, builds with CMake + Ninja + ccache (at most 2 jobs) and installs the
# hardwood and hardwood-opt tools, the runtime, the CMake package and the
# Python package (for /usr/bin/python3). Idempotent; quiet when up to date.
#
# The compiler keeps its assert()s (HARDWOOD_ENABLE_ASSERTIONS; the runtime
# and the code it generates do not have them): every test then runs them.
# Measured on the 10,000-tree compile: 3.9-4.5 s with them, 4.2-4.9 s
# without, the same library bytes. HARDWOOD_ASSERTIONS=OFF drops them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HARDWOOD_BUILD_DIR:-$ROOT/build}"
PREFIX="${HARDWOOD_PREFIX:-/usr/local}"
JOBS="${HARDWOOD_JOBS:-2}"

PACKAGES=(
  cmake ninja-build ccache git
  llvm-19-dev libmlir-19-dev mlir-19-tools clang-19 lld-19 llvm-19-tools
  libclang-rt-19-dev
  libdnnl-dev ocl-icd-opencl-dev libgtest-dev libgmock-dev libbenchmark-dev
  pybind11-dev python3-dev python3-numpy python3-sklearn python3-xgboost
  python3-pytest python3-joblib python3-pandas python3-dask python3-distributed
  python3-matplotlib
  qemu-user gcc-aarch64-linux-gnu g++-aarch64-linux-gnu libc6-dev-arm64-cross
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]})); then
  echo "hardwood setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# ccache keyed on paths relative to the source root, so a fresh clone in
# another folder (CI) still hits the cache.
export CCACHE_BASEDIR="$ROOT"
export CCACHE_NOHASHDIR=1

if [[ ! -f "$BUILD/build.ninja" ]]; then
  cmake -S "$ROOT" -B "$BUILD" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release \
    -DHARDWOOD_ENABLE_ASSERTIONS="${HARDWOOD_ASSERTIONS:-ON}" \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DPython3_EXECUTABLE=/usr/bin/python3 -DPYTHON_EXECUTABLE=/usr/bin/python3 \
    -DCMAKE_INSTALL_PREFIX="$PREFIX" >"$BUILD.configure.log" 2>&1 ||
    { cat "$BUILD.configure.log"; exit 1; }
fi
if ! ninja -C "$BUILD" -j "$JOBS" >"$BUILD.build.log" 2>&1; then
  grep -E "error|FAILED" -A3 "$BUILD.build.log" | head -60 >&2
  echo "hardwood setup: build failed; full log in $BUILD.build.log" >&2
  exit 1
fi
cmake --install "$BUILD" >"$BUILD.install.log" 2>&1 || { cat "$BUILD.install.log"; exit 1; }
