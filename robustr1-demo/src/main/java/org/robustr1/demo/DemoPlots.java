package org.robustr1.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG figures of the demo report. Each model keeps one colour in every figure ({@link
 * #color(String)}); reference lines (chance, zero) are grey.
 */
final class DemoPlots {

  /** Okabe–Ito colours, safe for colour-blind readers: reddish purple, blue, orange, bluish green. */
  private static final Map<String, Color> COLORS = Map.of("pretrained", new Color(0xCC79A7), "baseline", new Color(0x0072B2),
      "sft", new Color(0xE69F00), "sft+grpo", new Color(0x009E73));

  private static final Color REFERENCE = new Color(0x777777);

  private static final String INTENSITY_AXIS = "intensity (official pipeline; 0 = clean)";

  private DemoPlots() {}

  /** The colour of model {@code label} in every figure (grey for an unknown label). */
  static Color color(String label) {
    return COLORS.getOrDefault(label, REFERENCE);
  }

  // ------------------------------------------------------------------------------ figures

  /** Accuracy per track of every model, against the track intensities {@code x}. */
  static void accuracy(DemoResult r, double[] x, Path png) throws IOException {
    XYChart ch = lineChart("Held-out accuracy vs degradation intensity", INTENSITY_AXIS, "accuracy (%)");
    ch.getStyler().setYAxisMin(0.0).setYAxisMax(100.0);
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        double[] y = DemoPipeline.TRACKS.stream().mapToDouble(t -> e.accuracy().containsKey(t)
            ? 100 * e.accuracy().get(t).accuracy() : Double.NaN).toArray();
        series(ch, DemoReport.display(m), m, x, y);
      }
    }
    reference(ch, "chance (25 %)", 0, max(x), 25);
    save(ch, png);
  }

  /** B − A per track with its bootstrap interval drawn as a vertical bar. */
  static void delta(Map<String, DemoStats.PairedDelta> deltas, double[] x, Path png) throws IOException {
    XYChart ch = lineChart("SFT+GRPO minus baseline, paired by question (95 % bootstrap CI)", INTENSITY_AXIS,
        "accuracy difference (percentage points)");
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      DemoStats.PairedDelta d = deltas.get(DemoPipeline.TRACKS.get(i));
      y[i] = d == null ? Double.NaN : 100 * d.delta();
      if (d != null && Double.isFinite(d.low()) && Double.isFinite(d.high())) {
        XYSeries bar = series(ch, "95 % CI " + DemoPipeline.TRACKS.get(i), "sft+grpo", new double[] {x[i], x[i]},
            new double[] {100 * d.low(), 100 * d.high()});
        bar.setMarker(SeriesMarkers.DIAMOND);
        bar.setLineWidth(3f);
        bar.setShowInLegend(false);
      }
    }
    XYSeries s = series(ch, "SFT+GRPO − baseline (bars: 95 % CI)", "sft+grpo", x, y);
    if (s != null) {
      s.setMarker(SeriesMarkers.CIRCLE);
    }
    reference(ch, "no difference", 0, max(x), 0);
    save(ch, png);
  }

  /** Mean output tokens per track of every model. */
  static void length(DemoResult r, double[] x, Path png) throws IOException {
    XYChart ch = lineChart("Output length vs degradation intensity", INTENSITY_AXIS, "mean output tokens");
    for (String m : DemoPipeline.MODELS) {
      ModelEval e = r.evals().get(m);
      if (e != null) {
        Map<String, Double> byTrack = e.meanTokensByTrack();
        series(ch, DemoReport.display(m), m, x,
            DemoPipeline.TRACKS.stream().mapToDouble(t -> byTrack.getOrDefault(t, Double.NaN)).toArray());
      }
    }
    save(ch, png);
  }

  /** One confusion heatmap per chain model with perception scores, side by side. */
  static void confusion(Map<String, PerceptionScores> scores, Path png) throws IOException {
    List<HeatMapChart> charts = new ArrayList<>();
    scores.forEach((m, s) -> charts.add(heatmap(DemoReport.display(m) + ": degradation named vs applied ("
        + s.items() + " images)", m, s.confusion())));
    if (charts.isEmpty()) {
      charts.add(heatmap("no perception items", "sft+grpo", PerceptionScores.of(List.of()).confusion()));
    }
    saveSideBySide(charts, png);
  }

  /** SFT losses (baseline, sft) and the GRPO reward and r_deg, per step (faint) and smoothed. */
  static void curves(Map<String, TrainSummary> training, String rdegKey, Path png) throws IOException {
    XYChart loss = lineChart("SFT loss (faint: per step)", "optimizer step", "loss");
    loss.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE).setLegendLayout(Styler.LegendLayout.Vertical);
    for (String m : List.of("baseline", "sft")) {
      TrainSummary t = training.get(m);
      if (t != null) {
        rawAndSmoothed(loss, DemoReport.display(m), m, TrainCurves.series(t, "loss"), SeriesLines.SOLID);
      }
    }
    XYChart reward = lineChart("GRPO reward (faint: per step)", "optimizer step", "mean over the step's completions");
    reward.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE).setLegendLayout(Styler.LegendLayout.Vertical);
    TrainSummary g = training.get("sft+grpo");
    if (g != null) {
      rawAndSmoothed(reward, "reward (total)", "sft+grpo", TrainCurves.series(g, "reward"), SeriesLines.SOLID);
      rawAndSmoothed(reward, "r_deg", "sft+grpo", TrainCurves.series(g, rdegKey), SeriesLines.DASH_DASH);
    }
    saveSideBySide(List.of(loss, reward), png);
  }

  private static void rawAndSmoothed(XYChart ch, String name, String model, double[][] xy, java.awt.BasicStroke line) {
    XYSeries raw = series(ch, name + ", per step", model, xy[0], xy[1]);
    if (raw == null) {
      return;
    }
    raw.setMarker(SeriesMarkers.NONE);
    raw.setLineColor(faint(color(model)));
    raw.setLineStyle(line);
    raw.setLineWidth(1f);
    raw.setShowInLegend(false);
    int w = DemoStats.smoothingWindow(xy[1].length);
    XYSeries ma = series(ch, name + (w == 1 ? "" : ", moving average of " + w), model, xy[0], DemoStats.movingAverage(xy[1], w));
    ma.setMarker(SeriesMarkers.NONE);
    ma.setLineStyle(line);
    ma.setLineWidth(2.5f);
  }

  private static double max(double[] x) {
    return java.util.Arrays.stream(x).filter(Double::isFinite).max().orElse(1.0);
  }

  // ------------------------------------------------------------------------------ building blocks

  /** A line chart with the report's styling. */
  static XYChart lineChart(String title, String xTitle, String yTitle) {
    XYChart ch = new XYChartBuilder().width(840).height(460).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    ch.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS).setLegendLayout(Styler.LegendLayout.Horizontal)
        .setChartBackgroundColor(Color.WHITE);
    return ch;
  }

  /**
   * Adds a series in the colour of {@code model} without its non-finite points; null (and nothing
   * added) when no point is finite.
   */
  static XYSeries series(XYChart ch, String name, String model, double[] x, double[] y) {
    double[][] f = finite(x, y);
    if (f[0].length == 0) {
      return null;
    }
    XYSeries s = ch.addSeries(name, f[0], f[1]);
    Color c = color(model);
    s.setLineColor(c);
    s.setMarkerColor(c);
    return s;
  }

  /** A grey dashed reference line from {@code (x0, y)} to {@code (x1, y)}. */
  static void reference(XYChart ch, String name, double x0, double x1, double y) {
    XYSeries s = ch.addSeries(name, new double[] {x0, x1}, new double[] {y, y});
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(REFERENCE);
    s.setLineStyle(SeriesLines.DASH_DASH);
  }

  /** The same colour, translucent (raw per-step values beneath their moving average). */
  static Color faint(Color c) {
    return new Color(c.getRed(), c.getGreen(), c.getBlue(), 70);
  }

  /** A row-normalised heatmap of {@code c} shaded from white to the colour of {@code model}. */
  static HeatMapChart heatmap(String title, String model, PerceptionScores.Confusion c) {
    HeatMapChart ch = new HeatMapChartBuilder().width(760).height(640).title(title)
        .xAxisTitle("named in TYPE").yAxisTitle("applied").build();
    ch.getStyler().setRangeColors(new Color[] {Color.WHITE, color(model)}).setMin(0).setMax(1).setShowValue(true)
        .setHeatMapValueDecimalPattern("0.00").setXAxisLabelRotation(60).setChartBackgroundColor(Color.WHITE)
        .setLegendVisible(true);
    ch.getStyler().setValueFontColor(Color.BLACK);
    List<String> rows = new ArrayList<>(c.rows());
    List<String> columns = new ArrayList<>(c.columns());
    List<Number[]> cells = new ArrayList<>();
    int nr = rows.size();
    for (int r = 0; r < nr; r++) {
      for (int k = 0; k < columns.size(); k++) {
        // XChart puts y index 0 at the bottom: the first applied type goes on top
        cells.add(new Number[] {k, nr - 1 - r, c.fraction()[r][k]});
      }
    }
    List<String> yLabels = new ArrayList<>();
    for (int r = nr - 1; r >= 0; r--) {
      yLabels.add(rows.get(r) + " (n=" + c.rowCounts()[r] + ")");
    }
    if (rows.isEmpty()) {
      ch.getStyler().setShowValue(false);
      yLabels.add("no images");
      cells.clear();
      for (int k = 0; k < columns.size(); k++) {
        cells.add(new Number[] {k, 0, 0.0});
      }
    }
    ch.addSeries("fraction of the row's images", columns, yLabels, cells);
    return ch;
  }

  /** Writes {@code chart} as a PNG. */
  static void save(Chart<?, ?> chart, Path png) throws IOException {
    write(BitmapEncoder.getBufferedImage(chart), png);
  }

  /** Writes {@code charts} side by side as one PNG. */
  static void saveSideBySide(List<? extends Chart<?, ?>> charts, Path png) throws IOException {
    List<BufferedImage> parts = new ArrayList<>();
    for (Chart<?, ?> c : charts) {
      parts.add(BitmapEncoder.getBufferedImage(c));
    }
    int w = parts.stream().mapToInt(BufferedImage::getWidth).sum();
    int h = parts.stream().mapToInt(BufferedImage::getHeight).max().orElse(1);
    BufferedImage out = new BufferedImage(Math.max(1, w), h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, out.getWidth(), h);
      int x = 0;
      for (BufferedImage p : parts) {
        g.drawImage(p, x, 0, null);
        x += p.getWidth();
        if (x < w) {
          g.setColor(Color.LIGHT_GRAY);
          g.setStroke(new BasicStroke(1));
          g.drawLine(x - 1, 0, x - 1, h);
        }
      }
    } finally {
      g.dispose();
    }
    write(out, png);
  }

  private static void write(BufferedImage img, Path png) throws IOException {
    if (!ImageIO.write(img, "png", png.toFile())) {
      throw new IOException("no PNG writer for " + png);
    }
  }

  private static double[][] finite(double[] x, double[] y) {
    List<double[]> keep = new ArrayList<>();
    for (int i = 0; i < x.length; i++) {
      if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
        keep.add(new double[] {x[i], y[i]});
      }
    }
    double[][] out = new double[2][keep.size()];
    for (int i = 0; i < keep.size(); i++) {
      out[0][i] = keep.get(i)[0];
      out[1][i] = keep.get(i)[1];
    }
    return out;
  }
}
