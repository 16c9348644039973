package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stage C of pretraining: supervised fine-tuning (the {@code SftTrainer}, loss on the answer only)
 * of stage B's weights on clean scene questions, a share of them explained and then answered again
 * ({@link PretrainingTasks.Task#EXPLAIN_THEN_ANSWER}). No chain format and no degradation: it
 * teaches the model to keep an answer consistent with the explanation before it, which is what a
 * chain's ANSWER after its CONCLUSION needs. The language model trains; the tower stays frozen.
 *
 * @param steps optimizer steps (0: no stage C; the model is stage B's)
 * @param samples distinct samples written for the stage (the trainer cycles through them)
 * @param batch samples per step
 * @param learningRate peak learning rate (linear warm-up, cosine decay)
 * @param warmupRatio fraction of the steps spent warming up
 * @param mix the tasks and their weights
 */
public record QuestionStage(int steps, int samples, int batch, double learningRate, double warmupRatio,
    Map<PretrainingTasks.Task, Double> mix) {

  /** No stage C. */
  public static final QuestionStage NONE = new QuestionStage(0, 0, 1, 1e-3, 0.0, Map.of());

  /**
   * The stage C of the shipped weights: 1,500 steps of 8 over 6,000 samples at 1e-3 (10 % warm-up),
   * open questions, multiple choice and explain-then-answer in equal parts.
   */
  public static final QuestionStage DEFAULT = new QuestionStage(1500, 6000, 8, 1e-3, 0.1,
      Map.of(PretrainingTasks.Task.QUESTION, 1.0, PretrainingTasks.Task.MULTIPLE_CHOICE, 1.0,
          PretrainingTasks.Task.EXPLAIN_THEN_ANSWER, 1.0));

  /** Validates the values. */
  public QuestionStage {
    requireNonNull(mix, "mix");
    mix = Collections.unmodifiableMap(mix.isEmpty() ? Map.of() : new EnumMap<>(mix));
    checkArgument(steps >= 0, "stage C steps must be >= 0, got %s", steps);
    checkArgument(steps == 0 || (samples >= 1 && !mix.isEmpty()), "stage C needs samples >= 1 and a task mix");
    checkArgument(batch >= 1, "stage C batch must be >= 1, got %s", batch);
    checkArgument(learningRate > 0, "stage C learningRate must be > 0, got %s", learningRate);
    checkArgument(warmupRatio >= 0 && warmupRatio < 1, "stage C warmupRatio must be in [0, 1), got %s", warmupRatio);
  }

  /** Whether the recipe has a stage C. */
  public boolean enabled() {
    return steps > 0;
  }

  /** A copy with another number of steps (0: no stage C). */
  public QuestionStage withSteps(int n) {
    return new QuestionStage(n, samples, batch, learningRate, warmupRatio, mix);
  }

  /** The stage as JSON-ready values. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("samples", samples);
    m.put("batch", batch);
    m.put("learning_rate", learningRate);
    m.put("warmup_ratio", warmupRatio);
    m.put("task_mix", new LinkedHashMap<>(new TreeMap<>(mix)));
    return m;
  }
}
