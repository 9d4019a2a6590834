package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The .pth reader on a file written by PyTorch 1.13 (committed: shared storages, a transposed
 * view, float16, bfloat16, float64, a scalar, num_batches_tracked, _metadata), the writer read back
 * by the reader, and pickles that ask for more than a state dict refused without running anything.
 */
class PthFileTest {
  @TempDir Path tmp;

  private Path fixture() throws Exception {
    Path p = tmp.resolve("tiny.pth");
    try (var in = PthFileTest.class.getResourceAsStream("/pth/tiny.pth")) {
      Files.copy(in, p);
    }
    return p;
  }

  @Test
  void readsAStateDictWrittenByTorch() throws Exception {
    SafeTensors.Contents c = PthFile.read(fixture());
    StateDict sd = c.tensors();
    assertEquals(List.of("conv.weight", "bn.weight", "t", "t_transposed", "half", "bf16", "double", "scalar"), sd.names());
    assertEquals(List.of("bn.num_batches_tracked"), c.ignored());
    assertArrayEquals(new long[] {2, 1, 3, 3}, sd.get("conv.weight").shape());
    assertEquals(-8.5f, sd.get("conv.weight").data()[0]);
    assertEquals(8.5f, sd.get("conv.weight").data()[17]);
    assertArrayEquals(new float[] {1.5f, -2.25f}, sd.get("bn.weight").data());
    assertArrayEquals(new float[] {0, 0.25f, 0.5f, 0.75f, 1, 1.25f}, sd.get("t").data());
    // a view with strides (1, 3) of the same storage, read in its own row-major order
    assertArrayEquals(new long[] {3, 2}, sd.get("t_transposed").shape());
    assertArrayEquals(new float[] {0, 0.75f, 0.25f, 1, 0.5f, 1.25f}, sd.get("t_transposed").data());
    assertArrayEquals(new float[] {0.5f, -3f, 65504f, 1023 * 0x1p-24f} // 6.1e-5 is a float16 subnormal
       , sd.get("half").data());
    assertArrayEquals(new float[] {1f, -0.15625f, Float.intBitsToFloat(0x7f62_0000)}, sd.get("bf16").data());
    assertArrayEquals(new float[] {0.1f, 2f}, sd.get("double").data());
    assertArrayEquals(new long[] {}, sd.get("scalar").shape());
    assertArrayEquals(new float[] {3.25f}, sd.get("scalar").data());
  }

  @Test
  void writesWhatItReadsByteIdenticallyEveryTime() throws Exception {
    StateDict sd = PthFile.read(fixture()).tensors();
    Path a = tmp.resolve("a.pth");
    Path b = tmp.resolve("b.pth");
    PthFile.write(a, sd);
    PthFile.write(b, sd);
    assertEquals(sd, PthFile.read(a).tensors());
    // the archive is named after the file, so compare b's bytes with a rewrite under the same name
    PthFile.write(tmp.resolve("x/a.pth"), sd);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(tmp.resolve("x/a.pth")));
    assertEquals(sd, PthFile.read(b).tensors());
    Path st = tmp.resolve("a.safetensors");
    WeightFormats.convert(a, st);
    WeightFormats.convert(st, tmp.resolve("back.pth"));
    assertEquals(sd, PthFile.read(tmp.resolve("back.pth")).tensors());
  }

  /** A zip with the given pickle as its data.pkl. */
  private Path withPickle(String name, byte[] pickle) throws Exception {
    Path p = tmp.resolve(name);
    try (OutputStream o = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(o)) {
      z.putNextEntry(new ZipEntry("evil/data.pkl"));
      z.write(pickle);
      z.closeEntry();
    }
    return p;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void refusesPicklesThatAskForAnythingElse() throws Exception {
    Map<String, String> cases = new LinkedHashMap<>();
    // os.system("touch pwned"): what pickle.dumps of a class with a malicious __reduce__ writes
    cases.put("os.system", "\u0080\u0002cos\nsystem\nX\u000b\u0000\u0000\u0000touch pwned\u0085R.");
    cases.put("posix.system", "\u0080\u0004\u0095\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000"
        + "\u008c\u0005posix\u008c\u0006system\u0093X\u0002\u0000\u0000\u0000id\u0085R.");
    cases.put("builtins.eval", "cbuiltins\neval\n(X\u0001\u0000\u0000\u00001tR.");
    cases.put("opcode 0x69", "(X\u0001\u0000\u0000\u0000xios\nsystem\n.");
    cases.put("opcode 0x81", "\u0080\u0002ccollections\nOrderedDict\n)\u0081.");
    for (Map.Entry<String, String> e : cases.entrySet()) {
      Path p = withPickle(e.getKey().replace(' ', '_') + ".pth", bytes(e.getValue()));
      RecipeException ex = assertThrows(RecipeException.class, () -> PthFile.read(p), e.getKey());
      assertTrue(ex.getMessage().contains(e.getKey()), ex.getMessage());
      assertEquals(RecipeException.BAD_INPUT, ex.exitCode(), e.getKey());
    }
    assertTrue(Files.notExists(Path.of("pwned")) && Files.notExists(tmp.resolve("pwned")));
  }

  @Test
  void badFilesAreOneLineErrorsNamingTheFile() throws Exception {
    Path notZip = tmp.resolve("legacy.pth");
    Files.write(notZip, new byte[] {(byte) 0x80, 2, 'K', 1, '.'});
    assertTrue(assertThrows(RecipeException.class, () -> PthFile.read(notZip)).getMessage().contains("legacy.pth: not a zip"));
    Path list = withPickle("list.pth", bytes("\u0080\u0002]q\u0000."));
    assertTrue(assertThrows(RecipeException.class, () -> PthFile.read(list)).getMessage().contains("not a state dict"));
    assertThrows(RecipeException.class, () -> PthFile.read(tmp.resolve("missing.pth")));
  }
}
