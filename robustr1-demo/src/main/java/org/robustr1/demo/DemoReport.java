package org.robustr1.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.robustr1.core.degradation.DegradationType;

/**
 * Writes {@code report.md}, {@code report.json} and the plots {@code accuracy_vs_intensity.png},
 * {@code degradation_type_accuracy.png}, {@code chain_length_vs_intensity.png} of a demo run, and
 * renders the console summary. Numbers are reported as measured; nothing is smoothed or chosen.
 */
public final class DemoReport {

  /** Report file names. */
  public static final String MARKDOWN = "report.md";
  /** JSON report. */
  public static final String JSON = "report.json";
  /** Accuracy plot. */
  public static final String PLOT_ACCURACY = "accuracy_vs_intensity.png";
  /** Degradation type plot. */
  public static final String PLOT_TYPES = "degradation_type_accuracy.png";
  /** Chain length plot. */
  public static final String PLOT_LENGTH = "chain_length_vs_intensity.png";

  private static final Map<String, String> DISPLAY = Map.of("baseline", "baseline (answers only)", "sft", "SFT (chains)",
      "sft+grpo", "SFT+GRPO");

  private final DemoResult r;

  /** A report of {@code result}. */
  public DemoReport(DemoResult result) {
    this.r = result;
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

  /** Writes every file into the run's output folder. */
  public void writeAll() throws IOException {
    System.setProperty("java.awt.headless", "true");
    Files.writeString(r.out().resolve(MARKDOWN), markdown(), StandardCharsets.UTF_8);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(r.out().resolve(JSON).toFile(), json());
    plotAccuracy(r.out().resolve(PLOT_ACCURACY));
    plotTypes(r.out().resolve(PLOT_TYPES));
    plotLength(r.out().resolve(PLOT_LENGTH));
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
      sb.append(String.format(Locale.ROOT, "%-24s", DISPLAY.get(m)));
      for (String t : DemoPipeline.TRACKS) {
        ModelEval.TrackAccuracy a = e.accuracy().get(t);
        sb.append(String.format(Locale.ROOT, " %8.1f%%", a == null ? Double.NaN : 100 * a.accuracy()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** One example chain of the final model on a degraded image, as plain text. */
  public String exampleChain() {
    ModelEval e = r.evals().get("sft+grpo");
    Optional<ModelEval.Item> it = e == null ? Optional.empty() : e.exampleDegraded();
    if (it.isEmpty()) {
      return "(no degraded example)";
    }
    ModelEval.Item i = it.get();
    StringBuilder sb = new StringBuilder();
    sb.append("question: ").append(i.question()).append('\n');
    sb.append("applied:  ").append(describeApplied(i.applied())).append(" (track ").append(trackTitle(i.track())).append(")\n");
    sb.append("correct:  ").append(i.answer()).append(i.hit() ? "  (answered correctly)" : "  (answered wrongly)").append('\n');
    sb.append("output:\n").append(i.prediction()).append('\n');
    return sb.toString();
  }

  /** The Markdown report. */
  public String markdown() {
    DemoConfig c = r.config();
    StringBuilder sb = new StringBuilder();
    sb.append("# Robust-R1 demo report\n\n");
    sb.append(String.format(Locale.ROOT,
        "Run `%s`, seed %d. Both arms start from the pretrained %s with the vision tower and merger frozen. "
            + "%d training scenes degraded by one to four of the four stages (random intensities, 10 %% clean), "
            + "%d held-out scenes (questions: %s) evaluated clean and through the official pipeline at 0.23 / 0.45 / 0.9, "
            + "%d held-out images degraded like the training set for perception. Greedy decoding, VLMEvalKit exact "
            + "matching. Chance is 25 %% (a uniform guess among four balanced choices).%n%n",
        c.name(), c.seed(), c.pretrained() == null ? "robustr1-tiny" : c.pretrained().toString(), c.trainScenes(),
        c.evalScenes(), c.sceneKinds().stream().map(k -> k.name().toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.joining(", ")),
        c.perceptionScenes()));
    if (c.name().equals("quick")) {
      sb.append("> `--quick` budgets only show that every stage runs; the numbers carry no meaning.\n\n");
    }
    sb.append("## Accuracy\n\n");
    trackTableHeader(sb);
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append("| ").append(DISPLAY.get(m)).append(" |");
      for (String t : DemoPipeline.TRACKS) {
        ModelEval.TrackAccuracy a = e.accuracy().get(t);
        sb.append(String.format(Locale.ROOT, " %.1f %% (n=%d) |", 100 * a.accuracy(), a.n()));
      }
      sb.append('\n');
    }
    ModelEval g = r.evals().get("sft+grpo");
    ModelEval b = r.evals().get("baseline");
    if (g != null && b != null) {
      sb.append("\nSFT+GRPO minus baseline, percentage points:");
      for (String t : DemoPipeline.TRACKS) {
        sb.append(String.format(Locale.ROOT, " %s %+.1f;", trackTitle(t),
            100 * (g.accuracy().get(t).accuracy() - b.accuracy().get(t).accuracy())));
      }
      sb.append("\n\n");
    }
    sb.append("Questions answered the same on all four tracks (1.0 = answers ignore the degradation):");
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        sb.append(' ').append(DISPLAY.get(m)).append(' ').append(pct(e.answerInvariantRate())).append(';');
      }
    }
    sb.append("\n\nAnswers naming one of the four choices (an answer outside them is always wrong):");
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        sb.append(' ').append(DISPLAY.get(m));
        e.inChoicesRateByTrack().forEach((t, v) -> sb.append(' ').append(trackTitle(t)).append(' ').append(pct(v)));
        sb.append(';');
      }
    }
    sb.append("\n\n![accuracy vs intensity](").append(PLOT_ACCURACY).append(")\n\n");

    sb.append("## Degradation perception (chain models, degraded held-out images)\n\n");
    sb.append(String.format(Locale.ROOT,
        "Chance of naming the applied op first: uniform %.1f %% (1/%d ops), always naming the most frequent op %.1f %%.%n%n",
        100 * uniformTypeChance(), DegradationType.official().size(), 100 * majorityTypeChance()));
    sb.append("The training chains list one op per stage in stage order (composite degradations) while each held-out "
        + "image gets one official op, so \"named first\" can only hit lens-stage ops; \"applied type named\" (anywhere in "
        + "<TYPE>) is the fairer measure, against the chance of naming it with as many random types.\n\n");
    sb.append("| model | well-formed chains | type top-1 accuracy | applied type named | types named (mean) | chance of naming it with that many random types | clean images with empty TYPE | Spearman ρ (chain tokens vs total intensity) |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (String m : List.of("sft", "sft+grpo")) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %s | %s | %s |%n", DISPLAY.get(m), pct(e.wellFormedRate()),
          pct(e.typeTop1Accuracy()), pct(e.typeRecall()), e.meanTypesNamed(),
          pct(Math.min(1.0, e.meanTypesNamed() / DegradationType.official().size())), pct(e.cleanDetectedRate()),
          num(e.lengthIntensitySpearman())));
    }
    sb.append("\n![degradation type accuracy](").append(PLOT_TYPES).append(")\n\n");
    sb.append("## Chain length\n\nMean output tokens per track:\n\n");
    trackTableHeader(sb);
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      sb.append("| ").append(DISPLAY.get(m)).append(" |");
      e.meanTokensByTrack().values().forEach(v -> sb.append(String.format(Locale.ROOT, " %.1f |", v)));
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "%nLongest training chain: %d tokens; evaluation budget %d new tokens.%n%n",
        r.longestChainTokens(), r.evalMaxTokens()));
    sb.append("![chain length vs intensity](").append(PLOT_LENGTH).append(")\n\n");

    sb.append("## Training\n\n| run | steps | metric | first quarter | last quarter | s/step | updates skipped (non-finite gradient) |\n|---|---|---|---|---|---|---|\n");
    for (String m : DemoPipeline.MODELS) {
      TrainSummary t = r.training().get(m);
      if (t == null) {
        continue;
      }
      sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.4f | %.4f | %.2f | %d |%n", t.description(), t.steps(), t.metric(),
          t.first(), t.last(), t.meanStepSeconds(), t.skippedNonFinite()));
    }
    sb.append(String.format(Locale.ROOT,
        "%nBudgets: SFT %d steps × %d samples at lr %.0e; GRPO %d steps × %d prompts × G=%d at lr %.0e (β=0.04, reference = SFT weights); "
            + "baseline %d SFT steps × %d samples on answers only (as many optimizer steps as SFT + GRPO).%n%n",
        c.sftSteps(), c.sftBatch(), c.sftLr(), c.grpoSteps(), c.grpoPrompts(), c.grpoGenerations(), c.grpoLr(),
        c.baselineSteps(), c.sftBatch()));

    sb.append("## Example chain on a degraded image (SFT+GRPO)\n\n```\n").append(exampleChain()).append("```\n\n");
    sb.append("## Stage times\n\n| stage | seconds |\n|---|---|\n");
    r.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey(stageOrder()))
        .forEach(e -> sb.append(String.format(Locale.ROOT, "| %s | %.1f |%n", e.getKey(), e.getValue())));
    return sb.toString();
  }

  /** The JSON report as a map (NaN written as null). */
  public Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    DemoConfig c = r.config();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("name", c.name());
    cfg.put("seed", c.seed());
    cfg.put("train_scenes", c.trainScenes());
    cfg.put("eval_scenes", c.evalScenes());
    cfg.put("sft_steps", c.sftSteps());
    cfg.put("sft_batch", c.sftBatch());
    cfg.put("perception_scenes", c.perceptionScenes());
    cfg.put("scene_kinds", c.sceneKinds().stream().map(Enum::name).toList());
    cfg.put("sft_lr", c.sftLr());
    cfg.put("reasoning_thresholds", c.reasoningThresholds());
    cfg.put("pretrained", c.pretrained() == null ? "robustr1-tiny" : c.pretrained().toString());
    cfg.put("grpo_steps", c.grpoSteps());
    cfg.put("grpo_prompts", c.grpoPrompts());
    cfg.put("grpo_generations", c.grpoGenerations());
    cfg.put("grpo_lr", c.grpoLr());
    cfg.put("baseline_steps", c.baselineSteps());
    cfg.put("eval_max_new_tokens", r.evalMaxTokens());
    cfg.put("longest_training_chain_tokens", r.longestChainTokens());
    root.put("config", cfg);
    Map<String, Object> acc = new LinkedHashMap<>();
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      Map<String, Object> tracks = new LinkedHashMap<>();
      e.accuracy().forEach((t, a) -> {
        Map<String, Object> x = new LinkedHashMap<>();
        x.put("intensity", a.intensity());
        x.put("n", a.n());
        x.put("accuracy", nn(a.accuracy()));
        tracks.put(t, x);
      });
      acc.put(m, tracks);
    }
    root.put("accuracy", acc);
    Map<String, Object> invariant = new LinkedHashMap<>();
    r.evals().forEach((m, e) -> invariant.put(m, nn(e.answerInvariantRate())));
    root.put("answer_invariant_rate", invariant);
    Map<String, Object> inChoices = new LinkedHashMap<>();
    r.evals().forEach((m, e) -> {
      Map<String, Object> byTrack = new LinkedHashMap<>();
      e.inChoicesRateByTrack().forEach((t, v) -> byTrack.put(t, nn(v)));
      inChoices.put(m, byTrack);
    });
    root.put("answer_in_choices_rate", inChoices);
    root.put("chance_accuracy", 0.25);
    Map<String, Object> chain = new LinkedHashMap<>();
    for (String m : List.of("sft", "sft+grpo")) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("well_formed_rate", nn(e.wellFormedRate()));
      x.put("type_top1_accuracy", nn(e.typeTop1Accuracy()));
      x.put("type_recall", nn(e.typeRecall()));
      x.put("type_recall_chance", nn(Math.min(1.0, e.meanTypesNamed() / DegradationType.official().size())));
      x.put("mean_types_named", nn(e.meanTypesNamed()));
      x.put("clean_detected_rate", nn(e.cleanDetectedRate()));
      x.put("length_intensity_spearman", nn(e.lengthIntensitySpearman()));
      x.put("mean_tokens_by_track", e.meanTokensByTrack());
      Map<String, Object> byType = new LinkedHashMap<>();
      e.typeAccuracyByType().forEach((t, v) -> byType.put(t.opName(), Map.of("n", (int) v[1], "top1_accuracy", v[0] / v[1])));
      x.put("type_top1_accuracy_by_type", byType);
      chain.put(m, x);
    }
    chain.put("type_chance_uniform", uniformTypeChance());
    chain.put("type_chance_majority", majorityTypeChance());
    root.put("degradation_perception", chain);
    Map<String, Object> train = new LinkedHashMap<>();
    r.training().forEach((k, t) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("description", t.description());
      x.put("steps", t.steps());
      x.put("metric", t.metric());
      x.put("first_quarter", nn(t.first()));
      x.put("last_quarter", nn(t.last()));
      x.put("mean_step_seconds", nn(t.meanStepSeconds()));
      x.put("skipped_nonfinite_updates", t.skippedNonFinite());
      train.put(k, x);
    });
    root.put("training", train);
    Map<String, Object> times = new LinkedHashMap<>();
    r.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey(stageOrder()))
        .forEach(e -> times.put(e.getKey(), e.getValue()));
    root.put("stage_seconds", times);
    ModelEval g = r.evals().get("sft+grpo");
    g.exampleDegraded().ifPresent(i -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("question_id", i.index());
      x.put("question", i.question());
      x.put("track", i.track());
      x.put("applied", describeApplied(i.applied()));
      x.put("correct_answer", i.answer());
      x.put("hit", i.hit());
      x.put("output", i.prediction());
      root.put("example_chain", x);
    });
    return root;
  }

  // ------------------------------------------------------------------------------------ plots

  private void plotAccuracy(Path png) throws IOException {
    XYChart ch = new XYChartBuilder().width(720).height(460).title("Held-out accuracy vs degradation intensity")
        .xAxisTitle("intensity (official pipeline; 0 = clean)").yAxisTitle("accuracy (%)").build();
    ch.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    double[] x = DemoPipeline.TRACKS.stream().mapToDouble(this::intensity).toArray();
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      double[] y = DemoPipeline.TRACKS.stream().mapToDouble(t -> 100 * e.accuracy().get(t).accuracy()).toArray();
      ch.addSeries(DISPLAY.get(m), x, y);
    }
    ch.addSeries("chance", new double[] {0, 0.9}, new double[] {25, 25}).setMarker(SeriesMarkers.NONE);
    BitmapEncoder.saveBitmap(ch, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void plotTypes(Path png) throws IOException {
    Set<DegradationType> types = new LinkedHashSet<>();
    for (String m : List.of("sft", "sft+grpo")) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        types.addAll(e.typeAccuracyByType().keySet());
      }
    }
    List<DegradationType> order = new ArrayList<>(types);
    order.sort(java.util.Comparator.comparing(DegradationType::opName));
    List<String> names = order.stream().map(DegradationType::opName).toList();
    CategoryChart ch = new CategoryChartBuilder().width(900).height(480)
        .title("Degradation type named first (held-out degraded images)").xAxisTitle("applied degradation")
        .yAxisTitle("top-1 type accuracy (%)").build();
    ch.getStyler().setYAxisMin(0.0).setYAxisMax(100.0).setXAxisLabelRotation(45);
    if (names.isEmpty()) {
      names = List.of("none");
    }
    for (String m : List.of("sft", "sft+grpo")) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      Map<DegradationType, double[]> by = e.typeAccuracyByType();
      List<Double> y = new ArrayList<>();
      for (DegradationType t : order) {
        double[] v = by.get(t);
        y.add(v == null ? 0.0 : 100 * v[0] / v[1]);
      }
      if (y.isEmpty()) {
        y.add(0.0);
      }
      ch.addSeries(DISPLAY.get(m), names, y);
    }
    List<Double> chance = new ArrayList<>();
    names.forEach(n -> chance.add(100 * uniformTypeChance()));
    ch.addSeries("chance (uniform)", names, chance);
    BitmapEncoder.saveBitmap(ch, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private void plotLength(Path png) throws IOException {
    XYChart ch = new XYChartBuilder().width(720).height(460).title("Output length vs degradation intensity")
        .xAxisTitle("intensity (official pipeline; 0 = clean)").yAxisTitle("mean output tokens").build();
    double[] x = DemoPipeline.TRACKS.stream().mapToDouble(this::intensity).toArray();
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      Map<String, Double> byTrack = e.meanTokensByTrack();
      double[] y = DemoPipeline.TRACKS.stream().mapToDouble(t -> byTrack.getOrDefault(t, 0.0)).toArray();
      ch.addSeries(DISPLAY.get(m), x, y);
    }
    BitmapEncoder.saveBitmap(ch, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  // ------------------------------------------------------------------------------------ helpers

  private double intensity(String track) {
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

  private static String trackTitle(String t) {
    return t.equals("clean") ? "clean" : t + " %";
  }

  private static String describeApplied(Map<DegradationType, Double> applied) {
    if (applied.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    applied.forEach((t, v) -> parts.add(String.format(Locale.ROOT, "%s(%.2f)", t.chainName(), v)));
    return String.join(", ", parts);
  }

  private static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "n/a (constant)" : String.format(Locale.ROOT, "%+.3f", v);
  }

  private static Object nn(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static java.util.Comparator<String> stageOrder() {
    List<String> order = List.of("scenes", "dataset", "warmup", "sft-baseline", "eval-baseline", "sft", "eval-sft", "grpo",
        "eval-sft+grpo", "report", "total");
    return java.util.Comparator.comparingInt(s -> order.indexOf(s) < 0 ? 99 : order.indexOf(s));
  }
}
