package dev.recipe.train.bench;

import dev.recipe.core.RecipeException;
import dev.recipe.core.random.Seeds;
import dev.recipe.core.spec.TrainingSpec.AugmentKind;
import dev.recipe.core.spec.TrainingSpec.AugmentSpec;
import dev.recipe.data.ImageDecoding;
import dev.recipe.data.Preprocessing;
import dev.recipe.data.RasterImage;
import dev.recipe.data.bench.DecodeBenchmark;
import dev.recipe.train.data.LabeledImages;
import dev.recipe.train.data.SampleTransform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The training input transform's throughput on JPEG files, as the training loader runs it per
 * sample: read the file, decode the random-resized-crop's region only (ImageIO with TwelveMonkeys),
 * random-resized-crop to {@code size}
 * (bilinear), horizontal flip, normalize with ImageNet's mean and std into a float CHW tensor, every
 * draw from (seed, epoch, sample). {@code threads} workers share the files; images/s counts finished
 * tensors over a fixed time. The twin for PIL + torchvision is {@code scripts/bench_input_pytorch.py}.
 */
public final class InputBenchmark {
  private InputBenchmark() {}

  /**
   * @param dir a folder of JPEGs (searched recursively), or null for generated ones
   * @param generated how many 500x375 JPEGs to generate when {@code dir} is null
   */
  public record Options(Path dir, int generated, int threads, int size, double seconds, long seed) {
    public Options {
      if (threads < 1 || size < 8 || seconds <= 0) {
        throw RecipeException.badInput("--threads must be >= 1, --size >= 8 and --seconds > 0");
      }
    }
  }

  /**
   * The measurement, as written to JSON.
   *
   * @param tool what was timed, in words
   * @param images finished tensors in the timed window
   * @param files distinct JPEG files cycled through
   * @param dir the folder, or {@code generated}
   * @param jvmArgs the JVM's arguments (the collector and heap settings change this figure by a third)
   */
  public record Result(String tool, double imagesPerSecond, double imagesPerSecondPerThread,
      int threads, int size, long images, double seconds, int files, String dir, String java,
      int cpus, List<String> jvmArgs, String cpuModel) {

    /** The console line. */
    public String summary() {
      return String.format(Locale.ROOT, "input transform: %.1f images/s with %d thread(s) (%.1f per thread), %d files%n",
          imagesPerSecond, threads, imagesPerSecondPerThread, files);
    }
  }

  public static Result run(Options o) throws Exception {
    List<Path> files = files(o);
    AugmentSpec rrc = new AugmentSpec(AugmentKind.RANDOM_RESIZED_CROP, o.size(), null, null, null, null);
    AugmentSpec flip = new AugmentSpec(AugmentKind.HORIZONTAL_FLIP, null, null, null, null, 0.5);
    Preprocessing normalize = new Preprocessing(null, null, Preprocessing.Interpolation.BILINEAR,
        new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 3);
    SampleTransform t = SampleTransform.train(List.of(rrc, flip), normalize);
    LabeledImages images = jpegFiles(files);
    ExecutorService pool = Executors.newFixedThreadPool(o.threads());
    try {
      for (int i = 0; i < Math.min(20, files.size()); i++) { // warm-up (JIT, decoder registry)
        t.apply(images, i, Seeds.forSample(o.seed(), 0, i));
      }
      List<Future<long[]>> parts = new ArrayList<>();
      for (int w = 0; w < o.threads(); w++) {
        int first = w;
        parts.add(pool.submit(() -> {
          long n = 0;
          long start = System.nanoTime();
          long end = start + (long) (o.seconds() * 1e9);
          for (int i = first; System.nanoTime() < end; i += o.threads()) {
            float[] x = t.apply(images, i % files.size(), Seeds.forSample(o.seed(), 1, i));
            if (x.length != 3 * o.size() * o.size()) {
              throw new IllegalStateException("unexpected tensor size " + x.length);
            }
            n++;
          }
          return new long[] {n, System.nanoTime() - start};
        }));
      }
      long done = 0;
      long nanos = 0;
      for (Future<long[]> f : parts) {
        long[] r = f.get();
        done += r[0];
        nanos = Math.max(nanos, r[1]);
      }
      double seconds = nanos / 1e9;
      return new Result(
          "recipe bench input (ImageIO + TwelveMonkeys decode of the crop's region, resize, flip, normalize)",
          done / seconds, done / seconds / o.threads(), o.threads(), o.size(), done, seconds, files.size(),
          o.dir() == null ? "generated" : o.dir().toString(), System.getProperty("java.version"),
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
          dev.recipe.core.prov.EnvironmentInfo.capture().cpuModel());
    } finally {
      pool.shutdownNow();
    }
  }

  /** The files as the loader sees a split of JPEG shards: read and decoded on demand, the crop's region only. */
  private static LabeledImages jpegFiles(List<Path> files) {
    return new LabeledImages() {
      @Override
      public int size() {
        return files.size();
      }

      @Override
      public int label(int index) {
        return 0;
      }

      @Override
      public RasterImage image(int index) {
        return ImageDecoding.decode(read(index), files.get(index).toString());
      }

      @Override
      public RasterImage imageRegion(int index, java.util.function.BiFunction<Integer, Integer, int[]> box) {
        return ImageDecoding.decode(read(index), files.get(index).toString(), box);
      }

      private byte[] read(int index) {
        try {
          return Files.readAllBytes(files.get(index));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }

  private static List<Path> files(Options o) throws IOException {
    if (o.dir() != null) {
      if (!Files.isDirectory(o.dir())) {
        throw RecipeException.badInput("--dir " + o.dir() + " is not a directory");
      }
      try (Stream<Path> s = Files.walk(o.dir())) {
        List<Path> out = s.filter(Files::isRegularFile).filter(p -> {
          String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
          return n.endsWith(".jpg") || n.endsWith(".jpeg");
        }).sorted().toList();
        if (out.isEmpty()) {
          throw RecipeException.badInput("--dir " + o.dir() + " holds no .jpg or .jpeg file");
        }
        return out;
      }
    }
    Path dir = Files.createTempDirectory("bench-input-");
    dir.toFile().deleteOnExit();
    // the decode benchmark's seeded photo-like JPEGs, 500x375 as the ImageNet-like default
    List<Path> out = DecodeBenchmark.generate(dir, new DecodeBenchmark.Options(o.generated(), 500, 375, 1, o.seed()));
    out.forEach(f -> f.toFile().deleteOnExit());
    return out;
  }
}
