package dev.recipe.train.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.model.PthFile;
import dev.recipe.model.ResNetConfig;
import dev.recipe.model.SafeTensors;
import dev.recipe.model.StateDictCheck;
import dev.recipe.model.WeightFormats;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With Debian's python3-torch and python3-torchvision installed (optional; the committed fixture
 * in {@link PthFileTest} always runs): torchvision's own ResNet-18 and ResNet-50 state dicts, saved
 * by torch, load into our ResNet with strict key matching and become a fine-tuning start (1000 to
 * 10 classes: head replaced); converted to safetensors and back to .pth, torch loads the result with
 * {@code load_state_dict(strict=True)} and every tensor equals the original.
 */
class PthTorchInteropTest {
  @TempDir Path tmp;

  static final Path PYTHON = Path.of("/usr/bin/python3");

  static String python(String code) throws Exception {
    Process p = new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new AssertionError("python failed:\n" + out);
    }
    return out;
  }

  static boolean torchvisionPresent() {
    try {
      return Files.isExecutable(PYTHON) && python("import torch, torchvision").isEmpty();
    } catch (Exception | AssertionError e) {
      return false;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {18, 50})
  void torchvisionWeightsLoadStrictlyAndRoundTrip(int depth) throws Exception {
    Assumptions.assumeTrue(torchvisionPresent(), "needs Debian's python3-torch and python3-torchvision");
    Path original = tmp.resolve("resnet" + depth + ".pth");
    python("import torch, torchvision\n"
        + "torch.manual_seed(1)\n"
        + "m = torchvision.models.resnet" + depth + "()\n"
        + "torch.save(m.state_dict(), '" + original + "')\n");

    SafeTensors.Contents c = PthFile.read(original);
    ResNetConfig imagenet = ResNetConfig.torchvision(depth, 1000);
    assertTrue(StateDictCheck.keyProblems(imagenet.parameters(), c.tensors()).isEmpty(),
        StateDictCheck.keyProblems(imagenet.parameters(), c.tensors()).toString());
    Pretrained.Loaded fine = Pretrained.load(original, imagenet.withNumClasses(10), false);
    assertTrue(fine.report().headReplaced());
    assertFalse(fine.weights().contains("fc.weight"));

    Path st = tmp.resolve("r.safetensors");
    Path back = tmp.resolve("back.pth");
    WeightFormats.convert(original, st);
    WeightFormats.convert(st, back);
    String out = python("import torch, torchvision\n"
        + "a = torch.load('" + original + "')\n"
        + "b = torch.load('" + back + "')\n"
        + "m = torchvision.models.resnet" + depth + "()\n"
        + "print(m.load_state_dict(b, strict=True))\n"
        + "differ = [k for k in b if not torch.equal(a[k], b[k])]\n"
        + "extra = [k for k in b if k not in a]\n"
        + "missing = [k for k in a if k not in b and not k.endswith('num_batches_tracked')]\n"
        + "print('differ', len(differ), 'extra', len(extra), 'missing', len(missing), 'tensors', len(b))\n");
    assertTrue(out.contains("All keys matched successfully"), out);
    assertTrue(out.contains("differ 0 extra 0 missing 0 tensors " + c.tensors().names().size()), out);
  }
}
