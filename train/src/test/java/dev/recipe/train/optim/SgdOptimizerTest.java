package dev.recipe.train.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The update against PyTorch's SGD formulas, computed by hand in double precision. */
class SgdOptimizerTest {

  private static Parameter param(NDManager m, String name, Parameter.Type type, float... values) {
    Parameter p = Parameter.builder().setName(name).setType(type)
        .optArray(m.create(values, new Shape(values.length))).build();
    return p;
  }

  /** Sets the gradient of {@code p} to {@code g} by back-propagating sum(w * g). */
  private static void setGrad(Parameter p, float... g) {
    NDArray w = p.getArray();
    JniUtils.zeroGrad((PtNDArray) w);
    try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector();
        NDArray gg = w.getManager().create(g)) {
      gc.backward(w.mul(gg).sum());
    }
  }

  private static double[] reference(double[] w, double[][] grads, double lr, double m, double wd,
      boolean nesterov) {
    double[] buf = new double[w.length];
    double[] out = w.clone();
    for (double[] g0 : grads) {
      for (int i = 0; i < w.length; i++) {
        double g = g0[i] + wd * out[i];
        buf[i] = m * buf[i] + g;
        double d = nesterov ? g + m * buf[i] : buf[i];
        out[i] -= lr * d;
      }
    }
    return out;
  }

  private static void check(boolean nesterov) {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter w = param(m, "w", Parameter.Type.WEIGHT, 1f, -2f, 0.5f);
      Parameter bias = param(m, "b", Parameter.Type.BIAS, 0.25f);
      List<ParamSlot> slots = List.of(
          new ParamSlot("w", w, 1.0, 0.01, false), new ParamSlot("b", bias, 2.0, 0.0, false));
      double[][] gw = {{0.1, 0.2, -0.3}, {0.05, -0.1, 0.2}, {1, 1, 1}};
      double[][] gb = {{0.5}, {-0.5}, {0.25}};
      try (SgdOptimizer sgd = new SgdOptimizer(m, slots, 0.9, nesterov)) {
        for (int s = 0; s < gw.length; s++) {
          setGrad(w, toF(gw[s]));
          setGrad(bias, toF(gb[s]));
          sgd.step(0.1);
        }
      }
      assertClose(reference(new double[] {1, -2, 0.5}, gw, 0.1, 0.9, 0.01, nesterov),
          w.getArray().toFloatArray());
      assertClose(reference(new double[] {0.25}, gb, 0.2, 0.9, 0.0, nesterov),
          bias.getArray().toFloatArray());
    }
  }

  @Test
  void momentumMatchesPyTorchFormula() {
    check(false);
  }

  @Test
  void nesterovMatchesPyTorchFormula() {
    check(true);
  }

  @Test
  void frozenTensorsAreNotUpdatedAndStateRoundTrips() {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameter a = param(m, "a", Parameter.Type.WEIGHT, 1f, 2f);
      Parameter f = param(m, "f", Parameter.Type.WEIGHT, 3f);
      List<ParamSlot> slots = List.of(new ParamSlot("a", a, 1, 0, false),
          new ParamSlot("f", f, 1, 0, true));
      byte[] state;
      try (SgdOptimizer sgd = new SgdOptimizer(m, slots, 0.9, false)) {
        setGrad(a, 0.3f, -0.7f);
        sgd.step(0.5);
        assertArrayEquals(new float[] {3f}, f.getArray().toFloatArray());
        state = sgd.saveState();
        float[] buf = sgd.buffer("a").toFloatArray();
        try (SgdOptimizer other = new SgdOptimizer(m, slots, 0.9, false)) {
          other.loadState(state);
          assertArrayEquals(buf, other.buffer("a").toFloatArray());
        }
      }
      try (SgdOptimizer wrong = new SgdOptimizer(m, List.of(new ParamSlot("z", a, 1, 0, false)),
          0.9, false)) {
        assertThrows(IllegalArgumentException.class, () -> wrong.loadState(state));
      }
    }
  }

  private static float[] toF(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static void assertClose(double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
    }
  }
}
