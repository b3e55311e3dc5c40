#!/usr/bin/env bash
# Runs every libFuzzer target of the sanitizer build (scripts/sanitize.sh)
# for a bounded time from seed corpora of the repository's real models, and
# fails on any crash, sanitizer report, leak, timeout or out-of-memory.
#
#   scripts/fuzz.sh [FUZZER...]     all fuzzers when none is named
#
# HARDWOOD_FUZZ_SECONDS   time per fuzzer (default 60); 0 runs each seed and
#                         regression input once (ctest's fuzz_seeds test)
# HARDWOOD_FUZZ_JOBS      fuzzers run at once (default 2)
# HARDWOOD_SANITIZE_BUILD_DIR  the sanitizer build (default build-sanitize)
#
# The corpus each run grows is kept in $BUILD/fuzz/<fuzzer>/corpus, so later
# runs go on from it; a failing input is written to
# $BUILD/fuzz/<fuzzer>/artifacts/. Executions per fuzzer are printed and
# written to $BUILD/fuzz/summary.txt.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${HARDWOOD_SANITIZE_BUILD_DIR:-$ROOT/build-sanitize}"
SECONDS_EACH="${HARDWOOD_FUZZ_SECONDS:-60}"
JOBS="${HARDWOOD_FUZZ_JOBS:-2}"
OUT="$BUILD/fuzz"

ALL_FUZZERS=(hardwood_json_fuzzer xgboost_json_fuzzer xgboost_ubjson_fuzzer
             lightgbm_text_fuzzer npy_fuzzer)
if (($#)); then FUZZERS=("$@"); else FUZZERS=("${ALL_FUZZERS[@]}"); fi

# The seed inputs of one fuzzer: real models of its format from the
# repository, plus tests/fuzz/seeds/<format> and every input that once made
# it fail (tests/fuzz/regressions/<fuzzer>); split_seeds adds the lit
# tests' hand-written models.
seeds() {
  local inputs="$ROOT/tests/fixtures/xgboost"
  case "$1" in
  hardwood_json_fuzzer)
    echo "$ROOT/tests/fixtures/hardwood/hardwood_example.json" "$ROOT"/tests/fuzz/seeds/hardwood_json/* ;;
  xgboost_json_fuzzer)
    ls "$inputs"/xgb*.json ;;
  xgboost_ubjson_fuzzer)
    ls "$inputs"/*.ubj ;;
  lightgbm_text_fuzzer)
    ls "$ROOT"/tests/fixtures/lightgbm/*/model.txt ;;
  npy_fuzzer)
    ls "$ROOT"/tests/fuzz/seeds/npy/* "$ROOT"/tests/fixtures/lightgbm/*/X.npy ;;
  *)
    echo "scripts/fuzz.sh: unknown fuzzer $1 (known: ${ALL_FUZZERS[*]})" >&2
    return 1 ;;
  esac
  if [[ -d "$ROOT/tests/fuzz/regressions/$1" ]]; then
    ls "$ROOT/tests/fuzz/regressions/$1"/*
  fi
}

# The small hand-written models (valid and invalid) that lit tests hold as
# split-file sections, extracted into $2: quick inputs that reach every
# feature of the format.
split_seeds() {
  local lit="$ROOT/tests/lit/Import" tests="" suffix test
  case "$1" in
  hardwood_json_fuzzer) tests="$lit/hardwood-json-*.test" suffix=json ;;
  lightgbm_text_fuzzer) tests="$lit/lightgbm-*.test" suffix=txt ;;
  *) return 0 ;;
  esac
  rm -rf "$2"
  mkdir -p "$2"
  for test in $tests; do
    if grep -q "split-file" "$test"; then
      /usr/lib/llvm-19/bin/split-file "$test" "$2/$(basename "$test" .test)" || true
    fi
  done
  find "$2" -name "*.$suffix" -type f
}

# The sources whose string literals (field names, enum values) make the
# fuzzer's dictionary, so mutations can spell the keys the importer reads.
dictionary_sources() {
  local import="$ROOT/compiler/import/lib"
  case "$1" in
  hardwood_json_fuzzer) echo "$import/HardwoodJsonImporter.cpp" ;;
  xgboost_json_fuzzer | xgboost_ubjson_fuzzer)
    echo "$import"/XGBoost{JsonImporter,ModelParams,Trees,Objectives}.cpp ;;
  lightgbm_text_fuzzer)
    echo "$import"/LightGBM{TextImporter,Header,Trees,Text}.cpp ;;
  npy_fuzzer) echo "$ROOT/compiler/support/lib/Npy.cpp" ;;
  esac
}

# Fuzzer-specific libFuzzer options.
options() {
  case "$1" in
  npy_fuzzer) echo "-max_len=8192" ;; # the header is what matters
  *) ;;
  esac
}

run_one() {
  local name="$1" binary="$BUILD/bin/$1" dir="$OUT/$1"
  if [[ ! -x "$binary" ]]; then
    echo "$name: $binary is not built (scripts/sanitize.sh builds it)" >"$dir.log"
    return 1
  fi
  mkdir -p "$dir/corpus" "$dir/seeds" "$dir/artifacts"
  rm -f "$dir/seeds"/*
  local seed
  for seed in $(seeds "$name") $(split_seeds "$name" "$dir/split"); do
    # Flattened names: the same file name occurs in several fixture folders.
    cp "$seed" "$dir/seeds/$(realpath --relative-to="$ROOT" "$seed" | tr / _)"
  done
  # Literals of 2 to 40 plain characters, one `"token"` line each.
  grep -ohE '"[A-Za-z0-9_:.=<>, -]{2,40}"' $(dictionary_sources "$name") |
    sort -u >"$dir/dictionary"
  local args=(-timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024
              -print_final_stats=1 -artifact_prefix="$dir/artifacts/"
              -dict="$dir/dictionary" $(options "$name"))
  if [[ "$SECONDS_EACH" == 0 ]]; then
    args+=(-runs=0)
  else
    args+=(-max_total_time="$SECONDS_EACH")
  fi
  # Leaks are failures (LeakSanitizer runs at exit and after each input that
  # leaked); UBSan aborts at its first report (-fno-sanitize-recover).
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
  UBSAN_OPTIONS="print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}" \
    "$binary" "${args[@]}" "$dir/corpus" "$dir/seeds" >"$dir.log" 2>&1
}

mkdir -p "$OUT"
for name in "${FUZZERS[@]}"; do rm -f "$OUT/$name.status"; done # no stale "ok"
export -f run_one seeds split_seeds options dictionary_sources
export ROOT BUILD OUT SECONDS_EACH
start=$(date +%s)
status=0
printf '%s\n' "${FUZZERS[@]}" |
  xargs -P "$JOBS" -I{} bash -c 'run_one {} && echo ok >"$OUT/{}.status" || echo "failed (exit $?)" >"$OUT/{}.status"' ||
  true

summary="$OUT/summary.txt"
{
  echo "fuzzer                   result          executions  exec/s  corpus  seconds=$SECONDS_EACH"
  for name in "${FUZZERS[@]}"; do
    result=$(cat "$OUT/$name.status" 2>/dev/null || echo "not run")
    log="$OUT/$name.log"
    # A crashed run has no final stats: none of these may stop the script.
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' | tail -1 || true)
    rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" 2>/dev/null | grep -o '[0-9]*$' | tail -1 || true)
    corpus=$(ls "$OUT/$name/corpus" 2>/dev/null | wc -l || true)
    printf '%-24s %-15s %10s %7s %7s\n' "$name" "$result" "${execs:-?}" "${rate:-?}" "$corpus"
  done
} >"$summary"
cat "$summary"
echo "fuzzing took $(($(date +%s) - start)) s"

for name in "${FUZZERS[@]}"; do
  if [[ "$(cat "$OUT/$name.status" 2>/dev/null)" != ok ]]; then
    status=1
    echo "=== $name failed; last lines of $OUT/$name.log:" >&2
    tail -40 "$OUT/$name.log" >&2 || true
    ls "$OUT/$name/artifacts" 2>/dev/null | sed "s|^|  input: $OUT/$name/artifacts/|" >&2 || true
  fi
done
exit $status
