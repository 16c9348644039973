package org.robustr1.demo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.processor.ProcessedImages;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * How much a frozen vision tower shows of the degradations: a linear probe. Each image of a demo
 * chain dataset ({@code data/chain}: {@code degradations.jsonl} and {@code images/}) becomes the
 * pooled merged-token features of the tower (mean and standard deviation; then also max and min);
 * one-vs-rest logistic regressions (images without a manifest line are clean), fitted on the first images with the degradation labels
 * <em>directly</em> (something the chain model never gets), name the types of the rest. The macro-F1
 * over the types bounds what a language model reading the same frozen tower can perceive.
 */
public final class TowerProbe {

  /** Macro- and per-type F1 of one feature set on the held-out images. */
  public record Result(String features, int dimensions, int train, int test, double macroF1, Map<String, Double> f1) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITERATIONS = 3000;
  private static final double STEP = 0.05;
  private static final double L2 = 1e-3;

  private TowerProbe() {}

  /**
   * Probes {@code model}'s tower on the chain dataset in {@code data}, fitting on the first {@code
   * train} images (sorted by file name) and scoring the rest.
   */
  public static List<Result> run(Qwen25VlModel model, Path data, int train) throws IOException {
    requireNonNull(model, "model");
    Map<String, Set<DegradationType>> labels = labels(data.resolve("degradations.jsonl"));
    Path images = data.resolve("images");
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(images)) {
      files.map(f -> f.getFileName().toString()).sorted().forEach(names::add);
    }
    checkArgument(train >= 2 && train < names.size(), "train must be in [2, %s), got %s", names.size(), train);
    Qwen25VlProcessor proc = model.processor().orElseThrow();
    ImageDecoder decoder = ImageDecoder.qwen();
    double[][] x = new double[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      x[i] = pooled(model, proc, decoder.read(images.resolve(names.get(i))));
    }
    List<DegradationType> types = new ArrayList<>(new TreeSet<>(labels.values().stream().flatMap(Set::stream).toList()));
    boolean[][] y = new boolean[names.size()][types.size()];
    for (int i = 0; i < names.size(); i++) {
      for (int j = 0; j < types.size(); j++) {
        y[i][j] = labels.getOrDefault(names.get(i), Set.of()).contains(types.get(j));
      }
    }
    int h = x[0].length / 4;
    return List.of(fit("mean+std", columns(x, 2 * h), y, types, train), fit("mean+std+max+min", x, y, types, train));
  }

  /** Mean, standard deviation, max and min over the image's merged tokens. */
  static double[] pooled(Qwen25VlModel model, Qwen25VlProcessor proc, RgbImage img) {
    try (NDScope scope = new NDScope()) {
      ProcessedImages px = proc.imageProcessor().process(List.of(img));
      List<int[]> grids = px.gridArrays();
      NDArray pixels = model.manager().create(px.pixelValues(), new Shape(px.rows(), px.patchDim()));
      NDArray f = GradMode.noGrad(() -> model.imageFeatures(pixels, grids));
      NDArray mean = f.mean(new int[] {0});
      NDArray sd = f.sub(f.mean(new int[] {0}, true)).square().mean(new int[] {0}).sqrt();
      float[][] parts = {mean.toFloatArray(), sd.toFloatArray(), f.max(new int[] {0}).toFloatArray(), f.min(new int[] {0}).toFloatArray()};
      double[] out = new double[parts.length * parts[0].length];
      int k = 0;
      for (float[] p : parts) {
        for (float v : p) {
          out[k++] = v;
        }
      }
      return out;
    }
  }

  private static double[][] columns(double[][] x, int n) {
    double[][] out = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      out[i] = Arrays.copyOf(x[i], n);
    }
    return out;
  }

  /** Standardises, fits the regressions on the first {@code train} rows by gradient descent, scores the rest. */
  static Result fit(String name, double[][] raw, boolean[][] y, List<DegradationType> types, int train) {
    int n = raw.length;
    int d = raw[0].length + 1;
    double[][] x = new double[n][d];
    for (int c = 0; c < d - 1; c++) {
      double mean = 0;
      for (double[] r : raw) {
        mean += r[c];
      }
      mean /= n;
      double var = 0;
      for (double[] r : raw) {
        var += (r[c] - mean) * (r[c] - mean);
      }
      double sd = Math.sqrt(var / n) + 1e-6;
      for (int i = 0; i < n; i++) {
        x[i][c] = (raw[i][c] - mean) / sd;
      }
    }
    for (int i = 0; i < n; i++) {
      x[i][d - 1] = 1;
    }
    Map<String, Double> f1 = new LinkedHashMap<>();
    double sum = 0;
    for (int j = 0; j < types.size(); j++) {
      double[] w = new double[d];
      double[] grad = new double[d];
      for (int it = 0; it < ITERATIONS; it++) {
        Arrays.fill(grad, 0);
        for (int i = 0; i < train; i++) {
          double p = sigmoid(dot(w, x[i])) - (y[i][j] ? 1 : 0);
          for (int c = 0; c < d; c++) {
            grad[c] += p * x[i][c];
          }
        }
        for (int c = 0; c < d; c++) {
          w[c] -= STEP * (grad[c] / train + L2 * w[c]);
        }
      }
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = train; i < n; i++) {
        boolean named = dot(w, x[i]) > 0;
        tp += named && y[i][j] ? 1 : 0;
        fp += named && !y[i][j] ? 1 : 0;
        fn += !named && y[i][j] ? 1 : 0;
      }
      double score = 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
      f1.put(types.get(j).opName(), score);
      sum += score;
    }
    return new Result(name, d - 1, train, n - train, sum / types.size(), f1);
  }

  private static double dot(double[] w, double[] x) {
    double s = 0;
    for (int c = 0; c < w.length; c++) {
      s += w[c] * x[c];
    }
    return s;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /** The applied types per image file name, from a dataset manifest. */
  static Map<String, Set<DegradationType>> labels(Path manifest) throws IOException {
    Map<String, Set<DegradationType>> out = new TreeMap<>();
    List<String> lines;
    try {
      lines = Files.readAllLines(manifest, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(manifest.toString(), null, "no degradation manifest: give the data/chain folder of a demo run");
    }
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      JsonNode n = JSON.readTree(lines.get(i));
      String file = Path.of(n.path("outputFile").asText()).getFileName().toString();
      String op = n.path("op").asText();
      checkArgument(!file.isEmpty() && !op.isEmpty(), "%s line %s: needs outputFile and op", manifest, i + 1);
      out.computeIfAbsent(file, k -> EnumSet.noneOf(DegradationType.class)).add(DegradationType.fromName(op));
    }
    return out;
  }
}
