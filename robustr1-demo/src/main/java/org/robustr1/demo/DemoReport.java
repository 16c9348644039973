package org.robustr1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.scenes.QuestionKind;

/**
 * Writes {@code report.md}, {@code report.json} and the figures ({@link #PLOTS}) of a demo run, and
 * renders the console summary. Numbers are reported as measured; nothing is smoothed or chosen,
 * and a number that is undefined (no item to compute it on) is "n/a" in Markdown and null in JSON.
 * The statistics live in {@link DemoStats} and {@link PerceptionScores}, the JSON layout in {@code
 * DemoReportJson}, the figures in {@code DemoPlots}.
 */
public final class DemoReport {

  /** Markdown report. */
  public static final String MARKDOWN = "report.md";
  /** JSON report. */
  public static final String JSON = "report.json";
  /** Accuracy per track of every model. */
  public static final String PLOT_ACCURACY = "accuracy_vs_intensity.png";
  /** SFT+GRPO minus baseline per track with its paired bootstrap interval. */
  public static final String PLOT_DELTA = "delta_vs_baseline.png";
  /** Confusion heatmap of the degradation types named against those applied, per chain model. */
  public static final String PLOT_CONFUSION = "degradation_confusion.png";
  /** Mean output tokens per track of every model. */
  public static final String PLOT_LENGTH = "chain_length_vs_intensity.png";
  /** SFT losses and GRPO reward curves. */
  public static final String PLOT_CURVES = "training_curves.png";
  /** Every figure the report writes. */
  public static final List<String> PLOTS = List.of(PLOT_ACCURACY, PLOT_DELTA, PLOT_CONFUSION, PLOT_LENGTH, PLOT_CURVES);

  /** Figures earlier versions wrote; removed so that a rerun leaves no stale figure beside new ones. */
  static final List<String> OBSOLETE = List.of("degradation_type_accuracy.png");

  /** The models that write chains, in report order. */
  public static final List<String> CHAIN_MODELS = List.of("sft", "sft+grpo");

  private static final Map<String, String> DISPLAY =
      Map.of("pretrained", "pretrained, no fine-tuning", "baseline", "baseline (answers only)", "sft", "SFT (chains)",
          "sft+grpo", "SFT+GRPO");

  private final DemoResult r;
  private final Map<String, DemoStats.PairedDelta> deltas;
  private final Map<String, PerceptionScores> perception;

  /** A report of {@code result}; computes its statistics once. */
  public DemoReport(DemoResult result) {
    this.r = result;
    this.deltas = pairedDeltas(result);
    Map<String, PerceptionScores> p = new LinkedHashMap<>();
    Map<String, List<PerceptionItem>> items = result.perception() == null ? Map.of() : result.perception();
    for (String m : CHAIN_MODELS) {
      if (items.containsKey(m)) {
        p.put(m, PerceptionScores.of(items.get(m)));
      }
    }
    this.perception = p;
  }

  /** The display name of model {@code label}. */
  static String display(String label) {
    return DISPLAY.getOrDefault(label, label);
  }

  /** Uniform chance of naming the applied op first: 1 / number of official ops. */
  public static double uniformTypeChance() {
    return 1.0 / DegradationType.official().size();
  }

  /** Accuracy of always naming the most likely official op (its sampling weight share). */
  public static double majorityTypeChance() {
    int sum = DegradationType.official().stream().mapToInt(DegradationType::weight).sum();
    int max = DegradationType.official().stream().mapToInt(DegradationType::weight).max().orElse(0);
    return sum == 0 ? Double.NaN : (double) max / sum;
  }

  /** The run reported. */
  DemoResult result() {
    return r;
  }

  /** SFT+GRPO minus baseline per track (question ids paired), for the tracks both evaluated. */
  public Map<String, DemoStats.PairedDelta> deltas() {
    return deltas;
  }

  /** Perception scores per chain model that has perception items. */
  public Map<String, PerceptionScores> perception() {
    return perception;
  }

  /** Writes every file into the run's output folder. */
  public void writeAll() throws IOException {
    System.setProperty("java.awt.headless", "true");
    Path out = r.out();
    for (String f : OBSOLETE) {
      Files.deleteIfExists(out.resolve(f));
    }
    Files.writeString(out.resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.resolve(JSON).toFile(), json());
    double[] x = DemoPipeline.TRACKS.stream().mapToDouble(this::intensity).toArray();
    DemoPlots.accuracy(r, x, out.resolve(PLOT_ACCURACY));
    DemoPlots.delta(deltas, x, out.resolve(PLOT_DELTA));
    DemoPlots.confusion(perception, out.resolve(PLOT_CONFUSION));
    DemoPlots.length(r, x, out.resolve(PLOT_LENGTH));
    DemoPlots.curves(r.training(), TrainCurves.RDEG, out.resolve(PLOT_CURVES));
  }

  /** The JSON report as a map (every non-finite number is null); {@code summary} comes first. */
  public Map<String, Object> json() {
    return new DemoReportJson(this).json();
  }

  // ------------------------------------------------------------------------------------ text

  /** The accuracy table: one row per model, one column per track. */
  public String summaryTable() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-24s", "model"));
    for (String t : DemoPipeline.TRACKS) {
      sb.append(String.format(Locale.ROOT, " %9s", trackTitle(t)));
    }
    sb.append('\n');
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "%-24s", display(m)));
      for (String t : DemoPipeline.TRACKS) {
        ModelEval.TrackAccuracy a = e.accuracy().get(t);
        sb.append(String.format(Locale.ROOT, " %9s", a == null ? "n/a" : pct(a.accuracy())));
      }
      sb.append('\n');
    }
    if (!deltas.isEmpty()) {
      sb.append(String.format(Locale.ROOT, "%-24s", "SFT+GRPO - baseline"));
      for (String t : DemoPipeline.TRACKS) {
        DemoStats.PairedDelta d = deltas.get(t);
        sb.append(String.format(Locale.ROOT, " %9s", d == null ? "n/a" : points(d.delta())));
      }
      sb.append("  (points; 95 % CI in report.md)\n");
    }
    return sb.toString();
  }

  /** The example chain of SFT+GRPO on a heavily degraded image, as plain text. */
  public String exampleChain() {
    return describe(exampleDegraded(), "(no degraded example)");
  }

  /** The example chain of SFT+GRPO on a clean image, as plain text. */
  public String exampleChainClean() {
    return describe(exampleClean(), "(no clean example)");
  }

  /**
   * The SFT+GRPO item of the highest-intensity track with the largest total applied intensity,
   * preferring a well-formed chain (first in evaluation order among equals).
   */
  Optional<ModelEval.Item> exampleDegraded() {
    ModelEval g = r.evals().get("sft+grpo");
    if (g == null) {
      return Optional.empty();
    }
    String heavy = DemoPipeline.TRACKS.get(DemoPipeline.TRACKS.size() - 1);
    List<ModelEval.Item> l = g.items().stream().filter(i -> i.track().equals(heavy) && !i.applied().isEmpty()).toList();
    Comparator<ModelEval.Item> order = Comparator.comparing((ModelEval.Item i) -> !wellFormed(i))
        .thenComparing(Comparator.comparingDouble(ModelEval.Item::totalIntensity).reversed());
    return l.stream().min(order).or(g::exampleDegraded);
  }

  /** The SFT+GRPO clean-track item of the degraded example's question, else the first well-formed one. */
  Optional<ModelEval.Item> exampleClean() {
    ModelEval g = r.evals().get("sft+grpo");
    if (g == null) {
      return Optional.empty();
    }
    List<ModelEval.Item> clean = g.items().stream().filter(i -> i.track().equals("clean")).toList();
    Optional<String> id = exampleDegraded().map(ModelEval.Item::index);
    return clean.stream().filter(i -> id.isPresent() && i.index().equals(id.get())).findFirst()
        .or(() -> clean.stream().filter(DemoReport::wellFormed).findFirst())
        .or(() -> clean.stream().findFirst());
  }

  private static boolean wellFormed(ModelEval.Item i) {
    return ChainFormat.DEFAULT.parse(i.prediction()).isWellFormed();
  }

  private static String describe(Optional<ModelEval.Item> it, String none) {
    if (it.isEmpty()) {
      return none + "\n";
    }
    ModelEval.Item i = it.get();
    StringBuilder sb = new StringBuilder();
    sb.append("question: ").append(i.question()).append(" (id ").append(i.index()).append(")\n");
    sb.append("applied:  ").append(describeApplied(i.applied())).append(" (track ").append(trackTitle(i.track())).append(")\n");
    sb.append("correct:  ").append(i.answer()).append(i.hit() ? "  (answered correctly)" : "  (answered wrongly)").append('\n');
    sb.append("output (").append(i.tokens()).append(" tokens):\n").append(i.prediction()).append('\n');
    return sb.toString();
  }

  /** The Markdown report. */
  public String markdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# Robust-R1 demo report\n\n").append(runDescription());
    if (r.config().name().equals("quick")) {
      sb.append("> `--quick` budgets only show that every stage runs; the numbers carry no meaning.\n\n");
    }
    headline(sb);
    accuracy(sb);
    accuracyByKind(sb);
    paired(sb);
    perceptionSection(sb);
    evalTrackChains(sb);
    chainLength(sb);
    training(sb);
    sb.append("## Example chain on a clean image\n\nSFT+GRPO, clean track (the same question as the degraded example when "
        + "it exists):\n\n```\n").append(exampleChainClean()).append("```\n\n");
    sb.append("## Example chain on a degraded image\n\nSFT+GRPO, the image of the highest-intensity track with the largest "
        + "total applied intensity (a well-formed chain preferred):\n\n```\n").append(exampleChain()).append("```\n\n");
    sb.append("## Stage times\n\n");
    if (r.workers() > 1) {
      sb.append("The answer-only arm (with the evaluation of the chain SFT model, from its checkpoint) ran on a second "
          + "thread beside the chain arm, so these times overlap; `total` is the wall time.\n\n");
    }
    sb.append("| stage | seconds |\n|---|---|\n");
    r.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey(stageOrder()))
        .forEach(e -> sb.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue())));
    return sb.toString();
  }

  /** The paragraph that says what was run; the only text that reads the budgets of {@link DemoConfig}. */
  private String runDescription() {
    DemoConfig c = r.config();
    return String.format(Locale.ROOT,
        "Run `%s`, seed %d. Both arms start from the pretrained %s (the stand-in for the pretrained Qwen2.5-VL that "
            + "Robust-R1 starts from) with the vision tower and merger frozen. %d training scenes (questions: %s), each image "
            + "degraded by one to four of the four stages with random intensities (10 %% clean); chains with the compact "
            + "INFLUENCE and a REASONING that gains a sentence at total intensity %s. %d held-out scenes evaluated clean and "
            + "through the official pipeline at 0.23 / 0.45 / 0.9; %d held-out images degraded like the training set for "
            + "perception. Greedy decoding, VLMEvalKit exact matching. Chance is 25 %% (a uniform guess among four balanced "
            + "choices; an answer naming none of them is always wrong).%n%n"
            + "Budgets: SFT %d steps × %d samples at lr %.0e; GRPO %d steps × %d prompts × G=%d at lr %.0e (β=%s, "
            + "reference = SFT weights); baseline %d SFT steps × %d samples at lr %.0e on answers only (as many optimizer "
            + "steps as SFT + GRPO).%n%n",
        c.name(), c.seed(), c.pretrained() == null ? "robustr1-tiny" : "checkpoint " + c.pretrained(), c.trainScenes(),
        c.sceneKinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")),
        c.reasoningThresholds().stream().map(String::valueOf).collect(Collectors.joining(" and ")),
        c.evalScenes(), c.perceptionScenes(),
        c.sftSteps(), c.sftBatch(), c.sftLr(), c.grpoSteps(), c.grpoPrompts(), c.grpoGenerations(), c.grpoLr(),
        c.grpoBeta(), c.baselineSteps(), c.sftBatch(), c.baselineLr());
  }


  private void headline(StringBuilder sb) {
    sb.append("## Summary\n\nThe shape Robust-R1 reports (paper Table 3), measured on this run; `report.json` → `summary` "
        + "holds the same numbers.\n\n| measure | value | goal | met |\n|---|---|---|---|\n");
    String top = DemoPipeline.TRACKS.get(DemoPipeline.TRACKS.size() - 1);
    DemoStats.PairedDelta hi = deltas.get(top);
    DemoStats.PairedDelta lo = deltas.get(DemoPipeline.TRACKS.get(0));
    goal(sb, "SFT+GRPO − baseline at " + trackTitle(top) + " (95 % CI)",
        hi == null ? "n/a" : points(hi.delta()) + " [" + points(hi.low()) + ", " + points(hi.high()) + "]",
        "≥ +5 points, CI above 0", hi == null ? null : hi.delta() >= 0.05 && hi.low() > 0);
    goal(sb, "the gap widens: B − A at " + trackTitle(top) + " vs on clean",
        hi == null || lo == null ? "n/a" : points(hi.delta()) + " vs " + points(lo.delta()) + " points",
        "at " + trackTitle(top) + " ≥ on clean",
        hi == null || lo == null ? null : hi.delta() >= lo.delta());
    PerceptionScores p = perception.get("sft+grpo");
    goal(sb, "perception macro-F1, SFT+GRPO", p == null ? "n/a" : dec(p.macroF1()) + String.format(Locale.ROOT,
            " (chance: base rate %s, %d most frequent %s, all types %s)", dec(p.chanceBaseRate()), p.mostFrequentK(),
            dec(p.chanceMostFrequent()), dec(p.chanceAllTypes())), "≥ 0.5",
        p == null ? null : p.macroF1() >= 0.5);
    goal(sb, "intensity MAE, SFT+GRPO", p == null ? "n/a" : dec(p.intensityMae()) + " (" + p.matched()
        + " matched types; constant guess " + dec(p.maeConstant()) + ")", "≤ 0.15", p == null ? null : p.intensityMae() <= 0.15);
    ModelEval ge = r.evals().get("sft+grpo");
    double rho = ge == null ? Double.NaN : ge.lengthIntensitySpearman();
    goal(sb, "Spearman ρ(chain tokens, total intensity), SFT+GRPO eval items", dec(rho), "≥ 0.5", rho >= 0.5);
    double[] reward = TrainCurves.quarters(r.training().get("sft+grpo"), "reward");
    double[] rdeg = TrainCurves.quarters(r.training().get("sft+grpo"), TrainCurves.RDEG);
    goal(sb, "GRPO mean reward, first → last quarter", dec(reward[0]) + " → " + dec(reward[1]), "rises", reward[1] > reward[0]);
    goal(sb, "GRPO r_deg, first → last quarter", dec(rdeg[0]) + " → " + dec(rdeg[1]), "rises", rdeg[1] > rdeg[0]);
    Double wall = r.stageSeconds().get("total");
    goal(sb, "wall time of the demo (s)", wall == null ? "n/a" : String.format(Locale.ROOT, "%.0f", wall), "≤ 600",
        wall == null ? null : wall <= 600);
    sb.append('\n');
  }

  /** A row of the summary table; {@code met} null or a comparison on NaN reads "n/a". */
  private static void goal(StringBuilder sb, String what, String value, String target, Boolean met) {
    boolean undefined = met == null || value.contains("n/a");
    sb.append("| ").append(what).append(" | ").append(value).append(" | ").append(target).append(" | ")
        .append(undefined ? "n/a" : met ? "yes" : "no").append(" |\n");
  }

  private void accuracy(StringBuilder sb) {
    sb.append("## Accuracy\n\n");
    trackTableHeader(sb);
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append("| ").append(display(m)).append(" |");
      for (String t : DemoPipeline.TRACKS) {
        ModelEval.TrackAccuracy a = e.accuracy().get(t);
        sb.append(a == null ? " n/a |" : String.format(Locale.ROOT, " %s (n=%d) |", pct(a.accuracy()), a.n()));
      }
      sb.append('\n');
    }
    if (r.evals().containsKey("pretrained")) {
      sb.append("\n").append(display("pretrained")).append(": the checkpoint both arms start from, before any fine-tuning, "
          + "asked like the baseline (question and choices, no chain); the paper's Table 3 lists the base Qwen2.5-VL-3B "
          + "the same way. The ablation compares the arms with each other.\n");
    }
    sb.append("\nQuestions answered the same on all four tracks (1.0 = answers ignore the degradation):");
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        sb.append(' ').append(display(m)).append(' ').append(pct(e.answerInvariantRate())).append(';');
      }
    }
    sb.append("\n\nAnswers naming one of the four choices (an answer outside them is always wrong):");
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        sb.append(' ').append(display(m));
        e.inChoicesRateByTrack().forEach((t, v) -> sb.append(' ').append(trackTitle(t)).append(' ').append(pct(v)));
        sb.append(';');
      }
    }
    StringBuilder checks = new StringBuilder();
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      Map<String, ModelEval.ConclusionCheck> byTrack = e == null ? Map.of() : e.conclusionChecks();
      if (!byTrack.isEmpty()) {
        checks.append("\n| ").append(display(m)).append(" |");
        byTrack.values().forEach(c -> checks.append(' ').append(pct(c.mismatch())).append(" |"));
        byTrack.values().forEach(c -> checks.append(' ').append(pct(c.conclusionAccuracy())).append(" |"));
      }
    }
    if (checks.length() > 0) {
      sb.append("\n\nChains whose ANSWER differs from the answer their CONCLUSION states (\"So the answer is X.\"), and how "
          + "often that CONCLUSION is right (a diagnostic: the score above is the ANSWER's):\n\n| model |");
      DemoPipeline.TRACKS.forEach(t -> sb.append(" differ ").append(trackTitle(t)).append(" |"));
      DemoPipeline.TRACKS.forEach(t -> sb.append(" CONCLUSION right ").append(trackTitle(t)).append(" |"));
      sb.append("\n|---|");
      DemoPipeline.TRACKS.forEach(t -> sb.append("---|---|"));
      sb.append(checks);
    }
    sb.append("\n\n![accuracy vs intensity](").append(PLOT_ACCURACY).append(")\n\n");
  }

  private void accuracyByKind(StringBuilder sb) {
    Map<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> byModel = accuracyByKind(r);
    Map<QuestionKind, Integer> n = questionsPerKind(byModel);
    if (n.isEmpty()) {
      return;
    }
    int fewest = n.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
    sb.append("## Accuracy by question kind\n\nThe accuracies above split by question family (questions per track beside "
        + "the kind). A cell holds a fifth of a track's questions, so its 95 % interval spans up to ")
        .append(String.format(Locale.ROOT, "±%.0f points", 100 * 1.96 * Math.sqrt(0.25 / fewest)))
        .append(" (binomial, at 50 %); compare kinds and tracks, not single cells.\n\n");
    sb.append("| kind | model |");
    DemoPipeline.TRACKS.forEach(t -> sb.append(' ').append(trackTitle(t)).append(" |"));
    sb.append("\n|---|---|");
    DemoPipeline.TRACKS.forEach(t -> sb.append("---|"));
    sb.append('\n');
    n.forEach((k, count) -> {
      for (Map.Entry<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> me : byModel.entrySet()) {
        String m = me.getKey();
        Map<String, ModelEval.TrackAccuracy> byTrack = me.getValue().getOrDefault(k, Map.of());
        sb.append(String.format(Locale.ROOT, "| %s (n=%d) | %s |", kindName(k), count, display(m)));
        for (String t : DemoPipeline.TRACKS) {
          ModelEval.TrackAccuracy a = byTrack.get(t);
          sb.append(a == null ? " n/a |" : " " + pct(a.accuracy()) + " |");
        }
        sb.append('\n');
      }
    });
    sb.append('\n');
  }

  /** {@link ModelEval#accuracyByKind()} of each model evaluated, in {@link DemoPipeline#MODELS} order. */
  static Map<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> accuracyByKind(DemoResult r) {
    Map<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> byModel = new LinkedHashMap<>();
    for (String m : DemoPipeline.MODELS) {
      if (r.evals().containsKey(m)) {
        byModel.put(m, r.evals().get(m).accuracyByKind());
      }
    }
    return byModel;
  }

  /** Questions of each kind on a track (the largest count over tracks and models), in kind order. */
  static Map<QuestionKind, Integer> questionsPerKind(Map<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> byModel) {
    Map<QuestionKind, Integer> n = new java.util.EnumMap<>(QuestionKind.class);
    byModel.values().forEach(kinds -> kinds.forEach((k, byTrack) ->
        byTrack.values().forEach(a -> n.merge(k, a.n(), Math::max))));
    return n;
  }

  /** The lower-case name of a question kind, as in report.json. */
  static String kindName(QuestionKind k) {
    return k.name().toLowerCase(Locale.ROOT);
  }

  private void paired(StringBuilder sb) {
    sb.append("## SFT+GRPO against the baseline, paired by question\n\n");
    sb.append(String.format(Locale.ROOT,
        "Both models answer the same held-out questions on every track, so the difference is paired: B − A = SFT+GRPO − "
            + "baseline over the questions both answered, with a percentile bootstrap %.0f %% interval from %,d resamples of "
            + "question ids (seed %d) and McNemar's exact test on the questions only one of them got right.%n%n",
        100 * DemoStats.BOOTSTRAP_LEVEL, DemoStats.BOOTSTRAP_RESAMPLES, DemoStats.BOOTSTRAP_SEED));
    if (deltas.isEmpty()) {
      sb.append("No paired evaluation (the baseline or SFT+GRPO was not evaluated).\n\n");
      return;
    }
    sb.append("| track | questions paired | baseline | SFT+GRPO | B − A (points) | 95 % CI (points) | right only for baseline / SFT+GRPO | McNemar p |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (String t : DemoPipeline.TRACKS) {
      DemoStats.PairedDelta d = deltas.get(t);
      if (d == null) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %d%s | %s | %s | %s | [%s, %s] | %d / %d | %s |%n", trackTitle(t), d.paired(),
          d.unpaired() == 0 ? "" : " (" + d.unpaired() + " unpaired, left out)", pct(d.accuracyA()), pct(d.accuracyB()),
          points(d.delta()), points(d.low()), points(d.high()), d.onlyA(), d.onlyB(), dec(d.mcnemarP())));
    }
    sb.append("\n![SFT+GRPO minus baseline](").append(PLOT_DELTA).append(")\n\n");
  }

  private void perceptionSection(StringBuilder sb) {
    sb.append("## Degradation perception (held-out images degraded like the training set)\n\n");
    sb.append("Each chain model writes a chain for held-out images degraded like the training set (several stages, random "
        + "intensities; some clean). A type counts as named when it appears anywhere in `<TYPE>` (multi-label). A clean "
        + "image is labelled `none`; a well-formed chain whose TYPE names nothing predicts `none`, so a clean image "
        + "answered so is a true negative for every type (and a hit of the `none` row), while a type named on a clean "
        + "image is a false positive of that type. A malformed chain, or one naming only unknown types, predicts no "
        + "label (column `other` of the heatmap). Macro-F1 averages the F1 = 2TP / (2TP + FP + FN) of the types applied "
        + "at least once; `none` is reported apart. Chance levels of macro-F1, for predictors that ignore the image: "
        + "naming each type at random with its base rate (expected counts give F1 = base rate), always naming the k "
        + "most applied types (k = mean number of types per degraded image), and always naming every applied type (the "
        + "best constant answer). Intensity MAE = mean |written strength − applied intensity| over the types both "
        + "applied and named, beside the MAE of always writing those pairs' mean intensity.\n\n");
    if (perception.isEmpty()) {
      sb.append("No perception items in this run.\n\n");
    } else {
      sb.append("| model | images (clean) | well-formed | macro-F1 | chance: base rate / k most frequent / all types "
          + "| macro-F1 with `none` | intensity MAE (pairs) | MAE of a constant guess | Spearman ρ (tokens vs total intensity) |\n");
      sb.append("|---|---|---|---|---|---|---|---|---|\n");
      perception.forEach((m, p) -> sb.append(String.format(Locale.ROOT,
          "| %s | %d (%d) | %s | %s | %s / %s (k=%d) / %s | %s | %s (%d) | %s | %s |%n", display(m), p.items(), p.clean(),
          pct(p.wellFormed()), dec(p.macroF1()), dec(p.chanceBaseRate()), dec(p.chanceMostFrequent()), p.mostFrequentK(),
          dec(p.chanceAllTypes()), dec(p.macroF1WithNone()), dec(p.intensityMae()), p.matched(), dec(p.maeConstant()),
          signed(p.lengthIntensitySpearman()))));
      sb.append('\n');
      perception.forEach((m, p) -> {
        sb.append("### ").append(display(m)).append(" per type\n\n");
        sb.append("| type | applied | named | both | precision | recall | F1 | intensity MAE |\n|---|---|---|---|---|---|---|---|\n");
        p.labels().forEach((l, c) -> {
          if (c.support() > 0 || c.predicted() > 0) {
            sb.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %s | %s | %s | %s |%n", l, c.support(), c.predicted(),
                c.truePositives(), dec(c.precision()), dec(c.recall()), dec(c.f1()),
                dec(p.maeByType().getOrDefault(l, Double.NaN))));
          }
        });
        sb.append('\n');
      });
    }
    sb.append("Rows: applied type; columns: type named in TYPE; cell: fraction of the row's images whose chain named the "
        + "column (rows can sum to more than 1).\n\n![degradation confusion](").append(PLOT_CONFUSION).append(")\n\n");
  }

  private void evalTrackChains(StringBuilder sb) {
    sb.append("## Chains on the evaluation tracks\n\n");
    sb.append("The chains written for the accuracy evaluation (clean and 25 / 50 / 100 %): \"applied type named\" is the "
        + "fraction of degraded items whose TYPE names an applied type anywhere, beside the chance of doing so with as "
        + "many random types.\n\n");
    sb.append("| model | well-formed chains | applied type named | types named (mean) | chance of naming it with that many random types | clean images with empty TYPE | Spearman ρ (chain tokens vs total intensity) |\n");
    sb.append("|---|---|---|---|---|---|---|\n");
    for (String m : CHAIN_MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", display(m), pct(e.wellFormedRate()),
          pct(e.typeRecall()), dec(e.meanTypesNamed()), pct(randomTypeRecallChance(e)), pct(e.cleanDetectedRate()),
          signed(e.lengthIntensitySpearman())));
    }
    sb.append('\n');
  }

  /** Chance of naming an applied type with as many uniformly random official types as {@code e} names. */
  static double randomTypeRecallChance(ModelEval e) {
    return Math.min(1.0, e.meanTypesNamed() / DegradationType.official().size());
  }

  private void chainLength(StringBuilder sb) {
    sb.append("## Chain length\n\nMean output tokens per track:\n\n");
    trackTableHeader(sb);
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append("| ").append(display(m)).append(" |");
      for (String t : DemoPipeline.TRACKS) {
        sb.append(' ').append(dec1(e.meanTokensByTrack().getOrDefault(t, Double.NaN))).append(" |");
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%nLongest training chain: %d tokens; evaluation budget %d new tokens.%n%n",
        r.longestChainTokens(), r.evalMaxTokens()));
    sb.append("![chain length vs intensity](").append(PLOT_LENGTH).append(")\n\n");
  }

  private void training(StringBuilder sb) {
    sb.append("## Training\n\n| run | steps | metric | first quarter | last quarter | s/step | updates skipped (non-finite gradient) |\n|---|---|---|---|---|---|---|\n");
    r.training().entrySet().stream().sorted(Map.Entry.comparingByKey(trainingOrder())).forEach(e -> {
      TrainSummary t = e.getValue();
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %d |%n", t.description(), t.steps(), t.metric(),
          dec(t.first()), dec(t.last()), dec(t.meanStepSeconds()), t.skippedNonFinite()));
    });
    TrainSummary g = r.training().get("sft+grpo");
    if (g != null && !TrainCurves.components(g).isEmpty()) {
      sb.append("\nGRPO reward components (mean over the step's completions), first → last quarter of the steps:\n\n"
          + "| component | first quarter | last quarter |\n|---|---|---|\n");
      for (String k : TrainCurves.components(g)) {
        double[] q = TrainCurves.quarters(g, k);
        sb.append(String.format(Locale.ROOT, "| %s%s | %s | %s |%n", k, k.equals(TrainCurves.RDEG) ? " (r_deg)" : "", dec(q[0]),
            dec(q[1])));
      }
    }
    sb.append(String.format(Locale.ROOT, "%nCurves: per step (faint) and a trailing moving average over a tenth of the steps.%n%n"));
    sb.append("![training curves](").append(PLOT_CURVES).append(")\n\n");
  }

  // ------------------------------------------------------------------------------------ helpers

  private static Map<String, DemoStats.PairedDelta> pairedDeltas(DemoResult r) {
    Map<String, DemoStats.PairedDelta> out = new LinkedHashMap<>();
    ModelEval a = r.evals().get("baseline");
    ModelEval b = r.evals().get("sft+grpo");
    if (a == null || b == null) {
      return out;
    }
    for (String t : DemoPipeline.TRACKS) {
      if (a.accuracy().containsKey(t) && b.accuracy().containsKey(t)) {
        out.put(t, DemoStats.pairedDelta(hits(a, t), hits(b, t), DemoStats.BOOTSTRAP_RESAMPLES, DemoStats.BOOTSTRAP_SEED));
      }
    }
    return out;
  }

  /** Question id to hit on {@code track}. */
  private static Map<String, Boolean> hits(ModelEval e, String track) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    for (ModelEval.Item i : e.items()) {
      if (i.track().equals(track) && m.put(i.index(), i.hit()) != null) {
        throw new IllegalStateException("question id " + i.index() + " is scored twice on track " + track + " of " + e.label());
      }
    }
    return m;
  }

  /** The intensity of {@code track} (0 for clean), from the first model that evaluated it. */
  double intensity(String track) {
    for (ModelEval e : r.evals().values()) {
      ModelEval.TrackAccuracy a = e.accuracy().get(track);
      if (a != null) {
        return a.intensity();
      }
    }
    return Double.NaN;
  }

  /** The header and rule of a table with one row per model and one column per track. */
  private static void trackTableHeader(StringBuilder sb) {
    sb.append("| model |");
    DemoPipeline.TRACKS.forEach(t -> sb.append(' ').append(trackTitle(t)).append(" |"));
    sb.append("\n|---|");
    DemoPipeline.TRACKS.forEach(t -> sb.append("---|"));
    sb.append('\n');
  }

  static String trackTitle(String t) {
    return t.equals("clean") ? "clean" : t + " %";
  }

  static String describeApplied(Map<DegradationType, Double> applied) {
    if (applied.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    applied.forEach((t, v) -> parts.add(String.format(Locale.ROOT, "%s(%.2f)", t.chainName(), v)));
    return String.join(", ", parts);
  }

  private static String pct(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f %%", 100 * v) : "n/a";
  }

  private static String points(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.1f", 100 * v) : "n/a";
  }

  private static String dec(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }

  private static String dec1(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f", v) : "n/a";
  }

  private static String signed(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%+.3f", v) : "n/a (undefined)";
  }

  static Comparator<String> stageOrder() {
    List<String> order = List.of("scenes", "dataset", "eval-pretrained", "sft-baseline", "eval-baseline", "sft", "eval-sft", "perception-sft", "grpo",
        "eval-sft+grpo", "perception-sft+grpo", "report", "total");
    return Comparator.comparingInt(s -> order.indexOf(s) < 0 ? 99 : order.indexOf(s));
  }

  private static Comparator<String> trainingOrder() {
    List<String> order = DemoPipeline.ARMS;
    return Comparator.comparingInt(s -> order.indexOf(s) < 0 ? 99 : order.indexOf(s));
  }
}
