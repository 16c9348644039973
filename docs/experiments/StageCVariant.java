package org.robustr1.demo.pretrain;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Stage C as shipped ({@link QuestionStage#DEFAULT}: 1,500 steps of 8 over 6,000 samples at 1e-3)
 * with another third task beside {@code QUESTION} and {@code MULTIPLE_CHOICE}, from a finished
 * stage B. Usage: {@code OUT STAGE_B_DIR TASK[,TASK...]} ({@link PretrainingTasks.Task} names, each
 * at the weight of the two question tasks); {@code -Dpixel=true} for a stage B of
 * {@link PretrainRecipe#WITH_PIXEL_STATISTICS}. Prints the model folder, for {@code robustr1 demo
 * --pretrained}.
 */
public final class StageCVariant {

  public static void main(String[] a) throws Exception {
    Map<PretrainingTasks.Task, Double> mix = new EnumMap<>(PretrainingTasks.Task.class);
    mix.put(PretrainingTasks.Task.QUESTION, 1.0);
    mix.put(PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0);
    for (String task : a[2].split(",")) {
      mix.put(PretrainingTasks.Task.valueOf(task), 1.0);
    }
    QuestionStage d = QuestionStage.DEFAULT;
    PretrainRecipe base = Boolean.getBoolean("pixel") ? PretrainRecipe.WITH_PIXEL_STATISTICS : PretrainRecipe.DEFAULT;
    PretrainRecipe recipe = base.withQuestions(
        new QuestionStage(d.steps(), d.samples(), d.batch(), d.learningRate(), d.warmupRatio(), mix));
    Path model = new Pretrainer(recipe, Path.of(a[0]), System.out).optCommit("StageCVariant " + a[2]).optStageB(Path.of(a[1])).run();
    System.out.println("model: " + model);
  }
}
