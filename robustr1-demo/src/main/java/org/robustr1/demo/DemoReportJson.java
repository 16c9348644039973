package org.robustr1.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.degrade.scenes.QuestionKind;

/**
 * The layout of {@code report.json}: {@code summary} (the stable keys the checks read, {@link
 * #SUMMARY_KEYS}, then added ones), then the details. Every non-finite number is written as null.
 */
final class DemoReportJson {

  /**
   * The keys of {@code summary} that checks read; never renamed. Accuracies are fractions, {@code
   * delta_ci95} is SFT+GRPO − baseline per track, perception numbers are SFT+GRPO's, {@code
   * n_per_level} is the smallest number of questions scored on any track by any model.
   */
  static final List<String> SUMMARY_KEYS = List.of("seed", "n_per_level", "accuracy", "delta_ci95", "perception_macro_f1",
      "intensity_mae", "spearman_length_intensity", "grpo_reward_first_quarter", "grpo_reward_last_quarter", "wall_seconds");

  private final DemoReport report;
  private final DemoResult r;

  DemoReportJson(DemoReport report) {
    this.report = report;
    this.r = report.result();
  }

  /** The whole report, non-finite numbers as null. */
  Map<String, Object> json() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("summary", summary());
    root.put("config", config());
    root.put("accuracy", accuracy());
    root.put("accuracy_by_kind", accuracyByKind());
    root.put("paired_delta", pairedDelta());
    Map<String, Object> invariant = new LinkedHashMap<>();
    r.evals().forEach((m, e) -> invariant.put(m, e.answerInvariantRate()));
    root.put("answer_invariant_rate", invariant);
    Map<String, Object> inChoices = new LinkedHashMap<>();
    r.evals().forEach((m, e) -> inChoices.put(m, e.inChoicesRateByTrack()));
    root.put("answer_in_choices_rate", inChoices);
    Map<String, Object> conclusions = new LinkedHashMap<>();
    r.evals().forEach((m, e) -> {
      Map<String, Object> byTrack = new LinkedHashMap<>();
      e.conclusionChecks().forEach((t, c) -> byTrack.put(t, Map.of("n", c.n(), "answer_differs", c.mismatch(),
          "conclusion_accuracy", c.conclusionAccuracy())));
      if (!byTrack.isEmpty()) {
        conclusions.put(m, byTrack);
      }
    });
    root.put("chain_conclusions", conclusions);
    root.put("chance_accuracy", 0.25);
    root.put("perception", perception());
    root.put("degradation_perception", evalTrackChains());
    root.put("training", training());
    Map<String, Object> times = new LinkedHashMap<>();
    r.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey(DemoReport.stageOrder()))
        .forEach(e -> times.put(e.getKey(), e.getValue()));
    root.put("stage_seconds", times);
    root.put("cpu_threads", r.cpuThreads());
    root.put("workers", r.workers());
    Map<String, Object> examples = new LinkedHashMap<>();
    report.exampleClean().ifPresent(i -> examples.put("clean", example(i)));
    report.exampleDegraded().ifPresent(i -> examples.put("degraded", example(i)));
    root.put("example_chains", examples);
    if (examples.containsKey("degraded")) {
      root.put("example_chain", examples.get("degraded"));
    }
    root.put("plots", DemoReport.PLOTS);
    return finite(root);
  }

  /** The {@code summary} object: {@link #SUMMARY_KEYS} in order, then the added keys. */
  Map<String, Object> summary() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("seed", r.config().seed());
    s.put("n_per_level", r.evals().values().stream().flatMap(e -> e.accuracy().values().stream())
        .mapToInt(ModelEval.TrackAccuracy::n).min().stream().boxed().findFirst().orElse(null));
    Map<String, Object> acc = new LinkedHashMap<>();
    for (String m : DemoPipeline.ARMS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        Map<String, Object> byTrack = new LinkedHashMap<>();
        DemoPipeline.TRACKS.forEach(t -> byTrack.put(t, e.accuracy().containsKey(t) ? e.accuracy().get(t).accuracy() : null));
        acc.put(m, byTrack);
      }
    }
    s.put("accuracy", acc);
    Map<String, Object> ci = new LinkedHashMap<>();
    Map<String, Object> delta = new LinkedHashMap<>();
    for (String t : DemoPipeline.TRACKS) {
      DemoStats.PairedDelta d = report.deltas().get(t);
      ci.put(t, d == null ? Arrays.asList(null, null) : Arrays.asList(d.low(), d.high()));
      delta.put(t, d == null ? null : d.delta());
    }
    s.put("delta_ci95", ci);
    PerceptionScores p = report.perception().get("sft+grpo");
    s.put("perception_macro_f1", p == null ? null : p.macroF1());
    s.put("intensity_mae", p == null ? null : p.intensityMae());
    ModelEval g = r.evals().get("sft+grpo");
    s.put("spearman_length_intensity", g == null ? null : g.lengthIntensitySpearman());
    TrainSummary grpo = r.training().get("sft+grpo");
    double[] reward = TrainCurves.quarters(grpo, "reward");
    s.put("grpo_reward_first_quarter", reward[0]);
    s.put("grpo_reward_last_quarter", reward[1]);
    s.put("wall_seconds", r.stageSeconds().get("total"));
    // added keys
    s.put("delta", delta);
    double[] rdeg = TrainCurves.quarters(grpo, TrainCurves.RDEG);
    s.put("grpo_rdeg_first_quarter", rdeg[0]);
    s.put("grpo_rdeg_last_quarter", rdeg[1]);
    s.put("perception_items", p == null ? 0 : p.items());
    s.put("perception_macro_f1_chance", p == null ? null : chance(p));
    s.put("perception_macro_f1_with_none", p == null ? null : p.macroF1WithNone());
    s.put("intensity_mae_pairs", p == null ? 0 : p.matched());
    s.put("intensity_mae_constant_guess", p == null ? null : p.maeConstant());
    s.put("spearman_length_intensity_perception", p == null ? null : p.lengthIntensitySpearman());
    Map<String, Object> times = new LinkedHashMap<>();
    r.stageSeconds().entrySet().stream().sorted(Map.Entry.comparingByKey(DemoReport.stageOrder()))
        .forEach(e -> times.put(e.getKey(), e.getValue()));
    s.put("stage_seconds", times);
    s.put("cpu_threads", r.cpuThreads());
    s.put("workers", r.workers());
    return finite(s);
  }

  private static Map<String, Object> chance(PerceptionScores p) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("base_rate", p.chanceBaseRate());
    c.put("most_frequent", p.chanceMostFrequent());
    c.put("most_frequent_k", p.mostFrequentK());
    c.put("all_types", p.chanceAllTypes());
    return c;
  }

  /** The budgets; the only JSON that reads {@link DemoConfig}'s fields beyond the seed. */
  private Map<String, Object> config() {
    DemoConfig c = r.config();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("name", c.name());
    cfg.put("seed", c.seed());
    cfg.put("train_scenes", c.trainScenes());
    cfg.put("eval_scenes", c.evalScenes());
    cfg.put("sft_steps", c.sftSteps());
    cfg.put("sft_batch", c.sftBatch());
    cfg.put("sft_lr", c.sftLr());
    cfg.put("baseline_lr", c.baselineLr());
    cfg.put("perception_scenes", c.perceptionScenes());
    cfg.put("scene_kinds", c.sceneKinds().stream().map(Enum::name).toList());
    cfg.put("reasoning_thresholds", c.reasoningThresholds());
    cfg.put("pretrained", c.pretrained() == null ? "robustr1-tiny" : c.pretrained().toString());
    cfg.put("grpo_steps", c.grpoSteps());
    cfg.put("grpo_prompts", c.grpoPrompts());
    cfg.put("grpo_generations", c.grpoGenerations());
    cfg.put("grpo_lr", c.grpoLr());
    cfg.put("grpo_beta", c.grpoBeta());
    cfg.put("grpo_max_tokens", c.grpoMaxTokens());
    cfg.put("baseline_steps", c.baselineSteps());
    cfg.put("eval_max_new_tokens", r.evalMaxTokens());
    cfg.put("longest_training_chain_tokens", r.longestChainTokens());
    return cfg;
  }

  private Map<String, Object> accuracy() {
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
        x.put("accuracy", a.accuracy());
        tracks.put(t, x);
      });
      acc.put(m, tracks);
    }
    return acc;
  }

  /** {@code {"color": {"n": 64, "baseline": {"clean": 0.52, ...}, ...}, ...}}: accuracy per kind, model and track. */
  private Map<String, Object> accuracyByKind() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Map<QuestionKind, Map<String, ModelEval.TrackAccuracy>>> byModel = DemoReport.accuracyByKind(r);
    DemoReport.questionsPerKind(byModel).forEach((k, n) -> {
      Map<String, Object> kind = new LinkedHashMap<>();
      kind.put("n", n);
      byModel.forEach((m, kinds) -> {
        Map<String, Object> tracks = new LinkedHashMap<>();
        kinds.getOrDefault(k, Map.of()).forEach((t, a) -> tracks.put(t, a.accuracy()));
        kind.put(m, tracks);
      });
      out.put(DemoReport.kindName(k), kind);
    });
    return out;
  }

  private Map<String, Object> pairedDelta() {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("a", "baseline");
    d.put("b", "sft+grpo");
    d.put("method", "percentile bootstrap of mean(hit_b - hit_a) resampling question ids; McNemar exact test");
    d.put("resamples", DemoStats.BOOTSTRAP_RESAMPLES);
    d.put("seed", DemoStats.BOOTSTRAP_SEED);
    d.put("level", DemoStats.BOOTSTRAP_LEVEL);
    Map<String, Object> tracks = new LinkedHashMap<>();
    report.deltas().forEach((t, x) -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("paired", x.paired());
      m.put("unpaired", x.unpaired());
      m.put("accuracy_a", x.accuracyA());
      m.put("accuracy_b", x.accuracyB());
      m.put("delta", x.delta());
      m.put("ci95", Arrays.asList(x.low(), x.high()));
      m.put("right_only_a", x.onlyA());
      m.put("right_only_b", x.onlyB());
      m.put("mcnemar_p", x.mcnemarP());
      tracks.put(t, m);
    });
    d.put("tracks", tracks);
    return d;
  }

  private Map<String, Object> perception() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("rules", "multi-label: a type counts as named when it appears anywhere in TYPE; clean image = label none; a "
        + "well-formed chain naming nothing predicts none; malformed or unknown-only predicts no label (column other); "
        + "macro_f1 over the types applied at least once; chance: base_rate = mean base rate (F1 of random naming at "
        + "base rates from expected counts), most_frequent = always the k most applied types (k = mean types per "
        + "degraded image), all_types = always every applied type (best constant answer); intensity MAE over types "
        + "both applied and named");
    report.perception().forEach((m, p) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("items", p.items());
      x.put("clean", p.clean());
      x.put("well_formed_rate", p.wellFormed());
      x.put("macro_f1", p.macroF1());
      x.put("macro_f1_chance", chance(p));
      x.put("macro_f1_with_none", p.macroF1WithNone());
      x.put("intensity_mae", p.intensityMae());
      x.put("intensity_mae_pairs", p.matched());
      x.put("intensity_mae_constant_guess", p.maeConstant());
      x.put("length_intensity_spearman", p.lengthIntensitySpearman());
      Map<String, Object> per = new LinkedHashMap<>();
      p.labels().forEach((l, c) -> {
        if (c.support() > 0 || c.predicted() > 0) {
          Map<String, Object> y = new LinkedHashMap<>();
          y.put("applied", c.support());
          y.put("named", c.predicted());
          y.put("true_positives", c.truePositives());
          y.put("precision", c.precision());
          y.put("recall", c.recall());
          y.put("f1", c.f1());
          y.put("intensity_mae", p.maeByType().get(l));
          per.put(l, y);
        }
      });
      x.put("per_type", per);
      Map<String, Object> conf = new LinkedHashMap<>();
      conf.put("rows", p.confusion().rows());
      conf.put("columns", p.confusion().columns());
      conf.put("row_counts", p.confusion().rowCounts());
      conf.put("fraction", p.confusion().fraction());
      x.put("confusion", conf);
      out.put(m, x);
    });
    return out;
  }

  /** The chains written on the evaluation tracks (the measures of earlier reports). */
  private Map<String, Object> evalTrackChains() {
    Map<String, Object> chain = new LinkedHashMap<>();
    for (String m : DemoReport.CHAIN_MODELS) {
      ModelEval e = r.evals().get(m);
      if (e == null) {
        continue;
      }
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("well_formed_rate", e.wellFormedRate());
      x.put("type_top1_accuracy", e.typeTop1Accuracy());
      x.put("type_recall", e.typeRecall());
      x.put("type_recall_chance", DemoReport.randomTypeRecallChance(e));
      x.put("mean_types_named", e.meanTypesNamed());
      x.put("clean_detected_rate", e.cleanDetectedRate());
      x.put("length_intensity_spearman", e.lengthIntensitySpearman());
      x.put("mean_tokens_by_track", e.meanTokensByTrack());
      Map<String, Object> byType = new LinkedHashMap<>();
      e.typeAccuracyByType().forEach((t, v) -> byType.put(t.opName(), Map.of("n", (int) v[1], "top1_accuracy", v[0] / v[1])));
      x.put("type_top1_accuracy_by_type", byType);
      chain.put(m, x);
    }
    chain.put("type_chance_uniform", DemoReport.uniformTypeChance());
    chain.put("type_chance_majority", DemoReport.majorityTypeChance());
    return chain;
  }

  private Map<String, Object> training() {
    Map<String, Object> train = new LinkedHashMap<>();
    r.training().forEach((k, t) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("description", t.description());
      x.put("steps", t.steps());
      x.put("metric", t.metric());
      x.put("first_quarter", t.first());
      x.put("last_quarter", t.last());
      x.put("mean_step_seconds", t.meanStepSeconds());
      x.put("skipped_nonfinite_updates", t.skippedNonFinite());
      Map<String, Object> comps = new LinkedHashMap<>();
      for (String c : TrainCurves.components(t)) {
        double[] q = TrainCurves.quarters(t, c);
        comps.put(c, Map.of("first_quarter", q[0], "last_quarter", q[1]));
      }
      if (!comps.isEmpty()) {
        x.put("reward_components", comps);
      }
      train.put(k, x);
    });
    return train;
  }

  private static Map<String, Object> example(ModelEval.Item i) {
    Map<String, Object> x = new LinkedHashMap<>();
    x.put("question_id", i.index());
    x.put("question", i.question());
    x.put("track", i.track());
    x.put("applied", DemoReport.describeApplied(i.applied()));
    x.put("total_intensity", i.totalIntensity());
    x.put("correct_answer", i.answer());
    x.put("hit", i.hit());
    x.put("tokens", i.tokens());
    x.put("output", i.prediction());
    return x;
  }

  /** {@code v} with every non-finite double replaced by null, maps and collections copied. */
  @SuppressWarnings("unchecked")
  static <T> T finite(T v) {
    return (T) finiteObject(v);
  }

  private static Object finiteObject(Object v) {
    if (v instanceof Double d) {
      return Double.isFinite(d) ? d : null;
    }
    if (v instanceof Float f) {
      return Float.isFinite(f) ? f : null;
    }
    if (v instanceof Map<?, ?> m) {
      Map<Object, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(k, finiteObject(x)));
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>();
      c.forEach(x -> out.add(finiteObject(x)));
      return out;
    }
    if (v instanceof double[] a) {
      return finiteObject(Arrays.stream(a).boxed().toList());
    }
    if (v instanceof double[][] a) {
      return finiteObject(Arrays.asList(a));
    }
    if (v instanceof int[] a) {
      return Arrays.stream(a).boxed().toList();
    }
    return v;
  }
}
