package org.robustr1.eval.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.eval.data.McqDataset;
import org.robustr1.eval.score.McqScorer;

/**
 * Scores the predictions that {@link McqEvalRunner} cached (every {@code predictions*.jsonl} of
 * the output folder, so shards are merged) per track and subset, and writes each {@code
 * scores/{track}/{subset}/items.jsonl} and {@code acc.csv}.
 */
public final class CachedScoring {

  private CachedScoring() {}

  /** Reads every cached prediction under {@code outDir}: track to {@code dataset/index} to text. */
  public static Map<String, Map<String, String>> readPredictions(Path outDir) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Path f : McqEvalRunner.predictionFiles(outDir)) {
      try (PredictionCache c = PredictionCache.open(f)) {
        for (ObjectNode rec : c.entries().values()) {
          String track = rec.path("track").asText("clean");
          String key = rec.path("dataset").asText() + "/" + rec.path("index").asText();
          out.computeIfAbsent(track, k -> new LinkedHashMap<>()).putIfAbsent(key, rec.get("prediction").asText());
        }
      }
    }
    return out;
  }

  /** Every cached prediction under {@code outDir}: track to cache key to text. */
  public static Map<String, Map<String, String>> readKeyed(Path outDir) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (Path f : McqEvalRunner.predictionFiles(outDir)) {
      try (PredictionCache c = PredictionCache.open(f)) {
        for (ObjectNode rec : c.entries().values()) {
          out.computeIfAbsent(rec.path("track").asText("clean"), k -> new LinkedHashMap<>())
              .putIfAbsent(rec.get("key").asText(), rec.get("prediction").asText());
        }
      }
    }
    return out;
  }

  /** Scores and writes per-track, per-subset files; returns track to subset to result. */
  public static Map<String, Map<String, McqScorer.Result>> scoreAndWrite(
      McqDataset data, Path outDir, McqScorer scorer, List<String> trackOrder) throws IOException {
    Map<String, Map<String, String>> preds = readPredictions(outDir);
    Map<String, Map<String, McqScorer.Result>> out = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(trackOrder);
    preds.keySet().stream().filter(t -> !order.contains(t)).forEach(order::add);
    for (String track : order) {
      Map<String, String> p = preds.get(track);
      if (p == null) {
        continue;
      }
      Map<String, McqScorer.Result> bySubset = scorer.scoreBySubset(data, p, outDir.resolve("predictions.jsonl"));
      for (Map.Entry<String, McqScorer.Result> e : bySubset.entrySet()) {
        Path d = outDir.resolve("scores").resolve(track).resolve(e.getKey());
        Files.createDirectories(d);
        McqScorer.writeItems(e.getValue(), d.resolve("items.jsonl"));
        e.getValue().acc().writeCsv(d.resolve("acc.csv"));
      }
      out.put(track, bySubset);
    }
    return out;
  }
}
