package org.robustr1.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.eval.StubChatServer;
import org.robustr1.eval.rbench.full.FakeModel;
import org.robustr1.eval.rbench.full.NotebookJudge;
import org.robustr1.eval.rbench.full.RBenchFixtures;
import org.robustr1.eval.rbench.full.RuleJudgeServer;
import picocli.CommandLine;

/**
 * {@code robustr1 eval --bench rbench-full} end to end: a 30-item fixture parquet (MCQ, VQA, CAP at
 * strengths 1-3, real JPEGs) through the embedded tiny Qwen2.5-VL and a stub judge answering by a
 * rule, checked against a hand computation and against {@code rbench-score}; a run SIGKILLed
 * during generation and again during judging, then finished, asks every generation and every
 * judge call exactly once; malformed data ends in one line naming row and field.
 */
class RbenchFullCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static int run(StringWriter out, StringWriter err, String... args) {
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void tinyModelEndToEndEqualsHandComputationAndRbenchScore() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(10);
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path model = EvalModelCommandTest.embeddedCheckpoint(dir.resolve("embedded"));
    Path out = dir.resolve("out");
    try (RuleJudgeServer judge = new RuleJudgeServer(4, 0)) {
      StringWriter sw = new StringWriter();
      StringWriter err = new StringWriter();
      int rc = run(sw, err, "eval", "--bench", "rbench-full", "--data", data.toString(), "--model", model.toString(),
          "--judge", judge.url(), "--judge-concurrency", "3", "--max-new-tokens", "4", "--out", out.toString());
      assertThat(rc).as(sw + "\n" + err).isZero();
      assertThat(sw.toString()).contains("generated 60, cached 0").contains("## Absolute robustness")
          .contains("LLM judge gpt-3.5-turbo at " + judge.url());

      Path expRef = out.resolve("exp/embedded_ref.csv");
      Path expDis = out.resolve("exp/embedded_dis.csv");
      List<String> sent = new ArrayList<>();
      Map<String, List<Double>> want = NotebookJudge.expected(rows, expRef, expDis, sent);
      for (String c : List.of("dis", "ref", "com")) {
        assertThat(NotebookJudge.resultColumn(out.resolve("result/Result_" + c + "_embedded.csv")))
            .as(c).containsExactlyElementsOf(want.get(c));
      }
      // the prompts the judge received are the notebook's strings, each (prompt, repeat) once
      Map<String, Integer> calls = NotebookJudge.callsPerPrompt(rows, sent);
      assertThat(judge.calls().keySet()).containsExactlyInAnyOrderElementsOf(calls.keySet());
      calls.forEach((p, n) -> assertThat(judge.calls().get(p).get()).as(p).isEqualTo(n));

      // rbench-score on the Result files gives the command's own table
      StringWriter score = new StringWriter();
      assertThat(run(score, new StringWriter(), "rbench-score", "--json",
          "--ref", out.resolve("result/Result_ref_embedded.csv").toString(),
          "--dis", out.resolve("result/Result_dis_embedded.csv").toString(),
          "--com", out.resolve("result/Result_com_embedded.csv").toString())).isZero();
      JsonNode official = JSON.readTree(score.toString());
      JsonNode own = JSON.readTree(out.resolve("summary.json").toFile());
      assertThat(own.get("absolute")).isEqualTo(official.get("absolute"));
      assertThat(own.get("relative")).isEqualTo(official.get("relative"));
      assertThat(own.get("items").asInt()).isEqualTo(30);
      assertThat(own.get("ci95").get("absolute").get("overall")).hasSize(2);
    }
  }

  /** A stub model endpoint answering {@link FakeModel#answer} per prompt and image, counting the replies it delivered. */
  private static final class ModelStub implements AutoCloseable {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final AtomicInteger requests = new AtomicInteger();
    volatile java.util.function.IntPredicate gate = n -> true;
    final StubChatServer server = new StubChatServer(req -> {
      String text = StubChatServer.userText(req);
      String image = req.get("messages").get(0).get("content").get(0).get("image_url").get("url").asText();
      if (!gate.test(requests.incrementAndGet())) {
        return "dropped";
      }
      calls.computeIfAbsent(text + "#" + image.hashCode(), k -> new AtomicInteger()).incrementAndGet();
      return FakeModel.answer(text, image.getBytes(StandardCharsets.US_ASCII));
    });

    ModelStub() throws IOException {}

    @Override
    public void close() {
      server.close();
    }
  }

  private Process start(Path data, Path out, String model, String judge, int concurrency, Path log) throws IOException {
    List<String> cmd = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-Dai.djl.offline=true", "-Djava.awt.headless=true",
        "-cp", System.getProperty("java.class.path"),
        RobustR1Command.class.getName(),
        "eval", "--bench", "rbench-full", "--data", data.toString(), "--endpoint", model, "--judge", judge,
        "--judge-concurrency", String.valueOf(concurrency), "--out", out.toString());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return pb.start();
  }

  private static long lines(Path p) throws IOException {
    if (!Files.exists(p)) {
      return 0;
    }
    long n = 0;
    for (byte b : Files.readAllBytes(p)) {
      n += b == '\n' ? 1 : 0;
    }
    return n;
  }

  /**
   * Kills {@code victim} once {@code cache} holds {@code persisted} complete lines (every reply
   * delivered so far is on disk), so the kill lands between two calls; false = drop this request.
   */
  private static boolean kill(AtomicReference<Process> victim, Path cache, long persisted) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try {
      while (lines(cache) < persisted && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      victim.get().destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
    return false;
  }

  @Test
  void killedDuringGenerationAndDuringJudgingEveryCallIsMadeOnce() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(10);
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path out = dir.resolve("out");
    Path log = dir.resolve("run.log");
    AtomicReference<Process> victim = new AtomicReference<>();
    try (ModelStub model = new ModelStub(); RuleJudgeServer judge = new RuleJudgeServer(0, 0)) {
      // 1: killed at the 25th generation request (24 generations delivered and persisted)
      model.gate = n -> n != 25 || kill(victim, out.resolve("generations.jsonl"), 24);
      victim.set(start(data, out, model.server.baseUrl(), judge.url(), 4, log));
      assertThat(victim.get().waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(victim.get().exitValue()).as(Files.readString(log)).isNotZero();
      assertThat(lines(out.resolve("generations.jsonl"))).isEqualTo(24);
      assertThat(judge.delivered()).isZero();

      // 2: resumes generation, killed at the 100th judge request (one call in flight at a time, so
      // that no other request of the killed run is still on its way to the stub)
      model.gate = n -> true;
      judge.setGate(n -> n != 100 || kill(victim, out.resolve("judge_cache.jsonl"), judge.delivered()));
      victim.set(start(data, out, model.server.baseUrl(), judge.url(), 1, log));
      assertThat(victim.get().waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(victim.get().exitValue()).as(Files.readString(log)).isNotZero();
      assertThat(lines(out.resolve("generations.jsonl"))).isEqualTo(60);
      assertThat(judge.delivered()).isEqualTo(99);
      assertThat(lines(out.resolve("judge_cache.jsonl"))).isEqualTo(99);

      // 3: finishes, four judge calls at a time
      judge.setGate(n -> true);
      victim.set(start(data, out, model.server.baseUrl(), judge.url(), 4, log));
      assertThat(victim.get().waitFor(120, TimeUnit.SECONDS)).isTrue();
      String all = Files.readString(log);
      assertThat(victim.get().exitValue()).as(all).isZero();
      assertThat(all).contains("generated 0, cached 60").contains("resuming from");

      assertThat(model.calls).hasSize(60);
      assertThat(model.calls.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
      List<String> sent = new ArrayList<>();
      Map<String, List<Double>> want = NotebookJudge.expected(rows, out.resolve("exp/default_ref.csv"),
          out.resolve("exp/default_dis.csv"), sent);
      Map<String, Integer> calls = NotebookJudge.callsPerPrompt(rows, sent);
      assertThat(judge.calls().keySet()).containsExactlyInAnyOrderElementsOf(calls.keySet());
      calls.forEach((p, n) -> assertThat(judge.calls().get(p).get()).as(p).isEqualTo(n));
      for (String c : List.of("dis", "ref", "com")) {
        assertThat(NotebookJudge.resultColumn(out.resolve("result/Result_" + c + "_default.csv")))
            .as(c).containsExactlyElementsOf(want.get(c));
      }
    }
  }

  @Test
  void malformedParquetEndsInOneLineNamingRowAndFieldAndSkipWritesWhatWasSkipped() throws Exception {
    try (RuleJudgeServer judge = new RuleJudgeServer(0, 0); ModelStub model = new ModelStub()) {
      String[] base = {"eval", "--bench", "rbench-full", "--endpoint", model.server.baseUrl(), "--judge", judge.url()};

      Path noColumn = RBenchFixtures.writeParquet(dir.resolve("a.parquet"), RBenchFixtures.standard(1), Set.of("type"),
          CompressionCodecName.SNAPPY, 4);
      StringWriter err = new StringWriter();
      assertThat(run(new StringWriter(), err, args(base, noColumn, dir.resolve("o1")))).isEqualTo(2);
      assertThat(err.toString().strip()).startsWith("robustr1 eval: " + noColumn + ": column 'type' is missing")
          .doesNotContain("\n");

      List<RBenchFixtures.Row> rows = new ArrayList<>(RBenchFixtures.standard(2));
      rows.set(4, rows.get(4).withType("OCR"));
      Path badType = RBenchFixtures.writeParquet(dir.resolve("b.parquet"), rows);
      err = new StringWriter();
      assertThat(run(new StringWriter(), err, args(base, badType, dir.resolve("o2")))).isEqualTo(2);
      assertThat(err.toString().strip())
          .isEqualTo("robustr1 eval: " + badType + ", row 5: field 'type' has an unknown R-Bench type 'OCR'; expected MCQ, VQA or CAP");

      rows.set(4, rows.get(4).withType("CAP"));
      rows.set(1, rows.get(1).withDis(new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3}));
      Path badImage = RBenchFixtures.writeParquet(dir.resolve("c.parquet"), rows);
      err = new StringWriter();
      assertThat(run(new StringWriter(), err, args(base, badImage, dir.resolve("o3")))).isEqualTo(2);
      assertThat(err.toString().strip()).startsWith("robustr1 eval: " + badImage
          + ", row 2: field 'dis_image.bytes' cannot be decoded as an image (item MMBench_1.jpg)").doesNotContain("\n");

      rows.set(4, rows.get(4).withType("OCR"));
      Path both = RBenchFixtures.writeParquet(dir.resolve("d.parquet"), rows);
      StringWriter sw = new StringWriter();
      List<String> skipArgs = new ArrayList<>(List.of(args(base, both, dir.resolve("o4"))));
      skipArgs.addAll(List.of("--policy", "skip"));
      assertThat(run(sw, new StringWriter(), skipArgs.toArray(String[]::new))).as(sw.toString()).isZero();
      assertThat(sw.toString()).contains("skipped 2");
      List<String> skipped = Files.readAllLines(dir.resolve("o4/skipped.tsv"));
      assertThat(skipped).hasSize(3);
      assertThat(skipped.get(1)).contains("\t5\tCOCO_0.jpg\t").contains("field 'type'");
      assertThat(skipped.get(2)).contains("\t2\tMMBench_1.jpg\t").contains("field 'dis_image.bytes'");
      assertThat(Files.readAllLines(dir.resolve("o4/result/Result_dis_default.csv"))).hasSize(5);
    }
  }

  private static String[] args(String[] base, Path data, Path out) {
    List<String> a = new ArrayList<>(List.of(base));
    a.addAll(List.of("--data", data.toString(), "--out", out.toString()));
    return a.toArray(String[]::new);
  }
}
