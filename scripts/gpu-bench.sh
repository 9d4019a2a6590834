#!/usr/bin/env bash
# Training throughput on NVIDIA GPUs: builds the project with DJL's CUDA native library instead of
# the CPU one, then runs `recipe bench train` for ResNet-50 at 224 px (the reference example) on
# 1, 2, ..., N GPUs (all visible by default), in fp32 and fp16, writing one JSON per run and a
# summary. `bench train` uses GPUs 0..N-1 whenever the engine finds them. bf16 is not run: DJL 0.36 has no bfloat16 type (training.precision says why).
#
#   scripts/gpu-bench.sh OUT_DIR [--batch-per-gpu 64] [--steps 20] [--warmup 5] [--max-gpus N]
#
# Needs: Linux, an NVIDIA driver (nvidia-smi), JDK 17, Maven, jq, and either network access for DJL
# to fetch its CUDA PyTorch build once, or NATIVE_JAR=/path/to/pytorch-native-cuXXX-linux-x86_64.jar.
# The weak-scaling efficiency of each multi-GPU run (against one GPU with the same per-GPU batch,
# measured in the same JVM) is in its JSON under "scaling".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [--batch-per-gpu B] [--steps S] [--warmup W] [--max-gpus N]" >&2; exit 2; }
OUT="$1"
shift
BATCH=64
STEPS=20
WARMUP=5
MAX_GPUS=""
while [ $# -gt 0 ]; do
  case "$1" in
    --batch-per-gpu) BATCH="$2"; shift 2 ;;
    --steps) STEPS="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --max-gpus) MAX_GPUS="$2"; shift 2 ;;
    *) echo "gpu-bench: unknown option $1" >&2; exit 2 ;;
  esac
done
command -v nvidia-smi >/dev/null || { echo "gpu-bench: nvidia-smi not found: no NVIDIA driver here" >&2; exit 2; }
GPUS="$(nvidia-smi --list-gpus | wc -l)"
[ "$GPUS" -ge 1 ] || { echo "gpu-bench: no GPU listed by nvidia-smi" >&2; exit 2; }
[ -n "$MAX_GPUS" ] && [ "$MAX_GPUS" -lt "$GPUS" ] && GPUS="$MAX_GPUS"
mkdir -p "$OUT"
nvidia-smi --query-gpu=index,name,memory.total,driver_version --format=csv > "$OUT/gpus.csv"

# Build once, then take DJL's CPU native jar off the classpath: the engine then fetches the CUDA
# build of the same PyTorch (flavor PYTORCH_FLAVOR, default cu128 for PyTorch 2.7.1) into ~/.djl.ai
# at first use, DJL's documented mechanism; or pass a local native jar with NATIVE_JAR=path.
(cd "$ROOT" && mvn -q -B install -DskipTests)
CP="$(tr ':' '\n' < "$ROOT/recipe-cli/target/classpath.txt" | grep -v '/pytorch-native-cpu/' | paste -sd: -)"
if [ -n "${NATIVE_JAR:-}" ]; then
  CP="$CP:$NATIVE_JAR"
fi
export PYTORCH_FLAVOR="${PYTORCH_FLAVOR:-cu128}"

run_bench() {
  local gpus="$1" precision="$2"
  local out="$OUT/resnet50-224-b${BATCH}-gpus${gpus}-${precision}.json"
  echo "== $gpus GPU(s), $precision: $out" >&2
  OPT_OUT_TRACKING=true java -Xmx16g -Drecipe.home="$ROOT" \
    -cp "$ROOT/recipe-cli/target/classes:$CP" dev.recipe.cli.Main \
    bench train --depth 50 --width 64 --stem imagenet --image-size 224 --channels 3 --classes 1000 \
    --batch $((BATCH * gpus)) --devices "$gpus" --steps "$STEPS" --warmup "$WARMUP" \
    --precision "$precision" --out "$out"
}

for precision in fp32 fp16; do
  for g in $(seq 1 "$GPUS"); do
    run_bench "$g" "$precision"
  done
done
jq -s 'map({devices: .options.devices, precision: .options.precision, batch: .options.batch,
  imagesPerSecond, efficiency: (.scaling.efficiency // 1)})' "$OUT"/resnet50-*.json > "$OUT/summary.json"
cat "$OUT/summary.json"
