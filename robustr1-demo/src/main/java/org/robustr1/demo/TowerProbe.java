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
 *
 * <p>Each feature set is scored twice: naming a type where its regression gives more than 0.5, and
 * with a threshold per type chosen for F1 on the last fifth of the fitted images (fitted on the other
 * four fifths, then refitted on all of them). A rare or faint type is often best named below 0.5, so
 * the second readout is the tighter bound.
 */
public final class TowerProbe {

  /**
   * Macro- and per-type F1 of one feature set and readout on the held-out images.
   *
   * @param thresholds {@link #HALF} or {@link #TUNED}
   */
  public record Result(String features, String thresholds, int dimensions, int train, int test, double macroF1,
      Map<String, Double> f1) {}

  /** The readout that names a type where its regression gives more than 0.5. */
  public static final String HALF = "threshold 0.5";

  /** The readout with a threshold per type chosen for F1 on the last fifth of the fitted images. */
  public static final String TUNED = "tuned thresholds";

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
    checkArgument(train >= 10 && train < names.size(), "train must be in [10, %s) (its last fifth tunes the thresholds), got %s",
        names.size(), train);
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
    List<Result> out = new ArrayList<>(fit("mean+std", columns(x, 2 * h), y, types, train));
    out.addAll(fit("mean+std+max+min", x, y, types, train));
    return List.copyOf(out);
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

  /**
   * Standardises with the fitted rows' statistics, fits the regressions on the first {@code train} rows
   * by gradient descent and scores the rest: {@link #HALF}, then {@link #TUNED} (which shares the
   * regressions fitted on all {@code train} rows and adds one on their first four fifths per type).
   */
  static List<Result> fit(String name, double[][] raw, boolean[][] y, List<DegradationType> types, int train) {
    int n = raw.length;
    int d = raw[0].length + 1;
    double[][] x = new double[n][d];
    for (int c = 0; c < d - 1; c++) {
      double mean = 0;
      for (int i = 0; i < train; i++) {
        mean += raw[i][c];
      }
      mean /= train;
      double var = 0;
      for (int i = 0; i < train; i++) {
        var += (raw[i][c] - mean) * (raw[i][c] - mean);
      }
      double sd = Math.sqrt(var / train) + 1e-6;
      for (int i = 0; i < n; i++) {
        x[i][c] = (raw[i][c] - mean) / sd;
      }
    }
    for (int i = 0; i < n; i++) {
      x[i][d - 1] = 1;
    }
    Map<String, Double> half = new LinkedHashMap<>();
    Map<String, Double> tuned = new LinkedHashMap<>();
    int cut = train - train / 5;
    for (int j = 0; j < types.size(); j++) {
      double[] tuning = weights(x, y, j, cut);
      double threshold = 0;
      double best = -1;
      for (int k = 2; k < 38; k++) {
        double p = k / 40.0;
        double logit = Math.log(p / (1 - p));
        double score = f1(tuning, x, y, j, cut, train, logit);
        if (score > best) {
          best = score;
          threshold = logit;
        }
      }
      double[] w = weights(x, y, j, train);
      half.put(types.get(j).opName(), f1(w, x, y, j, train, n, 0));
      tuned.put(types.get(j).opName(), f1(w, x, y, j, train, n, threshold));
    }
    return List.of(result(name, HALF, d - 1, train, n, half), result(name, TUNED, d - 1, train, n, tuned));
  }

  private static Result result(String name, String thresholds, int dimensions, int train, int n, Map<String, Double> f1) {
    double sum = 0;
    for (double v : f1.values()) {
      sum += v;
    }
    return new Result(name, thresholds, dimensions, train, n - train, sum / f1.size(), f1);
  }

  /** The regression of type {@code j} fitted on rows {@code [0, rows)}. */
  private static double[] weights(double[][] x, boolean[][] y, int j, int rows) {
    int d = x[0].length;
    double[] w = new double[d];
    double[] grad = new double[d];
    for (int it = 0; it < ITERATIONS; it++) {
      Arrays.fill(grad, 0);
      for (int i = 0; i < rows; i++) {
        double p = sigmoid(dot(w, x[i])) - (y[i][j] ? 1 : 0);
        for (int c = 0; c < d; c++) {
          grad[c] += p * x[i][c];
        }
      }
      for (int c = 0; c < d; c++) {
        w[c] -= STEP * (grad[c] / rows + L2 * w[c]);
      }
    }
    return w;
  }

  /** F1 = 2TP / (2TP + FP + FN) of naming type {@code j} where the logit exceeds {@code logit}, over rows {@code [from, to)}. */
  private static double f1(double[] w, double[][] x, boolean[][] y, int j, int from, int to, double logit) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = from; i < to; i++) {
      boolean named = dot(w, x[i]) > logit;
      tp += named && y[i][j] ? 1 : 0;
      fp += named && !y[i][j] ? 1 : 0;
      fn += !named && y[i][j] ? 1 : 0;
    }
    return 2.0 * tp / Math.max(1, 2 * tp + fp + fn);
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
