package org.robustr1.eval.rbench.full;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.io.FingerprintMismatchException;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.DelimitedTable;
import org.robustr1.model.SamplingConfig;

/**
 * {@link RBenchFullRun} on a 30-item fixture parquet with a deterministic model and a stub judge:
 * the judge prompts are the notebook's byte for byte, the results equal a hand computation of the
 * notebook's procedure, every judge call is made once (also across reruns), calls run concurrently
 * within the bound; the folder layout gives the same results; the offline judge is labelled.
 */
class RBenchFullRunTest {

  @TempDir Path dir;

  private static RBenchFullRun.Result run(Path data, Path out, FakeModel model, RuleJudgeServer judge, int concurrency)
      throws Exception {
    RBenchFullRun.Builder b = RBenchFullRun.builder().setData(RBenchData.open(data, BadInputPolicy.FAIL))
        .setModel(model).setOutputDir(out).optSampling(SamplingConfig.greedy(16)).optJudgeConcurrency(concurrency);
    if (judge == null) {
      b.setOfflineJudge();
    } else {
      b.setJudge(judge.client(), judge.url());
    }
    return b.build().run();
  }

  @Test
  void judgesAsTheNotebookDoesAndResumesWithoutAskingTwice() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(10);
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path out = dir.resolve("out");
    FakeModel model = new FakeModel();
    try (RuleJudgeServer judge = new RuleJudgeServer(4, 5)) {
      RBenchFullRun.Result res = run(data, out, model, judge, 3);
      assertThat(res.generated()).isEqualTo(60);
      assertThat(model.total()).isEqualTo(60);
      assertThat(model.calls().values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));

      List<String> sent = new ArrayList<>();
      Map<String, List<Double>> want = NotebookJudge.expected(rows, res.files().get("exp_ref"), res.files().get("exp_dis"), sent);
      for (String c : List.of("dis", "ref", "com")) {
        assertThat(NotebookJudge.resultColumn(res.files().get("result_" + c))).as(c).containsExactlyElementsOf(want.get(c));
      }
      // the prompts sent are the notebook's, byte for byte, each (prompt, repeat) once
      Map<String, Integer> perItemMax = NotebookJudge.callsPerPrompt(rows, sent);
      assertThat(judge.calls().keySet()).containsExactlyInAnyOrderElementsOf(perItemMax.keySet());
      perItemMax.forEach((p, n) -> assertThat(judge.calls().get(p).get()).as(p).isEqualTo(n));
      assertThat(res.judgeAsked()).isEqualTo(res.judgeCalls())
          .isEqualTo(perItemMax.values().stream().mapToInt(Integer::intValue).sum());
      // the notebook's request: its system message, the judge model, no sampling parameters
      JsonNode req = judge.server().requests().get(0);
      assertThat(req.get("model").asText()).isEqualTo("gpt-3.5-turbo");
      assertThat(req.get("messages").get(0).get("role").asText()).isEqualTo("system");
      assertThat(req.get("messages").get(0).get("content").asText()).isEqualTo("You are a helpful assistant.");
      assertThat(req.has("temperature")).isFalse();
      assertThat(judge.server().maxInFlight()).isBetween(2, 3);
      // exp and Result files in the notebook's column layout
      assertThat(Files.readAllLines(res.files().get("exp_dis")).get(0)).isEqualTo(",name,answer,type,distortion,strength");
      assertThat(Files.readAllLines(res.files().get("result_com")).get(0))
          .isEqualTo(",name,question,choice,answer,type,score,distortion,strength,result");
      assertThat(res.files().get("result_dis").getFileName().toString()).isEqualTo("Result_dis_fake-vlm.csv");

      // rerun: nothing asked again, same files
      String before = Files.readString(res.files().get("result_com")) + Files.readString(out.resolve("summary.json"));
      int requests = judge.server().requests().size();
      RBenchFullRun.Result again = run(data, out, model, judge, 3);
      assertThat(again.generated()).isZero();
      assertThat(again.generationsCached()).isEqualTo(60);
      assertThat(again.judgeAsked()).isZero();
      assertThat(judge.server().requests()).hasSize(requests);
      assertThat(Files.readString(res.files().get("result_com")) + Files.readString(out.resolve("summary.json")))
          .isEqualTo(before);
    }
  }

  @Test
  void failedJudgeCallsAreNotCachedAndARerunAsksOnlyThem() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(2);
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path out = dir.resolve("out");
    try (RuleJudgeServer judge = new RuleJudgeServer(0, 0)) {
      judge.server().failNext(4);
      assertThatThrownBy(() -> run(data, out, new FakeModel(), judge, 1))
          .hasMessageContaining("4 of ").hasMessageContaining("judge calls failed")
          .hasMessageContaining("rerun the same command");
      int answered = judge.delivered();
      RBenchFullRun.Result res = run(data, out, new FakeModel(), judge, 1);
      assertThat(res.judgeAsked()).isEqualTo(4);
      assertThat(res.generated()).isZero();
      assertThat(judge.delivered()).isEqualTo(answered + 4);
      Map<String, List<Double>> want = NotebookJudge.expected(rows, res.files().get("exp_ref"), res.files().get("exp_dis"),
          new ArrayList<>());
      assertThat(NotebookJudge.resultColumn(res.files().get("result_ref"))).containsExactlyElementsOf(want.get("ref"));
    }
  }

  @Test
  void folderLayoutGivesTheSameResultsWithTheScoreColumn() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(2);
    Path parquet = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path folder = RBenchFixtures.writeFolder(dir.resolve("nb"), rows);
    try (RuleJudgeServer judgeA = new RuleJudgeServer(0, 0); RuleJudgeServer judgeB = new RuleJudgeServer(0, 0)) {
      RBenchFullRun.Result a = run(parquet, dir.resolve("a"), new FakeModel(), judgeA, 2);
      RBenchFullRun.Result b = run(folder, dir.resolve("b"), new FakeModel(), judgeB, 2);
      for (String c : List.of("dis", "ref", "com")) {
        assertThat(NotebookJudge.resultColumn(b.files().get("result_" + c))).containsExactlyElementsOf(NotebookJudge.resultColumn(a.files().get("result_" + c)));
      }
      DelimitedTable t = DelimitedTable.readCsv(b.files().get("result_dis"));
      assertThat(t.rows().get(1).cells().get(t.requireColumn("score"))).isEqualTo("3.625");
      DelimitedTable p = DelimitedTable.readCsv(a.files().get("result_dis"));
      assertThat(p.rows().get(1).cells().get(p.requireColumn("score"))).isEmpty();
      assertThat(p.rows().get(1).cells().get(p.requireColumn("question"))).isEqualTo(rows.get(1).question());
    }
  }

  @Test
  void offlineJudgeIsLabelledNotTheOfficialMetricEverywhere() throws Exception {
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), RBenchFixtures.standard(3));
    Path out = dir.resolve("out");
    RBenchFullRun.Result res = run(data, out, new FakeModel(), null, 1);
    String label = "not the official metric";
    assertThat(Files.readString(out.resolve("summary.md"))).contains(label);
    assertThat(Files.readString(out.resolve("summary.json"))).contains(label);
    assertThat(Files.readAllLines(out.resolve("summary.csv")).subList(1, 4)).allSatisfy(l -> assertThat(l).contains(label));
    for (String c : List.of("dis", "ref", "com")) {
      DelimitedTable t = DelimitedTable.readCsv(res.files().get("result_" + c));
      assertThat(t.columnCells(t.requireColumn("judge"))).allSatisfy(v -> assertThat(v).contains(label));
    }
    assertThat(out.resolve(RBenchJudging.CACHE)).doesNotExist();
    assertThat(res.report().toMarkdown()).contains("## Absolute robustness").contains("| group | Wild |");
  }

  @Test
  void aRerunWithAnotherSetupIsRefusedNamingWhatChanged() throws Exception {
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), RBenchFixtures.standard(2));
    Path out = dir.resolve("out");
    run(data, out, new FakeModel(), null, 1);
    RBenchFullRun.Builder b = RBenchFullRun.builder().setData(RBenchData.open(data, BadInputPolicy.FAIL))
        .setModel(new FakeModel()).setOutputDir(out).optSampling(SamplingConfig.greedy(32)).setOfflineJudge();
    assertThatThrownBy(() -> b.build().run()).isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining(out + " was made by another run")
        .hasMessageContaining("sampling: was 'SamplingConfig[maxNewTokens=16")
        .hasMessageContaining("generations.fingerprint.json")
        .hasMessageNotContaining("\n");
  }

  @Test
  void undecodableImageFailsNamingRowAndFieldOrIsSkippedAndListed() throws Exception {
    List<RBenchFixtures.Row> rows = new ArrayList<>(RBenchFixtures.standard(2));
    rows.set(3, rows.get(3).withDis("not a jpeg".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    rows.set(4, rows.get(4).withType("OCR"));
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    assertThatThrownBy(() -> RBenchData.open(data, BadInputPolicy.FAIL)).isInstanceOf(DataFormatException.class)
        .hasMessage(data + ", row 5: field 'type' has an unknown R-Bench type 'OCR'; expected MCQ, VQA or CAP");
    rows.set(4, rows.get(4).withType("VQA"));
    RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    RBenchFullRun.Builder fail = RBenchFullRun.builder().setData(RBenchData.open(data, BadInputPolicy.FAIL))
        .setModel(new FakeModel()).setOutputDir(dir.resolve("f")).setOfflineJudge();
    assertThatThrownBy(() -> fail.build().run()).isInstanceOf(DataFormatException.class)
        .hasMessageStartingWith(data + ", row 4: field 'dis_image.bytes' cannot be decoded as an image (item OKVQA_1.jpg)")
        .hasMessageNotContaining("\n");

    rows.set(4, rows.get(4).withType("OCR"));
    RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    Path out = dir.resolve("s");
    RBenchFullRun.Result res = RBenchFullRun.builder().setData(RBenchData.open(data, BadInputPolicy.SKIP))
        .setModel(new FakeModel()).setOutputDir(out).optPolicy(BadInputPolicy.SKIP).setOfflineJudge().build().run();
    assertThat(res.skipped()).hasSize(2);
    List<String> skipped = Files.readAllLines(out.resolve("skipped.tsv"));
    assertThat(skipped.get(0)).isEqualTo("file\trow\tname\treason");
    assertThat(skipped.get(1)).contains("\t5\tCOCO_0.jpg\t").contains("field 'type' has an unknown R-Bench type 'OCR'");
    assertThat(skipped.get(2)).contains("\t4\tOKVQA_1.jpg\t").contains("field 'dis_image.bytes' cannot be decoded");
    assertThat(NotebookJudge.resultColumn(res.files().get("result_dis"))).hasSize(4);
    assertThat(res.report().skipped()).isEqualTo(2);
  }
}
