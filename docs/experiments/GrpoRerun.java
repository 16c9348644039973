package org.robustr1.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.robustr1.degrade.scenes.SceneDataset;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.data.TrainDataset;

/**
 * The demo's GRPO and chain evaluation again, from the chain SFT result of a finished demo run, with
 * GRPO fields of {@link DemoConfig} changed by name (as {@link DemoVariant} takes them). Usage:
 * {@code RUN SEED OUT NAME=VALUE...}, for example {@code runs/demo 7 runs/g8 grpoGenerations=8
 * grpoSteps=48}. Prints the mean reward and r_deg of the first and last quarter of the steps and
 * the accuracy per level (compare with RUN's report for the baseline).
 */
public final class GrpoRerun {

  public static void main(String[] a) throws Exception {
    Path run = Path.of(a[0]);
    Path out = Path.of(a[2]);
    String[] variant = new String[a.length - 2];
    variant[0] = a[1];
    System.arraycopy(a, 3, variant, 1, a.length - 3);
    DemoConfig cfg = DemoVariant.config(variant);
    DemoPipeline p = new DemoPipeline(cfg, out, System.out);
    SceneDataset scenes = p.generateScenes();
    TrainDataset chainData = DemoPipeline.readTrain(run.resolve("data/chain"));
    Path sftModel;
    try (var dirs = Files.list(run.resolve("train/sft"))) {
      sftModel = dirs.filter(d -> d.getFileName().toString().startsWith("checkpoint-")).max(
          (x, y) -> Integer.compare(steps(x), steps(y))).orElseThrow().resolve(Checkpointer.MODEL_DIR);
    }
    int chainTokens;
    try (QwenTokenizer tok = QwenTokenizer.load(sftModel)) {
      chainTokens = chainData.rows().stream().mapToInt(r -> tok.encode(r.answer()).length + 1).max().orElse(1);
    }
    try (QwenPolicy policy = QwenPolicy.load(sftModel)) {
      long t = System.nanoTime();
      p.grpo(policy, sftModel, chainData, Math.min(cfg.grpoMaxTokens(), chainTokens + 8), "train/grpo");
      double grpoSeconds = (System.nanoTime() - t) / 1e9;
      List<double[]> rows = new ArrayList<>();
      ObjectMapper m = new ObjectMapper();
      for (String l : Files.readAllLines(out.resolve("train/grpo/metrics.jsonl"))) {
        JsonNode n = m.readTree(l);
        rows.add(new double[] {n.get("reward").asDouble(), n.get("rewards/type_reward/mean").asDouble()});
      }
      double[] reward = DemoStats.quarterMeans(rows.stream().mapToDouble(r -> r[0]).toArray());
      double[] rdeg = DemoStats.quarterMeans(rows.stream().mapToDouble(r -> r[1]).toArray());
      System.out.printf(Locale.ROOT, "grpo %s: %.1f s, reward %.2f -> %.2f, r_deg %.2f -> %.2f%n",
          Arrays.toString(Arrays.copyOfRange(a, 3, a.length)), grpoSeconds, reward[0], reward[1], rdeg[0], rdeg[1]);
      p.evaluate("sft+grpo", policy.model(), true, Math.min(cfg.evalMaxTokens(), chainTokens + 8), scenes,
          DemoPipeline.TRACKS);
    }
  }

  private static int steps(Path checkpoint) {
    return Integer.parseInt(checkpoint.getFileName().toString().substring("checkpoint-".length()));
  }
}
