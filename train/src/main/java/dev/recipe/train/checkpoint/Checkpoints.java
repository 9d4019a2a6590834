package dev.recipe.train.checkpoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.recipe.core.RecipeException;
import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.train.optim.SgdOptimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads and writes checkpoints under {@code checkpoints/}: {@code epoch-NNN} after whole epochs and
 * {@code step-NNNNNNNN} at step intervals. Each holds {@code parameters.ndlist} (every block
 * parameter by its DJL path, exact float bytes), {@code optimizer.ndlist} (momentum buffers by
 * tensor name) and {@code state.json} ({@link TrainState}, with the SHA-256 of every other file).
 * A checkpoint is built in a hidden temporary directory and renamed into place; {@code state.json}
 * is written last, and only directories with it count. {@link #damage} checks the files against
 * their recorded hashes before a resume trusts them.
 */
public final class Checkpoints {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Checkpoints.class);
  static final String PARAMETERS = "parameters.ndlist";
  static final String OPTIMIZER = "optimizer.ndlist";
  static final String STATE = "state.json";

  private final Path dir;

  public Checkpoints(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The name of a checkpoint taken after whole epochs, or in the middle of one. */
  public static String name(TrainState s) {
    return s.stepInEpoch() == 0
        ? String.format("epoch-%03d", s.epoch())
        : String.format("step-%08d", s.globalStep());
  }

  /**
   * Writes a checkpoint atomically and returns its directory.
   *
   * @param extra writes further files into the (temporary) checkpoint directory, or null
   */
  public Path write(Block block, SgdOptimizer optimizer, TrainState state, Consumer<Path> extra) {
    Path target = dir.resolve(name(state));
    Path tmp = dir.resolve("." + target.getFileName() + ".tmp-" + System.nanoTime());
    try {
      Files.createDirectories(tmp);
      AtomicFiles.writeBytes(tmp.resolve(PARAMETERS), encodeParameters(block));
      AtomicFiles.writeBytes(tmp.resolve(OPTIMIZER), optimizer.saveState());
      if (extra != null) {
        extra.accept(tmp);
      }
      Json.write(tmp.resolve(STATE), state.withFiles(hashes(tmp)));
      if (Files.exists(target)) {
        deleteTree(target);
      }
      AtomicFiles.move(tmp, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    } finally {
      if (Files.exists(tmp)) {
        deleteTree(tmp);
      }
    }
  }

  /** SHA-256 of every regular file of a checkpoint directory but its state, by name. */
  private static Map<String, String> hashes(Path checkpoint) throws IOException {
    Map<String, String> out = new java.util.TreeMap<>();
    try (Stream<Path> s = Files.list(checkpoint)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (!name.equals(STATE)) {
          out.put(name, dev.recipe.core.io.Hashing.sha256(f));
        }
      }
    }
    return out;
  }

  /**
   * What is wrong with a checkpoint's files against the hashes its state records: empty when intact
   * (or when it predates recorded hashes).
   */
  public static List<String> damage(Path checkpoint) {
    Map<String, String> recorded = readState(checkpoint).fileSha256();
    List<String> problems = new ArrayList<>();
    if (recorded == null) {
      return problems;
    }
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      Path f = checkpoint.resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        problems.add(e.getKey() + " is missing");
      } else {
        String actual = dev.recipe.core.io.Hashing.sha256(f);
        if (!actual.equals(e.getValue())) {
          problems.add(e.getKey() + " has SHA-256 " + actual + " but state.json records " + e.getValue());
        }
      }
    }
    return problems;
  }

  /** Complete checkpoints, the one with the most optimizer steps first. */
  public List<Path> newestFirst() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> Files.isRegularFile(p.resolve(STATE)))
          .sorted(Comparator.comparingLong((Path p) -> readState(p).globalStep())
              .thenComparing(p -> p.getFileName().toString().startsWith("epoch")).reversed())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** The checkpoint with the most optimizer steps, if any complete one exists. */
  public Optional<Path> latest() {
    return newestFirst().stream().findFirst();
  }

  /**
   * The newest checkpoint whose files match their recorded hashes. A damaged newest one is refused
   * (bad input, naming the file and the hashes) unless {@code fallBack} asks to continue from an
   * older intact one.
   */
  public Optional<Path> newestIntact(boolean fallBack) {
    List<Path> all = newestFirst();
    for (Path c : all) {
      List<String> damage = damage(c);
      if (damage.isEmpty()) {
        return Optional.of(c);
      }
      if (!fallBack) {
        throw RecipeException.badInput("checkpoint " + c + " is damaged: " + String.join("; ", damage)
            + " (resume with --resume-intact to continue from the newest intact checkpoint instead)");
      }
      LOG.warn("checkpoint {} is damaged ({}); trying an older one", c, String.join("; ", damage));
    }
    if (!all.isEmpty()) {
      throw RecipeException.badInput("no intact checkpoint in " + dir
          + ": every one has a file that does not match its recorded SHA-256");
    }
    return Optional.empty();
  }

  public static TrainState readState(Path checkpoint) {
    return Json.read(checkpoint.resolve(STATE), TrainState.class);
  }

  /** Restores weights and optimizer buffers in place; returns the saved state. */
  public static TrainState restore(Path checkpoint, Block block, SgdOptimizer optimizer) {
    try {
      decodeParameters(block, Files.readAllBytes(checkpoint.resolve(PARAMETERS)), checkpoint);
      optimizer.loadState(Files.readAllBytes(checkpoint.resolve(OPTIMIZER)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + checkpoint, e);
    } catch (IllegalArgumentException e) {
      throw RecipeException.badInput("checkpoint " + checkpoint + ": " + e.getMessage(), e);
    }
    return readState(checkpoint);
  }

  /** Deletes checkpoints, temporary leftovers included (a fresh, non-resumed run). */
  public void clear() {
    if (Files.exists(dir)) {
      deleteTree(dir);
    }
  }

  /** Removes step checkpoints older than {@code keep} (epoch checkpoints stay). */
  public void pruneSteps(Path keep) {
    long keepStep = readState(keep).globalStep();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(".") && n.contains(".tmp-")) {
          deleteTree(p);
        } else if (n.startsWith("step-") && !p.equals(keep)
            && Files.isRegularFile(p.resolve(STATE)) && readState(p).globalStep() < keepStep) {
          deleteTree(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  static byte[] encodeParameters(Block block) {
    List<NDArray> arrays = new ArrayList<>();
    for (Pair<String, Parameter> p : block.getParameters()) {
      NDArray a = p.getValue().getArray();
      a.setName(p.getKey());
      arrays.add(a);
    }
    return new NDList(arrays).encode();
  }

  static void decodeParameters(Block block, byte[] bytes, Path origin) {
    NDManager any = block.getParameters().get(0).getValue().getArray().getManager();
    try (NDManager tmp = any.newSubManager()) {
      Map<String, NDArray> saved = new LinkedHashMap<>();
      NDList.decode(tmp, bytes).forEach(a -> saved.put(a.getName(), a));
      List<String> problems = new ArrayList<>();
      for (Pair<String, Parameter> p : block.getParameters()) {
        NDArray s = saved.remove(p.getKey());
        NDArray target = p.getValue().getArray();
        if (s == null) {
          problems.add("missing " + p.getKey());
        } else if (!s.getShape().equals(target.getShape())) {
          problems.add(p.getKey() + " has shape " + s.getShape() + ", model has " + target.getShape());
        } else {
          target.set(s.toByteBuffer());
        }
      }
      saved.keySet().forEach(k -> problems.add("unexpected " + k));
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("parameters do not match the model: " + problems);
      }
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + root, e);
    }
  }
}
