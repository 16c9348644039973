package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;
import org.robustr1.model.nn.GradMode;

/** {@code robustr1 sft} and {@code robustr1 grpo} on the golden tiny checkpoint folder. */
class TrainCommandsTest {

  @TempDir Path dir;

  private Path data() throws IOException {
    Path imgs = Files.createDirectories(dir.resolve("imgs"));
    BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 56; y++) {
      for (int x = 0; x < 56; x++) {
        img.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8);
      }
    }
    ImageIO.write(img, "png", imgs.resolve("a.png").toFile());
    String row =
        "{\"image\": \"a.png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>Colour?\"},"
            + " {\"from\": \"gpt\", \"value\": \"<TYPE>motion blur(0.45)<TYPE_END><ANSWER>0<ANSWER_END>\"}]}";
    Path jsonl = dir.resolve("train.jsonl");
    Files.write(jsonl, List.of(row, row, row.replace("a.png", "../escape.png")));
    return jsonl;
  }

  @Test
  void sftThenGrpoWriteMetricsAndCheckpoints() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path model = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    Path jsonl = data();
    int rc =
        RobustR1Command.commandLine()
            .execute("sft", "--data", jsonl.toString(), "--images", dir.resolve("imgs").toString(), "--model", model.toString(),
                "--out", dir.resolve("sft").toString(), "--max-steps", "2", "--grad-accum", "1", "--prompt-style", "RAW",
                "--on-bad-row", "skip", "--no-progress");
    assertThat(rc).isZero();
    assertThat(Files.readAllLines(dir.resolve("sft/metrics.jsonl"))).hasSize(2);
    Path ckpt = dir.resolve("sft/checkpoint-2/model");
    assertThat(ckpt.resolve("model.safetensors")).exists();
    assertThat(ckpt.resolve("tokenizer.json")).exists();

    rc =
        RobustR1Command.commandLine()
            .execute("grpo", "--data", jsonl.toString(), "--images", dir.resolve("imgs").toString(), "--model", ckpt.toString(),
                "--out", dir.resolve("grpo").toString(), "--max-steps", "1", "--num-generations", "2", "--batch-size", "2",
                "--grad-accum", "1", "--max-completion-length", "6", "--reward-weight", "type=2", "--on-bad-row", "skip",
                "--no-progress");
    assertThat(rc).isZero();
    String line = Files.readAllLines(dir.resolve("grpo/metrics.jsonl")).get(0);
    assertThat(line).contains("\"rewards/type_reward/mean\"").contains("\"kl\"").contains("\"frac_reward_zero_std\"");
    assertThat(dir.resolve("grpo/checkpoint-1/trainer_state.json")).exists();
  }

  @Test
  void sftRefusesACheckpointWithNanWeightsNamingTheTensor() throws Exception {
    Path jsonl = data();
    Path model = GenerateCommandTest.nanCheckpoint(dir.resolve("nan"));
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cmd = RobustR1Command.commandLine();
    cmd.setErr(new java.io.PrintWriter(err));
    int rc = cmd.execute("sft", "--data", jsonl.toString(), "--images", dir.resolve("imgs").toString(), "--model",
        model.toString(), "--out", dir.resolve("o").toString(), "--max-steps", "1", "--on-bad-row", "skip", "--no-progress");
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("model.norm.weight: 1 NaN").doesNotContain("SFT done");
    assertThat(dir.resolve("o/metrics.jsonl")).doesNotExist();
  }

  @Test
  void badRowFailsWithLineNumber() throws IOException {
    Path jsonl = data();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cmd = RobustR1Command.commandLine();
    cmd.setErr(new java.io.PrintWriter(err));
    int rc =
        cmd.execute("sft", "--data", jsonl.toString(), "--images", dir.resolve("imgs").toString(), "--model", dir.toString(),
            "--out", dir.resolve("o").toString());
    assertThat(rc).isNotZero();
    assertThat(err.toString()).contains("train.jsonl line 3").contains("'../escape.png' contains '..'");
  }

  private record Run(int code, String out, String err) {}

  private static Run execute(String... args) {
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    picocli.CommandLine cmd = RobustR1Command.commandLine();
    cmd.setOut(new java.io.PrintWriter(out));
    cmd.setErr(new java.io.PrintWriter(err));
    int rc = cmd.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  private String[] sft(Path jsonl, String out, String... extra) {
    List<String> a =
        new java.util.ArrayList<>(
            List.of("sft", "--data", jsonl.toString(), "--images", dir.resolve("imgs").toString(), "--model",
                SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow().toString(), "--out", dir.resolve(out).toString(),
                "--grad-accum", "1", "--prompt-style", "RAW", "--no-progress"));
    a.addAll(List.of(extra));
    if (!a.contains("--max-steps")) {
      a.addAll(List.of("--max-steps", "2"));
    }
    return a.toArray(new String[0]);
  }

  @Test
  void resumeWithAnotherLearningRateOrDataIsRefusedNamingTheField() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path jsonl = data();
    assertThat(execute(sft(jsonl, "run", "--on-bad-row", "skip")).code()).isZero();
    Run lr = execute(sft(jsonl, "run", "--on-bad-row", "skip", "--lr", "2e-5"));
    assertThat(lr.code()).isEqualTo(2);
    assertThat(lr.err()).contains("cannot resume from").contains("sft.optimizer.learningRate: 1.0E-5 → 2.0E-5").doesNotContain("SFT done");
    Path other = dir.resolve("other.jsonl");
    Files.write(other, Files.readAllLines(jsonl).subList(0, 2));
    Run data = execute(sft(other, "run", "--on-bad-row", "skip"));
    assertThat(data.code()).isEqualTo(2);
    assertThat(data.err()).contains("data.sha256: ");
    Run forced = execute(sft(jsonl, "run", "--on-bad-row", "skip", "--lr", "2e-5", "--resume-force"));
    assertThat(forced.code()).as(forced.err()).isZero();
    assertThat(forced.out()).contains("SFT done: 2 steps");
    assertThat(dir.resolve("run/checkpoint-2/run_config.json")).exists();
    assertThat(dir.resolve("run/metrics.csv")).exists();
    assertThat(dir.resolve("run/metrics.png")).exists();
  }

  /** Six rows whose fifth image is not decodable (the file exists, so reading the data accepts it). */
  private Path fifthImageBroken() throws IOException {
    Path jsonl = data();
    Files.write(dir.resolve("imgs/broken.png"), new byte[] {1, 2, 3, 4});
    List<String> rows = new java.util.ArrayList<>();
    String good = Files.readAllLines(jsonl).get(0);
    for (int i = 0; i < 6; i++) {
      rows.add(i == 4 ? good.replace("a.png", "broken.png") : good);
    }
    Files.write(jsonl, rows);
    return jsonl;
  }

  @Test
  void anUndecodableFifthImageIsSkippedOrFailsNamingLineFive() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path jsonl = fifthImageBroken();
    Run failed = execute(sft(jsonl, "fail", "--max-steps", "6", "--on-bad-row", "fail", "--save-steps", "1"));
    assertThat(failed.code()).isEqualTo(2);
    assertThat(failed.err()).contains("train.jsonl line 5").contains("broken.png").doesNotContain("SFT done");
    // a resume after the failure, skipping, finishes
    Run resumed = execute(sft(jsonl, "fail", "--max-steps", "6", "--on-bad-row", "skip", "--save-steps", "1"));
    assertThat(resumed.code()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("SFT done: 6 steps").contains("train.jsonl line 5");

    Run skipped = execute(sft(jsonl, "skip", "--max-steps", "6", "--on-bad-row", "skip"));
    assertThat(skipped.code()).as(skipped.err()).isZero();
    assertThat(skipped.out()).contains("1 bad row(s) skipped").contains("train.jsonl line 5");
    Run again = execute(sft(jsonl, "skip", "--max-steps", "6", "--on-bad-row", "skip"));
    assertThat(again.code()).as(again.err()).isZero();
  }

  @Test
  void aModelWithNanWeightsEndsWithAnErrorNotDone() throws IOException {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path jsonl = data();
    Path nan = dir.resolve("nan-model");
    try (org.robustr1.model.qwen.Qwen25VlModel m =
        org.robustr1.model.qwen.Qwen25VlModel.load(SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow())) {
      org.robustr1.model.nn.GradMode.noGrad(() -> m.namedParameters().get("model.norm.weight").getArray().muli(Float.NaN));
      m.save(nan);
    }
    List<String> args = new java.util.ArrayList<>(List.of(sft(jsonl, "nan", "--on-bad-row", "skip")));
    args.set(args.indexOf("--model") + 1, nan.toString());
    Run r = execute(args.toArray(new String[0]));
    assertThat(r.code()).isNotZero();
    assertThat(r.out() + r.err()).doesNotContain("SFT done").contains("NaN");
  }

  @Test
  void estimateMemoryPrintsThePartsAndThePeak() {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    String model = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow().toString();
    Run grpo = execute("grpo", "--model", model, "--estimate-memory");
    assertThat(grpo.code()).as(grpo.err()).isZero();
    assertThat(grpo.out())
        .contains("GRPO memory estimate (FP32)")
        .contains("GRPO memory estimate (BF16)")
        .contains("reference weights")
        .contains("AdamW moments")
        .contains("KV cache")
        .contains("expected peak");
    Run sft = execute("sft", "--model", model, "--estimate-memory", "--cutoff-len", "2048");
    assertThat(sft.code()).as(sft.err()).isZero();
    assertThat(sft.out()).contains("SFT memory estimate (FP32)").contains("expected peak");
    Run missing = execute("sft", "--model", model);
    assertThat(missing.code()).isNotZero();
    assertThat(missing.err()).contains("--data");
  }
}
