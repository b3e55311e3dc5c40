#!/usr/bin/env bash
# Sets Hardwood up (scripts/setup.sh) and runs every test through ctest:
# lit + FileCheck, GoogleTest, pytest. Exits non-zero on any failure.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HARDWOOD_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"
cd "$BUILD"
ctest --output-on-failure -j 2 "$@"
