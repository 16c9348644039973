package org.robustr1.eval.report;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.robustr1.eval.score.McqScorer;

/**
 * The summary of an evaluation: per benchmark subset and track, the accuracy with a seeded
 * bootstrap 95 % interval and, for degraded tracks, the paired comparison with the clean track
 * (McNemar exact p-value and a paired-bootstrap interval of the difference). For MMMB the mean of
 * the six language accuracies is added. Written as CSV, JSON, Markdown and a PNG plot of accuracy
 * against intensity.
 *
 * @param model model name
 * @param benchmark benchmark name
 * @param rows one row per subset and track
 */
public record EvalReport(String model, String benchmark, ImmutableList<Row> rows) {

  /** Bootstrap resamples used for every interval. */
  public static final int RESAMPLES = 2000;

  /**
   * One line of the summary.
   *
   * @param subset dataset or language subset, or {@code MMMB (mean of 6)}
   * @param track track name
   * @param intensity track intensity
   * @param n items scored
   * @param accuracy mean hit
   * @param ciLow bootstrap 95 % lower bound (NaN for the MMMB mean)
   * @param ciHigh bootstrap 95 % upper bound
   * @param nPaired items scored in both this track and clean (0 for clean)
   * @param diffVsClean accuracy minus clean accuracy on the paired items
   * @param diffCiLow paired-bootstrap 95 % lower bound of the difference
   * @param diffCiHigh upper bound
   * @param cleanOnly paired items right on clean and wrong here
   * @param degradedOnly paired items wrong on clean and right here
   * @param mcnemarP McNemar exact two-sided p-value
   */
  public record Row(String subset, String track, double intensity, int n, double accuracy,
      double ciLow, double ciHigh, int nPaired, double diffVsClean, double diffCiLow, double diffCiHigh,
      int cleanOnly, int degradedOnly, double mcnemarP) {}

  /**
   * Builds the report.
   *
   * @param results track to subset to scored result
   * @param intensities track to intensity
   * @param seed bootstrap seed
   */
  public static EvalReport of(String model, String benchmark,
      Map<String, Map<String, McqScorer.Result>> results, Map<String, Double> intensities, long seed) {
    requireNonNull(results, "results");
    List<Row> rows = new ArrayList<>();
    Map<String, McqScorer.Result> clean = results.get("clean");
    for (Map.Entry<String, Map<String, McqScorer.Result>> t : results.entrySet()) {
      String track = t.getKey();
      double intensity = intensities.getOrDefault(track, Double.NaN);
      List<Double> langAcc = new ArrayList<>();
      for (Map.Entry<String, McqScorer.Result> s : t.getValue().entrySet()) {
        McqScorer.Result r = s.getValue();
        double[] hits = r.items().stream().mapToDouble(McqScorer.ScoredItem::hit).toArray();
        double acc = Stats.mean(hits);
        Stats.Interval ci = Stats.bootstrapMean(hits, RESAMPLES, 0.95, seed);
        int nPaired = 0;
        double diff = Double.NaN;
        Stats.Interval dci = new Stats.Interval(Double.NaN, Double.NaN);
        int b = 0;
        int c = 0;
        double p = Double.NaN;
        if (clean != null && !track.equals("clean") && clean.containsKey(s.getKey())) {
          Map<String, Integer> cleanHits = new HashMap<>();
          clean.get(s.getKey()).items().forEach(x -> cleanHits.put(x.item().index(), x.hit()));
          List<double[]> pairs = new ArrayList<>();
          for (McqScorer.ScoredItem x : r.items()) {
            Integer ch = cleanHits.get(x.item().index());
            if (ch != null) {
              pairs.add(new double[] {ch, x.hit()});
              if (ch == 1 && x.hit() == 0) {
                b++;
              } else if (ch == 0 && x.hit() == 1) {
                c++;
              }
            }
          }
          nPaired = pairs.size();
          double[] a = pairs.stream().mapToDouble(v -> v[0]).toArray();
          double[] d = pairs.stream().mapToDouble(v -> v[1]).toArray();
          diff = Stats.mean(d) - Stats.mean(a);
          dci = Stats.bootstrapPairedDiff(a, d, RESAMPLES, 0.95, seed);
          p = Stats.mcnemarExact(b, c);
        }
        rows.add(new Row(s.getKey(), track, intensity, hits.length, acc, ci.low(), ci.high(),
            nPaired, diff, dci.low(), dci.high(), b, c, p));
        if (s.getKey().startsWith("MMMB_")) {
          langAcc.add(acc);
        }
      }
      if (langAcc.size() == 6) {
        double mean = langAcc.stream().mapToDouble(Double::doubleValue).sum() / 6;
        rows.add(new Row("MMMB (mean of 6)", track, intensity, 0, mean, Double.NaN, Double.NaN,
            0, Double.NaN, Double.NaN, Double.NaN, 0, 0, Double.NaN));
      }
    }
    return new EvalReport(model, benchmark, ImmutableList.copyOf(rows));
  }

  private static final List<String> COLUMNS = List.of("model", "benchmark", "subset", "track", "intensity", "n",
      "accuracy", "ci_low", "ci_high", "n_paired", "diff_vs_clean", "diff_ci_low", "diff_ci_high",
      "clean_only", "degraded_only", "mcnemar_p");

  private List<Object> values(Row r) {
    return List.of(model, benchmark, r.subset(), r.track(), r.intensity(), r.n(), r.accuracy(), r.ciLow(),
        r.ciHigh(), r.nPaired(), r.diffVsClean(), r.diffCiLow(), r.diffCiHigh(), r.cleanOnly(),
        r.degradedOnly(), r.mcnemarP());
  }

  /** CSV text (NaN as empty). */
  public String toCsv() {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append('\n');
    for (Row r : rows) {
      List<String> cells = new ArrayList<>();
      for (Object v : values(r)) {
        String s = v instanceof Double d ? (d.isNaN() ? "" : String.valueOf(d)) : String.valueOf(v);
        cells.add(s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s);
      }
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  /** JSON text (NaN as null). */
  public String toJson() throws IOException {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Row r : rows) {
      Map<String, Object> m = new LinkedHashMap<>();
      List<Object> v = values(r);
      for (int i = 0; i < COLUMNS.size(); i++) {
        Object x = v.get(i);
        m.put(COLUMNS.get(i), x instanceof Double d && d.isNaN() ? null : x);
      }
      list.add(m);
    }
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list);
  }

  /** Markdown table (percentages). */
  public String toMarkdown() {
    StringBuilder sb = new StringBuilder();
    sb.append("# ").append(benchmark).append(" — ").append(model).append("\n\n");
    sb.append("| subset | track | intensity | n | accuracy | 95% CI | Δ vs clean | Δ 95% CI | McNemar p |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      sb.append("| ").append(r.subset()).append(" | ").append(r.track()).append(" | ")
          .append(fmt(r.intensity(), 2)).append(" | ").append(r.n()).append(" | ")
          .append(pct(r.accuracy())).append(" | ")
          .append(Double.isNaN(r.ciLow()) ? "" : pct(r.ciLow()) + "–" + pct(r.ciHigh())).append(" | ")
          .append(Double.isNaN(r.diffVsClean()) ? "" : pct(r.diffVsClean())).append(" | ")
          .append(Double.isNaN(r.diffCiLow()) ? "" : pct(r.diffCiLow()) + "–" + pct(r.diffCiHigh())).append(" | ")
          .append(Double.isNaN(r.mcnemarP()) ? "" : fmt(r.mcnemarP(), 4)).append(" |\n");
    }
    return sb.toString();
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f", 100 * v);
  }

  private static String fmt(double v, int d) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%." + d + "f", v);
  }

  /**
   * A plot of accuracy (percent) against intensity, one line per subset: SVG when {@code file} ends
   * in {@code .svg}, else PNG.
   */
  public void writePlot(Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    XYChart chart = new XYChartBuilder().width(800).height(500)
        .title(benchmark + " — " + model).xAxisTitle("degradation intensity").yAxisTitle("accuracy (%)").build();
    Map<String, List<double[]>> series = new LinkedHashMap<>();
    for (Row r : rows) {
      if (!Double.isNaN(r.intensity())) {
        series.computeIfAbsent(r.subset(), k -> new ArrayList<>()).add(new double[] {r.intensity(), 100 * r.accuracy()});
      }
    }
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      List<double[]> pts = new ArrayList<>(e.getValue());
      pts.sort((a, b) -> Double.compare(a[0], b[0]));
      chart.addSeries(e.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
          pts.stream().mapToDouble(p -> p[1]).toArray());
    }
    if (series.isEmpty()) {
      chart.addSeries("none", new double[] {0}, new double[] {0});
    }
    String name = file.toString();
    if (name.toLowerCase(Locale.ROOT).endsWith(".svg")) {
      VectorGraphicsEncoder.saveVectorGraphic(chart, name.substring(0, name.length() - 4),
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      return;
    }
    String base = name.endsWith(".png") ? name.substring(0, name.length() - 4) : name;
    BitmapEncoder.saveBitmap(chart, base, BitmapEncoder.BitmapFormat.PNG);
  }

  /** Writes {@code summary.csv}, {@code summary.json}, {@code summary.md} and {@code accuracy_vs_intensity.png}. */
  public void writeAll(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("summary.csv"), toCsv(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.json"), toJson(), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("summary.md"), toMarkdown(), StandardCharsets.UTF_8);
    writePlot(dir.resolve("accuracy_vs_intensity.png"));
  }
}
