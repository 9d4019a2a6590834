package dev.recipe.train.data;

import dev.recipe.core.random.Seeds;
import dev.recipe.core.random.SplitMix;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the batches of one epoch on {@code threads} worker threads, ahead of the training thread,
 * and hands them out in order. At most {@code prefetch} batches are queued or in flight (a bounded
 * queue of futures), so memory stays bounded. Batch {@code b} holds the samples at positions
 * {@code [b * batch, (b + 1) * batch)} of the epoch's permutation, each transformed with the
 * generator of (seed, epoch, sample index): the output is the same for any thread count, and a
 * resumed epoch ({@code firstBatch > 0}) continues with exactly the batches it would have had.
 */
public final class BatchLoader implements AutoCloseable {
  private final LabeledImages images;
  private final SampleTransform transform;
  private final long seed;
  private final int epoch;
  private final int batchSize;
  private final int endBatch;
  private final int[] order;
  private final ExecutorService pool;
  private final Deque<Future<HostBatch>> queue = new ArrayDeque<>();
  private final int prefetch;
  private int nextToSubmit;
  private long waitNanos;

  /**
   * @param order the epoch's entries ({@link EpochOrder}; identity for eval): entry e trains sample
   *     e mod n with the augmentation generator of index e
   * @param firstBatch the first batch to produce (a resumed epoch skips the ones done)
   * @param endBatch one past the last batch
   */
  public BatchLoader(LabeledImages images, SampleTransform transform, long seed, int epoch,
      int[] order, int batchSize, int firstBatch, int endBatch, int threads, int prefetch) {
    this.images = images;
    this.transform = transform;
    this.seed = seed;
    this.epoch = epoch;
    this.batchSize = batchSize;
    this.endBatch = endBatch;
    this.order = order;
    this.prefetch = Math.max(1, prefetch);
    this.nextToSubmit = firstBatch;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "loader-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    fill();
  }

  /** The identity order (evaluation). */
  public static int[] inOrder(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  private void fill() {
    while (queue.size() < prefetch && nextToSubmit < endBatch) {
      int b = nextToSubmit++;
      queue.add(pool.submit(() -> build(b)));
    }
  }

  public boolean hasNext() {
    return !queue.isEmpty();
  }

  /** The next batch, waiting for it if needed (the wait is counted as data time). */
  public HostBatch next() {
    Future<HostBatch> f = queue.poll();
    if (f == null) {
      throw new NoSuchElementException();
    }
    long t0 = System.nanoTime();
    try {
      HostBatch b = f.get();
      waitNanos += System.nanoTime() - t0;
      fill();
      return b;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while loading data", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      throw c instanceof RuntimeException re ? re : new IllegalStateException(c);
    }
  }

  /** Seconds the training thread spent waiting for data so far. */
  public double waitSeconds() {
    return waitNanos / 1e9;
  }

  private HostBatch build(int b) {
    int from = b * batchSize;
    int n = Math.min(batchSize, order.length - from);
    int[] labels = new int[n];
    int[] idx = new int[n];
    float[] data = null;
    int[] chw = null;
    for (int i = 0; i < n; i++) {
      int entry = order[from + i];
      int sample = EpochOrder.position(entry, images.size());
      idx[i] = sample;
      labels[i] = images.label(sample);
      SplitMix r = Seeds.forSample(seed, epoch, entry); // the entry: copies of a sample differ
      float[] x = transform.apply(images, sample, r);
      if (data == null) {
        var img = images.image(sample);
        chw = transform.outputShape(img.width(), img.height());
        data = new float[n * x.length];
      }
      if (x.length != chw[0] * chw[1] * chw[2]) {
        throw new IllegalStateException("sample " + sample + " gives an input of " + x.length
            + " values, expected " + chw[0] + "x" + chw[1] + "x" + chw[2]
            + " (images of different sizes need a crop)");
      }
      System.arraycopy(x, 0, data, i * x.length, x.length);
    }
    return new HostBatch(data, labels, idx, chw[0], chw[1], chw[2]);
  }

  @Override
  public void close() {
    queue.forEach(f -> f.cancel(true));
    queue.clear();
    pool.shutdownNow();
  }
}
