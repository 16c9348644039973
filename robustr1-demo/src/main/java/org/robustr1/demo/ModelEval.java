package org.robustr1.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.dataset.DatasetRows;
import org.robustr1.degrade.scenes.QuestionKind;
import org.robustr1.eval.report.Stats;

/**
 * The evaluation of one model on the held-out scenes: accuracy per track and, for chain models,
 * how well the chain names the applied degradation and whether its length follows the intensity.
 *
 * @param label model label
 * @param chain whether the model writes chains
 * @param accuracy accuracy per track
 * @param items every scored item
 */
public record ModelEval(String label, boolean chain, Map<String, TrackAccuracy> accuracy, List<Item> items) {

  /**
   * Accuracy on one track.
   *
   * @param track track name
   * @param intensity its intensity (0 for clean)
   * @param n items scored
   * @param accuracy fraction answered correctly
   */
  public record TrackAccuracy(String track, double intensity, int n, double accuracy) {}

  /**
   * One scored item.
   *
   * @param track track name
   * @param intensity track intensity
   * @param index question id
   * @param question question text
   * @param kind the question's family (colour, count, position, largest, shape)
   * @param answer correct choice text
   * @param prediction the model's output
   * @param hit whether it was scored correct
   * @param inChoices whether the answer (the chain's ANSWER for chain models) is, word for word,
   *     one of the four choices
   * @param applied applied degradation to intensity (empty when clean)
   * @param tokens tokens of the output
   */
  public record Item(
      String track,
      double intensity,
      String index,
      String question,
      QuestionKind kind,
      String answer,
      String prediction,
      boolean hit,
      boolean inChoices,
      Map<DegradationType, Double> applied,
      int tokens) {

    /** Sum of applied intensities (0 when clean). */
    public double totalIntensity() {
      return applied.values().stream().mapToDouble(Double::doubleValue).sum();
    }
  }

  /** Builds the record, copying the maps. */
  public static ModelEval of(String label, boolean chain, Map<String, TrackAccuracy> accuracy, List<Item> items) {
    return new ModelEval(label, chain, new LinkedHashMap<>(accuracy), List.copyOf(items));
  }

  /** {@code clean 0.250 | 25 0.125 | ...}. */
  public String accuracyLine() {
    StringBuilder sb = new StringBuilder();
    accuracy.values().forEach(a -> sb.append(String.format(Locale.ROOT, "%s %.3f (n=%d)  ", a.track(), a.accuracy(), a.n())));
    return sb.toString().strip();
  }

  /**
   * Fraction of answers that name one of the four choices word for word, per track. An answer
   * outside the choices is always wrong, so a model that often names another colour scores below
   * the 25 % of a uniform guess among the choices.
   */
  public Map<String, Double> inChoicesRateByTrack() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String t : accuracy.keySet()) {
      List<Item> l = items.stream().filter(i -> i.track().equals(t)).toList();
      out.put(t, l.isEmpty() ? Double.NaN : l.stream().filter(Item::inChoices).count() / (double) l.size());
    }
    return out;
  }

  /**
   * Accuracy per question kind and track (kinds in {@link QuestionKind} order, tracks in the order
   * of {@link #accuracy()}); only the kinds asked.
   */
  public Map<QuestionKind, Map<String, TrackAccuracy>> accuracyByKind() {
    Map<QuestionKind, Map<String, int[]>> counts = new java.util.EnumMap<>(QuestionKind.class);
    for (Item i : items) {
      int[] c = counts.computeIfAbsent(i.kind(), k -> new LinkedHashMap<>()).computeIfAbsent(i.track(), t -> new int[2]);
      c[0] += i.hit() ? 1 : 0;
      c[1]++;
    }
    Map<QuestionKind, Map<String, TrackAccuracy>> out = new java.util.EnumMap<>(QuestionKind.class);
    counts.forEach((k, byTrack) -> {
      Map<String, TrackAccuracy> tracks = new LinkedHashMap<>();
      for (TrackAccuracy t : accuracy.values()) {
        int[] c = byTrack.get(t.track());
        if (c != null) {
          tracks.put(t.track(), new TrackAccuracy(t.track(), t.intensity(), c[1], c[0] / (double) c[1]));
        }
      }
      out.put(k, tracks);
    });
    return out;
  }

  /**
   * How a chain's scored ANSWER relates to the answer its CONCLUSION states, on one track.
   *
   * @param track track name
   * @param n items
   * @param mismatch fraction whose ANSWER differs from the CONCLUSION's answer (or has none)
   * @param conclusionAccuracy fraction whose CONCLUSION states the correct answer (a diagnostic:
   *     the score is the ANSWER's)
   */
  public record ConclusionCheck(String track, int n, double mismatch, double conclusionAccuracy) {}

  /**
   * Per track, how often the ANSWER differs from the answer the CONCLUSION states ("So the answer
   * is X.", as the training chains write it) and how often that CONCLUSION is right; empty for
   * answer-only models. Answers are compared ignoring case and surrounding space.
   */
  public Map<String, ConclusionCheck> conclusionChecks() {
    Map<String, ConclusionCheck> out = new LinkedHashMap<>();
    if (!chain) {
      return out;
    }
    for (String t : accuracy.keySet()) {
      int n = 0;
      int differ = 0;
      int right = 0;
      for (Item i : items) {
        if (!i.track().equals(t)) {
          continue;
        }
        ParsedChain pc = ChainFormat.DEFAULT.parse(i.prediction());
        Optional<String> stated = pc.section(Section.CONCLUSION).flatMap(DatasetRows::answerOf);
        Optional<String> answer = pc.answer().map(String::strip);
        n++;
        differ += stated.isPresent() && answer.isPresent() && stated.get().equalsIgnoreCase(answer.get()) ? 0 : 1;
        right += stated.isPresent() && stated.get().equalsIgnoreCase(i.answer().strip()) ? 1 : 0;
      }
      if (n > 0) {
        out.put(t, new ConclusionCheck(t, n, differ / (double) n, right / (double) n));
      }
    }
    return out;
  }

  /** Items whose image was degraded. */
  public List<Item> degraded() {
    return items.stream().filter(i -> !i.applied().isEmpty()).toList();
  }

  /** Fraction of outputs that parse as a complete, well-formed chain. */
  public double wellFormedRate() {
    return items.isEmpty() ? Double.NaN
        : items.stream().filter(i -> ChainFormat.DEFAULT.parse(i.prediction()).isWellFormed()).count() / (double) items.size();
  }

  /** Fraction of degraded items whose first TYPE entry is the applied degradation. */
  public double typeTop1Accuracy() {
    List<Item> d = degraded();
    return d.isEmpty() ? Double.NaN : d.stream().filter(ModelEval::firstTypeHit).count() / (double) d.size();
  }

  /** Fraction of degraded items whose TYPE section names the applied degradation anywhere. */
  public double typeRecall() {
    List<Item> d = degraded();
    return d.isEmpty() ? Double.NaN : d.stream().filter(ModelEval::anyTypeHit).count() / (double) d.size();
  }

  /** Mean number of types named on degraded items. */
  public double meanTypesNamed() {
    List<Item> d = degraded();
    return d.stream().mapToInt(i -> ChainFormat.DEFAULT.parse(i.prediction()).types().size()).average().orElse(Double.NaN);
  }

  /** Fraction of clean items whose TYPE section is empty (no degradation claimed). */
  public double cleanDetectedRate() {
    List<Item> c = items.stream().filter(i -> i.applied().isEmpty()).toList();
    return c.isEmpty() ? Double.NaN
        : c.stream().filter(i -> ChainFormat.DEFAULT.parse(i.prediction()).types().isEmpty()).count() / (double) c.size();
  }

  /**
   * Fraction of questions whose answer (the chain's ANSWER, else the whole output) is the same on
   * every track: 1.0 means the answers do not depend on the degradation at all.
   */
  public double answerInvariantRate() {
    Map<String, java.util.Set<String>> answers = new LinkedHashMap<>();
    for (Item i : items) {
      String a = ChainFormat.DEFAULT.parse(i.prediction()).answer().map(String::strip).orElse(i.prediction().strip());
      answers.computeIfAbsent(i.index(), k -> new java.util.HashSet<>()).add(a);
    }
    return answers.isEmpty() ? Double.NaN
        : answers.values().stream().filter(v -> v.size() == 1).count() / (double) answers.size();
  }

  /** Top-1 type accuracy per applied degradation type (degraded items only), with counts. */
  public Map<DegradationType, double[]> typeAccuracyByType() {
    Map<DegradationType, double[]> out = new LinkedHashMap<>();
    for (Item i : degraded()) {
      DegradationType t = i.applied().keySet().iterator().next();
      double[] v = out.computeIfAbsent(t, k -> new double[2]);
      v[0] += firstTypeHit(i) ? 1 : 0;
      v[1] += 1;
    }
    return out;
  }

  /** Spearman's rho between output tokens and total applied intensity over all items (NaN if constant). */
  public double lengthIntensitySpearman() {
    double[] len = items.stream().mapToDouble(Item::tokens).toArray();
    double[] in = items.stream().mapToDouble(Item::totalIntensity).toArray();
    if (len.length < 2 || java.util.Arrays.stream(len).distinct().count() < 2 || java.util.Arrays.stream(in).distinct().count() < 2) {
      return Double.NaN;
    }
    return Stats.spearman(len, in);
  }

  /** Mean output tokens per track. */
  public Map<String, Double> meanTokensByTrack() {
    Map<String, Double> out = new LinkedHashMap<>();
    for (String t : accuracy.keySet()) {
      out.put(t, items.stream().filter(i -> i.track().equals(t)).mapToInt(Item::tokens).average().orElse(Double.NaN));
    }
    return out;
  }

  /** An item of the highest-intensity track with a degradation, preferring a well-formed chain. */
  public Optional<Item> exampleDegraded() {
    List<Item> d = new ArrayList<>(degraded());
    d.sort((a, b) -> Double.compare(b.intensity(), a.intensity()));
    return d.stream().filter(i -> ChainFormat.DEFAULT.parse(i.prediction()).isWellFormed()).findFirst()
        .or(() -> d.stream().findFirst());
  }

  private static boolean firstTypeHit(Item i) {
    ParsedChain pc = ChainFormat.DEFAULT.parse(i.prediction());
    for (TypedStrength t : pc.types()) {
      return t.type().isPresent() && i.applied().containsKey(t.type().get());
    }
    return false;
  }

  private static boolean anyTypeHit(Item i) {
    return ChainFormat.DEFAULT.parse(i.prediction()).types().stream()
        .anyMatch(t -> t.type().isPresent() && i.applied().containsKey(t.type().get()));
  }
}
