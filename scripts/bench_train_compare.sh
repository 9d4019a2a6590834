#!/usr/bin/env bash
# Optional dev tooling (not used by the build or the tests): runs `recipe bench train` and its
# eager-PyTorch twin in alternation, so slow drifts of a shared machine hit both alike, and prints
# one line per pair plus the medians. Each runs with its own defaults: DJL under the environment the
# `recipe` launcher chooses (scripts/native-env.sh), eager PyTorch with none of those variables set,
# as a user's own Python would run it. Anything you export yourself reaches both.
#
#   scripts/bench_train_compare.sh OUT_DIR PAIRS [bench options...]
#   scripts/bench_train_compare.sh /tmp/cmp 5 --depth 18 --width 16 --stem small --channels 1 \
#       --classes 10 --image-size 28 --batch 128 --steps 30 --warmup 5 --threads 2
#
# Needs /usr/bin/python3 with Debian's python3-torch and python3-torchvision, and jq.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { echo "usage: $0 OUT_DIR PAIRS [bench options...]" >&2; exit 2; }
OUT="$1"
PAIRS="$2"
shift 2
mkdir -p "$OUT"
for i in $(seq 1 "$PAIRS"); do
  "$ROOT/recipe" bench train "$@" --out "$OUT/djl-$i.json" > "$OUT/djl-$i.log" 2>&1
  /usr/bin/python3 "$ROOT/scripts/bench_train_pytorch.py" "$@" --out "$OUT/pytorch-$i.json" > "$OUT/pytorch-$i.log" 2>&1
  printf 'pair %d: DJL %.1f images/s, PyTorch eager %.1f images/s\n' "$i" \
    "$(jq .imagesPerSecond "$OUT/djl-$i.json")" "$(jq .imagesPerSecond "$OUT/pytorch-$i.json")"
done
median() { jq -s 'map(.imagesPerSecond) | sort | if length % 2 == 1 then .[length / 2 | floor] else (.[length / 2 - 1] + .[length / 2]) / 2 end' "$@"; }
printf 'median over %d pairs: DJL %.1f images/s, PyTorch eager %.1f images/s\n' "$PAIRS" \
  "$(median "$OUT"/djl-*.json)" "$(median "$OUT"/pytorch-*.json)"
