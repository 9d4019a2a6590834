package dev.recipe.data.raw;

import dev.recipe.core.record.FileRef;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A raw dataset: its classes and its items per official split ({@code train}, and {@code test} or
 * {@code val}), plus how to describe its inputs once they have been read.
 *
 * @param classIds source class ids by index (IDX label as text, ImageNet wnid)
 * @param classNames human-readable names by index
 * @param splits items per official split, in source order
 * @param inputs the input files for the stage record, valid after the items were loaded
 * @param source where the data came from, for the stage record
 * @param sampleIdDefinition what an item's {@code origin} (its sample id) is, in words, for the
 *     recipe: the split check values are computed over these ids
 */
public record RawDataset(
    List<String> classIds,
    List<String> classNames,
    Map<String, List<RawItem>> splits,
    Supplier<List<FileRef>> inputs,
    RawSource source,
    String sampleIdDefinition) {}
