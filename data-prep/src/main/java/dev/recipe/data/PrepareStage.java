package dev.recipe.data;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.core.io.ListDigest;
import dev.recipe.core.progress.Progress;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.record.StageRecorder;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.core.stage.Stage;
import dev.recipe.core.stage.StageContext;
import dev.recipe.data.Manifest.ShardInfo;
import dev.recipe.data.Manifest.SplitInfo;
import dev.recipe.data.fetch.FileTrees;
import dev.recipe.data.fetch.RawFetcher;
import dev.recipe.data.process.ChannelStatistics;
import dev.recipe.data.process.ClassSelection;
import dev.recipe.data.process.ImageConversion;
import dev.recipe.data.process.Splitter;
import dev.recipe.data.raw.IdxReader;
import dev.recipe.data.raw.ImageFolderReader;
import dev.recipe.data.raw.RawDataset;
import dev.recipe.data.raw.RawItem;
import dev.recipe.data.shard.WdsInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import me.tongfei.progressbar.ProgressBar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The prepare stage: raw data -> {@code RUN/data} (shards + manifest.json) and
 * {@code stages/prepare.json}. Fetch and verify raw files, read them, filter/remap classes, carve the
 * stratified val split out of train (seeded), balance train, decode and convert images in parallel
 * (results written in source order, so thread count never changes the bytes), compute train
 * statistics, write shards. Everything is written into a temporary folder in the run directory and
 * moved to {@code data/} at the end: an interrupted run leaves no half-written dataset. Images that
 * cannot be decoded are quarantined: listed with the reason in the record and the log, not fatal.
 */
public final class PrepareStage implements Stage {
  private static final Logger LOG = LoggerFactory.getLogger(PrepareStage.class);
  /** Split names in the order they are written. */
  public static final List<String> SPLITS = List.of("train", "val", "test");
  /** The work directory a prepare writes into; kept after a kill so that a rerun resumes. */
  static final String WORK_DIR = ".prepare-resume";
  private static final String PLAN_FILE = "plan.json";

  private final Function<DataSpec, RawFetcher> fetchers;
  private final int threads;
  private final Integer stopAfterShards;

  /** The stage with the real fetchers (cache at {@code $RECIPE_CACHE} or {@code ~/.cache/recipe}). */
  public PrepareStage() {
    this(null, Runtime.getRuntime().availableProcessors());
  }

  /**
   * A stage with given fetchers (tests inject a scripted Debian runner) and worker threads.
   *
   * @param fetchers builds the fetcher for a data spec; null for the real ones
   * @param threads decoding threads (results do not depend on it)
   */
  public PrepareStage(Function<DataSpec, RawFetcher> fetchers, int threads) {
    this(fetchers, threads, null);
  }

  /**
   * As above, failing after {@code stopAfterShards} finished shards (tests: an interrupted run whose
   * work directory a rerun resumes).
   */
  PrepareStage(Function<DataSpec, RawFetcher> fetchers, int threads, Integer stopAfterShards) {
    this.fetchers = fetchers;
    this.threads = Math.max(1, threads);
    this.stopAfterShards = stopAfterShards;
  }

  /** The stage's name. */
  public static final String NAME = "prepare";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Refuses (bad input, naming both values) a spec whose {@code data} section differs from the one
   * the run directory's data was prepared with: a later stage would otherwise train or evaluate on
   * the old data while recording the new spec. Run directories without a prepare record pass.
   */
  public static void checkPreparedWith(dev.recipe.core.run.RunDirectory run, dev.recipe.core.spec.DataSpec data) {
    java.nio.file.Path record = run.stageRecord(NAME);
    if (!Files.isRegularFile(record)) {
      return;
    }
    DataSpec prepared = dev.recipe.core.record.StageRecord.read(record).result(PrepareResult.class).params().data();
    if (prepared == null) {
      return;
    }
    com.fasterxml.jackson.databind.JsonNode was = Json.json().valueToTree(prepared);
    com.fasterxml.jackson.databind.JsonNode now = Json.json().valueToTree(Json.json().convertValue(data, Map.class));
    String diff = firstDifference("data", was, now);
    if (diff != null) {
      throw dev.recipe.core.RecipeException.badInput("this spec's " + diff + " but " + run.data() + " was prepared with"
          + " the other (stages/prepare.json): run `recipe prepare` (or `recipe run`) with this spec first");
    }
  }

  /** "path is X here, Y there" for the first differing leaf, or null when equal. */
  private static String firstDifference(String path, com.fasterxml.jackson.databind.JsonNode was,
      com.fasterxml.jackson.databind.JsonNode now) {
    if (was.isObject() && now.isObject()) {
      java.util.TreeSet<String> keys = new java.util.TreeSet<>();
      was.fieldNames().forEachRemaining(keys::add);
      now.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        String d = firstDifference(path + "." + k, was.path(k), now.path(k));
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    // compared as text: 47040016 read back from a record is an int, the spec's a long
    return Json.canonical(was).equals(Json.canonical(now)) ? null : path + " is " + (now.isMissingNode() ? "absent" : now)
        + " (prepared with " + (was.isMissingNode() ? "nothing" : was) + ")";
  }

  @Override
  public StageRecord run(StageContext ctx) throws Exception {
    StageRecorder rec = ctx.recorder(name());
    DataSpec d = ctx.spec().data();
    long seed = d.split().seed() != null ? d.split().seed() : ctx.spec().seed();
    ImageConversion conversion = ImageConversion.of(d.image(),
        d.format() == DataSpec.Format.IDX ? 1 : 3);
    PrepareResult.Params params = new PrepareResult.Params(d, seed, conversion.channels());
    rec.result(new PrepareResult(params, null, null));

    RawDataset raw = readRaw(d, rec);
    ClassSelection sel = ClassSelection.of(d.classes(), raw.classIds(), raw.classNames());
    int k = sel.classNames().size();
    Map<String, List<RawItem>> splits = plan(d, raw, sel, seed);
    for (String s : splits.keySet()) {
      LOG.info("{}: {} items planned", s, splits.get(s).size());
    }

    // A work directory that survives a kill: a rerun with the same plan keeps its finished shards.
    Path work = ctx.run().create().root().resolve(WORK_DIR);
    String planSha = planFingerprint(d, conversion, splits, ctx);
    openWork(work, planSha);
    Map<String, SplitInfo> infos = new TreeMap<>();
    Map<String, dev.recipe.core.io.ListDigest.Check> sampleIds = new TreeMap<>();
    Map<String, Long> formats = new TreeMap<>(); // stored image files by format
    List<Map<String, String>> quarantined = new ArrayList<>();
    ChannelStatistics stats = new ChannelStatistics(conversion.channels());
    int width = 0;
    int height = 0;
    boolean uniform = true;
    long written = 0;
    long resumedSamples = 0;
    int resumedShards = 0;
    long start = System.nanoTime();
    long total = splits.values().stream().mapToLong(List::size).sum();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    int[] shardsDone = {0};
    try (ProgressBar bar = Progress.bar("prepare " + d.dataset(), total, "img")) {
      for (Map.Entry<String, List<RawItem>> e : splits.entrySet()) {
        SplitWriter.Totals t = SplitWriter.resume(work, e.getKey(), k, e.getKey().equals("train") ? stats : null);
        resumedShards += t.shards.size();
        resumedSamples += t.count;
        SplitWriter.write(pool, work, e.getKey(), e.getValue(), d.shardSize(), conversion, t, bar, rec,
            n -> {
              if (stopAfterShards != null && ++shardsDone[0] >= stopAfterShards) {
                throw new IllegalStateException("stopped after " + shardsDone[0] + " shard(s) (test hook)");
              }
            });
        infos.put(e.getKey(), t.info());
        sampleIds.put(e.getKey(), t.ids.result());
        t.formats.forEach((f, n) -> formats.merge(f, n, Long::sum));
        quarantined.addAll(t.quarantined);
        written += t.count;
        if (t.width != 0) {
          uniform &= t.uniform && (width == 0 || (width == t.width && height == t.height));
          width = width == 0 ? t.width : width;
          height = height == 0 ? t.height : height;
        }
      }
    } finally {
      pool.shutdownNow();
    }
    if (resumedShards > 0) {
      LOG.info("resumed: kept {} finished shard(s) with {} samples, each verified by its SHA-256",
          resumedShards, resumedSamples);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    SplitWriter.dropSidecars(work);
    Files.delete(work.resolve(PLAN_FILE));
    boolean sized = uniform && written > 0; // one size for every image: the manifest states it
    Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, d.dataset(), sel.classNames(),
        sel.classIds(), conversion.channels(), sized ? height : null, sized ? width : null, infos,
        stats.result(), null);
    manifest = manifest.withFingerprint(manifest.computeFingerprint());
    manifest.write(work);
    WdsInfo.write(work, manifest); // for timm's WebDataset reader
    FileTrees.makeReadable(work);
    replaceDirectory(work, ctx.run().data());

    raw.inputs().get().forEach(rec::input);
    rec.output(FileRef.of(ctx.run().root(), ctx.run().manifest()));
    rec.output(FileRef.of(ctx.run().root(), ctx.run().data().resolve(WdsInfo.FILE_NAME)));
    for (SplitInfo info : manifest.splits().values()) {
      for (ShardInfo sh : info.shards()) {
        rec.output(new FileRef("data/" + sh.name(), "file",
            Files.size(ctx.run().data().resolve(sh.name())), sh.sha256(), null));
      }
    }
    Map<String, Integer> counts = new LinkedHashMap<>();
    manifest.splits().forEach((s, i) -> counts.put(s, i.count()));
    rec.result(new PrepareResult(params,
        new PrepareResult.Metrics(counts, k, written, quarantined.size(), manifest.fingerprint(),
            manifest.statistics().mean(), manifest.statistics().std(), perClass(manifest), sampleIds,
            formats, manifest.splits().values().stream().flatMap(i -> i.shards().stream())
                .mapToLong(sh -> sizeOf(ctx.run().data().resolve(sh.name()))).sum(), resumedShards),
        new PrepareResult.Details(raw.source(), raw.sampleIdDefinition(),
            dev.recipe.core.random.SeededRandom.ALGORITHM, Splitter.ALGORITHM, sel.classNames(),
            sel.classIds(), quarantined)));
    rec.throughput(total / Math.max(seconds, 1e-9), "images/s");
    LOG.info("prepared {}: {} in {} s ({} images/s), fingerprint {}", d.dataset(), counts,
        String.format("%.1f", seconds), String.format("%.0f", total / Math.max(seconds, 1e-9)),
        manifest.fingerprint());
    return rec.finish();
  }

  private RawDataset readRaw(DataSpec d, StageRecorder rec) {
    return switch (d.format()) {
      case IDX -> {
        RawFetcher f = fetchers != null ? fetchers.apply(d)
            : RawFetcher.forSpec(d, RawFetcher.defaultCacheRoot(System.getenv()), rec::warn);
        yield IdxReader.dataset(d, f.fetchAll(d.files()));
      }
      case IMAGE_FOLDER -> ImageFolderReader.read(d);
    };
  }

  /** Relabels and splits: train/val (carved or official) and test, in writing order. */
  static Map<String, List<RawItem>> plan(DataSpec d, RawDataset raw, ClassSelection sel, long seed) {
    Map<String, List<RawItem>> official = new LinkedHashMap<>();
    raw.splits().forEach((s, items) -> official.put(s, relabel(items, sel)));
    int k = sel.classNames().size();
    Integer limit = d.split().limitPerClass();
    Map<String, List<RawItem>> out = new LinkedHashMap<>();
    List<RawItem> train = official.getOrDefault("train", List.of());
    List<RawItem> val;
    if (official.containsKey("val")) {
      val = official.get("val");
      if (limit != null) {
        train = Splitter.limit(train, k, limit);
        val = Splitter.limit(val, k, limit);
      }
    } else {
      Splitter.Split s = Splitter.split(train, k, d.split().valFraction(), limit, seed);
      train = s.train();
      val = s.val();
    }
    out.put("train", Splitter.balance(train, k, d.balance(), seed));
    if (!val.isEmpty()) { // valFraction 0: every training image trains, no validation split
      out.put("val", val);
    }
    if (official.containsKey("test")) {
      List<RawItem> test = official.get("test");
      out.put("test", limit == null ? test : Splitter.limit(test, k, limit));
    }
    return out;
  }

  private static List<RawItem> relabel(List<RawItem> items, ClassSelection sel) {
    List<RawItem> out = new ArrayList<>(items.size());
    for (RawItem it : items) {
      int l = sel.newLabel()[it.label()];
      if (l >= 0) {
        out.add(l == it.label() ? it : new RawItem(it.origin(), l, it.loader()));
      }
    }
    return out;
  }

  /**
   * What decides the bytes of the shards: the data section, the conversion, the planned items of
   * each split in order, and the code. A work directory with another plan is started afresh.
   */
  private static String planFingerprint(DataSpec d, ImageConversion conversion,
      Map<String, List<RawItem>> splits, StageContext ctx) {
    java.security.MessageDigest md = dev.recipe.core.io.Hashing.sha256Digest();
    md.update(Json.canonical(Json.json().valueToTree(d)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    md.update(conversion.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String code = ctx.code() == null ? "" : ctx.code().git().describe();
    md.update(code.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    splits.forEach((name, items) -> {
      md.update(("\n" + name + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      for (RawItem it : items) {
        md.update((it.origin() + "\t" + it.label() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    return dev.recipe.core.io.Hashing.hex(md.digest());
  }

  /** Keeps a work directory of the same plan, else starts a new one. */
  private static void openWork(Path work, String planSha) throws IOException {
    Path plan = work.resolve(PLAN_FILE);
    if (Files.isRegularFile(plan) && Files.readString(plan).strip().equals(planSha)) {
      return;
    }
    FileTrees.deleteTree(work);
    Files.createDirectories(work);
    AtomicFiles.writeString(plan, planSha + "\n");
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, List<Integer>> perClass(Manifest m) {
    Map<String, List<Integer>> out = new TreeMap<>();
    m.splits().forEach((s, i) -> out.put(s, i.perClass()));
    return out;
  }

  /** Moves a finished directory into place, replacing the old one only after the move worked. */
  static void replaceDirectory(Path finished, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), ".data-old-");
      Files.delete(old);
      Files.move(target, old);
    }
    try {
      AtomicFiles.move(finished, target);
    } catch (IOException e) {
      if (old != null) {
        Files.move(old, target);
      }
      throw e;
    }
    if (old != null) {
      FileTrees.deleteTree(old);
    }
  }
}
