#!/usr/bin/env bash
# Prepare at scale: a clean `recipe prepare` of an image folder (wall time, peak RSS, shard and source
# bytes), then a run killed with SIGKILL part-way and rerun (finished shards kept, same fingerprint).
# Usage: scripts/bench_prepare.sh IMAGE_FOLDER OUT.json [KILL_AFTER_SECONDS]
#   IMAGE_FOLDER in the ImageNet layout (train/<class>/*.JPEG), e.g. from scripts/make_jpeg_folder.py
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(realpath "$1"); out=$2; kill_after=${3:-15}
work=$(mktemp -d)
cat > "$work/spec.yaml" <<YAML
name: prepare-bench
seed: 7
data:
  dataset: prepare-bench
  format: image-folder
  imageFolder: {root: '$root', train: train}
  split: {valFraction: 0.0}
  image: {channels: 3}
  shardSize: 1000
YAML
./recipe --version >/dev/null   # build first, outside the timings
/usr/bin/time -f '%e %M' -o "$work/clean.time" ./recipe prepare "$work/spec.yaml" --out "$work/clean" > "$work/clean.log" 2>&1
read -r clean_s clean_kb < "$work/clean.time"
( ./recipe prepare "$work/spec.yaml" --out "$work/killed" > "$work/killed1.log" 2>&1 & echo $! > "$work/pid"; wait ) || true &
sleep "$kill_after"
pkill -9 -f "prepare $work/spec.yaml --out $work/killed" || true
wait || true
kept_before=$(ls "$work/killed/.prepare-resume" 2>/dev/null | grep -c '\.tar$' || true)
/usr/bin/time -f '%e %M' -o "$work/rerun.time" ./recipe prepare "$work/spec.yaml" --out "$work/killed" > "$work/rerun.log" 2>&1
read -r rerun_s rerun_kb < "$work/rerun.time"
jq -n --slurpfile c "$work/clean/stages/prepare.json" --slurpfile r "$work/killed/stages/prepare.json" \
  --arg cs "$clean_s" --arg ckb "$clean_kb" --arg rs "$rerun_s" --arg rkb "$rerun_kb" --arg kept "$kept_before" \
  --arg cores "$(nproc)" '{
    images: $c[0].metrics.images, sourceBytes: $c[0].inputs[0].size, shardBytes: $c[0].metrics.shardBytes,
    shardPerSourceBytes: ($c[0].metrics.shardBytes / $c[0].inputs[0].size),
    clean: {wallSeconds: ($cs|tonumber), peakRssKiB: ($ckb|tonumber), stageSeconds: $c[0].volatileInfo.seconds,
            imagesPerSecond: ($c[0].metrics.images / $c[0].volatileInfo.seconds),
            imagesPerSecondPerCore: ($c[0].metrics.images / $c[0].volatileInfo.seconds / ($cores|tonumber)),
            fingerprint: $c[0].metrics.fingerprint},
    killedAndRerun: {shardsOnDiskAfterKill: ($kept|tonumber), resumedShards: $r[0].metrics.resumedShards,
            rerunWallSeconds: ($rs|tonumber), peakRssKiB: ($rkb|tonumber), fingerprint: $r[0].metrics.fingerprint,
            sameFingerprint: ($r[0].metrics.fingerprint == $c[0].metrics.fingerprint)},
    cores: ($cores|tonumber), command: "scripts/bench_prepare.sh"}' > "$out"
cat "$out"
rm -rf "$work"
