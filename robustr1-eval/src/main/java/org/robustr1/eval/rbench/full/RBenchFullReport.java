package org.robustr1.eval.rbench.full;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustr1.core.chain.PythonText;
import org.robustr1.core.io.AtomicFiles;
import org.robustr1.eval.rbench.RBenchFiles;
import org.robustr1.eval.rbench.RBenchRobustness;
import org.robustr1.eval.rbench.RBenchTaxonomy;
import org.robustr1.eval.report.Stats;

/**
 * The report of a full R-Bench run: absolute robustness (mean {@code Score(GT, A_dis)}), relative
 * robustness (mean {@code Score(A_ref, A_dis) * Score(GT, A_ref)}) and the reference-image score
 * (mean {@code Score(GT, A_ref)}) by type, strength, type x strength, step, group and overall, each
 * with a seeded bootstrap 95 % interval; the paper's Table 1 rows beside the run when the model is
 * one the paper reports. Computed from the scored {@code Result_*} files exactly as {@code
 * rbench-score} computes it. Written as Markdown, JSON and CSV.
 *
 * @param model the model name
 * @param judge who judged (the official LLM judge, or the offline judge: not the official metric)
 * @param items items scored
 * @param skipped items left out
 * @param metrics metric name ({@code absolute}, {@code relative}, {@code reference}) to its buckets
 * @param intervals metric name to {@code dimension/bucket} to its 95 % interval
 * @param paper the paper's rows shown beside this run (may be empty)
 */
public record RBenchFullReport(String model, Judge judge, int items, int skipped,
    Map<String, RBenchRobustness.Buckets> metrics, Map<String, Map<String, Stats.Interval>> intervals,
    ImmutableList<RBenchPaperRows.Row> paper) {

  /** Bootstrap resamples per interval. */
  public static final int RESAMPLES = 2000;

  /** The label every output of the offline judge carries. */
  public static final String NOT_OFFICIAL = "offline judge (normalised match): not the official metric";

  /**
   * Who judged.
   *
   * @param official whether this is the notebook's LLM judge procedure
   * @param model the judge model, or null for the offline judge
   * @param url the judge URL (no credentials), or null
   */
  public record Judge(boolean official, String model, String url) {

    /** A one-line description. */
    public String describe() {
      return official ? "LLM judge " + model + " at " + url + " (the notebook's procedure)" : NOT_OFFICIAL;
    }
  }

  /**
   * Builds the report from the three scored files (paired by row, as the notebook pairs them).
   *
   * @param seed bootstrap seed
   */
  public static RBenchFullReport of(String model, Judge judge, List<RBenchFiles.Scored> dis,
      List<RBenchFiles.Scored> ref, List<RBenchFiles.Scored> com, int skipped, long seed) {
    requireNonNull(judge, "judge");
    RBenchRobustness.checkPaired("Result_ref", ref, "Result_dis", dis);
    RBenchRobustness.checkPaired("Result_ref", ref, "Result_com", com);
    List<RBenchRobustness.Key> keys = new ArrayList<>();
    dis.forEach(s -> keys.add(new RBenchRobustness.Key(s.name(), s.task(), s.distortion(), s.strength())));
    Map<String, double[]> values = new LinkedHashMap<>();
    values.put("absolute", dis.stream().mapToDouble(RBenchFiles.Scored::result).toArray());
    double[] rel = new double[ref.size()];
    for (int i = 0; i < rel.length; i++) {
      rel[i] = com.get(i).result() * ref.get(i).result();
    }
    values.put("relative", rel);
    values.put("reference", ref.stream().mapToDouble(RBenchFiles.Scored::result).toArray());
    Map<String, RBenchRobustness.Buckets> metrics = new LinkedHashMap<>();
    metrics.put("absolute", RBenchRobustness.absolute(dis));
    metrics.put("relative", RBenchRobustness.relative(ref, com));
    metrics.put("reference", RBenchRobustness.absolute(ref));
    Map<String, Map<String, Stats.Interval>> intervals = new LinkedHashMap<>();
    values.forEach((metric, v) -> intervals.put(metric, intervals(keys, v, seed)));
    return new RBenchFullReport(model, judge, dis.size(), skipped, metrics, intervals,
        ImmutableList.copyOf(RBenchPaperRows.besides(model)));
  }

  /** The buckets an item falls in, keyed as {@link RBenchRobustness.Buckets#counts()} keys them. */
  static List<String> bucketsOf(RBenchRobustness.Key k) {
    return List.of("overall", "type/" + k.task(), "strength/" + k.strength(), "typeStrength/" + k.task() + "-" + k.strength(),
        "step/" + RBenchTaxonomy.stepOf(k.distortion()), "group/" + RBenchTaxonomy.groupOf(k.distortion()));
  }

  private static Map<String, Stats.Interval> intervals(List<RBenchRobustness.Key> keys, double[] v, long seed) {
    Map<String, List<Double>> byBucket = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      for (String b : bucketsOf(keys.get(i))) {
        byBucket.computeIfAbsent(b, x -> new ArrayList<>()).add(v[i]);
      }
    }
    Map<String, Stats.Interval> out = new LinkedHashMap<>();
    byBucket.forEach((b, list) -> out.put(b,
        Stats.bootstrapMean(list.stream().mapToDouble(Double::doubleValue).toArray(), RESAMPLES, 0.95, seed)));
    return out;
  }

  private record Line(String metric, String dimension, String bucket, int n, double value, Stats.Interval ci) {}

  private List<Line> lines() {
    List<Line> out = new ArrayList<>();
    for (Map.Entry<String, RBenchRobustness.Buckets> m : metrics.entrySet()) {
      RBenchRobustness.Buckets b = m.getValue();
      Map<String, Stats.Interval> ci = intervals.get(m.getKey());
      out.add(line(m.getKey(), "overall", "all", b.overall(), b, ci));
      dimension(out, m.getKey(), "type", b.type(), b, ci);
      dimension(out, m.getKey(), "strength", b.strength(), b, ci);
      dimension(out, m.getKey(), "typeStrength", b.typeStrength(), b, ci);
      dimension(out, m.getKey(), "step", b.step(), b, ci);
      dimension(out, m.getKey(), "group", b.group(), b, ci);
    }
    return out;
  }

  private static void dimension(List<Line> out, String metric, String dim, Map<String, Double> values,
      RBenchRobustness.Buckets b, Map<String, Stats.Interval> ci) {
    values.forEach((bucket, v) -> out.add(line(metric, dim, bucket, v, b, ci)));
  }

  private static Line line(String metric, String dim, String bucket, double v, RBenchRobustness.Buckets b,
      Map<String, Stats.Interval> ci) {
    String key = dim.equals("overall") ? "overall" : dim + "/" + bucket;
    Stats.Interval nan = new Stats.Interval(Double.NaN, Double.NaN);
    return new Line(metric, dim, bucket, b.counts().getOrDefault(key, 0), v, ci.getOrDefault(key, nan));
  }

  /** The mean of this run's nine absolute type x strength cells (how the paper states overall). */
  public double meanOfNineCells() {
    return metrics.get("absolute").typeStrength().values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
  }

  /** Markdown. */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# R-Bench (MCQ, VQA, CAP on reference and distorted images) — ").append(model).append("\n\n");
    if (!judge.official()) {
      sb.append("**").append(NOT_OFFICIAL).append(".** Use an LLM judge (`--judge URL`) for numbers comparable to the paper.\n\n");
    }
    sb.append("judge: ").append(judge.describe()).append("  \n");
    sb.append("items: ").append(items).append(skipped > 0 ? " (" + skipped + " skipped, see skipped.tsv)" : "")
        .append("; 95% bootstrap intervals over items (").append(RESAMPLES).append(" resamples)\n\n");
    Map<String, String> titles = Map.of(
        "absolute", "Absolute robustness: mean Score(GT, A_dis)",
        "relative", "Relative robustness: mean Score(A_ref, A_dis) x Score(GT, A_ref)",
        "reference", "Reference-image score: mean Score(GT, A_ref)");
    String current = null;
    for (Line l : lines()) {
      if (!l.metric().equals(current)) {
        current = l.metric();
        sb.append("## ").append(titles.get(current)).append(judge.official() ? "" : " [" + NOT_OFFICIAL + "]").append("\n\n");
        sb.append("| dimension | bucket | n | value | 95% CI |\n|---|---|---|---|---|\n");
      }
      sb.append("| ").append(l.dimension()).append(" | ").append(l.bucket()).append(" | ").append(l.n()).append(" | ")
          .append(PythonText.formatFixed(l.value(), 4)).append(" | ")
          .append(Double.isNaN(l.ci().low()) ? "" : fmt(l.ci().low()) + "–" + fmt(l.ci().high())).append(" |\n");
      if (l.dimension().equals("group") && l.bucket().equals("Wild")) {
        sb.append('\n');
      }
    }
    sb.append("## Beside the paper (Table 1: absolute robustness, low/mid/high = strength 1/2/3)\n\n");
    sb.append("| method | MCQ l | MCQ m | MCQ h | VQA l | VQA m | VQA h | CAP l | CAP m | CAP h | overall (mean of 9) |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
    sb.append("| this run").append(judge.official() ? "" : " [" + NOT_OFFICIAL + "]");
    metrics.get("absolute").typeStrength().values().forEach(v -> sb.append(" | ").append(PythonText.formatFixed(v, 4)));
    sb.append(" | ").append(PythonText.formatFixed(meanOfNineCells(), 4)).append(" |\n");
    for (RBenchPaperRows.Row r : paper) {
      sb.append("| ").append(r.method());
      r.cells().forEach(v -> sb.append(" | ").append(String.format(Locale.ROOT, "%.4f", v)));
      sb.append(" | ").append(String.format(Locale.ROOT, "%.4f", r.overall())).append(" |\n");
    }
    if (paper.isEmpty()) {
      sb.append("\n(The paper reports Qwen2.5-VL-3B and Robust-R1; its rows appear here when the model is one of them.)\n");
    }
    return sb.toString();
  }

  private static String fmt(double v) {
    return PythonText.formatFixed(v, 4);
  }

  /** JSON: {@code absolute}, {@code relative}, {@code reference} in {@code rbench-score --json}'s layout, plus intervals. */
  public String toJson() throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("benchmark", "R-Bench");
    m.put("model", model);
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("official", judge.official());
    j.put("model", judge.model());
    j.put("url", judge.url());
    j.put("description", judge.describe());
    m.put("judge", j);
    if (!judge.official()) {
      m.put("note", NOT_OFFICIAL);
    }
    m.put("items", items);
    m.put("skipped", skipped);
    metrics.forEach((k, b) -> m.put(k, b.toJsonMap()));
    Map<String, Object> ci = new LinkedHashMap<>();
    intervals.forEach((metric, byBucket) -> {
      Map<String, Object> x = new LinkedHashMap<>();
      byBucket.forEach((b, iv) -> x.put(b, Double.isNaN(iv.low()) ? null : List.of(iv.low(), iv.high())));
      ci.put(metric, x);
    });
    m.put("ci95", ci);
    m.put("meanOfNineAbsoluteCells", meanOfNineCells());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (RBenchPaperRows.Row r : paper) {
      rows.add(Map.of("method", r.method(), "cells", r.cells(), "overall", r.overall()));
    }
    m.put("paper", rows);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
  }

  /** CSV: one line per metric and bucket. */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("model,judge,metric,dimension,bucket,n,value,ci_low,ci_high\n");
    String judgeCell = judge.official() ? judge.model() : NOT_OFFICIAL;
    for (Line l : lines()) {
      sb.append(PandasCsv.cell(model)).append(',').append(PandasCsv.cell(judgeCell)).append(',').append(l.metric())
          .append(',').append(l.dimension()).append(',').append(l.bucket()).append(',').append(l.n()).append(',')
          .append(num(l.value())).append(',').append(num(l.ci().low())).append(',').append(num(l.ci().high())).append('\n');
    }
    return sb.toString();
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.valueOf(v);
  }

  /** Writes {@code summary.md}, {@code summary.json} and {@code summary.csv} into {@code dir}. */
  public void writeAll(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve("summary.md"), toMarkdown());
    AtomicFiles.writeString(dir.resolve("summary.json"), toJson());
    AtomicFiles.writeString(dir.resolve("summary.csv"), toCsv());
  }
}
