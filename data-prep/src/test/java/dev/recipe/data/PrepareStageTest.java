package dev.recipe.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.io.Hashing;
import dev.recipe.core.record.FileRef;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.spec.RecipeSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrepareStageTest {
  @TempDir Path tmp;

  private static void write(Path file, byte[] bytes) throws IOException {
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }

  /** An ImageNet-layout tree with every kind of bad file, a flat val folder and Kaggle's files. */
  private Path imageNetTree() throws IOException {
    Path root = tmp.resolve("imagenet");
    Path a = root.resolve("train/n01440764");
    Path b = root.resolve("train/n01443537");
    for (int i = 0; i < 6; i++) {
      write(a.resolve("n01440764_" + i + ".JPEG"), TestImages.jpeg(TestImages.rgb(40, 30, i)));
      write(b.resolve("n01443537_" + i + ".JPEG"), TestImages.jpeg(TestImages.rgb(30, 40, i + 7)));
    }
    write(a.resolve("n01440764_cmyk.JPEG"), TestImages.cmykJpeg(24, 20));
    write(a.resolve("n01440764_zero.JPEG"), new byte[0]);
    write(a.resolve("n01440764_cut.JPEG"), TestImages.truncated(TestImages.jpeg(TestImages.rgb(40, 30, 99))));
    write(b.resolve("n01443537_gray.JPEG"), TestImages.jpeg(TestImages.gray(32, 32)));
    write(b.resolve("n01443537_png.JPEG"), TestImages.encode(TestImages.rgb(20, 20, 3), "png"));
    write(b.resolve("n01443537_text.JPEG"), "<html>not found</html>".getBytes(StandardCharsets.UTF_8));
    Path val = root.resolve("val");
    for (int i = 0; i < 4; i++) {
      write(val.resolve("ILSVRC2012_val_0000000" + i + ".JPEG"), TestImages.jpeg(TestImages.rgb(36, 36, i)));
    }
    write(root.resolve("LOC_val_solution.csv"), ("ImageId,PredictionString\n"
        + "ILSVRC2012_val_00000000,n01440764 1 2 30 30 n01440764 3 3 9 9\n"
        + "ILSVRC2012_val_00000001,n01443537 0 0 5 5\n"
        + "ILSVRC2012_val_00000002,n01440764 0 0 5 5\n"
        + "ILSVRC2012_val_00000003,n01443537 0 0 5 5\n").getBytes(StandardCharsets.UTF_8));
    write(root.resolve("LOC_synset_mapping.txt"),
        "n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\n".getBytes(StandardCharsets.UTF_8));
    return root;
  }

  private RecipeSpec imageNetSpec(Path root) {
    return TestImages.spec("name: tiny-imagenet\nseed: 5\ndata:\n"
        + "  dataset: imagenet-fixture\n  format: image-folder\n"
        + "  imageFolder: {root: '" + root + "', valLabels: LOC_val_solution.csv,"
        + " classNamesFile: LOC_synset_mapping.txt}\n"
        + "  split: {valFraction: 0.25}\n  image: {resizeShorter: 16, size: 16}\n  shardSize: 4\n");
  }

  @Test
  void imageFolderWithBadFilesSucceedsAndQuarantines() throws Exception {
    Path root = imageNetTree();
    RecipeSpec spec = imageNetSpec(root);
    Path runDir = tmp.resolve("run");
    StageRecord rec = new PrepareStage(null, 2).run(TestImages.context(spec, runDir));
    assertEquals(StageRecord.OK, rec.status());

    @SuppressWarnings("unchecked")
    List<Map<String, String>> q = (List<Map<String, String>>) rec.details().get("quarantined");
    Set<String> files = q.stream().map(m -> m.get("file")).collect(Collectors.toSet());
    assertEquals(Set.of("train/n01440764/n01440764_zero.JPEG", "train/n01440764/n01440764_cut.JPEG",
        "train/n01443537/n01443537_text.JPEG"), files);
    assertTrue(q.stream().allMatch(m -> !m.get("reason").isBlank()));
    assertEquals(3, rec.metrics().get("quarantined"));
    assertEquals(3, rec.warnings().size());

    Manifest m = Manifest.read(runDir.resolve("data"));
    assertEquals(List.of("tench, Tinca tinca", "goldfish, Carassius auratus"), m.classNames());
    assertEquals(List.of("n01440764", "n01443537"), m.classIds());
    assertEquals(3, m.channels());
    assertEquals(16, m.height());
    // train folders: 7 decodable in class 0 (6 + CMYK), 8 in class 1 (6 + gray + PNG-named-JPEG);
    // val fraction 0.25 is taken from the listed files, so quarantined ones come out of either part
    int trainVal = m.split("train").count() + m.split("val").count();
    assertEquals(15, trainVal);
    assertEquals(4, m.split("test").count());
    assertEquals(List.of(2, 2), m.split("test").perClass());
    assertEquals(m.computeFingerprint(), m.fingerprint());

    ProcessedDataset ds = ProcessedDataset.open(runDir.resolve("data"));
    List<Sample> train = ds.load("train");
    assertEquals(m.split("train").count(), train.size());
    assertTrue(train.stream().allMatch(s -> s.image().width() == 16 && s.image().channels() == 3));
    assertEquals("00000000", train.get(0).key());
    int[] streamed = {0};
    ds.forEach("val", s -> streamed[0]++);
    assertEquals(m.split("val").count(), streamed[0]);

    // CMYK and the PNG named .JPEG were decoded, not quarantined
    assertFalse(files.stream().anyMatch(f -> f.contains("cmyk") || f.contains("png") || f.contains("gray")));
    FileRef input = rec.inputs().get(0);
    assertEquals("directory", input.kind());
    try (Stream<Path> s = Files.list(runDir)) {
      assertEquals(Set.of("data", "stages"), s.map(p -> p.getFileName().toString()).collect(Collectors.toSet()),
          "no temporary folder left behind");
    }

    // the same again gives the same fingerprint and identical shard bytes
    StageRecord again = new PrepareStage(null, 1).run(TestImages.context(spec, runDir));
    assertEquals(rec.metrics().get("fingerprint"), again.metrics().get("fingerprint"));
  }

  /**
   * JPEG sources are stored as their bytes (a gray one too: the reader converts it to the dataset's
   * channels), so shards are barely larger than the source; with maxSide, larger images become JPEGs
   * of that longer side at the recorded quality. Statistics come from the decoded pixels.
   */
  @Test
  void jpegSourcesAreStoredAsTheyAreAndMaxSideDownscales() throws Exception {
    Path root = tmp.resolve("jpegs");
    java.util.Map<String, byte[]> sources = new java.util.TreeMap<>();
    for (int i = 0; i < 12; i++) {
      String cls = i % 2 == 0 ? "a" : "b";
      byte[] jpeg = TestImages.jpeg(i == 5 ? TestImages.gray(200, 150) : TestImages.rgb(200, 150, i));
      write(root.resolve("train/" + cls + "/img" + i + ".JPEG"), jpeg);
      sources.put("train/" + cls + "/img" + i + ".JPEG", jpeg);
    }
    String yaml = "name: jpegs\nseed: 3\ndata:\n  dataset: jpegs\n  format: image-folder\n"
        + "  imageFolder: {root: '" + root + "'}\n  split: {valFraction: 0.0}\n  image: {channels: 3}\n"
        + "  shardSize: 5\n";
    Path runDir = tmp.resolve("run");
    StageRecord rec = new PrepareStage(null, 2).run(TestImages.context(TestImages.spec(yaml), runDir));
    assertEquals(Map.of("jpg", 12L), rec.metrics().get("storedFormats"));
    long sourceBytes = sources.values().stream().mapToLong(b -> b.length).sum();
    long shardBytes = ((Number) rec.metrics().get("shardBytes")).longValue();
    // only tar's overhead on top: per sample at most 2 KiB (two headers, padding, the label block),
    // per shard the end-of-archive padding (records of 10 KiB)
    assertTrue(shardBytes <= sourceBytes + 12 * 2048 + 3 * 10240, shardBytes + " shard bytes for " + sourceBytes);
    // every stored file is its source, byte for byte, in source order (a then b, by name)
    List<byte[]> stored = new java.util.ArrayList<>();
    Manifest m = Manifest.read(runDir.resolve("data"));
    for (Manifest.ShardInfo sh : m.split("train").shards()) {
      for (var e : dev.recipe.data.shard.ShardReader.read(Files.readAllBytes(runDir.resolve("data/" + sh.name())), sh.name())) {
        assertEquals("jpg", e.format());
        stored.add(e.bytes());
      }
    }
    List<String> order = new java.util.ArrayList<>(sources.keySet());
    for (int i = 0; i < order.size(); i++) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(sources.get(order.get(i)), stored.get(i), order.get(i));
    }
    List<Sample> train = ProcessedDataset.open(runDir.resolve("data")).load("train");
    assertTrue(train.stream().allMatch(s -> s.image().channels() == 3 && s.image().width() == 200));
    RasterImage gray = ImageDecoding.toChannels(ImageDecoding.decode(sources.get("train/b/img5.JPEG")), 3);
    org.junit.jupiter.api.Assertions.assertArrayEquals(gray.pixels(), train.get(order.indexOf("train/b/img5.JPEG")).image().pixels());
    // read on demand (what training does for JPEG shards): the same labels and pixels as load()
    try (IndexedSplit ix = ProcessedDataset.open(runDir.resolve("data")).index("train")) {
      assertTrue(ix.anyJpeg());
      assertEquals(train.size(), ix.size());
      for (int i = ix.size() - 1; i >= 0; i--) {
        assertEquals(train.get(i).label(), ix.label(i));
        org.junit.jupiter.api.Assertions.assertArrayEquals(train.get(i).image().pixels(), ix.image(i).pixels(), "sample " + i);
      }
    }
    String fingerprint = m.fingerprint();
    new PrepareStage(null, 1).run(TestImages.context(TestImages.spec(yaml), runDir));
    assertEquals(fingerprint, Manifest.read(runDir.resolve("data")).fingerprint());

    Path small = tmp.resolve("small");
    StageRecord down = new PrepareStage(null, 2).run(TestImages.context(TestImages.spec(
        yaml.replace("image: {channels: 3}", "image: {channels: 3, maxSide: 80, jpegQuality: 75}")), small));
    assertEquals(Map.of("jpg", 12L), down.metrics().get("storedFormats"));
    List<Sample> scaled = ProcessedDataset.open(small.resolve("data")).load("train");
    assertTrue(scaled.stream().allMatch(s -> s.image().width() == 80 && s.image().height() == 60), "200x150 -> 80x60");
    assertTrue(((Number) down.metrics().get("shardBytes")).longValue() < shardBytes);
  }

  /**
   * A prepare interrupted after some shards (the test hook stands in for a kill) leaves its work
   * directory; the rerun keeps those shards, verified, and ends with exactly what a clean run gives:
   * fingerprint, quarantine list, statistics, sample-id check values and the input's fingerprint.
   */
  @Test
  void anInterruptedPrepareResumesWithTheFinishedShardsAndTheSameResult() throws Exception {
    Path root = imageNetTree();
    RecipeSpec spec = imageNetSpec(root);
    StageRecord clean = new PrepareStage(null, 2).run(TestImages.context(spec, tmp.resolve("clean")));

    Path runDir = tmp.resolve("resumed");
    assertThrows(IllegalStateException.class,
        () -> new PrepareStage(null, 2, 3).run(TestImages.context(spec, runDir)));
    Path work = runDir.resolve(PrepareStage.WORK_DIR);
    assertTrue(Files.isRegularFile(work.resolve("train-000002.tar")), "three finished shards kept");
    assertFalse(Files.exists(runDir.resolve("data")), "no dataset before it is complete");
    // a damaged finished shard is not trusted: it and the ones after it are written again
    Files.write(work.resolve("train-000001.tar"), new byte[] {1, 2, 3});

    StageRecord resumed = new PrepareStage(null, 1).run(TestImages.context(spec, runDir));
    assertEquals(1, resumed.metrics().get("resumedShards"), "only the intact first shard was kept");
    for (String key : List.of("fingerprint", "counts", "quarantined", "trainMean", "trainStd", "sampleIds",
        "storedFormats", "shardBytes", "perClass")) {
      assertEquals(dev.recipe.core.io.Json.json().valueToTree(clean.metrics().get(key)),
          dev.recipe.core.io.Json.json().valueToTree(resumed.metrics().get(key)), key);
    }
    assertEquals(clean.details().get("quarantined"), resumed.details().get("quarantined"));
    assertEquals(clean.inputs().get(0).sha256(), resumed.inputs().get(0).sha256(), "every source file was read");
    assertFalse(Files.exists(work), "the work directory became data/");
    try (Stream<Path> files = Files.list(runDir.resolve("data"))) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".state.json") || p.endsWith("plan.json")));
    }
  }

  private Path idxFolder(byte[] testLabels) throws IOException {
    Path dir = tmp.resolve("idx");
    int n = 40;
    byte[] images = new byte[n * 4 * 3];
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (i % 4);
      for (int p = 0; p < 12; p++) {
        images[i * 12 + p] = (byte) (i * 5 + p * 20);
      }
    }
    write(dir.resolve("train-images.gz"), FetchAndIdxTest.gzip(FetchAndIdxTest.idx(new int[] {n, 3, 4}, images)));
    write(dir.resolve("train-labels"), FetchAndIdxTest.idx(new int[] {n}, labels));
    write(dir.resolve("test-images"), FetchAndIdxTest.idx(new int[] {4, 3, 4}, new byte[48]));
    write(dir.resolve("test-labels"), FetchAndIdxTest.idx(new int[] {4}, testLabels));
    return dir;
  }

  private String idxSpec(Path dir, String extra) throws IOException {
    StringBuilder files = new StringBuilder();
    for (String role : List.of("train-images", "train-labels", "test-images", "test-labels")) {
      Path f = Files.exists(dir.resolve(role)) ? dir.resolve(role) : dir.resolve(role + ".gz");
      String sha;
      try (var in = dev.recipe.data.fetch.Compression.openDecompressed(f)) {
        sha = Hashing.sha256(in);
      }
      files.append("    - {role: ").append(role).append(", name: ").append(role)
          .append(", sha256: ").append(sha).append("}\n");
    }
    return "name: tiny-idx\nseed: 11\ndata:\n  dataset: toy\n  format: idx\n"
        + "  classNames: [a, b, c, d]\n  files:\n" + files
        + "  sources:\n    - {type: local, path: '" + tmp.resolve("nowhere") + "'}\n"
        + "    - {type: local, path: '" + dir + "'}\n" + extra;
  }

  @Test
  void idxPrepareIsDeterministicAndRecordsSources() throws Exception {
    Path dir = idxFolder(new byte[] {0, 1, 2, 3});
    RecipeSpec spec = TestImages.spec(idxSpec(dir, "  split: {valFraction: 0.2}\n  shardSize: 7\n"));
    Path run1 = tmp.resolve("r1");
    Path run2 = tmp.resolve("r2");
    StageRecord a = new PrepareStage(null, 2).run(TestImages.context(spec, run1));
    StageRecord b = new PrepareStage(null, 1).run(TestImages.context(spec, run2));
    assertEquals(a.metrics().get("fingerprint"), b.metrics().get("fingerprint"));
    assertEquals(Map.of("train", 32, "val", 8, "test", 4), a.metrics().get("counts"));
    assertEquals(4, a.inputs().size());
    assertTrue(a.inputs().get(0).source().endsWith("idx/train-images.gz"), a.inputs().get(0).source());
    assertEquals(Hashing.fileHashes(run1.resolve("data")), Hashing.fileHashes(run2.resolve("data")));
    Manifest m = Manifest.read(run1.resolve("data"));
    assertEquals(List.of(8, 8, 8, 8), m.split("train").perClass());
    assertEquals(5, m.split("train").shards().size());
    assertEquals(1, m.channels());
    assertEquals(4, m.width());
    assertNotNull(m.statistics());
    List<Sample> test = ProcessedDataset.open(run1.resolve("data")).load("test");
    assertEquals(List.of(0, 1, 2, 3), test.stream().map(Sample::label).toList());
  }

  @Test
  void classRemapKeepAndRgbConversion() throws Exception {
    Path dir = idxFolder(new byte[] {0, 1, 2, 3});
    RecipeSpec spec = TestImages.spec(idxSpec(dir,
        "  classes: {keep: [a, b, d], remap: {a: ab, b: ab}}\n  image: {channels: 3, size: 6}\n"));
    new PrepareStage(null, 2).run(TestImages.context(spec, tmp.resolve("r")));
    Manifest m = Manifest.read(tmp.resolve("r/data"));
    assertEquals(List.of("ab", "d"), m.classNames());
    assertEquals(List.of("0+1", "3"), m.classIds());
    assertEquals(3, m.channels());
    assertEquals(6, m.width());
    assertEquals(List.of(2, 1), m.split("test").perClass());
    assertEquals(3, m.statistics().mean().length);
  }

  @Test
  void tamperedShardIsRefusedByTheReader() throws Exception {
    Path dir = idxFolder(new byte[] {0, 1, 2, 3});
    new PrepareStage(null, 1).run(TestImages.context(TestImages.spec(idxSpec(dir, "")), tmp.resolve("r")));
    Path shard = tmp.resolve("r/data/test-000000.tar");
    byte[] bytes = Files.readAllBytes(shard);
    bytes[600] ^= 1;
    Files.write(shard, bytes);
    RecipeException e = assertThrows(RecipeException.class,
        () -> ProcessedDataset.open(tmp.resolve("r/data")).load("test"));
    assertTrue(e.getMessage().contains("SHA-256 mismatch: expected "), e.getMessage());
  }

  @Test
  void failureLeavesThePreviousDatasetUntouched() throws Exception {
    Path dir = idxFolder(new byte[] {0, 1, 2, 3});
    Path run = tmp.resolve("r");
    new PrepareStage(null, 1).run(TestImages.context(TestImages.spec(idxSpec(dir, "")), run));
    Map<String, String> before = Hashing.fileHashes(run.resolve("data"));
    // labels out of the class list: a bad-input error before anything is replaced
    Files.write(dir.resolve("test-labels"), FetchAndIdxTest.idx(new int[] {4}, new byte[] {0, 1, 2, 9}));
    String spec = idxSpec(dir, "");
    RecipeException e = assertThrows(RecipeException.class,
        () -> new PrepareStage(null, 1).run(TestImages.context(TestImages.spec(spec), run)));
    assertEquals(2, e.exitCode());
    assertEquals(before, Hashing.fileHashes(run.resolve("data")));
  }

  @Test
  void specErrorsInDataNameTheKey() {
    String base = "name: x\ndata:\n  dataset: d\n  format: image-folder\n  imageFolder: {root: /tmp}\n";
    RecipeException unknown = assertThrows(RecipeException.class,
        () -> TestImages.spec(base + "  shards: 3\n"));
    assertEquals(2, unknown.exitCode());
    assertTrue(unknown.getMessage().contains("unknown key 'data.shards'"), unknown.getMessage());
    RecipeException wrongType = assertThrows(RecipeException.class,
        () -> TestImages.spec(base + "  split: {valFraction: lots}\n"));
    assertTrue(wrongType.getMessage().contains("data.split.valFraction"), wrongType.getMessage());
    RecipeException badEnum = assertThrows(RecipeException.class,
        () -> TestImages.spec(base + "  balance: sometimes\n"));
    assertTrue(badEnum.getMessage().contains("data.balance"), badEnum.getMessage());
  }
}
