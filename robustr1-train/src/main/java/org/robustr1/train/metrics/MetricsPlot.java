package org.robustr1.train.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Plots chosen per-step metrics of a {@code metrics.jsonl} (loss, reward) against the step as one
 * PNG with XChart, one panel per metric stacked vertically; metrics no line has are left out.
 */
public final class MetricsPlot {

  private MetricsPlot() {}

  /** Writes {@code png} (replaced) from {@code jsonl}; nothing when none of {@code keys} is logged. */
  public static void write(Path jsonl, Path png, String title, List<String> keys) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<JsonNode> rows = MetricsCsv.read(jsonl);
    List<XYChart> charts = new ArrayList<>();
    for (String k : keys) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (JsonNode n : rows) {
        JsonNode v = n.get(k);
        JsonNode s = n.get("step");
        if (v != null && v.isNumber() && s != null && Double.isFinite(v.asDouble())) {
          x.add(s.asDouble());
          y.add(v.asDouble());
        }
      }
      if (x.isEmpty()) {
        continue;
      }
      XYChart c = new XYChartBuilder().width(800).height(320).title(title + ": " + k).xAxisTitle("step").yAxisTitle(k).build();
      c.getStyler().setLegendVisible(false);
      c.addSeries(k, x, y).setMarker(x.size() > 60 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      charts.add(c);
    }
    if (charts.isEmpty()) {
      return;
    }
    String base = png.toString().endsWith(".png") ? png.toString().substring(0, png.toString().length() - 4) : png.toString();
    BitmapEncoder.saveBitmap(charts, charts.size(), 1, base, BitmapEncoder.BitmapFormat.PNG);
  }
}
