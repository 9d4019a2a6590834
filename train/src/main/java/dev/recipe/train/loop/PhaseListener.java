package dev.recipe.train.loop;

/**
 * Told, after each step of a {@link DataParallelStep}, how long device 0 spent in forward (with the
 * loss) and backward, summed over micro-steps, and how long the reduction, update and copy-back took. Wall-clock on the
 * calling thread: exact on the CPU, where kernels run synchronously; on a GPU it measures launch
 * time. For benchmarks.
 */
@FunctionalInterface
public interface PhaseListener {
  void phases(double forwardSeconds, double backwardSeconds, double updateSeconds);
}
