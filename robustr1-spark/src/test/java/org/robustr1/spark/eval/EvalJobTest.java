package org.robustr1.spark.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.cli.RobustR1Command;
import org.robustr1.eval.StubChatServer;
import org.robustr1.eval.TestImages;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.spark.LocalSpark;
import org.robustr1.testing.SharedData;
import picocli.CommandLine;

/**
 * The Spark eval job against {@code robustr1 eval} on the same TSV: identical predictions, manifest,
 * scores and report with a stub endpoint (a pool of two, three requests in flight) and with the tiny
 * in-process model; and a task attempt that fails mid-partition is retried without a duplicate
 * prediction.
 */
class EvalJobTest {

  /** Written by eval only (run fingerprint), or by the job only (its table). */
  /** Files that record a run (its settings, time, command line) rather than its results. */
  private static final Set<String> NOT_COMPARED =
      Set.of("fingerprint.json", "skipped.tsv", "provenance.json", "resolved_config.yaml");

  @TempDir Path dir;

  private static String reply(int k) {
    char right = "ABCD".charAt(k % 4);
    return k % 4 == 3 ? "no idea" : k % 2 == 0 ? "(" + right + ")" : "Answer: " + (right == 'A' ? 'B' : 'A');
  }

  private static StubChatServer stub() throws IOException {
    return new StubChatServer(req -> reply(TestImages.questionNumber(StubChatServer.userText(req))), 4);
  }

  /** A stub that takes 30 ms per answer, so concurrent requests overlap. */
  private static StubChatServer slowStub() throws IOException {
    return new StubChatServer(req -> {
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return reply(TestImages.questionNumber(StubChatServer.userText(req)));
    }, 4);
  }

  private static void eval(String... args) {
    StringWriter sw = new StringWriter();
    CommandLine cl = RobustR1Command.commandLine();
    cl.setOut(new PrintWriter(sw));
    cl.setErr(new PrintWriter(sw));
    assertThat(cl.execute(args)).as(sw.toString()).isZero();
  }

  /** Every output file of a run folder but the job's Parquet table. */
  private static Map<String, String> files(Path out) {
    Map<String, String> m = LocalSpark.sha256All(out, NOT_COMPARED);
    m.keySet().removeIf(k -> k.startsWith("predictions.parquet"));
    return m;
  }

  private static void assertSameRun(Path spark, Path reference) throws IOException {
    assertThat(Files.readString(spark.resolve("predictions.jsonl")))
        .isEqualTo(Files.readString(reference.resolve("predictions.jsonl")));
    assertThat(Files.readString(spark.resolve("summary.md"))).isEqualTo(Files.readString(reference.resolve("summary.md")));
    assertThat(files(spark)).containsKey("scores/50/MMStar/items.jsonl").isEqualTo(files(reference));
  }

  @Test
  void stubEndpointPoolGivesEvalsPredictionsAndScores() throws Exception {
    Path tsv = TestImages.mmstarLike(dir, 12);
    try (StubChatServer s = slowStub()) {
      Path ref = dir.resolve("eval");
      eval("eval", "--bench", "mmstar", "--data", tsv.toString(), "--endpoint", s.baseUrl(), "--served-model", "stub-vlm",
          "--degrade", "clean,50", "--seed", "5", "--out", ref.toString());
      Path out = dir.resolve("spark");
      EvalJob.Result r = EvalJob.builder().setBench("mmstar").setData(tsv.toString())
          .setModel(ModelSpec.endpoints(List.of(s.baseUrl(), s.baseUrl()), "stub-vlm", "OPENAI_API_KEY", 3))
          .setOutputDir(out).optTracks("clean,50").optSeed(5).optPartitions(3).build().run(LocalSpark.get());
      assertThat(r.predictions()).isEqualTo(24);
      assertThat(r.duplicatesDropped()).isZero();
      assertSameRun(out, ref);
      assertThat(s.maxInFlight()).isGreaterThan(1);
    }
  }

  @Test
  void failedAttemptMidPartitionLeavesNoDuplicate() throws Exception {
    Path tsv = TestImages.mmstarLike(dir, 12);
    try (StubChatServer s = stub()) {
      Path ref = dir.resolve("eval");
      eval("eval", "--bench", "mmstar", "--data", tsv.toString(), "--endpoint", s.baseUrl(), "--served-model", "stub-vlm",
          "--degrade", "clean,50", "--out", ref.toString());
      int asked = s.requests().size();
      Path out = dir.resolve("spark");
      // partition 0 answers items 0 and 2 under two tracks: its first attempt dies after one batch
      EvalJob.Result r = EvalJob.builder().setBench("mmstar").setData(tsv.toString())
          .setModel(ModelSpec.endpoints(List.of(s.baseUrl()), "stub-vlm", "OPENAI_API_KEY", 1))
          .setOutputDir(out).optTracks("clean,50").optPartitions(2).optFailFirstAttempt(0, 1)
          .build().run(LocalSpark.get());
      assertThat(s.requests().size() - asked).as("the failed attempt asked, the retry asked again").isGreaterThan(24);
      assertThat(r.duplicatesDropped()).isZero();
      Dataset<Row> table = LocalSpark.get().read().parquet(out.resolve("predictions.parquet").toString())
          .filter("kind = 'prediction'");
      assertThat(table.count()).isEqualTo(24);
      assertThat(table.select("key_hash").distinct().count()).isEqualTo(24);
      assertSameRun(out, ref);
    }
  }

  @Test
  void tinyInProcessModelGivesEvalsPredictionsAndScores() throws Exception {
    Path model = SharedData.root().isPresent()
        ? SharedData.resolve("golden/qwen25vl-tiny-a").orElseThrow()
        : embeddedCheckpoint(dir.resolve("embedded"));
    Path tsv = TestImages.mmstarLike(dir, 6);
    Path ref = dir.resolve("eval");
    eval("eval", "--bench", "mmstar", "--data", tsv.toString(), "--model", model.toString(), "--max-new-tokens", "4",
        "--degrade", "clean,50", "--seed", "2", "--out", ref.toString());
    Path out = dir.resolve("spark");
    int before = ExecutorModels.opened();
    EvalJob.Result r = EvalJob.builder().setBench("mmstar").setData(tsv.toString())
        .setModel(ModelSpec.checkpoint(model.toString(), null)).setOutputDir(out).optTracks("clean,50").optSeed(2)
        .optSampling(SamplingConfig.greedy(4)).optPartitions(3).build().run(LocalSpark.get());
    assertThat(r.predictions()).isEqualTo(12);
    assertThat(ExecutorModels.opened() - before).as("one model per executor JVM, not per task").isEqualTo(1);
    assertSameRun(out, ref);
  }

  /** The embedded tiny model with random weights, saved as a checkpoint folder. */
  private static Path embeddedCheckpoint(Path dir) throws IOException {
    Path m = EmbeddedModel.writeCheckpointFiles(dir);
    CheckpointConfig cc = CheckpointConfig.read(m);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(cc.model(), 5, cc.generation())) {
      model.save(m);
    }
    return m;
  }

}
