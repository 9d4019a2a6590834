#!/usr/bin/env bash
# Sourced by the `recipe` launcher: the native environment PyTorch runs under. Each value is a
# default; a value already exported wins. libgomp and glibc read these once at load time, so they
# must be set before the JVM starts. Every stage and `bench train` record them.

# libgomp's wait policy, chosen at start from the load (docs/benchmarks.md, "Native threads": `recipe bench
# train`, quickstart model, 2 threads, 2 cores, medians, images/s):
#   idle machine:       bounded spin 426.8, PASSIVE 314.3, libgomp default 430.5
#   one CPU-bound hog:  bounded spin 145.9, PASSIVE 199.7, libgomp default 29.1
# Spinning a little before sleeping keeps the step's many short parallel regions fast on an idle
# machine; PASSIVE degrades least when another process already holds a core; libgomp's own default
# (300,000 spins) collapses under load. The sample is of the whole machine over 0.2 s before the
# JVM starts; RECIPE_NATIVE_LOAD records what was seen. Export OMP_WAIT_POLICY or GOMP_SPINCOUNT to
# choose yourself.
recipe_busy_cores() {
  # CPU time used by everything over 0.2 s, in cores, from /proc/stat (user..steal; guest is already
  # counted in user); prints nothing if unreadable
  local a b
  read -r -a a < /proc/stat 2>/dev/null || return 0
  sleep 0.2
  read -r -a b < /proc/stat 2>/dev/null || return 0
  awk -v a="${a[*]}" -v b="${b[*]}" -v cores="$(nproc 2>/dev/null || echo 1)" 'BEGIN {
    n = split(a, x, " "); split(b, y, " "); tot = 0; idle = 0
    for (i = 2; i <= n && i <= 9; i++) { d = y[i] - x[i]; tot += d; if (i == 5 || i == 6) idle += d }
    if (tot > 0) printf "%.2f", (tot - idle) / tot * cores
  }'
}
if [ -z "${OMP_WAIT_POLICY:-}" ] && [ -z "${GOMP_SPINCOUNT:-}" ]; then
  RECIPE_BUSY_CORES="$(recipe_busy_cores)"
  if [ -n "$RECIPE_BUSY_CORES" ] && awk -v b="$RECIPE_BUSY_CORES" 'BEGIN { exit !(b >= 0.5) }'; then
    export OMP_WAIT_POLICY=PASSIVE
    export RECIPE_NATIVE_LOAD="busy: ${RECIPE_BUSY_CORES} cores in use at start -> OMP_WAIT_POLICY=PASSIVE"
  else
    export GOMP_SPINCOUNT=10000
    export RECIPE_NATIVE_LOAD="idle: ${RECIPE_BUSY_CORES:-unknown} cores in use at start -> GOMP_SPINCOUNT=10000"
  fi
  unset RECIPE_BUSY_CORES
else
  export RECIPE_NATIVE_LOAD="exported: OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-(unset)} GOMP_SPINCOUNT=${GOMP_SPINCOUNT:-(unset)}"
fi

# glibc malloc: the JVM runs PyTorch on a non-main thread, whose malloc arena is made of 64 MiB
# heaps that are unmapped as soon as they empty, and large tensors get their own mmap; either way
# every training step page-faults its activations in again. One arena that keeps freed memory
# (what a Python main thread gets) measured 1.4x faster at 224 px (1.94M -> 1.12M minor faults) and
# on par at 28 px; see docs/BENCHMARKS.md. Export your own values to override.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-268435456}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
