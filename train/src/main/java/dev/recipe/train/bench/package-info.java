/**
 * Throughput benchmarks (CLI {@code recipe bench train}): measured by code, written as JSON, never
 * timed unit tests. {@code scripts/bench_train_pytorch.py} measures the same step in eager PyTorch.
 */
package dev.recipe.train.bench;
