package dev.recipe.train.loop;

import static dev.recipe.train.testing.Golden.floats;
import static dev.recipe.train.testing.Golden.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.recipe.train.optim.WeightAverage;
import dev.recipe.train.testing.Golden;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weight average, the soft-target loss and gradient clipping against PyTorch's own
 * implementations on fixed inputs (scripts/make_training_golden.py).
 */
class TrainingOpsGoldenTest {
  private final JsonNode golden = Golden.training();

  @Test
  void weightAverageMatchesTorchvisionsEmaBitForBit(@TempDir Path tmp) {
    for (JsonNode c : golden.get("ema")) {
      for (int resumeAt : new int[] {-1, 3, 7}) {
        try (NDManager m = NDManager.newBaseManager()) {
          checkEma(c, m, resumeAt, tmp.resolve("ck-" + resumeAt + "-" + c.get("decay")));
        }
      }
    }
  }

  /** Replays train.py's schedule; with resumeAt >= 0 the average is saved and restored there. */
  private static void checkEma(JsonNode c, NDManager m, int resumeAt, Path dir) {
    Map<String, Parameter> params = new LinkedHashMap<>();
    List<Parameter> order = new ArrayList<>();
    for (int i = 0; i < c.get("names").size(); i++) {
      long[] shape = longs(c.get("shapes").get(i));
      Parameter p = Parameter.builder().setName(c.get("names").get(i).asText())
          .setType(Parameter.Type.WEIGHT).optArray(m.zeros(new Shape(shape))).build();
      params.put(p.getName(), p);
      order.add(p);
    }
    WeightAverage avg = new WeightAverage(params, c.get("decay").asDouble());
    int steps = c.get("steps").asInt();
    int perEpoch = c.get("stepsPerEpoch").asInt();
    int k = 0;
    for (int epoch = 0; epoch < c.get("epochs").asInt(); epoch++) {
      for (int i = 0; i < perEpoch; i++, k++) {
        JsonNode w = c.get("weightsPerStep").get(k);
        for (int j = 0; j < order.size(); j++) {
          order.get(j).getArray().set(floats(w.get(j)));
        }
        if (i % steps == 0) {
          avg.update();
          if (epoch < c.get("warmupEpochs").asDouble()) {
            avg.reset();
          }
        }
        if (k == resumeAt) {
          avg.write(dir.getParent().resolve(dir.getFileName()));
          avg.close();
          avg = new WeightAverage(params, c.get("decay").asDouble());
          avg.restore(dir);
        }
      }
    }
    dev.recipe.model.StateDict sd = avg.stateDict();
    List<float[]> got = new ArrayList<>();
    sd.names().forEach(n -> got.add(sd.get(n).data()));
    for (int j = 0; j < order.size(); j++) {
      assertArrayEquals(floats(c.get("average").get(j)), got.get(j), 0f,
          "EMA of " + order.get(j).getName() + ", decay " + c.get("decay") + ", resume at " + resumeAt);
    }
    assertEquals(c.get("nAveraged").asLong(), avg.averaged(), "n_averaged");
    avg.close();
  }

  @Test
  void softCrossEntropyMatchesTorch() {
    JsonNode ce = golden.get("softCrossEntropy");
    int classes = ce.get("classes").asInt();
    try (NDManager m = NDManager.newBaseManager()) {
      float[] l = floats(ce.get("logits"));
      NDArray logits = m.create(l, new Shape(l.length / classes, classes));
      NDArray targets = m.create(floats(ce.get("targets")), new Shape(l.length / classes, classes));
      for (JsonNode c : ce.get("cases")) {
        try (NDArray loss = Losses.softCrossEntropy(logits, targets, c.get("smoothing").asDouble())) {
          double expected = c.get("loss").asDouble();
          assertEquals(expected, loss.getFloat(), 2e-6 * Math.abs(expected),
              "CrossEntropyLoss(label_smoothing=" + c.get("smoothing") + ") with probability targets");
        }
      }
    }
  }

  @Test
  void clippingMatchesTorchsClipGradNorm() {
    JsonNode clip = golden.get("clipGradNorm");
    try (NDManager m = NDManager.newBaseManager()) {
      for (JsonNode c : clip.get("cases")) {
        List<Parameter> order = new ArrayList<>();
        Map<Parameter, NDArray> grads = new HashMap<>();
        for (int i = 0; i < clip.get("shapes").size(); i++) {
          Shape shape = new Shape(longs(clip.get("shapes").get(i)));
          Parameter p = Parameter.builder().setName("p" + i).setType(Parameter.Type.WEIGHT)
              .optArray(m.zeros(shape)).build();
          order.add(p);
          grads.put(p, m.create(floats(c.get("grads").get(i)), shape));
        }
        GradientReduction.clipByNorm(order, grads, c.get("maxNorm").asDouble());
        for (int i = 0; i < order.size(); i++) {
          float[] expected = floats(c.get("clipped").get(i));
          float[] got = grads.get(order.get(i)).toFloatArray();
          for (int j = 0; j < expected.length; j++) {
            assertEquals(expected[j], got[j], Math.ulp(expected[j]) * 2,
                "clipped gradient " + i + "[" + j + "], max norm " + c.get("maxNorm"));
          }
        }
      }
    }
  }
}
