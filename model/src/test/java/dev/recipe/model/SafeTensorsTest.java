package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.core.spec.ModelSpec.Stem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {

  @Test
  void roundTripIsByteIdentical(@TempDir Path dir) throws IOException {
    StateDict sd = ResNetInit.initialStateDict(new ResNetConfig(18, 4, Stem.SMALL, 1, 3, false), 9);
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    SafeTensors.write(a, sd, Map.of("k", "v"));
    SafeTensors.Contents read = SafeTensors.readContents(a);
    assertEquals(sd, new StateDict(reorder(read.tensors(), sd.names())));
    assertEquals(Map.of("k", "v"), read.metadata());
    SafeTensors.write(b, read.tensors(), read.metadata());
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertArrayEquals(Files.readAllBytes(a), SafeTensors.toBytes(sd, Map.of("k", "v")));
  }

  @Test
  void layoutIsStandard() {
    Map<String, StateDict.Tensor> m = new LinkedHashMap<>();
    m.put("b", new StateDict.Tensor(new long[] {2}, new float[] {1f, 2f}));
    m.put("a", new StateDict.Tensor(new long[] {}, new float[] {3f}));
    byte[] bytes = SafeTensors.toBytes(new StateDict(m), Map.of());
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long n = buf.getLong();
    assertEquals(0, n % 8);
    String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
    assertEquals("{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", header);
    buf.position(8 + (int) n);
    assertEquals(3f, buf.getFloat());
    assertEquals(1f, buf.getFloat());
    assertEquals(2f, buf.getFloat());
  }

  @Test
  void refusesOffsetsBeyondTheFile(@TempDir Path dir) throws IOException {
    Path f = file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8);
    String msg = assertThrows(RecipeException.class, () -> SafeTensors.read(f)).getMessage();
    assertTrue(msg.contains(f.toString()) && msg.contains("tensor w") && msg.contains("outside"), msg);
  }

  @Test
  void refusesOtherDtypes(@TempDir Path dir) throws IOException {
    Path f = file(dir, "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
    String msg = assertThrows(RecipeException.class, () -> SafeTensors.read(f)).getMessage();
    assertTrue(msg.contains("tensor w has dtype F16; only F32"), msg);
  }

  @Test
  void skipsNumBatchesTracked(@TempDir Path dir) throws IOException {
    Path f = file(dir, "{\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
        + "\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12);
    SafeTensors.Contents c = SafeTensors.readContents(f);
    assertEquals(List.of("w"), c.tensors().names());
    assertEquals(List.of("bn.num_batches_tracked"), c.ignored());
  }

  @Test
  void refusesSizeMismatchOverlapTruncationAndGarbage(@TempDir Path dir) throws IOException {
    Path size = file(dir, "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
    assertTrue(message(size).contains("needs 12 bytes"), message(size));
    Path overlap = file(dir, "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
    assertTrue(message(overlap).contains("overlap"), message(overlap));
    Path shortFile = dir.resolve("short.safetensors");
    Files.write(shortFile, new byte[] {1, 2, 3});
    assertTrue(message(shortFile).contains("too short"), message(shortFile));
    Path huge = dir.resolve("huge.safetensors");
    Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).array());
    assertTrue(message(huge).contains("declares a header of 1000 bytes"), message(huge));
    Path json = file(dir, "[1,2]", 0);
    assertTrue(message(json).contains("not a JSON object"), message(json));
    assertTrue(message(dir.resolve("none.safetensors")).contains("does not exist"));
  }

  private static String message(Path f) {
    return assertThrows(RecipeException.class, () -> SafeTensors.read(f)).getMessage();
  }

  private static int counter;

  private static Path file(Path dir, String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = dir.resolve("f" + (counter++) + ".safetensors");
    Files.write(f, b.array());
    return f;
  }

  private static Map<String, StateDict.Tensor> reorder(StateDict sd, List<String> order) {
    Map<String, StateDict.Tensor> m = new LinkedHashMap<>();
    order.forEach(n -> m.put(n, sd.get(n)));
    return m;
  }
}
