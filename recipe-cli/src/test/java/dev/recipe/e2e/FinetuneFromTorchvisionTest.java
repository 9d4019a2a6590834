package dev.recipe.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.core.io.Hashing;
import dev.recipe.core.record.StageRecord;
import dev.recipe.core.run.RunDirectory;
import dev.recipe.report.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning from torchvision's ResNet-18 state dict as torch.save writes it (Debian's
 * python3-torch and python3-torchvision, optional): `training.pretrained.path` names the .pth
 * directly, keys match strictly, the 1000-class head is replaced for Fashion-MNIST's 10 classes,
 * and the recipe records the file's SHA-256. A pickle that asks for os.system is refused, exit 2.
 * ResNet-18 rather than ResNet-50: on a virtual machine whose CPUID reports no cache sizes
 * (lscpu shows none), PyTorch 2.7.1's oneDNN divides by zero while blocking the wide 1x1
 * convolutions of a full-width ResNet-50 (SIGFPE in brgemm_convolution_utils::est_eff_1x1) and the
 * JVM dies; ResNet-18's basic blocks do not reach that kernel (docs/train.md, "Known limits").
 */
class FinetuneFromTorchvisionTest {
  @TempDir Path work;

  private static boolean torchvision() {
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision").start();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private List<String> args(Path run, Path pth) {
    List<String> a = new ArrayList<>(List.of("run", "../recipes/fashion-mnist-quickstart.yaml", "--out", run.toString()));
    for (String o : List.of("data.split.limitPerClass=12", "data.image.channels=3", "model.depth=18", "model.width=64",
        "model.stem=imagenet", "model.zeroInitResidual=false", "training.pretrained.path=" + pth,
        "training.epochs=1", "training.optimizer.lr=0.001", "training.batchSize=8", "training.maxStepsPerEpoch=2",
        "evaluation.targets=[{metric: top1, min: 0.0}]", "export.paritySamples=8", "infer.benchBatches=[1]",
        "infer.examples=1")) {
      a.add("--set");
      a.add(o);
    }
    return a;
  }

  @Test
  void aTorchvisionPthFineTunesAndAMaliciousOneIsRefused() throws Exception {
    Assumptions.assumeTrue(torchvision(), "needs Debian's python3-torch and python3-torchvision");
    Path pth = work.resolve("resnet18-torchvision.pth");
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision\n"
        + "torch.manual_seed(0)\ntorch.save(torchvision.models.resnet18().state_dict(), '" + pth + "')\n")
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);

    RunDirectory run = RunDirectory.of(work.resolve("run"));
    Cli r = Cli.run(args(run.root(), pth).toArray(String[]::new));
    assertEquals(0, r.exit(), r.out() + r.err());
    StageRecord train = StageRecord.read(run.stageRecord("train"));
    assertEquals(true, train.details().get("headReplaced"));
    assertEquals(Hashing.sha256(pth), train.details().get("pretrainedSha256"));
    assertTrue(Files.readString(run.recipeMarkdown()).contains(Hashing.sha256(pth)));

    // the same file with a pickle that would run a shell command: refused before training starts
    Path evil = work.resolve("evil.pth");
    try (var z = new java.util.zip.ZipOutputStream(Files.newOutputStream(evil))) {
      z.putNextEntry(new java.util.zip.ZipEntry("evil/data.pkl"));
      z.write("\u0080\u0002cos\nsystem\nX\u0005\u0000\u0000\u0000touch\u0085R.".getBytes(StandardCharsets.ISO_8859_1));
      z.closeEntry();
    }
    Cli bad = Cli.run(args(work.resolve("run2"), evil).toArray(String[]::new));
    assertEquals(2, bad.exit(), bad.out() + bad.err());
    assertTrue(bad.err().contains("os.system") && bad.err().contains("evil.pth"), bad.err());
  }
}
