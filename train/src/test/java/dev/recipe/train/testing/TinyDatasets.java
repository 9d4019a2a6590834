package dev.recipe.train.testing;

import dev.recipe.data.Manifest;
import dev.recipe.data.Sample;
import dev.recipe.data.shard.PngCodec;
import dev.recipe.data.shard.ShardWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes a small processed dataset (shards + manifest) as data-prep would, for stage tests. */
public final class TinyDatasets {
  private TinyDatasets() {}

  public static Manifest write(Path dataDir, int size, int channels, int classes,
      Map<String, Integer> counts, long seed) throws Exception {
    Map<String, Manifest.SplitInfo> splits = new TreeMap<>();
    long s = seed;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      List<Sample> samples = TinyNets.samples(e.getValue(), size, channels, classes, s++);
      List<Integer> perClass = new ArrayList<>(Collections.nCopies(classes, 0));
      List<Manifest.ShardInfo> shards;
      try (ShardWriter w = new ShardWriter(dataDir, e.getKey(), 64)) {
        for (int i = 0; i < samples.size(); i++) {
          Sample x = samples.get(i);
          w.add(ShardWriter.key(i), x.label(), PngCodec.encode(x.image()));
          perClass.set(x.label(), perClass.get(x.label()) + 1);
        }
        shards = w.finish();
      }
      splits.put(e.getKey(), new Manifest.SplitInfo(samples.size(), perClass, shards));
    }
    double[] mean = new double[channels];
    double[] std = new double[channels];
    java.util.Arrays.fill(mean, 0.2);
    java.util.Arrays.fill(std, 0.3);
    List<String> names = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      names.add("class" + c);
    }
    Manifest m = new Manifest(Manifest.FORMAT_VERSION, "tiny", names, null, channels, size, size,
        splits, new Manifest.Statistics(mean, std, 1), null);
    m = m.withFingerprint(m.computeFingerprint());
    m.write(dataDir);
    return m;
  }
}
