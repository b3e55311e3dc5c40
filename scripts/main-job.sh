#!/usr/bin/env bash
# The README's main job: set up, train the bundled example models, compile
# them for this CPU and compare them with the library that trained them
# (agreement and speed, same rows, same run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$ROOT/scripts/setup.sh"
OUT="${HARDWOOD_EXAMPLE_DIR:-$ROOT/build/example}"
if [[ ! -f "$OUT/xgb.json" ]]; then
  /usr/bin/python3 "$ROOT/examples/train_example.py" "$OUT"
fi
for model in xgb rf gb; do
  echo
  echo "== $model: hardwood inspect =="
  hardwood inspect "$OUT/$model.json"
  # The artifacts a C/C++ program links: a shared library and its header.
  hardwood compile "$OUT/$model.json" -o "$OUT/$model.so" \
    --header "$OUT/$model.h" --name "$model"
  echo "== $model: hardwood bench (same rows, same run) =="
  if [[ $model == xgb ]]; then
    hardwood bench "$OUT/$model.json" --input "$OUT/X.npy" --reference xgboost
  else
    hardwood bench "$OUT/$model.json" --input "$OUT/X.npy" \
      --reference-model "$OUT/$model.joblib"
  fi
done
