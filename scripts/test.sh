#!/usr/bin/env bash
# Sets Hardwood up (scripts/setup.sh) and runs every test through ctest:
# lit + FileCheck, GoogleTest (the runtime's TSan test included), pytest (one
# ctest entry per module, skips listed and counted); then the ASan + UBSan
# build of the runtime and front end with its tests (scripts/sanitize.sh) and
# each fuzzer for a bounded time (scripts/fuzz.sh). Exits non-zero on any
# failure.
#
#   scripts/test.sh [CTEST ARGS...]
#
# HARDWOOD_SKIP_SANITIZERS=1 runs only the normal build's tests (quicker
# local runs); HARDWOOD_FUZZ_SECONDS sets the time per fuzzer (default 60).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HARDWOOD_BUILD_DIR:-$ROOT/build}"
"$ROOT/scripts/setup.sh"

status=0
(cd "$BUILD" && ctest --output-on-failure -j 2 "$@") || status=1

# pytest -rs prints "SKIPPED [N] file:line: reason" for each group of skips.
log="$BUILD/Testing/Temporary/LastTest.log"
if [[ -f "$log" ]]; then
  skipped=$(awk -F'[][]' '/^SKIPPED \[[0-9]+\]/ { n += $2 } END { print n + 0 }' "$log")
  echo "pytest: ${skipped:-0} tests skipped"
  grep -E '^SKIPPED \[[0-9]+\]' "$log" | sed 's/^/  /' || true
fi

if [[ "${HARDWOOD_SKIP_SANITIZERS:-0}" != 1 ]]; then
  "$ROOT/scripts/sanitize.sh" || status=1
  "$ROOT/scripts/fuzz.sh" || status=1
fi
exit $status
