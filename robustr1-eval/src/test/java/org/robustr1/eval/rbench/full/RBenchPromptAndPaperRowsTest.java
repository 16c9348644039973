package org.robustr1.eval.rbench.full;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.robustr1.core.chain.RobustR1Prompts;
import org.robustr1.eval.data.BadInputPolicy;
import org.robustr1.eval.rbench.RBenchFiles;

/** The Robust-R1 chain prompt (only {@code <ANSWER>} is judged) and the paper's rows beside a run. */
class RBenchPromptAndPaperRowsTest {

  @TempDir Path dir;

  private RBenchFullRun.Result run(Path data, FakeModel model, RBenchPromptStyle style, String out) throws Exception {
    return RBenchFullRun.builder().setData(RBenchData.open(data, BadInputPolicy.FAIL)).setModel(model)
        .setOutputDir(dir.resolve(out)).optPromptStyle(style).setOfflineJudge().build().run();
  }

  @Test
  void robustR1PromptAppendsTheChainInstructionAndOnlyTheAnswerIsWrittenAndJudged() throws Exception {
    List<RBenchFixtures.Row> rows = RBenchFixtures.standard(2);
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), rows);
    RBenchData d = RBenchData.open(data, BadInputPolicy.FAIL);
    assertThat(RBenchPromptStyle.ROBUST_R1.text(d.items().get(0)))
        .isEqualTo("Q0: what is the colour of the box?\nA.red; B.green; C.blue; D.white\n"
            + "Answer with the option's letter from the given choices directly.\n" + RobustR1Prompts.INFERENCE_INSTRUCTION);
    assertThat(RBenchPromptStyle.OFFICIAL.text(d.items().get(4))).isEqualTo("Please describe this image in general."
        + " Directly provide the description, do not include prefix like 'This image depicts'");
    RBenchFullRun.Result plain = run(data, new FakeModel(), RBenchPromptStyle.OFFICIAL, "plain");
    RBenchFullRun.Result chain = run(data, new FakeModel("fake-vlm", true), RBenchPromptStyle.ROBUST_R1, "chain");
    List<String> a = RBenchFiles.readOutputs(plain.files().get("exp_dis")).stream().map(RBenchFiles.Output::answer).toList();
    List<String> b = RBenchFiles.readOutputs(chain.files().get("exp_dis")).stream().map(RBenchFiles.Output::answer).toList();
    assertThat(b).isEqualTo(a);
    assertThat(Files.readString(chain.files().get("result_dis"))).isEqualTo(Files.readString(plain.files().get("result_dis")));
    assertThat(Files.readString(dir.resolve("chain").resolve(RBenchGeneration.CACHE))).contains("<TYPE>noise(0.4)<TYPE_END>");
  }

  @Test
  void thePapersRowsStandBesideQwenAndRobustR1Runs() throws Exception {
    Path data = RBenchFixtures.writeParquet(dir.resolve("All.parquet"), RBenchFixtures.standard(1));
    String md = run(data, new FakeModel("Robust-R1-RL", false), RBenchPromptStyle.OFFICIAL, "r1").report().toMarkdown();
    assertThat(md).contains("| Qwen2.5-VL-3B (paper) | 0.6411 | 0.6022 | 0.5732 | 0.4872 | 0.4854 | 0.4904 | 0.3778 | 0.3704 | 0.3330 | 0.4845 |")
        .contains("| Robust-R1 SFT (paper) |").contains("| Robust-R1 SFT+RL (paper) | 0.6529 |");
    assertThat(RBenchPaperRows.besides("Qwen2.5-VL-3B-Instruct")).hasSize(3);
    assertThat(RBenchPaperRows.besides("Qwen2.5-VL-7B-Instruct")).isEmpty();
    assertThat(RBenchPaperRows.besides("embedded")).isEmpty();
    String json = Files.readString(dir.resolve("r1/summary.json"));
    assertThat(json).contains("\"method\" : \"Robust-R1 SFT+RL (paper)\"");
    // the paper's overall is the plain mean of its nine cells; ours is given the same way beside it
    RBenchPaperRows.Row q = RBenchPaperRows.QWEN25_VL_3B;
    assertThat(q.cells().stream().mapToDouble(Double::doubleValue).average().orElseThrow()).isCloseTo(q.overall(),
        org.assertj.core.api.Assertions.within(5e-5));
  }
}
