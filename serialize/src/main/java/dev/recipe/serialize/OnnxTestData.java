package dev.recipe.serialize;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import dev.recipe.core.io.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A test case next to an exported model, laid out as the ONNX Model Zoo and {@code onnx}'s backend
 * tests do: {@code test_data_set_0/input_0.pb} and {@code output_0.pb}, each a serialized
 * {@code TensorProto} named after the graph's input or output. Any ONNX tool can feed the input to
 * the model and compare with the output, without this project.
 */
public final class OnnxTestData {
  /** The directory name the Model Zoo uses for the first test case. */
  public static final String DIR = "test_data_set_0";

  private OnnxTestData() {}

  /** A float32 tensor with little-endian raw data. */
  public static TensorProto tensor(String name, long[] dims, float[] data) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name)
        .setDataType(TensorProto.DataType.FLOAT.getNumber()).setRawData(ByteString.copyFrom(buf.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** The values of a float32 tensor written by {@link #tensor} (raw data) or with float_data. */
  public static float[] values(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
      throw new IllegalArgumentException("tensor " + t.getName() + " is not float32");
    }
    if (!t.getRawData().isEmpty()) {
      float[] out = new float[t.getRawData().size() / 4];
      t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }
    float[] out = new float[t.getFloatDataCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = t.getFloatData(i);
    }
    return out;
  }

  public static TensorProto read(Path pb) throws IOException {
    try (InputStream in = Files.newInputStream(pb)) {
      return TensorProto.parseFrom(in);
    }
  }

  /**
   * Writes {@code dir/input_0.pb} (the inputs stacked into one batch, shape [n, c, h, w]) and
   * {@code dir/output_0.pb} (the logits, [n, classes]).
   */
  public static void write(Path dir, String inputName, int[] chw, List<float[]> inputs, String outputName,
      float[][] logits) {
    int n = inputs.size();
    int per = chw[0] * chw[1] * chw[2];
    float[] in = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(inputs.get(i), 0, in, i * per, per);
    }
    int classes = logits[0].length;
    float[] out = new float[n * classes];
    for (int i = 0; i < n; i++) {
      System.arraycopy(logits[i], 0, out, i * classes, classes);
    }
    AtomicFiles.writeBytes(dir.resolve("input_0.pb"),
        tensor(inputName, new long[] {n, chw[0], chw[1], chw[2]}, in).toByteArray());
    AtomicFiles.writeBytes(dir.resolve("output_0.pb"),
        tensor(outputName, new long[] {n, classes}, out).toByteArray());
  }
}
