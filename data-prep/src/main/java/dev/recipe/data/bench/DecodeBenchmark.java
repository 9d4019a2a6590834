package dev.recipe.data.bench;

import dev.recipe.core.prov.EnvironmentInfo;
import dev.recipe.core.random.SeededRandom;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.Preprocessing.Interpolation;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.fetch.FileTrees;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decode + resize throughput on ImageNet-sized JPEGs: generates seeded synthetic photos-like JPEGs
 * (smooth gradients, shapes and noise, quality 90, about ImageNet's average file size) into a
 * temporary folder, then times, single-threaded and with all cores: read + decode; decode + resize
 * shorter side 256 + center crop 224; and the full evaluation {@link Preprocessing} (CHW float,
 * normalized). Each measurement follows an untimed warm-up pass; it is the best of
 * {@link #PASSES} timed passes over all images (the machine may be shared; the best pass is the
 * least disturbed one), and every pass's time is kept in the JSON.
 */
public final class DecodeBenchmark {
  private static final Logger LOG = LoggerFactory.getLogger(DecodeBenchmark.class);

  /** Timed passes per measurement. */
  public static final int PASSES = 3;

  private static final int JPEG_QUALITY = 90;

  private DecodeBenchmark() {}

  /**
   * Benchmark settings.
   *
   * @param images number of JPEGs
   * @param width their width
   * @param height their height
   * @param threads parallel threads for the multi-threaded runs
   * @param seed content seed
   */
  public record Options(int images, int width, int height, int threads, long seed) {
    public Options {
      if (images <= 0 || width <= 0 || height <= 0) {
        throw dev.recipe.core.RecipeException.badInput("--images, --width and --height must be > 0");
      }
    }
  }

  /** One timed pipeline at one thread count. */
  public record Measurement(String pipeline, int threads, int images, double seconds,
      double imagesPerSecond, double imagesPerSecondPerThread, List<Double> passSeconds) {}

  /**
   * The benchmark's JSON (field order as written).
   *
   * @param benchmark always {@code decode}
   * @param jpegQuality quality the JPEGs were written at
   * @param interpolation the resize's interpolation, in words
   * @param loadAverageAtStart the OS's load average when measuring began
   */
  public record Result(String benchmark, int images, int width, int height, int jpegQuality,
      long meanJpegBytes, long seed, String interpolation, int passesPerMeasurement,
      double loadAverageAtStart, List<Measurement> results, EnvironmentInfo environment, String jvm) {

    /** The console summary: one line per pipeline and thread count. */
    public String summary() {
      StringBuilder b = new StringBuilder(String.format(java.util.Locale.ROOT,
          "decode benchmark: %d JPEGs %dx%d (mean %d bytes)%n", images, width, height, meanJpegBytes));
      for (Measurement m : results) {
        b.append(String.format(java.util.Locale.ROOT, "  %-26s threads=%d  %8.1f images/s  (%.1f per core)%n",
            m.pipeline(), m.threads(), m.imagesPerSecond(), m.imagesPerSecondPerThread()));
      }
      return b.toString();
    }
  }

  /** Runs the benchmark. */
  public static Result run(Options o) throws IOException {
    Path dir = Files.createTempDirectory("recipe-bench-decode-");
    try {
      List<Path> files = generate(dir, o);
      long bytes = 0;
      for (Path f : files) {
        bytes += Files.size(f);
      }
      Preprocessing eval = new Preprocessing(256, 224, Interpolation.BILINEAR,
          new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 3);
      Map<String, Function<Path, Object>> pipelines = new LinkedHashMap<>();
      pipelines.put("decode", ImageDecoding::decode);
      pipelines.put("decode+resize256+crop224", f -> Preprocessing.centerCrop(
          Preprocessing.resizeShorter(ImageDecoding.decode(f), 256, Interpolation.BILINEAR), 224, 224));
      pipelines.put("eval-preprocessing", f -> eval.apply(ImageDecoding.decode(f)));
      double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean()
          .getSystemLoadAverage();
      List<Measurement> results = new ArrayList<>();
      List<Integer> threadCounts = o.threads() > 1 ? List.of(1, o.threads()) : List.of(1);
      for (Map.Entry<String, Function<Path, Object>> p : pipelines.entrySet()) {
        for (int t : threadCounts) {
          results.add(measure(p.getKey(), p.getValue(), files, t));
        }
      }
      return new Result("decode", o.images(), o.width(), o.height(), JPEG_QUALITY,
          bytes / Math.max(1, files.size()), o.seed(), "bilinear, half-pixel centers, no antialias",
          PASSES, load, List.copyOf(results), EnvironmentInfo.capture(),
          System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    } finally {
      FileTrees.deleteTree(dir);
    }
  }

  private static Measurement measure(String name, Function<Path, Object> work, List<Path> files,
      int threads) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      runAll(pool, work, files.subList(0, Math.min(files.size(), 4 * threads + 8)));
      List<Double> passes = new ArrayList<>();
      for (int p = 0; p < PASSES; p++) {
        long t0 = System.nanoTime();
        runAll(pool, work, files);
        passes.add((System.nanoTime() - t0) / 1e9);
      }
      double s = passes.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      Measurement m = new Measurement(name, threads, files.size(), s, files.size() / s,
          files.size() / s / threads, passes);
      LOG.info("{} with {} thread(s): {} images/s", name, threads, String.format("%.1f", m.imagesPerSecond()));
      return m;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void runAll(ExecutorService pool, Function<Path, Object> work, List<Path> files) {
    List<Future<Object>> futures = new ArrayList<>();
    for (Path f : files) {
      futures.add(pool.submit(() -> work.apply(f)));
    }
    try {
      for (Future<Object> f : futures) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("benchmark work failed", e);
    }
  }

  /** Seeded synthetic JPEGs of {@code o.images()} x {@code o.width()} x {@code o.height()} in {@code dir}. */
  public static List<Path> generate(Path dir, Options o) {
    List<Path> out = new ArrayList<>();
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    try {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(JPEG_QUALITY / 100f);
      for (int i = 0; i < o.images(); i++) {
        BufferedImage img = synthetic(o.width(), o.height(), SeededRandom.derive(o.seed(), "img" + i));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(bytes)) {
          writer.setOutput(ios);
          writer.write(null, new IIOImage(img, null, null), param);
        }
        Path f = dir.resolve(String.format("bench_%05d.JPEG", i));
        Files.write(f, bytes.toByteArray());
        out.add(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out;
  }

  /** Gradients, a few rectangles and ellipses, and pixel noise: JPEG-compresses like a photo. */
  static BufferedImage synthetic(int w, int h, SeededRandom rng) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    int[] base = {rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)};
    byte[] px = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int o = (y * w + x) * 3;
        for (int c = 0; c < 3; c++) {
          int v = base[c] + (x * (c + 1) * 97 / w) - (y * (3 - c) * 71 / h) + rng.nextInt(72);
          px[o + c] = (byte) Math.max(0, Math.min(255, v));
        }
      }
    }
    java.awt.Graphics2D g = img.createGraphics();
    try {
      for (int s = 0; s < 12; s++) {
        g.setColor(new java.awt.Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
        int x = rng.nextInt(w);
        int y = rng.nextInt(h);
        int sw = 10 + rng.nextInt(w / 3);
        int sh = 10 + rng.nextInt(h / 3);
        if (s % 2 == 0) {
          g.fillOval(x, y, sw, sh);
        } else {
          g.fillRect(x, y, sw, sh);
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }
}
