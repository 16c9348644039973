package org.robustr1.eval.score;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.data.McqItem;
import org.robustr1.eval.matching.ChoiceExtractor;

/**
 * VLMEvalKit's {@code evaluate_heuristic} for non-circular MCQ datasets: predictions sorted by
 * index, each one matched ({@code can_infer}, then the judge if any) and compared with the
 * answer, then {@code report_acc}. MMMB-style concatenations are scored per language subset.
 */
public final class McqScorer {

  /**
   * One scored item.
   *
   * @param item the dataset item
   * @param prediction the prediction text
   * @param option the extracted option letter
   * @param hit 1 when it equals the answer
   * @param log VLMEvalKit's match log
   * @param via how the option was obtained
   */
  public record ScoredItem(McqItem item, String prediction, String option, int hit, String log,
      ChoiceExtractor.Path via) {}

  /**
   * The scored items and accuracy table of one dataset.
   *
   * @param dataset dataset name
   * @param items scored items sorted by index
   * @param acc the {@code report_acc} table
   * @param missing indices of dataset items without a prediction (not scored, as VLMEvalKit), in
   *     index order
   */
  public record Result(String dataset, List<ScoredItem> items, AccTable acc, List<String> missing) {

    /** Copies the lists. */
    public Result {
      items = List.copyOf(items);
      missing = List.copyOf(missing);
    }

    /**
     * A line about the dataset items that have no prediction (empty when all have one), e.g.
     * {@code 15 of 20 MMStar items have no prediction and are not scored: 5, 6, 7, ...}.
     */
    public String missingNote() {
      if (missing.isEmpty()) {
        return "";
      }
      int total = items.size() + missing.size();
      return missing.size() + " of " + total + " " + dataset + " items have no prediction and are not scored (Overall is over "
          + items.size() + "): " + abbreviate(missing);
    }

    /** The {@code Overall} of split {@code none} (or the first split). */
    public double overall() {
      return (Double) acc.rows().get(0).get("Overall");
    }
  }

  private final ChoiceExtractor extractor;
  private final java.util.function.UnaryOperator<String> answerFilter;

  /** A scorer using {@code extractor} (exact matching or judge) on the raw predictions. */
  public McqScorer(ChoiceExtractor extractor) {
    this(extractor, java.util.function.UnaryOperator.identity());
  }

  /**
   * A scorer that first maps each prediction through {@code answerFilter} (e.g. {@link
   * #chainAnswer()} to score only a chain's {@code <ANSWER>} section).
   */
  public McqScorer(ChoiceExtractor extractor, java.util.function.UnaryOperator<String> answerFilter) {
    this.extractor = requireNonNull(extractor, "extractor");
    this.answerFilter = requireNonNull(answerFilter, "answerFilter");
  }

  /**
   * The {@code <ANSWER>} section of a Robust-R1 chain when the prediction has one, else the whole
   * prediction (like VLMEvalKit's {@code SPLIT_THINK} for {@code </think>}).
   */
  public static java.util.function.UnaryOperator<String> chainAnswer() {
    return text -> org.robustr1.core.chain.ChainFormat.DEFAULT.parse(text).answer()
        .map(String::strip).filter(a -> !a.isEmpty()).orElse(text);
  }

  /**
   * Scores {@code predictions} (index to text) against {@code data}. Dataset items without a
   * prediction are not scored (as VLMEvalKit) and listed in {@link Result#missing()}.
   *
   * @param predictionsFile named in errors
   * @throws DataFormatException naming the file when there is no prediction at all, or when
   *     predictions name indices the dataset does not have (all of them are listed)
   */
  public Result score(McqDataset data, Map<String, String> predictions, Path predictionsFile) {
    if (predictions.isEmpty()) {
      throw new DataFormatException(predictionsFile, 0,
          "no predictions to score against dataset " + data.name() + " (" + data.items().size() + " items)");
    }
    Map<String, McqItem> byIndex = new HashMap<>();
    for (McqItem i : data.items()) {
      byIndex.put(i.index(), i);
    }
    List<String> indices = new ArrayList<>(predictions.keySet());
    List<String> extra = new ArrayList<>();
    int firstExtraRow = 0;
    int row = 0;
    for (String idx : indices) {
      row++;
      if (!byIndex.containsKey(idx)) {
        if (extra.isEmpty()) {
          firstExtraRow = row;
        }
        extra.add(idx);
      }
    }
    if (!extra.isEmpty()) {
      throw new DataFormatException(predictionsFile, firstExtraRow,
          extra.size() + " of " + indices.size() + " prediction indices are not in dataset " + data.name()
              + " (is it the right --data file?): " + abbreviate(extra));
    }
    List<String> missing = new ArrayList<>();
    for (McqItem i : data.items()) {
      if (!predictions.containsKey(i.index())) {
        missing.add(i.index());
      }
    }
    missing.sort(INDEX_ORDER);
    indices.sort(INDEX_ORDER);
    List<ScoredItem> scored = new ArrayList<>(indices.size());
    List<AccTable.Entry> entries = new ArrayList<>(indices.size());
    for (String idx : indices) {
      McqItem item = byIndex.get(idx);
      String pred = answerFilter.apply(predictions.get(idx));
      Map<String, String> choices = new LinkedHashMap<>(item.options());
      ChoiceExtractor.Scored s = extractor.score(item.question(), choices, pred, String.valueOf(item.answer()));
      scored.add(new ScoredItem(item, pred, s.extraction().option(), s.hit(), s.log(), s.extraction().path()));
      entries.add(new AccTable.Entry(item.split(), item.category(), item.l2Category(), s.hit()));
    }
    AccTable acc = AccTable.of(entries, data.hasSplit(), data.hasCategory(), data.hasL2Category());
    return new Result(data.name(), scored, acc, missing);
  }

  /** The first ten values, then how many more. */
  private static String abbreviate(List<String> values) {
    int shown = Math.min(10, values.size());
    return String.join(", ", values.subList(0, shown))
        + (values.size() > shown ? ", ... (" + (values.size() - shown) + " more)" : "");
  }

  /**
   * Scores each subset of a concatenated dataset (MMMB) separately, in subset order; subsets
   * without any prediction are left out, but at least one must have some.
   */
  public Map<String, Result> scoreBySubset(McqDataset data, Map<String, String> predictionsByKey, Path file) {
    Map<String, Result> out = new LinkedHashMap<>();
    for (String sub : data.subsets()) {
      Map<String, String> preds = new LinkedHashMap<>();
      String prefix = sub + "/";
      predictionsByKey.forEach((k, v) -> {
        if (k.startsWith(prefix)) {
          preds.put(k.substring(prefix.length()), v);
        }
      });
      if (!preds.isEmpty()) {
        out.put(sub, score(data.subset(sub), preds, file));
      }
    }
    if (out.isEmpty()) {
      throw new DataFormatException(file, 0, "no predictions for any item of dataset " + data.name());
    }
    return out;
  }

  /** Index order: numeric when both are integers (VLMEvalKit converts such indices to int). */
  public static final Comparator<String> INDEX_ORDER = (a, b) -> {
    boolean na = a.matches("-?\\d+");
    boolean nb = b.matches("-?\\d+");
    if (na && nb) {
      return new BigInteger(a).compareTo(new BigInteger(b));
    }
    if (na != nb) {
      return na ? -1 : 1;
    }
    return a.compareTo(b);
  };

  /** Writes {@code items.jsonl} lines {@code {"index", "option", "hit", "log", "via"}}. */
  public static void writeItems(Result r, Path file) throws IOException {
    ObjectMapper om = new ObjectMapper();
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (ScoredItem s : r.items()) {
        Map<String, Object> m = new LinkedHashMap<>();
        String idx = s.item().index();
        m.put("index", idx.matches("-?\\d{1,18}") ? (Object) Long.parseLong(idx) : idx);
        if (!s.item().dataset().equals(r.dataset())) {
          m.put("dataset", s.item().dataset());
        }
        m.put("option", s.option());
        m.put("hit", s.hit());
        m.put("log", s.log());
        m.put("via", s.via().name().toLowerCase(java.util.Locale.ROOT));
        w.write(om.writeValueAsString(m));
        w.write('\n');
      }
    }
  }
}
