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
import org.robustr1.core.fixtures.SharedData;

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
}
