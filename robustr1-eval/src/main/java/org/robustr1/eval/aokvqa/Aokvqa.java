package org.robustr1.eval.aokvqa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.robustr1.core.io.AokvqaRecord;
import org.robustr1.eval.data.DataFormatException;

/**
 * Loading A-OKVQA files and the official metric ({@code evaluation/eval_predictions.py}).
 *
 * <p>MC: {@code 1} when the prediction equals the correct choice's text exactly. DA: over
 * non-difficult questions only, {@code min(1, #exact matches among direct answers / 3)}. Missing
 * predictions score 0, question ids not in the dataset are ignored, result is a percentage.
 */
public final class Aokvqa {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One entry of an official predictions file.
   *
   * @param multipleChoice MC prediction (choice text), or null when absent
   * @param directAnswer DA prediction, or null when absent
   */
  public record Prediction(String multipleChoice, String directAnswer) {}

  private Aokvqa() {}

  /** Reads {@code aokvqa_v1p0_{split}.json} (a JSON array). Entries are validated per row. */
  public static List<AokvqaRecord> load(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new DataFormatException(file, 0, "not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isArray()) {
      throw new DataFormatException(file, 0, "expected a JSON array of questions");
    }
    List<AokvqaRecord> out = new ArrayList<>(root.size());
    int row = 0;
    for (JsonNode q : root) {
      row++;
      for (String f : List.of("question_id", "question", "choices", "image_id")) {
        if (!q.hasNonNull(f)) {
          throw new DataFormatException(file, row, "missing field '" + f + "'");
        }
      }
      try {
        out.add(new AokvqaRecord(
            q.path("split").asText(""),
            q.get("image_id").asLong(),
            q.get("question_id").asText(),
            q.get("question").asText(),
            strings(q.get("choices")),
            q.has("correct_choice_idx") ? q.get("correct_choice_idx").asInt() : -1,
            strings(q.get("direct_answers")),
            q.path("difficult_direct_answer").asBoolean(false),
            strings(q.get("rationales"))));
      } catch (IllegalArgumentException e) {
        throw new DataFormatException(file, row, e.getMessage(), e);
      }
    }
    return out;
  }

  /** Reads an official predictions file {@code {qid: {"multiple_choice": .., "direct_answer": ..}}}. */
  public static Map<String, Prediction> loadPredictions(Path file) {
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new DataFormatException(file, 0, "not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new DataFormatException(file, 0, "expected a JSON object keyed by question_id");
    }
    Map<String, Prediction> out = new LinkedHashMap<>();
    root.fields().forEachRemaining(e -> out.put(e.getKey(), new Prediction(
        e.getValue().hasNonNull("multiple_choice") ? e.getValue().get("multiple_choice").asText() : null,
        e.getValue().hasNonNull("direct_answer") ? e.getValue().get("direct_answer").asText() : null)));
    return out;
  }

  private static ImmutableList<String> strings(JsonNode arr) {
    if (arr == null || !arr.isArray()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<String> b = ImmutableList.builder();
    arr.forEach(x -> b.add(x.asText()));
    return b.build();
  }

  /**
   * {@code eval_aokvqa(dataset, preds, multiple_choice, strict)}: the percentage score.
   *
   * @param preds question id to prediction text (one setting)
   * @param strict when true every scored question needs a prediction and MC predictions must be
   *     one of the choices (the official CLI uses {@code false})
   * @throws IllegalArgumentException when DA is asked of a dataset with only difficult questions,
   *     or a strict check fails
   */
  public static double evaluate(
      List<AokvqaRecord> dataset, Map<String, String> preds, boolean multipleChoice, boolean strict) {
    Map<String, AokvqaRecord> byId = new LinkedHashMap<>();
    for (AokvqaRecord q : dataset) {
      if (multipleChoice || !q.difficultDirectAnswer()) {
        byId.put(q.questionId(), q);
      }
    }
    if (strict) {
      for (String id : byId.keySet()) {
        if (!preds.containsKey(id)) {
          throw new IllegalArgumentException("strict: no prediction for question " + id);
        }
      }
    }
    if (byId.isEmpty()) {
      throw new IllegalArgumentException(
          multipleChoice ? "no questions to score" : "every question is difficult_direct_answer: DA is undefined (division by zero)");
    }
    double sum = 0;
    for (AokvqaRecord q : byId.values()) {
      String pred = preds.get(q.questionId());
      if (pred == null) {
        sum += 0.0;
        continue;
      }
      if (multipleChoice) {
        if (strict && !q.choices().contains(pred)) {
          throw new IllegalArgumentException("Prediction must be a valid choice (question " + q.questionId() + ")");
        }
        if (q.correctChoiceIdx() < 0) {
          throw new IllegalArgumentException("question " + q.questionId() + " has no correct_choice_idx (test split?)");
        }
        sum += pred.equals(q.choices().get(q.correctChoiceIdx())) ? 1.0 : 0.0;
      } else {
        int matches = 0;
        for (String da : q.directAnswers()) {
          if (pred.equals(da)) {
            matches++;
          }
        }
        sum += Math.min(1.0, matches / 3.0);
      }
    }
    return sum / byId.size() * 100;
  }

  /**
   * The official CLI: MC over the predictions that have a {@code multiple_choice} key, DA over
   * those with {@code direct_answer} (each empty when no prediction has that key).
   */
  public static Scores evaluateFile(List<AokvqaRecord> dataset, Map<String, Prediction> preds) {
    Map<String, String> mc = new LinkedHashMap<>();
    Map<String, String> da = new LinkedHashMap<>();
    preds.forEach((k, v) -> {
      if (v.multipleChoice() != null) {
        mc.put(k, v.multipleChoice());
      }
      if (v.directAnswer() != null) {
        da.put(k, v.directAnswer());
      }
    });
    return new Scores(
        mc.isEmpty() ? Optional.empty() : Optional.of(evaluate(dataset, mc, true, false)),
        da.isEmpty() ? Optional.empty() : Optional.of(evaluate(dataset, da, false, false)));
  }

  /**
   * MC and DA percentages; empty when no prediction had that key.
   *
   * @param mc multiple-choice accuracy (percent)
   * @param da direct-answer accuracy (percent)
   */
  public record Scores(Optional<Double> mc, Optional<Double> da) {}

  /** The MC prompt the Robust-R1 demo uses: question, then {@code "i. choice"} lines. */
  public static String multipleChoicePrompt(AokvqaRecord q) {
    StringBuilder sb = new StringBuilder(q.question()).append('\n');
    for (int i = 0; i < q.choices().size(); i++) {
      sb.append(i).append(". ").append(q.choices().get(i)).append('\n');
    }
    return sb.toString();
  }

  /**
   * Maps a free-form MC answer to a choice text: the text itself, else a lone choice number
   * ({@code 0..3}) or letter ({@code A..D}), else the unique choice contained in the answer
   * (case-insensitive). This is a simple stand-in for the official GloVe-based remapping
   * ({@code remap_predictions.py}), which needs word vectors this library does not ship.
   */
  public static String mapToChoice(AokvqaRecord q, String answer) {
    String a = answer.strip();
    if (q.choices().contains(a)) {
      return a;
    }
    String t = a.replaceAll("[.):\\s]+$", "");
    if (t.matches("\\d")) {
      int i = Integer.parseInt(t);
      if (i < q.choices().size()) {
        return q.choices().get(i);
      }
    }
    if (t.matches("[A-Da-d]")) {
      int i = Character.toUpperCase(t.charAt(0)) - 'A';
      if (i < q.choices().size()) {
        return q.choices().get(i);
      }
    }
    String lower = a.toLowerCase(java.util.Locale.ROOT);
    String found = null;
    for (String c : q.choices()) {
      if (lower.contains(c.toLowerCase(java.util.Locale.ROOT))) {
        if (found != null) {
          return a;
        }
        found = c;
      }
    }
    return found != null ? found : a;
  }

  /**
   * A-OKVQA as a multiple-choice dataset (options A..D = the choices, answer = the correct
   * letter, image = the COCO file), the form VLMEvalKit's A-OKVQA TSV takes; option letters map
   * back to choice texts for the official MC metric.
   *
   * @param cocoDir COCO root holding {@code {split}2017/}
   */
  public static org.robustr1.eval.data.McqDataset toMcqDataset(List<AokvqaRecord> questions, Path file, Path cocoDir) {
    ImmutableList.Builder<org.robustr1.eval.data.McqItem> items = ImmutableList.builder();
    int row = 0;
    for (AokvqaRecord q : questions) {
      row++;
      com.google.common.collect.ImmutableMap.Builder<String, String> opts = com.google.common.collect.ImmutableMap.builder();
      for (int i = 0; i < q.choices().size() && i < 26; i++) {
        opts.put(String.valueOf((char) ('A' + i)), q.choices().get(i));
      }
      String answer = q.correctChoiceIdx() >= 0 ? String.valueOf((char) ('A' + q.correctChoiceIdx())) : null;
      String image = cocoDir.relativize(q.imagePath(cocoDir)).toString().replace('\\', '/');
      items.add(new org.robustr1.eval.data.McqItem("A-OKVQA", file, row, q.questionId(), q.question(), null,
          opts.build(), answer, null, null, q.split(), null,
          ImmutableList.of(image), com.google.common.collect.ImmutableMap.of(), cocoDir));
    }
    return new org.robustr1.eval.data.McqDataset("A-OKVQA", items.build(), ImmutableList.of(), false, false, false);
  }
}
