package dev.recipe.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.RecipeException;
import dev.recipe.data.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDescriptorTest {

  @Test
  void writesAndReadsItsPreprocessingAsDataPrepsType(@TempDir Path dir) {
    ModelDescriptor d = RandomModel.write(dir, ResNetConfig.torchvision(18, 3), 32,
        java.util.List.of(0.5, 0.4, 0.3), java.util.List.of(0.2, 0.25, 0.3), 7);
    ModelDescriptor back = ModelDescriptor.read(dir);
    assertEquals(d, back);
    assertEquals(Preprocessing.Interpolation.BILINEAR, back.preprocessing().interpolation());
    assertArrayEquals(new double[] {0.2, 0.25, 0.3}, back.preprocessing().std());
  }

  @Test
  void readsDescriptorsWrittenWithTheLowerCaseInterpolation(@TempDir Path dir) throws Exception {
    // model.json as runs before the one preprocessing type wrote it
    RandomModel.write(dir, ResNetConfig.torchvision(18, 3), 32,
        java.util.List.of(0.5, 0.4, 0.3), java.util.List.of(0.2, 0.25, 0.3), 7);
    Path f = dir.resolve(ModelDescriptor.FILE_NAME);
    String json = Files.readString(f);
    assertTrue(json.contains("\"BILINEAR\""), json);
    Files.writeString(f, json.replace("\"BILINEAR\"", "\"nearest\""));
    assertEquals(Preprocessing.Interpolation.NEAREST, ModelDescriptor.read(dir).preprocessing().interpolation());
  }

  @Test
  void aPreprocessingWithoutStatisticsIsBadInputNamingTheFile(@TempDir Path dir) throws Exception {
    RandomModel.write(dir, ResNetConfig.torchvision(18, 3), 32,
        java.util.List.of(0.5, 0.4, 0.3), java.util.List.of(0.2, 0.25, 0.3), 7);
    Path f = dir.resolve(ModelDescriptor.FILE_NAME);
    Files.writeString(f, Files.readString(f).replaceAll("\"std\"\\s*:\\s*\\[[^]]*]", "\"std\" : [ 0.2 ]"));
    RecipeException e = org.junit.jupiter.api.Assertions.assertThrows(RecipeException.class,
        () -> ModelDescriptor.read(dir));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("mean and std need 3"),
        e.getMessage());
  }
}
