package org.robustr1.demo.pretrain;

import java.nio.file.Path;
import java.util.Map;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * How often a pretrained model's explanations end in the right answer ("So the answer is X."),
 * beside its direct multiple-choice answers: 100 held-out samples of each task. Usage: {@code MODEL_DIR}.
 */
public final class ExplainEval {

  public static void main(String[] a) throws Exception {
    Map<PretrainingTasks.Task, Double> mix = Map.of(
        PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0, PretrainingTasks.Task.EXPLAIN, 1.0, PretrainingTasks.Task.EXPLAIN_CHOICES, 1.0);
    try (Qwen25VlModel model = Qwen25VlModel.load(Path.of(a[0]))) {
      System.out.println(PretrainEval.describe(PretrainEval.accuracy(model, 99, 100, 25, mix, PretrainEval.SAME_ANSWER)));
    }
  }
}
