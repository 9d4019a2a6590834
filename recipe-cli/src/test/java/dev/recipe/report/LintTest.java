package dev.recipe.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recipe.report.RecipeLint.Finding;
import dev.recipe.report.RecipeLint.Report;
import dev.recipe.report.RecipeLint.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lint on the guideline's own example (a copy in test resources) and on hand-made variants. */
class LintTest {
  @TempDir Path tmp;

  static String example() throws IOException {
    try (InputStream in = LintTest.class.getResourceAsStream("/lint/recipe_resnet50_imagenet.md")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Finding finding(Report r, String item, Severity s) {
    return r.find(item, s).orElseThrow(() -> new AssertionError(
        "no " + s + " finding for " + item + ":\n" + RecipeLint.format(r, true)));
  }

  private static Finding commitFinding(Report r, String item) {
    return r.findings().stream().filter(f -> f.item().equals(item) && f.severity() == Severity.OK
        && f.message().startsWith("commit SHA-1")).findFirst()
        .orElseThrow(() -> new AssertionError("no commit found for " + item + ":\n" + RecipeLint.format(r, true)));
  }

  @Test
  void guidelineExampleGivesASensibleReport() throws Exception {
    Report r = RecipeLint.lint("recipe_resnet50_imagenet.md", example());
    String text = RecipeLint.format(r, true);
    // every section of the checklist is found, at the example's own levels
    assertTrue(r.findings().stream().noneMatch(f -> f.message().startsWith("missing section")), text);
    // the data-processing and training Code parts carry SHA-1s, on the lines where they are
    assertEquals(23, commitFinding(r, "processing-code").line(), text);
    assertTrue(commitFinding(r, "processing-code").message().contains("bd56a06d2815e3dc2914fc8ce2fa1ea60e19d324"));
    assertEquals(36, commitFinding(r, "opt-code").line(), text);
    // the evaluation Code part names no commit (required); the inference one neither (a warning)
    assertEquals(87, finding(r, "perf-code", Severity.ERROR).line(), text);
    assertEquals(95, finding(r, "inf-code", Severity.WARNING).line(), text);
    assertEquals(1, r.count(Severity.ERROR), text);
    assertFalse(r.passed());
    // hyperparameters: batch size, 4 GPUs, SGD, the decay schedule, weight decay, augmentation
    assertEquals(0, r.findings().stream().filter(f -> f.item().equals("hyperparameters")
        && f.severity() != Severity.OK).count(), text);
    // timing names the V100, batch size 1, TensorFlow v1.8 and 11ms
    assertTrue(r.findings().stream().filter(f -> f.item().equals("timing"))
        .allMatch(f -> f.severity() == Severity.OK), text);
    assertEquals(99, r.findings().stream().filter(f -> f.item().equals("timing")
        && f.message().equals("software versions stated")).findFirst().orElseThrow().line(), text);
    // serialization: "Not applicable" with a reason is fine
    assertEquals(102, r.findings().stream().filter(f -> f.item().equals("serialization")
        && f.message().equals("not applicable, with a reason")).findFirst().orElseThrow().line(), text);
    // the 74.0% target is found
    assertEquals(85, r.findings().stream().filter(f -> f.item().equals("targets")
        && f.message().equals("a target number stated")).findFirst().orElseThrow().line(), text);
    // the processing description does not say how the test set is built: a warning, as the guideline stresses it
    assertEquals(Severity.WARNING, r.findings().stream().filter(f -> f.item().equals("processing-description")
        && f.message().contains("test set")).findFirst().orElseThrow().severity(), text);
  }

  @Test
  void cliReportsLineNumbersAndExitsOneOnErrors() throws Exception {
    Path md = tmp.resolve("example.md");
    Files.writeString(md, example());
    Cli cli = Cli.run("lint", md.toString());
    assertEquals(1, cli.exit());
    assertTrue(cli.out().contains(md + ":87: error [perf-code] no git commit SHA-1"), cli.out());
    assertTrue(cli.out().contains("1 error(s)"), cli.out());
    assertEquals(2, Cli.run("lint", tmp.resolve("missing.md").toString()).exit());
  }

  @Test
  void fixingTheTwoCodePartsMakesTheExamplePass() throws Exception {
    String fixed = example()
        .replace("The accuracy is computed by the training script automatically.",
            "The accuracy is computed by the training script at commit 24b236fdb6ca449eb52e8f816e039e0d634015a5.")
        .replace("We provide a [notebook](inference.ipynb)",
            "At commit 24b236fdb6ca449eb52e8f816e039e0d634015a5 we provide a [notebook](inference.ipynb)");
    Report r = RecipeLint.lint("fixed", fixed);
    assertTrue(r.passed(), RecipeLint.format(r, false));
  }

  @Test
  void flexibleHeadingsBoldParagraphsAndMissingItems() {
    String md = """
        # My model
        ## Data
        ### Raw data
        **Description**
        Images.
        **Path**
        s3://bucket
        ## Data processing
        ### Description
        Split 80/10/10, test set is the last 10%.
        ### Code
        ```
        ## Training   (inside a code fence: not a heading)
        ```
        run.sh at 1111111111111111111111111111111111111111
        ### Path
        s3://bucket/processed
        ## Training
        ### Optimization
        #### Description
        ResNet.
        #### Code
        no commit here
        #### Hyperparameters
        Batch size 64 on 2 GPUs.
        #### Dynamics
        #### Outputs
        s3://bucket/model
        ## Performance metrics
        ### Targets
        Accuracy is good.
        ### Code
        eval.sh at 2222222222222222222222222222222222222222
        ## Inference
        ### Code
        predict.sh 3333333333333333333333333333333333333333
        ### Timing
        fast
        ### Serialization
        Not applicable.
        ## Miscellaneous
        none
        """;
    Report r = RecipeLint.lint("hand.md", md);
    String text = RecipeLint.format(r, true);
    assertTrue(r.find("raw-description", Severity.OK).isPresent(), text);
    assertTrue(r.find("raw-path", Severity.OK).isPresent(), text);
    // the "## Training" inside the code fence is not a heading; the SHA-1 after it is found
    assertEquals(15, commitFinding(r, "processing-code").line(), text);
    assertEquals(22, finding(r, "opt-code", Severity.ERROR).line(), text);
    assertTrue(r.findings().stream().anyMatch(f -> f.item().equals("hyperparameters")
        && f.severity() == Severity.ERROR && f.message().contains("optimizer")), text);
    assertTrue(r.findings().stream().anyMatch(f -> f.item().equals("hyperparameters")
        && f.severity() == Severity.ERROR && f.message().contains("learning-rate schedule")), text);
    assertEquals(26, finding(r, "dynamics", Severity.ERROR).line(), text);
    assertTrue(finding(r, "targets", Severity.ERROR).message().contains("target number"), text);
    assertTrue(r.findings().stream().filter(f -> f.item().equals("timing") && f.severity() == Severity.ERROR)
        .count() == 3, text);
    assertTrue(finding(r, "serialization", Severity.ERROR).message().contains("without a reason"), text);
  }

  @Test
  void missingSectionsAreErrors() {
    Report r = RecipeLint.lint("short.md", "# Title\n\n## Data\n\nSome data.\n");
    String text = RecipeLint.format(r, false);
    for (String item : new String[] {"raw", "processing", "training", "inference", "misc"}) {
      assertTrue(r.find(item, Severity.ERROR).isPresent(), item + ":\n" + text);
    }
  }

  /**
   * The "no guess" checks: advice on a hand-written recipe, errors on a generated one; a machine's
   * absolute path and "shard" for a device's part of a batch are found where they are.
   */
  @Test
  void completenessChecksAreAdviceForHandWrittenAndErrorsForGenerated() throws Exception {
    Report hand = RecipeLint.lint("hand", example());
    for (String item : java.util.List.of("architecture", "initialization", "batchnorm", "update-rule", "schedule",
        "metrics", "split", "order")) {
      assertEquals(Severity.WARNING, finding(hand, "no-guess-" + item, Severity.WARNING).severity());
    }
    String generated = "> Generated by `recipe render` from the stage records\n" + example();
    Report gen = RecipeLint.lint("gen", generated);
    assertEquals(8, gen.findings().stream().filter(f -> f.item().startsWith("no-guess-")
        && f.severity() == Severity.ERROR).count(), RecipeLint.format(gen, false));

    String stated = generated + """

        - stem: conv 3x3, stride 1, 8 channels
        - stages: 4 stages with 8, 16, 32, 64 planes
        - stride: 2 in the first block of stages 2, 3 and 4
        - batchNorm: eps 1e-5, momentum 0.1
        - initialization: Kaiming normal
        - Update rule: w = w - lr x d
        - Schedule, exactly: lr(t) = ..., warmup W = 84 steps
        - loss: softmax cross-entropy; `trainTop1`: the fraction ...
        The split, exactly. Check values:
        | train | 54000 | `0000000000000000000000000000000000000000000000000000000000000000` |
        The order of the training samples, exactly:
        Check value: epoch 1 visits ... `1111111111111111111111111111111111111111111111111111111111111111`
        """;
    Report ok = RecipeLint.lint("stated", stated);
    assertTrue(ok.findings().stream().noneMatch(f -> f.item().startsWith("no-guess-")
        && f.severity() != Severity.OK), RecipeLint.format(ok, false));

    Report bad = RecipeLint.lint("bad", stated + """
        Command (recorded as `/tmp/fresh4`), data in C:\\data\\fmnist; see https://example.org/tmp/x
        - BatchNorm: batch statistics per shard; running statistics from shard 0
        - Shards: up to 10000 samples per shard
        """);
    var lines = bad.findings().stream().filter(f -> f.severity() == Severity.ERROR)
        .map(Finding::item).filter(i -> !i.equals("perf-code")).toList();
    assertEquals(java.util.List.of("no-absolute-path", "one-sense-shard"), lines.stream().distinct().toList(),
        RecipeLint.format(bad, false));
    assertEquals(2, lines.size(), "one finding per line; URLs and tar-file shards are fine: " + RecipeLint.format(bad, false));
  }
}
