package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.robustr1.testing.SharedData;

/**
 * {@code robustr1 sft} and {@code robustr1 grpo} in a child JVM on the golden tiny checkpoint,
 * killed with SIGKILL once {@code checkpoint-2} exists and rerun with {@code --resume auto}, end
 * with the same weights, optimizer state, trainer state, run configuration and metrics (minus
 * {@code step_time}; for GRPO also the logged completions) as an uninterrupted run. The runs cross
 * an epoch boundary after the resume point (4 rows, 6 steps of 1 row or 1 prompt).
 */
class KillResumeTest {

  private static final int STEPS = 6;

  @TempDir Path dir;

  private Path data() throws IOException {
    Path imgs = Files.createDirectories(dir.resolve("imgs"));
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      BufferedImage img = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 56; y++) {
        for (int x = 0; x < 56; x++) {
          img.setRGB(x, y, ((x * 4 + i * 50) % 256) << 16 | ((y * 4) % 256) << 8 | (i * 60));
        }
      }
      ImageIO.write(img, "png", imgs.resolve("img" + i + ".png").toFile());
      rows.add(
          "{\"image\": \"img" + i + ".png\", \"conversations\": [{\"from\": \"human\", \"value\": \"<image>Colour?\"},"
              + " {\"from\": \"gpt\", \"value\": \"<TYPE>motion blur(0." + (i + 2) + ")<TYPE_END><ANSWER>" + i
              + "<ANSWER_END>\"}]}");
    }
    Path jsonl = dir.resolve("train.jsonl");
    Files.write(jsonl, rows);
    return jsonl;
  }

  private Process start(String trainer, Path model, Path jsonl, String out, String log) throws IOException {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-Dai.djl.offline=true",
                "-Djava.awt.headless=true",
                "-cp",
                System.getProperty("java.class.path"),
                RobustR1Command.class.getName(),
                trainer,
                "--data", jsonl.toString(),
                "--images", dir.resolve("imgs").toString(),
                "--model", model.toString(),
                "--out", dir.resolve(out).toString(),
                "--max-steps", String.valueOf(STEPS),
                "--save-steps", "2",
                "--grad-accum", "1",
                "--prompt-style", "RAW",
                "--resume", "auto",
                "--no-progress"));
    if (trainer.equals("sft")) {
      cmd.addAll(List.of("--batch-size", "1", "--lr", "1e-2"));
    } else {
      // one prompt of G = 2 per step, 8 new tokens
      cmd.addAll(List.of("--num-generations", "2", "--batch-size", "2", "--max-completion-length", "8", "--lr", "1e-3"));
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log).toFile()));
    return pb.start();
  }

  private String log(String name) throws IOException {
    return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
  }

  private void runToEnd(String trainer, Path model, Path jsonl, String out, String log) throws Exception {
    Process p = start(trainer, model, jsonl, out, log);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("%s run %s finished in time", trainer, out).isTrue();
    assertThat(p.exitValue()).as("exit code of %s; output:%n%s", out, log(log)).isZero();
  }

  private static List<String> metricsWithoutTime(Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    for (String l : Files.readAllLines(out.resolve("metrics.jsonl"))) {
      ObjectNode n = (ObjectNode) json.readTree(l);
      assertThat(n.has("step_time")).isTrue();
      n.remove("step_time");
      lines.add(n.toString());
    }
    return lines;
  }

  @ParameterizedTest
  @ValueSource(strings = {"sft", "grpo"})
  void sigkilledRunResumesToTheSameWeightsAndMetrics(String trainer) throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path model = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    Path jsonl = data();

    runToEnd(trainer, model, jsonl, "straight", "straight.log");

    Process victim = start(trainer, model, jsonl, "killed", "killed.log");
    Path firstCheckpoint = dir.resolve("killed/checkpoint-2/trainer_state.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!Files.exists(firstCheckpoint) && victim.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    boolean aliveAtKill = victim.isAlive();
    victim.destroyForcibly();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.exists(firstCheckpoint)).as("checkpoint-2 written; output:%n%s", log("killed.log")).isTrue();
    assertThat(aliveAtKill).as("the run was still training when killed").isTrue();
    assertThat(dir.resolve("killed/checkpoint-" + STEPS)).doesNotExist();

    runToEnd(trainer, model, jsonl, "killed", "resumed.log");
    assertThat(log("resumed.log")).contains("resuming " + trainer.toUpperCase(java.util.Locale.ROOT) + " from");

    Path a = dir.resolve("straight/checkpoint-" + STEPS);
    Path b = dir.resolve("killed/checkpoint-" + STEPS);
    for (String f : List.of("model/model.safetensors", "optimizer.safetensors", "trainer_state.json", "run_config.json")) {
      assertThat(Files.readAllBytes(b.resolve(f))).as(f).isEqualTo(Files.readAllBytes(a.resolve(f)));
    }
    assertThat(metricsWithoutTime(dir.resolve("killed"))).hasSize(STEPS).isEqualTo(metricsWithoutTime(dir.resolve("straight")));
    if (trainer.equals("grpo")) {
      assertThat(Files.readAllLines(dir.resolve("killed/completions.jsonl")))
          .isEqualTo(Files.readAllLines(dir.resolve("straight/completions.jsonl")));
    }
    // the weights did move: the final model differs from the one at step 2
    assertThat(Files.readAllBytes(a.resolve("model/model.safetensors")))
        .isNotEqualTo(Files.readAllBytes(dir.resolve("straight/checkpoint-2/model/model.safetensors")));
  }
}
