#!/usr/bin/env bash
# The README's main job: set up, train the bundled example models, compile
# them for this CPU and compare them with sklearn (agreement and speed).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
OUT="${HARDWOOD_EXAMPLE_DIR:-$ROOT/build/example}"
if [[ ! -f "$OUT/gb.json" ]]; then
  /usr/bin/python3 "$ROOT/examples/train_example.py" "$OUT"
fi
for model in rf gb; do
  echo
  echo "== $model: hardwood inspect =="
  hardwood inspect "$OUT/$model.json"
  hardwood compile "$OUT/$model.json" -o "$OUT/$model.so" --header "$OUT/$model.h"
  echo "== $model: hardwood bench (reference: sklearn, same rows) =="
  hardwood bench "$OUT/$model.so" --input "$OUT/X.npy" \
    --reference-model "$OUT/$model.joblib"
done
