package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.robustr1.cli.CliBehaviourTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.testing.SharedData;

/**
 * {@code robustr1 serve}: every option in its help; and the round trip: {@code eval --endpoint}
 * against {@code serve} (a child JVM, as users run it) scores a small MMStar TSV exactly as {@code
 * eval --model} does in process with greedy decoding, answer for answer; then SIGTERM stops the
 * server cleanly.
 */
class ServeCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern URL = Pattern.compile("at (http://127\\.0\\.0\\.1:(\\d+)/) ");

  @TempDir Path dir;

  @Test
  void helpListsEveryOption() {
    StringWriter sw = new StringWriter();
    assertThat(run(sw, "serve", "--help")).isZero();
    String help = sw.toString();
    for (String o : List.of("--model", "--baseline", "--served-model-name", "--baseline-name", "--host", "--port",
        "--device", "--max-batch", "--queue-size", "--max-body-bytes", "--max-image-pixels", "--page-max-pixels",
        "--request-timeout", "--shutdown-grace", "--allow-remote-images", "--default-max-tokens",
        "--max-tokens-limit", "--max-pixels", "--min-pixels", "--allow-nonfinite-weights")) {
      assertThat(help).as(o).contains(o);
    }
    StringWriter top = new StringWriter();
    run(top, "--help");
    assertThat(top.toString()).contains("serve");
  }

  @Test
  void aMissingModelFolderIsOneLine() {
    StringWriter sw = new StringWriter();
    assertThat(run(sw, "serve", "--model", dir.resolve("nope").toString())).isNotZero();
    assertThat(sw.toString()).contains("--model " + dir.resolve("nope") + " is not a directory");
  }

  @Test
  void evalThroughServeScoresAsEvalInProcessOnTheGoldenTinyModel() throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    roundTrip(SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow());
  }

  @Test
  void evalThroughServeScoresAsEvalInProcessOnTheEmbeddedTinyModel() throws Exception {
    roundTrip(EvalModelCommandTest.embeddedCheckpoint(dir.resolve("embedded")));
  }

  private void roundTrip(Path model) throws Exception {
    Path data = EvalModelCommandTest.mmstar(dir, 4);
    List<String> common = List.of("eval", "--bench", "mmstar", "--data", data.toString(), "--degrade", "clean,50",
        "--prompt", "robust-r1", "--max-new-tokens", "10", "--seed", "3");
    Path local = dir.resolve("local");
    List<String> a = new ArrayList<>(common);
    a.addAll(List.of("--model", model.toString(), "--out", local.toString()));
    StringWriter sw = new StringWriter();
    assertThat(run(sw, a.toArray(String[]::new))).as(sw.toString()).isZero();

    Path log = dir.resolve("serve.log");
    Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-Dai.djl.offline=true", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        RobustR1Command.class.getName(), "serve", "--model", model.toString(), "--port", "0",
        "--served-model-name", "tiny").redirectErrorStream(true).start();
    Output output = new Output(serve);
    try {
      String base = output.url();
      Path remote = dir.resolve("remote");
      List<String> b = new ArrayList<>(common);
      b.addAll(List.of("--endpoint", base + "v1", "--served-model", "tiny", "--out", remote.toString()));
      StringWriter sw2 = new StringWriter();
      assertThat(run(sw2, b.toArray(String[]::new))).as(sw2.toString()).isZero();
      assertThat(sw2.toString()).contains("asked 8, cached 0");
      assertThat(predictions(remote)).isEqualTo(predictions(local)).hasSize(8);
      for (String track : List.of("clean", "50")) {
        Path scores = Path.of("scores", track, "MMStar", "acc.csv");
        assertThat(Files.readString(remote.resolve(scores))).isEqualTo(Files.readString(local.resolve(scores)));
      }
      assertThat(summary(remote)).isEqualTo(summary(local));
    } finally {
      // SIGTERM through the handle: Process.destroy() would also close the pipe we read
      serve.toHandle().destroy();
    }
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = output.all();
    Files.writeString(log, out);
    assertThat(serve.exitValue()).as(out).isIn(0, 143);
    assertThat(out).contains("robustr1 serve: stopped after 8 chat completion request(s)");
  }

  /** The child's output, read as it comes (so the child never blocks on a full pipe). */
  private static final class Output {
    final StringBuffer text = new StringBuffer();
    final Thread reader;

    Output(Process p) {
      reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line; (line = r.readLine()) != null; ) {
            text.append(line).append('\n');
          }
        } catch (IOException e) {
          text.append(e).append('\n');
        }
      });
      reader.start();
    }

    /** Waits until the server prints its URL; returns {@code http://127.0.0.1:PORT/}. */
    String url() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (System.nanoTime() < deadline && reader.isAlive()) {
        for (String line : text.toString().split("\n")) {
          Matcher m = URL.matcher(line);
          if (line.startsWith("robustr1 serve:") && m.find()) {
            return m.group(1);
          }
        }
        Thread.sleep(50);
      }
      throw new AssertionError("serve did not start; its output:\n" + text);
    }

    String all() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(30));
      return text.toString();
    }
  }

  private static Map<String, String> predictions(Path out) throws IOException {
    Map<String, String> m = new TreeMap<>();
    for (String l : Files.readAllLines(out.resolve("predictions.jsonl"), StandardCharsets.UTF_8)) {
      JsonNode n = JSON.readTree(l);
      m.put(n.get("key").asText(), n.get("prediction").asText());
    }
    return m;
  }

  private static JsonNode summary(Path out) throws IOException {
    JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
    for (JsonNode row : s) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) row).remove("model");
    }
    return s;
  }
}
