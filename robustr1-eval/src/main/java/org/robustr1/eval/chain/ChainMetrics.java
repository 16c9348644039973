package org.robustr1.eval.chain;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.ParsedChain;
import org.robustr1.core.chain.PythonText;
import org.robustr1.core.chain.Section;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.eval.report.Stats;

/**
 * Degradation-perception metrics of chain outputs against what was applied.
 *
 * <p>Per item the predicted set is the resolved types of the {@code <TYPE>} section (unknown
 * names count as false positives under their written name) and the true set the applied
 * degradations (empty for a clean image). Precision, recall and F1 are micro-averaged over items.
 * The intensity MAE is over true types the chain named, {@code |predicted - applied|}. Reasoning
 * length is the number of whitespace-separated words of {@code <REASONING>} (0 when absent); its
 * Spearman correlation with the applied intensity (0 for clean) measures whether the model
 * reasons longer on harder images, as the length reward intends.
 *
 * @param items items with a prediction
 * @param typePrecision micro precision
 * @param typeRecall micro recall
 * @param typeF1 micro F1
 * @param intensityMae mean absolute intensity error over matched types (NaN if none)
 * @param matched matched types
 * @param lengthSpearman Spearman's rho of reasoning words vs intensity (NaN if undefined)
 * @param meanWordsByIntensity mean reasoning words per applied intensity
 */
public record ChainMetrics(int items, double typePrecision, double typeRecall, double typeF1, double intensityMae,
    int matched, double lengthSpearman, Map<Double, Double> meanWordsByIntensity) {

  /**
   * One chain output with its ground truth.
   *
   * @param prediction the model's raw output
   * @param applied applied degradation to intensity (empty for clean)
   */
  public record Sample(String prediction, Map<DegradationType, Double> applied) {}

  /** Computes the metrics. */
  public static ChainMetrics of(List<Sample> samples) {
    requireNonNull(samples, "samples");
    ChainFormat fmt = ChainFormat.DEFAULT;
    int tp = 0;
    int fp = 0;
    int fn = 0;
    double absErr = 0;
    int matched = 0;
    double[] len = new double[samples.size()];
    double[] inten = new double[samples.size()];
    Map<Double, List<Integer>> byIntensity = new java.util.TreeMap<>();
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      ParsedChain pc = fmt.parse(s.prediction());
      Set<Object> predicted = new HashSet<>();
      Map<DegradationType, Double> predStrength = new HashMap<>();
      for (TypedStrength t : pc.types()) {
        if (t.type().isPresent()) {
          predicted.add(t.type().get());
          predStrength.putIfAbsent(t.type().get(), t.strength());
        } else {
          predicted.add(PythonText.lower(t.name()));
        }
      }
      for (Object p : predicted) {
        if (p instanceof DegradationType d && s.applied().containsKey(d)) {
          tp++;
          absErr += Math.abs(predStrength.get(d) - s.applied().get(d));
          matched++;
        } else {
          fp++;
        }
      }
      for (DegradationType d : s.applied().keySet()) {
        if (!predicted.contains(d)) {
          fn++;
        }
      }
      Optional<String> reasoning = pc.section(Section.REASONING);
      int words = reasoning.map(r -> PythonText.split(r).size()).orElse(0);
      double in = s.applied().values().stream().mapToDouble(Double::doubleValue).max().orElse(0.0);
      len[i] = words;
      inten[i] = in;
      byIntensity.computeIfAbsent(in, k -> new ArrayList<>()).add(words);
    }
    double precision = tp + fp == 0 ? Double.NaN : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? Double.NaN : (double) tp / (tp + fn);
    double f1 = Double.isNaN(precision) || Double.isNaN(recall) || precision + recall == 0
        ? (tp == 0 && (fp > 0 || fn > 0) ? 0.0 : Double.NaN)
        : 2 * precision * recall / (precision + recall);
    boolean constant = samples.size() < 2 || java.util.Arrays.stream(inten).distinct().count() < 2
        || java.util.Arrays.stream(len).distinct().count() < 2;
    double rho = constant ? Double.NaN : Stats.spearman(len, inten);
    Map<Double, Double> mean = new LinkedHashMap<>();
    byIntensity.forEach((k, v) -> mean.put(k, v.stream().mapToInt(Integer::intValue).average().orElse(Double.NaN)));
    return new ChainMetrics(samples.size(), precision, recall, f1,
        matched == 0 ? Double.NaN : absErr / matched, matched, rho, mean);
  }

  /**
   * Reads a run folder of {@code McqEvalRunner}: every {@code predictions*.jsonl} joined by key
   * with {@code degradation_manifest.jsonl} (first image of each item).
   */
  public static ChainMetrics ofRun(Path outDir) throws IOException {
    ObjectMapper om = new ObjectMapper();
    Map<String, Map<DegradationType, Double>> applied = new HashMap<>();
    Path manifest = outDir.resolve("degradation_manifest.jsonl");
    if (Files.exists(manifest)) {
      try (BufferedReader br = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
        String line;
        while ((line = br.readLine()) != null) {
          if (line.isBlank()) {
            continue;
          }
          JsonNode j = om.readTree(line);
          if (j.path("image").asInt() != 0) {
            continue;
          }
          Map<DegradationType, Double> m = new LinkedHashMap<>();
          for (JsonNode st : j.path("steps")) {
            DegradationType.lookup(st.path("method").asText()).ifPresent(d -> m.put(d, st.path("intensity").asDouble()));
          }
          applied.putIfAbsent(j.path("key").asText(), m);
        }
      }
    }
    List<Sample> samples = new ArrayList<>();
    for (Map.Entry<String, Map<String, String>> t : org.robustr1.eval.run.CachedScoring.readKeyed(outDir).entrySet()) {
      t.getValue().forEach((key, pred) -> samples.add(new Sample(pred, applied.getOrDefault(key, Map.of()))));
    }
    return of(samples);
  }

  /** As a JSON-ready map (NaN as null). */
  public Map<String, Object> toJsonMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items);
    m.put("type_precision", nn(typePrecision));
    m.put("type_recall", nn(typeRecall));
    m.put("type_f1", nn(typeF1));
    m.put("intensity_mae", nn(intensityMae));
    m.put("matched_types", matched);
    m.put("reasoning_words_vs_intensity_spearman", nn(lengthSpearman));
    Map<String, Object> w = new LinkedHashMap<>();
    meanWordsByIntensity.forEach((k, v) -> w.put(String.valueOf(k), nn(v)));
    m.put("mean_reasoning_words_by_intensity", w);
    return m;
  }

  private static Object nn(double d) {
    return Double.isNaN(d) ? null : d;
  }
}
