package dev.recipe.train.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import dev.recipe.core.RecipeException;
import dev.recipe.model.ModelDescriptor;
import dev.recipe.model.ParameterNames;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.ResNetInit;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDict;
import dev.recipe.model.StateDictCheck;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Creating, loading and reading ResNet models on DJL's PyTorch engine. */
public final class ResNets {
  /** Seed of {@link #newModel(ResNetConfig)}. */
  public static final long DEFAULT_SEED = 0L;

  private static final String ENGINE = "PyTorch";

  private ResNets() {}

  /** A model with torchvision's initialization drawn from {@link #DEFAULT_SEED}, on the CPU. */
  public static Model newModel(ResNetConfig config) {
    return newModel(config, DEFAULT_SEED);
  }

  /** A model with torchvision's initialization drawn from {@code seed} ({@link ResNetInit}), on the CPU. */
  public static Model newModel(ResNetConfig config, long seed) {
    return newModel(config, seed, Device.cpu());
  }

  /** A model with torchvision's initialization drawn from {@code seed}, on a device. */
  public static Model newModel(ResNetConfig config, long seed, Device device) {
    return withWeights(config, ResNetInit.initialStateDict(config, seed), device, "initialization");
  }

  /**
   * The model of a model directory: the descriptor's config with the weights file's tensors. The
   * file's SHA-256 is checked against the descriptor when the descriptor records one.
   */
  public static Model load(ModelDescriptor descriptor, Path weights) {
    if (descriptor.weightsSha256() != null) {
      String actual = dev.recipe.core.io.Hashing.sha256(weights);
      if (!actual.equals(descriptor.weightsSha256())) {
        throw RecipeException.badInput("weights file " + weights + " has SHA-256 " + actual
            + " but model.json records " + descriptor.weightsSha256());
      }
    }
    return withWeights(descriptor.config(), SafeTensors.read(weights), Device.cpu(), weights.toString());
  }

  /** Loads {@code modelDir/model.json} and the weights file it names. */
  public static Model load(Path modelDir) {
    ModelDescriptor d = ModelDescriptor.read(modelDir);
    return load(d, modelDir.resolve(d.weightsFile()));
  }

  /** A model of the config holding exactly the given weights (errors name {@code source}). */
  public static Model withWeights(ResNetConfig config, StateDict weights, Device device, String source) {
    Model model = Model.newInstance(config.displayName(), device, ENGINE);
    try {
      model.setBlock(blockWithWeights(config, weights, model.getNDManager(), source));
      return model;
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /**
   * A block of the config initialized in {@code manager} with exactly the given weights (for a model
   * that someone else creates, such as DJL's model loader through a {@code BlockFactory}).
   */
  public static ResNetBlock blockWithWeights(ResNetConfig config, StateDict weights, ai.djl.ndarray.NDManager manager,
      String source) {
    ResNetBlock block = new ResNetBlock(config);
    // The arrays are overwritten below: skip DJL's random draws (and leave the engine RNG alone).
    block.setInitializer(Initializer.ZEROS, p -> true);
    block.initialize(manager, DataType.FLOAT32, initShape(config));
    setStateDict(block, weights, source);
    return block;
  }

  /** An input shape for shape inference at initialization: (1, C, 64, 64); any size works later. */
  public static Shape initShape(ResNetConfig config) {
    return new Shape(1, config.inputChannels(), 64, 64);
  }

  /** The ResNet block of a model built here. */
  public static ResNetBlock block(Model model) {
    Block b = model.getBlock();
    if (b instanceof ResNetBlock r) {
      return r;
    }
    throw new IllegalArgumentException("model " + model.getName() + " is not a ResNet built by ResNets");
  }

  /** Each torchvision key with its DJL parameter, in state-dict order. */
  public static Map<String, Parameter> namedParameters(ResNetBlock block) {
    var djl = block.getParameters();
    Map<String, Parameter> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : ParameterNames.torchToDjl(block.config()).entrySet()) {
      Parameter p = djl.get(e.getValue());
      if (p == null) {
        throw new IllegalStateException("block has no parameter " + e.getValue() + " for " + e.getKey());
      }
      out.put(e.getKey(), p);
    }
    return out;
  }

  public static StateDict stateDict(Model model) {
    return stateDict(block(model));
  }

  /** The current weights and BatchNorm running statistics, keyed by torchvision names. */
  public static StateDict stateDict(ResNetBlock block) {
    Map<String, StateDict.Tensor> out = new LinkedHashMap<>();
    namedParameters(block).forEach((name, p) -> {
      NDArray a = p.getArray();
      out.put(name, new StateDict.Tensor(a.getShape().getShape(), a.toFloatArray()));
    });
    return new StateDict(out);
  }

  public static void setStateDict(Model model, StateDict weights, String source) {
    setStateDict(block(model), weights, source);
  }

  /**
   * Copies every tensor into the block's parameters. The keys must be exactly the config's (see
   * {@link #checkKeys}); nothing is changed when they are not.
   */
  public static void setStateDict(ResNetBlock block, StateDict weights, String source) {
    StateDictCheck.check(block.config(), weights, source);
    namedParameters(block).forEach((name, p) -> p.getArray().set(weights.get(name).data()));
  }

}
