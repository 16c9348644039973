package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiPredicate;
import org.robustr1.degrade.dataset.DatasetRows;
import org.robustr1.model.Generation;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * Held-out accuracy of a pretrained model on each {@link PretrainingTasks.Task}: greedy answers to
 * samples drawn with another seed than training, compared with the target after trimming
 * whitespace (exact match, so a caption must be word for word).
 */
public final class PretrainEval {

  private PretrainEval() {}

  /**
   * Accuracy per task of the {@link PretrainingTasks#DEFAULT_MIX} over {@code perTask} held-out
   * samples of each task, decoded in batches of {@code batch}.
   *
   * @param seed the data seed of the held-out samples (not the training seed)
   */
  public static Map<PretrainingTasks.Task, Double> accuracy(Qwen25VlModel model, long seed, int perTask, int batch) {
    return accuracy(model, seed, perTask, batch, PretrainingTasks.DEFAULT_MIX);
  }

  /** Exact-match accuracy per task of {@code mix} (the tasks with weight above 0). */
  public static Map<PretrainingTasks.Task, Double> accuracy(Qwen25VlModel model, long seed, int perTask, int batch,
      Map<PretrainingTasks.Task, Double> mix) {
    return accuracy(model, seed, perTask, batch, mix, EXACT_MATCH);
  }

  /** The whole output equals the target, whitespace trimmed. */
  public static final BiPredicate<String, String> EXACT_MATCH = (output, target) -> output.strip().equals(target.strip());

  /**
   * The final answers agree: the X of the last "So the answer is X." when there is one, else the
   * whole text. Scores an explanation by where it ends, whatever its rationales say.
   */
  public static final BiPredicate<String, String> SAME_ANSWER =
      (output, target) -> finalAnswer(output).equals(finalAnswer(target));

  static String finalAnswer(String text) {
    String t = text.strip();
    int i = t.lastIndexOf(DatasetRows.SO_THE_ANSWER_IS);
    if (i < 0) {
      return t;
    }
    t = t.substring(i + DatasetRows.SO_THE_ANSWER_IS.length()).strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1).strip() : t;
  }

  /**
   * Accuracy per task of {@code mix} with {@code correct(output, target)} deciding each sample.
   *
   * @param correct {@link #EXACT_MATCH}, {@link #SAME_ANSWER} or another rule
   */
  public static Map<PretrainingTasks.Task, Double> accuracy(Qwen25VlModel model, long seed, int perTask, int batch,
      Map<PretrainingTasks.Task, Double> mix, BiPredicate<String, String> correct) {
    requireNonNull(model, "model");
    requireNonNull(correct, "correct");
    checkArgument(perTask >= 1 && batch >= 1, "perTask and batch must be >= 1");
    PretrainingTasks tasks = PretrainingTasks.of(seed, EmbeddedModel.IMAGE_SIZE, mix);
    long present = mix.values().stream().filter(w -> w > 0).count();
    Map<PretrainingTasks.Task, List<PretrainingTasks.Sample>> byTask = new EnumMap<>(PretrainingTasks.Task.class);
    for (long i = 0; byTask.values().stream().mapToInt(List::size).sum() < perTask * present; i++) {
      PretrainingTasks.Sample s = tasks.sample(i);
      List<PretrainingTasks.Sample> l = byTask.computeIfAbsent(s.task(), k -> new ArrayList<>());
      if (l.size() < perTask) {
        l.add(s);
      }
      checkArgument(i < 1_000_000L, "a task of the mix never occurs");
    }
    Map<PretrainingTasks.Task, Double> out = new LinkedHashMap<>();
    for (Map.Entry<PretrainingTasks.Task, List<PretrainingTasks.Sample>> e : byTask.entrySet()) {
      List<PretrainingTasks.Sample> samples = e.getValue();
      int hits = 0;
      for (int from = 0; from < samples.size(); from += batch) {
        List<PretrainingTasks.Sample> chunk = samples.subList(from, Math.min(samples.size(), from + batch));
        int maxTokens = 8;
        List<VlmPrompt> prompts = new ArrayList<>();
        for (PretrainingTasks.Sample s : chunk) {
          prompts.add(s.image() == null ? VlmPrompt.of(List.of(), s.user()) : VlmPrompt.of(List.of(s.image()), s.user()));
          maxTokens = Math.max(maxTokens, s.target().split(" ").length * 2 + 8);
        }
        List<Generation> g = model.generate(prompts, SamplingConfig.greedy(maxTokens));
        for (int i = 0; i < chunk.size(); i++) {
          hits += correct.test(g.get(i).text(), chunk.get(i).target()) ? 1 : 0;
        }
      }
      out.put(e.getKey(), hits / (double) samples.size());
    }
    return out;
  }

  /** {@code CAPTION 0.40  QUESTION 0.85 ...}. */
  public static String describe(Map<PretrainingTasks.Task, Double> accuracy) {
    StringBuilder sb = new StringBuilder();
    accuracy.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s %.2f  ", k, v)));
    return sb.toString().strip();
  }
}
