#!/usr/bin/env bash
# Sourced by the `recipe` launcher and scripts/bench_train_compare.sh: the native environment
# PyTorch runs under. Each value is a default; a value already exported wins. libgomp and glibc
# read these once at load time, so they must be set before the JVM (or Python) starts.
# libgomp (PyTorch's OpenMP) busy-waits by default: on a shared or small machine a descheduled
# thread then stalls every parallel region (measured: 1.5 s instead of 10 ms per image). Passive
# waiting avoids the collapse; set OMP_WAIT_POLICY yourself to override.
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
# glibc malloc: the JVM runs PyTorch on a non-main thread, whose malloc arena is made of 64 MiB
# heaps that are unmapped as soon as they empty, and large tensors get their own mmap; either way
# every training step page-faults its activations in again. One arena that keeps freed memory
# (what a Python main thread gets) measured 1.4x faster at 224 px (1.94M -> 1.12M minor faults) and
# on par at 28 px; see README "Training throughput". Export your own values to override.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-1}"
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-268435456}"
export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-1073741824}"
