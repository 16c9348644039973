package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.robustr1.cli.CliBehaviourTest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.testing.SharedData;

/**
 * {@code robustr1 eval --model DIR}: the in-process Qwen2.5-VL through the same runner as an
 * endpoint (prediction cache, degradation tracks, scores, report), on the golden tiny checkpoint
 * and on the embedded tiny model saved with random weights; and a SIGKILLed child-JVM run resumed.
 */
class EvalModelCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  /** An MMStar-like TSV of n items with real base64 JPEGs of different sizes. */
  static Path mmstar(Path dir, int n) throws IOException {
    StringBuilder tsv = new StringBuilder("index\tquestion\tA\tB\tC\tD\tanswer\tcategory\tl2-category\timage\n");
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(56 + 4 * (i % 3), 48 + 8 * (i % 2), BufferedImage.TYPE_INT_RGB);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color((i * 53) % 256, (i * 97) % 256, (i * 31) % 256));
      g.fillRect(0, 0, img.getWidth(), img.getHeight());
      g.setColor(Color.WHITE);
      g.fillRect(8, 8, 20, 16);
      g.dispose();
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      ImageIO.write(img, "jpg", bos);
      tsv.append(i).append("\twhat is the colour of the box?\tred\tgreen\tblue\twhite\t").append("ABCD".charAt(i % 4))
          .append('\t').append(i % 2 == 0 ? "coarse perception" : "fine-grained perception")
          .append("\tcolour\t").append(Base64.getEncoder().encodeToString(bos.toByteArray())).append('\n');
    }
    Path data = dir.resolve("MMStar.tsv");
    Files.writeString(data, tsv.toString(), StandardCharsets.UTF_8);
    return data;
  }

  /** The embedded tiny model with random weights, saved as a checkpoint folder. */
  static Path embeddedCheckpoint(Path dir) throws IOException {
    return embeddedCheckpoint(dir, 5);
  }

  /** The embedded tiny model with random weights drawn from {@code seed}, saved as a checkpoint folder. */
  static Path embeddedCheckpoint(Path dir, long seed) throws IOException {
    Path m = EmbeddedModel.writeCheckpointFiles(dir);
    CheckpointConfig cc = CheckpointConfig.read(m);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(cc.model(), seed, cc.generation())) {
      model.save(m);
    }
    return m;
  }

  private static List<JsonNode> jsonl(Path p) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String l : Files.readAllLines(p, StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(l));
    }
    return out;
  }

  private void evalsEndToEnd(Path model, String expectedName) throws Exception {
    Path data = mmstar(dir, 4);
    Path out = dir.resolve("out");
    String[] args = {"eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--degrade", "clean,25", "--max-new-tokens", "4", "--out", out.toString(), "--seed", "2"};
    StringWriter sw = new StringWriter();
    assertThat(run(sw, args)).as(sw.toString()).isZero();
    assertThat(sw.toString()).contains("asked 8, cached 0").contains("| MMStar | clean |").contains("| MMStar | 25 |");
    List<JsonNode> preds = jsonl(out.resolve("predictions.jsonl"));
    assertThat(preds).hasSize(8);
    assertThat(preds.stream().map(n -> n.get("key").asText()).distinct()).hasSize(8);
    assertThat(preds).allSatisfy(n -> assertThat(n.get("model").asText()).isEqualTo(expectedName));
    for (String track : List.of("clean", "25")) {
      List<JsonNode> items = jsonl(out.resolve("scores/" + track + "/MMStar/items.jsonl"));
      assertThat(items.stream().map(n -> n.get("index").asText())).containsExactlyInAnyOrder("0", "1", "2", "3");
    }
    // the 25 % track degraded each item's one image
    assertThat(Files.readAllLines(out.resolve("degradation_manifest.jsonl")).stream()
        .filter(l -> l.contains("\"track\":\"25\""))).hasSize(4);
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get(1).get("intensity").asDouble()).isEqualTo(0.23);
    for (String f : List.of("summary.csv", "summary.md", "accuracy_vs_intensity.png", "scores/clean/MMStar/acc.csv")) {
      assertThat(out.resolve(f)).exists();
    }
    // rerun: everything cached, the model is not asked again
    StringWriter sw2 = new StringWriter();
    assertThat(run(sw2, args)).as(sw2.toString()).isZero();
    assertThat(sw2.toString()).contains("asked 0, cached 8");
    assertThat(Files.readAllLines(out.resolve("predictions.jsonl"))).hasSize(8);
  }

  @Test
  void evalWithGoldenTinyCheckpoint() throws Exception {
    assumeTrue(SharedData.root().isPresent(), SharedData.MISSING);
    Path model = SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow();
    evalsEndToEnd(model, "qwen25vl-tiny-a");
  }

  @Test
  void evalWithEmbeddedTinyModel() throws Exception {
    evalsEndToEnd(embeddedCheckpoint(dir.resolve("embedded")), "embedded");
  }

  @Test
  void evalIntoAFolderMadeByAnotherModelIsRefusedNamingModel() throws Exception {
    Path data = mmstar(dir, 2);
    Path out = dir.resolve("out");
    Path a = embeddedCheckpoint(dir.resolve("model-a"), 5);
    StringWriter sw = new StringWriter();
    assertThat(run(sw, "eval", "--bench", "mmstar", "--data", data.toString(), "--model", a.toString(),
        "--max-new-tokens", "2", "--out", out.toString())).as(sw.toString()).isZero();
    List<String> cached = Files.readAllLines(out.resolve("predictions.jsonl"));

    // another model, another prompt and another budget into the same folder: refused, nothing mixed
    Path b = embeddedCheckpoint(dir.resolve("model-b"), 6);
    String[] other = {"eval", "--bench", "mmstar", "--data", data.toString(), "--model", b.toString(),
        "--prompt", "robust-r1", "--max-new-tokens", "8", "--out", out.toString()};
    StringWriter sw2 = new StringWriter();
    assertThat(run(sw2, other)).isNotZero();
    assertThat(sw2.toString())
        .contains("model: was 'model-a', now 'model-b'")
        .contains("model_checksum: was")
        .contains("max_new_tokens: was '2', now '8'")
        .contains("prompt: was 'vlmevalkit', now 'robust-r1'")
        .doesNotContain("asked 0, cached");
    assertThat(Files.readAllLines(out.resolve("predictions.jsonl"))).isEqualTo(cached);

    // the same folder name with other weights is another model too
    Path a2 = embeddedCheckpoint(dir.resolve("again").resolve("model-a"), 7);
    StringWriter sw3 = new StringWriter();
    assertThat(run(sw3, "eval", "--bench", "mmstar", "--data", data.toString(), "--model", a2.toString(),
        "--max-new-tokens", "2", "--out", out.toString())).isNotZero();
    assertThat(sw3.toString()).contains("model_checksum: was").doesNotContain("model: was");

    // --overwrite starts over with the new model
    StringWriter sw4 = new StringWriter();
    String[] overwrite = java.util.Arrays.copyOf(other, other.length + 1);
    overwrite[other.length] = "--overwrite";
    assertThat(run(sw4, overwrite)).as(sw4.toString()).isZero();
    assertThat(sw4.toString()).contains("asked 2, cached 0");
    assertThat(jsonl(out.resolve("predictions.jsonl"))).allSatisfy(n -> assertThat(n.get("model").asText()).isEqualTo("model-b"));
  }

  @Test
  void anImageUnderTenPixelsIsOneBadRowThatPolicySkipSkips() throws Exception {
    Path data = mmstar(dir, 3);
    // replace row 2's image (index 1) with a 5 x 5 JPEG
    BufferedImage tiny = new BufferedImage(5, 5, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    ImageIO.write(tiny, "jpg", bos);
    List<String> lines = new ArrayList<>(Files.readAllLines(data));
    String row = lines.get(2);
    lines.set(2, row.substring(0, row.lastIndexOf('\t') + 1) + Base64.getEncoder().encodeToString(bos.toByteArray()));
    Files.write(data, lines);
    Path model = embeddedCheckpoint(dir.resolve("m"));
    String[] args = {"eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--max-new-tokens", "2", "--out", dir.resolve("fail").toString()};
    StringWriter sw = new StringWriter();
    assertThat(run(sw, args)).isNotZero();
    assertThat(sw.toString()).contains(data + ", row 2").contains("index 1")
        .contains("image 5x5 (WxH) is too small").contains("at least 10 pixels")
        .doesNotContain("larger than factor");
    StringWriter sw2 = new StringWriter();
    String[] skip = java.util.Arrays.copyOf(args, args.length + 2);
    skip[args.length - 1] = dir.resolve("skip").toString();
    skip[args.length] = "--policy";
    skip[args.length + 1] = "skip";
    assertThat(run(sw2, skip)).as(sw2.toString()).isZero();
    assertThat(sw2.toString()).contains("asked 2, cached 0, skipped 1").contains("too small");
    assertThat(Files.readString(dir.resolve("skip/skipped.tsv"))).contains("\t1\t").contains("too small");
  }

  @Test
  void samplingAndBatchOptionsReachTheModel() throws Exception {
    Path model = embeddedCheckpoint(dir.resolve("embedded"));
    Path data = mmstar(dir, 5);
    String[] base = {"eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--max-new-tokens", "6", "--batch-size", "2", "--seed", "4"};
    List<String> texts = new ArrayList<>();
    for (String o : List.of("a", "b")) {
      List<String> args = new ArrayList<>(List.of(base));
      args.addAll(List.of("--temperature", "1.5", "--top-k", "50", "--top-p", "0.95", "--out", dir.resolve(o).toString()));
      StringWriter sw = new StringWriter();
      assertThat(run(sw, args.toArray(String[]::new))).as(sw.toString()).isZero();
      assertThat(sw.toString()).contains("asked 5, cached 0");
      StringBuilder t = new StringBuilder();
      jsonl(dir.resolve(o).resolve("predictions.jsonl")).forEach(n -> t.append(n.get("prediction").asText()).append('\n'));
      texts.add(t.toString());
    }
    // the same seed samples the same answers
    assertThat(texts.get(1)).isEqualTo(texts.get(0));
    StringWriter bad = new StringWriter();
    assertThat(run(bad, "eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--greedy", "--temperature", "0.7", "--out", dir.resolve("c").toString())).isNotZero();
    assertThat(bad.toString()).contains("mutually exclusive");
    StringWriter both = new StringWriter();
    assertThat(run(both, "eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--endpoint", "http://127.0.0.1:1/v1", "--out", dir.resolve("d").toString())).isNotZero();
    assertThat(both.toString()).contains("mutually exclusive");
    StringWriter topP = new StringWriter();
    assertThat(run(topP, "eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--temperature", "0.7", "--top-p", "1.5", "--out", dir.resolve("e").toString())).isNotZero();
    assertThat(topP.toString()).contains("topP must be in (0, 1]");
  }

  private Process start(Path model, Path data, Path out, Path log) throws IOException {
    List<String> cmd = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"),
        RobustR1Command.class.getName(),
        "eval", "--bench", "mmstar", "--data", data.toString(), "--model", model.toString(),
        "--max-new-tokens", "24", "--out", out.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private static long lines(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    byte[] b = Files.readAllBytes(p);
    long n = 0;
    for (byte x : b) {
      n += x == '\n' ? 1 : 0;
    }
    return n;
  }

  @Test
  void sigkilledEvalResumesWithoutAskingTwice() throws Exception {
    int n = 40;
    Path model = embeddedCheckpoint(dir.resolve("embedded"));
    Path data = mmstar(dir, n);
    Path out = dir.resolve("out");
    Path cache = out.resolve("predictions.jsonl");
    Path log = dir.resolve("eval.log");
    Process victim = start(model, data, out, log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (lines(cache) < 2 && victim.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    boolean aliveAtKill = victim.isAlive();
    victim.destroyForcibly();
    assertThat(victim.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String firstLog = Files.readString(log);
    assertThat(lines(cache)).as("predictions before the kill; output:%n%s", firstLog).isGreaterThanOrEqualTo(2);
    assertThat(aliveAtKill).as("the run was still evaluating when killed; output:%n%s", firstLog).isTrue();
    long before = lines(cache);
    assertThat(before).isLessThan(n);

    Process resumed = start(model, data, out, log);
    assertThat(resumed.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String all = Files.readString(log);
    assertThat(resumed.exitValue()).as(all).isZero();
    assertThat(all).contains("resuming from");
    List<JsonNode> preds = jsonl(cache);
    Set<String> keys = new HashSet<>();
    preds.forEach(p -> assertThat(keys.add(p.get("key").asText())).as("duplicate %s", p.get("key")).isTrue());
    assertThat(keys).hasSize(n);
    List<JsonNode> items = jsonl(out.resolve("scores/clean/MMStar/items.jsonl"));
    List<String> indices = items.stream().map(i -> i.get("index").asText()).toList();
    assertThat(indices).doesNotHaveDuplicates().hasSize(n);
    assertThat(all).contains("cached " + before);
  }
}
