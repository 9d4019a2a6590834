package dev.recipe.data.shard;

import dev.recipe.core.io.AtomicFiles;
import dev.recipe.core.io.Json;
import dev.recipe.data.Manifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code _info.json} next to the shards, in the layout timm's WebDataset reader loads
 * ({@code timm/data/readers/reader_wds.py}): per split its name, {@code num_samples},
 * {@code filenames} and {@code shard_lengths}. With it, {@code --dataset wds/NAME --data-dir DIR
 * --train-split train} reads our shards without a brace pattern or a sample count; the samples are
 * {@code <key>.png} + {@code <key>.cls}, which timm's default keys ({@code jpg;png;webp}, {@code cls})
 * read. The manifest stays the source of truth; this is derived from it.
 */
public final class WdsInfo {
  public static final String FILE_NAME = "_info.json";

  private WdsInfo() {}

  public static void write(Path dir, Manifest m) {
    Map<String, Object> splits = new LinkedHashMap<>();
    m.splits().forEach((name, info) -> {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("name", name);
      s.put("num_samples", info.count());
      s.put("filenames", info.shards().stream().map(Manifest.ShardInfo::name).toList());
      s.put("shard_lengths", info.shards().stream().map(Manifest.ShardInfo::count).toList());
      splits.put(name, s);
    });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", m.dataset());
    doc.put("num_classes", m.classNames().size());
    doc.put("class_names", List.copyOf(m.classNames()));
    doc.put("splits", splits);
    try {
      AtomicFiles.writeString(dir.resolve(FILE_NAME), Json.json().writeValueAsString(doc) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
