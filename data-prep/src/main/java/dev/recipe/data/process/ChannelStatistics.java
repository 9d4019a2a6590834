package dev.recipe.data.process;

import dev.recipe.data.Manifest.Statistics;
import dev.recipe.data.RasterImage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

/**
 * Exact per-channel mean and population standard deviation of 8-bit pixels: integer sums of values
 * and squares (no rounding, so the order images are added in does not matter), converted to [0,1]
 * scale once at the end. Not thread-safe; combine partial results with {@link #add(ChannelStatistics)}.
 */
public final class ChannelStatistics {
  private final long[] sum;
  private final long[] sumSq;
  private long pixels;

  public ChannelStatistics(int channels) {
    sum = new long[channels];
    sumSq = new long[channels];
  }

  /** Of one image. */
  public static ChannelStatistics of(RasterImage image) {
    ChannelStatistics s = new ChannelStatistics(image.channels());
    s.add(image);
    return s;
  }

  public void add(RasterImage image) {
    int c = sum.length;
    if (image.channels() != c) {
      throw new IllegalArgumentException("expected " + c + " channels, got " + image.channels());
    }
    byte[] px = image.pixels();
    for (int ch = 0; ch < c; ch++) {
      long s = 0;
      long q = 0;
      for (int i = ch; i < px.length; i += c) {
        int v = px[i] & 0xff;
        s += v;
        q += v * v;
      }
      sum[ch] += s;
      sumSq[ch] += q;
    }
    pixels += px.length / c;
  }

  public void add(ChannelStatistics other) {
    for (int ch = 0; ch < sum.length; ch++) {
      sum[ch] += other.sum[ch];
      sumSq[ch] += other.sumSq[ch];
    }
    pixels += other.pixels;
  }

  /** The exact sums, for saving partial results (a resumable prepare). */
  public java.util.Map<String, Object> toMap() {
    return java.util.Map.of("sum", java.util.Arrays.stream(sum).boxed().toList(),
        "sumSq", java.util.Arrays.stream(sumSq).boxed().toList(), "pixels", pixels);
  }

  /** Sums saved by {@link #toMap}. */
  public static ChannelStatistics fromMap(java.util.Map<String, Object> m) {
    List<?> s = (List<?>) m.get("sum");
    List<?> q = (List<?>) m.get("sumSq");
    ChannelStatistics out = new ChannelStatistics(s.size());
    for (int c = 0; c < s.size(); c++) {
      out.sum[c] = ((Number) s.get(c)).longValue();
      out.sumSq[c] = ((Number) q.get(c)).longValue();
    }
    out.pixels = ((Number) m.get("pixels")).longValue();
    return out;
  }

  /** Mean and std in [0,1] scale; zeros when nothing was added. */
  public Statistics result() {
    int c = sum.length;
    double[] mean = new double[c];
    double[] std = new double[c];
    if (pixels > 0) {
      BigInteger n = BigInteger.valueOf(pixels);
      BigDecimal denominator = new BigDecimal(n.multiply(n)).multiply(BigDecimal.valueOf(255L * 255L));
      for (int ch = 0; ch < c; ch++) {
        mean[ch] = BigDecimal.valueOf(sum[ch]).divide(BigDecimal.valueOf(pixels * 255L),
            MathContext.DECIMAL128).doubleValue();
        // var = (n * sumSq - sum^2) / (n^2 * 255^2), exact in integers before the one division
        BigInteger s = BigInteger.valueOf(sum[ch]);
        BigInteger num = n.multiply(BigInteger.valueOf(sumSq[ch])).subtract(s.multiply(s));
        double var = new BigDecimal(num).divide(denominator, MathContext.DECIMAL128).doubleValue();
        std[ch] = Math.sqrt(var);
      }
    }
    return new Statistics(mean, std, pixels);
  }
}
