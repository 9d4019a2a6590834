package dev.recipe.data;

import dev.recipe.core.io.ListDigest;
import dev.recipe.core.record.StageResult;
import dev.recipe.core.spec.DataSpec;
import dev.recipe.data.raw.RawSource;
import java.util.List;
import java.util.Map;

/** What the prepare stage did, as its stage record stores it ({@code stages/prepare.json}). */
public record PrepareResult(PrepareResult.Params params, PrepareResult.Metrics metrics,
    PrepareResult.Details details) implements StageResult {

  /**
   * @param data the spec's data section
   * @param splitSeed the seed of the split (the spec's split seed, else its seed)
   * @param storedChannels channels of the stored images
   */
  public record Params(DataSpec data, long splitSeed, int storedChannels) {}

  /**
   * @param counts samples per split
   * @param perClass samples per class and split, index = label
   * @param sampleIds per split, the check value of its sample ids in stored order
   * @param storedFormats stored image files by format (png, jpeg)
   * @param trainMean per-channel mean of the train split's pixels in [0, 1]
   * @param trainStd per-channel standard deviation, likewise
   * @param resumedShards finished shards of an interrupted run kept (verified), not redone (added
   *     in schema 1 later: null in older records)
   */
  public record Metrics(Map<String, Integer> counts, int numClasses, long images, int quarantined,
      String fingerprint, double[] trainMean, double[] trainStd, Map<String, List<Integer>> perClass,
      Map<String, ListDigest.Check> sampleIds, Map<String, Long> storedFormats, long shardBytes,
      Integer resumedShards) {}

  /**
   * @param rawFiles IDX data: the checksummed raw files and their sources
   * @param root image folders: the root
   * @param unlabeledValFiles image folders: validation files without a label
   * @param sampleIdDefinition what a sample id is, in words
   * @param generatorAlgorithm the split's random generator, written out
   * @param splitAlgorithm the split procedure, written out
   * @param quarantined each unreadable input set aside: file, split, reason
   */
  public record Details(List<RawSource.RawFile> rawFiles, String root, List<String> unlabeledValFiles,
      String sampleIdDefinition, String generatorAlgorithm, String splitAlgorithm,
      List<String> classNames, List<String> classIds, List<Map<String, String>> quarantined) {

    Details(RawSource source, String sampleIdDefinition, String generatorAlgorithm,
        String splitAlgorithm, List<String> classNames, List<String> classIds,
        List<Map<String, String>> quarantined) {
      this(source.rawFiles(), source.root(), source.unlabeledValFiles(), sampleIdDefinition,
          generatorAlgorithm, splitAlgorithm, classNames, classIds, quarantined);
    }
  }
}
