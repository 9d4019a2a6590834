package dev.recipe.train.djl;

import ai.djl.basicdataset.cv.classification.ImageClassificationDataset;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.util.Progress;
import dev.recipe.core.RecipeException;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.data.Manifest;
import dev.recipe.data.ProcessedDataset;
import dev.recipe.data.RasterImage;
import dev.recipe.data.Sample;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A split of a run's processed data ({@code RUN/data}: the shards and manifest {@code recipe
 * prepare} writes) as a DJL image-classification dataset, in stored order, shard hashes checked on
 * load. Images come as DJL {@link Image}s (gray or RGB as stored; the flag follows the manifest's
 * channels unless set), labels as class indices; add DJL transforms (ToTensor, Normalize, ...) on
 * the builder as for any DJL dataset.
 *
 * <pre>{@code
 * RecipeDataset train = RecipeDataset.builder()
 *     .setRunDirectory(Path.of("runs/fashion-mnist-quickstart"))
 *     .optSplit("train")
 *     .addTransform(new ToTensor())
 *     .setSampling(64, true)
 *     .build();
 * }</pre>
 */
public final class RecipeDataset extends ImageClassificationDataset {
  private final Path data;
  private final String split;
  private final Manifest manifest;
  private List<Sample> samples;

  private RecipeDataset(Builder b, Manifest manifest) {
    super(b);
    this.data = b.data;
    this.split = b.split;
    this.manifest = manifest;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void prepare(Progress progress) {
    if (samples == null) {
      samples = ProcessedDataset.open(data).load(split);
    }
  }

  @Override
  protected Image getImage(long index) {
    RasterImage r = sample(index).image();
    int[] argb = new int[r.width() * r.height()];
    byte[] px = r.pixels();
    for (int i = 0; i < argb.length; i++) {
      int red;
      int green;
      int blue;
      if (r.channels() == 1) {
        red = green = blue = px[i] & 0xff;
      } else {
        red = px[3 * i] & 0xff;
        green = px[3 * i + 1] & 0xff;
        blue = px[3 * i + 2] & 0xff;
      }
      argb[i] = 0xff000000 | red << 16 | green << 8 | blue;
    }
    return ImageFactory.getInstance().fromPixels(argb, r.width(), r.height());
  }

  @Override
  protected long getClassNumber(long index) {
    return sample(index).label();
  }

  private Sample sample(long index) {
    prepare(null);
    return samples.get(Math.toIntExact(index));
  }

  @Override
  protected long availableSize() {
    return manifest.splits().get(split).count();
  }

  @Override
  public List<String> getClasses() {
    return manifest.classNames();
  }

  @Override
  public Optional<Integer> getImageWidth() {
    return Optional.ofNullable(manifest.width());
  }

  @Override
  public Optional<Integer> getImageHeight() {
    return Optional.ofNullable(manifest.height());
  }

  /** DJL's builder conventions: {@code setX} required, {@code optX} optional. */
  public static final class Builder extends BaseBuilder<Builder> {
    private Path data;
    private String split = "train";
    private boolean flagSet;

    @Override
    protected Builder self() {
      return this;
    }

    /** A run directory of this pipeline (its {@code data/}), or a {@code data/} directory itself. */
    public Builder setRunDirectory(Path dir) {
      this.data = Files.isRegularFile(dir.resolve(Manifest.FILE_NAME)) ? dir : RunDirectory.of(dir).data();
      return this;
    }

    /** {@code train} (default), {@code val} or {@code test}. */
    public Builder optSplit(String split) {
      this.split = split;
      return this;
    }

    @Override
    public Builder optFlag(Image.Flag flag) {
      flagSet = true;
      return super.optFlag(flag);
    }

    public RecipeDataset build() {
      if (data == null) {
        throw new IllegalArgumentException("setRunDirectory is required");
      }
      Manifest m = ProcessedDataset.open(data).manifest();
      if (!m.splits().containsKey(split)) {
        throw RecipeException.badInput(data + " has no split " + split + " (it has " + m.splits().keySet() + ")");
      }
      if (!flagSet) {
        super.optFlag(m.channels() == 1 ? Image.Flag.GRAYSCALE : Image.Flag.COLOR);
      }
      return new RecipeDataset(this, m);
    }
  }
}
