package org.robustr1.demo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.data.TrainExample;
import org.robustr1.train.policy.TrainablePolicy.PreparedPrompt;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Does a chain model's TYPE depend on the image at all, below what greedy decoding shows? For each
 * held-out perception image of a finished demo run and each official type, the teacher-forced
 * log-probability of {@code <TYPE>name(} as the chain's opening; per type, the ROC AUC of that score
 * between the images the type was applied to and the others (0.5: the score ignores the type's
 * presence). Usage: {@code RUN [sft|grpo]} (default sft: the chain SFT checkpoint of RUN).
 */
public final class TypeScores {

  public static void main(String[] a) throws Exception {
    Path run = Path.of(a[0]);
    String which = a.length > 1 ? a[1] : "sft";
    Path model = new Checkpointer(run.resolve("train").resolve(which)).latest()
        .orElseThrow(() -> new IllegalArgumentException(run + "/train/" + which + " holds no checkpoint"))
        .resolve(Checkpointer.MODEL_DIR);
    TrainDataset data = DemoPipeline.readTrain(run.resolve("data/perception"));
    List<DegradationType> types = DegradationType.official();
    RowPrompts prompts = new RowPrompts(PromptStyle.RAW);
    List<boolean[]> applied = new ArrayList<>();
    List<double[]> scores = new ArrayList<>();
    try (QwenPolicy policy = QwenPolicy.load(model); NDManager m = NDManager.newBaseManager()) {
      QwenTokenizer tok = policy.model().processor().orElseThrow().tokenizer();
      List<int[]> openings = new ArrayList<>();
      for (DegradationType t : types) {
        openings.add(tok.encode("<TYPE>" + t.chainName() + "("));
      }
      for (TrainExample row : data.rows()) {
        boolean[] on = new boolean[types.size()];
        for (TypedStrength ts : ChainFormat.DEFAULT.parse(row.answer()).types()) {
          ts.type().ifPresent(d -> on[types.indexOf(d)] = true);
        }
        double[] s = new double[types.size()];
        try (PreparedPrompt p = policy.prepare(prompts.prompt(row))) {
          GradMode.noGrad(() -> {
          NDArray lp = policy.completionLogProbs(p, openings, m);
          long width = lp.getShape().get(1);
          float[] flat = lp.toFloatArray();
          for (int i = 0; i < types.size(); i++) {
            double sum = 0;
            for (int j = 0; j < openings.get(i).length; j++) {
              sum += flat[(int) (i * width + j)];
            }
            s[i] = sum;
          }
          lp.close();
          return null;
          });
        }
        applied.add(on);
        scores.add(s);
      }
    }
    double aucSum = 0;
    int n = 0;
    for (int i = 0; i < types.size(); i++) {
      List<Double> pos = new ArrayList<>();
      List<Double> neg = new ArrayList<>();
      for (int r = 0; r < scores.size(); r++) {
        (applied.get(r)[i] ? pos : neg).add(scores.get(r)[i]);
      }
      if (pos.isEmpty() || neg.isEmpty()) {
        continue;
      }
      double wins = 0;
      for (double p : pos) {
        for (double q : neg) {
          wins += p > q ? 1 : p == q ? 0.5 : 0;
        }
      }
      double auc = wins / (pos.size() * (double) neg.size());
      double meanPos = pos.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      double meanNeg = neg.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
      System.out.printf(Locale.ROOT, "%-24s applied %3d  AUC %.2f  mean log p %.2f (applied) %.2f (not)%n",
          types.get(i).chainName(), pos.size(), auc, meanPos, meanNeg);
      aucSum += auc;
      n++;
    }
    System.out.printf(Locale.ROOT, "mean AUC over %d types: %.3f (%s, %d images)%n", n, aucSum / n, model, scores.size());
  }
}
