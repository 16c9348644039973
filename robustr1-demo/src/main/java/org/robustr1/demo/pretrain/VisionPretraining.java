package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneColor;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.ShapeKind;
import org.robustr1.model.processor.ProcessedImages;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.RunOptions;
import org.robustr1.train.checkpoint.Checkpointer;
import org.robustr1.train.checkpoint.RunConfig;
import org.robustr1.train.loop.TrainingLoop;
import org.robustr1.train.loop.TrainingStep;
import org.robustr1.train.optim.OptimizerConfig;
import org.robustr1.train.policy.QwenPolicy;

/**
 * Stage A of the pretraining: the vision tower and merger alone learn what each of an image's
 * merged tokens shows. A linear head (discarded afterwards) classifies every merged token as
 * background or as the colour and shape of the object it lies in ({@code 1 + colours × shapes}
 * classes), so every image gives 16 supervised tokens instead of the one or two answer words the
 * language model would pass back; the tower learns shapes in minutes this way, where training it
 * through the language model from random weights did not within hours (the language model's noisy
 * gradients move a tower faster than it learns). Scene content only: no chain format, no
 * degradation.
 *
 * <p>Object labels alone teach the tower to keep colour and shape and to drop everything else. With
 * a {@code statisticsWeight} above zero a second discarded head also regresses every token's {@link
 * PixelStatistics} (standardised), and {@link PhotometricAugmentation} varies the images, so the
 * features keep the brightness, colour, sharpness, noise and block artefacts a later fine-tuning may
 * need to read, as a tower pretrained on web photographs does.
 */
public final class VisionPretraining {

  /** Classes of a merged token: background, then colour × shape. */
  public static final int CLASSES = 1 + SceneColor.values().length * ShapeKind.values().length;

  /** The metric of a step: the share of object tokens whose colour and shape the head gets right. */
  public static final String ACCURACY = "object_token_accuracy";

  /** The metric of a step: 1 − the mean squared error of the standardised pixel statistics. */
  public static final String STATISTICS_R2 = "statistics_r2";

  /** Images whose statistics give the fixed standardisation (the first of the stream). */
  private static final int STANDARDISATION_IMAGES = 256;

  private static final String HEAD_FILE = "head.safetensors";
  private static final ObjectMapper JSON = new ObjectMapper();

  private VisionPretraining() {}

  /**
   * The class of each merged token of {@code scene} in raster order: the object whose bounding box
   * (centre ± radius) holds the token's centre, the nearest one if several do, else background (0).
   *
   * @param tokenSide pixels per merged token (patch size × merge size, 28)
   */
  public static int[] labels(Scene scene, int tokenSide) {
    int n = scene.size() / tokenSide;
    int[] out = new int[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double cx = j * tokenSide + tokenSide / 2.0;
        double cy = i * tokenSide + tokenSide / 2.0;
        double best = Double.MAX_VALUE;
        for (SceneObject o : scene.objects()) {
          double dx = Math.abs(cx - o.centerX());
          double dy = Math.abs(cy - o.centerY());
          if (dx <= o.radius() && dy <= o.radius() && dx * dx + dy * dy < best) {
            best = dx * dx + dy * dy;
            out[i * n + j] = classOf(o);
          }
        }
      }
    }
    return out;
  }

  /** The class index of an object: {@code 1 + colour × shapes + shape}. */
  public static int classOf(SceneObject o) {
    return 1 + o.color().ordinal() * ShapeKind.values().length + o.shape().ordinal();
  }

  /** Image {@code index} of the stage-A stream: the scene's image, augmented from its index. */
  static RgbImage image(PretrainingTasks tasks, long index, long seed, double augmentation) {
    return PhotometricAugmentation.apply(tasks.image(tasks.scene(index)), seed * 0x9E3779B97F4A7C15L + index, augmentation);
  }

  /** The run-configuration field naming {@link #learningRate}'s warm-up, checked on resume. */
  public static final String WARMUP_FIELD = "stage_a.warmup";

  /** The value of {@link #WARMUP_FIELD}. */
  public static final String WARMUP = "linear over 5 %, counting the step taken";

  /**
   * The stage-A learning rate of 0-based step {@code step} of {@code steps}: a linear warm-up over
   * the first 5 % of the steps that counts the step being taken ({@code lr · (step + 1) / w}, so the
   * first update is not at 0 as in HF's schedules), then {@code lr}. This is the schedule of the
   * loop that made the shipped stage A (commit 074fc01), kept so that the recipe reproduces it.
   */
  public static double learningRate(double lr, int steps, int step) {
    return lr * Math.min(1.0, (step + 1) / Math.max(1.0, steps * 0.05));
  }

  /**
   * Trains the tower (which must be unfrozen) on the one {@link TrainingLoop} for {@code steps}
   * steps of {@code batch} scenes from {@code tasks}: AdamW at a constant {@code lr} after a 5 %
   * warm-up ({@link #learningRate}), checkpoints (tower and heads) under {@code run.outDir()},
   * resumable. Metrics per step: {@code loss}, {@link #ACCURACY} and, with statistics, {@link
   * #STATISTICS_R2}.
   *
   * @param statisticsWeight weight of the pixel-statistics regression in the loss (0: object labels
   *     only, the images unaugmented)
   * @param augmentation probability that an image is augmented (used only with statistics)
   * @param seed seed of the augmentations
   * @return the mean loss, accuracy on object tokens (colour and shape right) and statistics R² of
   *     the last tenth of the steps
   */
  public static double[] train(Qwen25VlModel model, PretrainingTasks tasks, int steps, int batch, double lr,
      double statisticsWeight, double augmentation, long seed, RunConfig config, RunOptions run) {
    requireNonNull(model, "model");
    checkArgument(!model.isVisionFrozen(), "stage A trains the vision tower: unfreeze it first");
    checkArgument(statisticsWeight >= 0, "statisticsWeight must be >= 0, got %s", statisticsWeight);
    boolean withStatistics = statisticsWeight > 0;
    double augment = withStatistics ? augmentation : 0;
    Qwen25VlProcessor proc = model.processor().orElseThrow();
    int tokenSide = model.config().vision().patchSize() * model.config().vision().spatialMergeSize();
    int hidden = model.config().text().hiddenSize();
    try (NDManager m = model.manager().newSubManager()) {
      NDArray w = m.randomNormal(0f, 0.02f, new Shape(hidden, CLASSES), DataType.FLOAT32);
      NDArray b = m.zeros(new Shape(CLASSES), DataType.FLOAT32);
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      Map<String, NDArray> tower = new LinkedHashMap<>();
      model.namedParameters().forEach((k, v) -> {
        if (k.startsWith("visual.")) {
          tower.put(k, v.getArray());
        }
      });
      Map<String, NDArray> head = new LinkedHashMap<>();
      head.put("head.weight", w);
      head.put("head.bias", b);
      NDArray sw = m.randomNormal(0f, 0.02f, new Shape(hidden, PixelStatistics.COUNT), DataType.FLOAT32);
      NDArray sb = m.zeros(new Shape(PixelStatistics.COUNT), DataType.FLOAT32);
      float[][] standard = withStatistics ? standardisation(tasks, tokenSide, seed, augment) : null;
      if (withStatistics) {
        sw.setRequiresGradient(true);
        sb.setRequiresGradient(true);
        head.put("statistics.weight", sw);
        head.put("statistics.bias", sb);
      }
      Map<String, NDArray> params = new LinkedHashMap<>(tower);
      params.putAll(head);
      TrainingStep step = ctx -> {
        List<RgbImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<float[]> stats = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          long index = (long) ctx.step() * batch + i;
          Scene s = tasks.scene(index);
          RgbImage img = image(tasks, index, seed, augment);
          images.add(img);
          if (withStatistics) {
            stats.add(standardised(PixelStatistics.of(img, tokenSide), standard));
          }
          for (int c : labels(s, tokenSide)) {
            labels.add(c);
          }
        }
        double[] lossAcc = ctx.collect(gc -> {
          ProcessedImages px = proc.imageProcessor().process(images);
          List<int[]> grids = px.gridArrays();
          NDArray pixels = OwnedArrays.owned(m.create(px.pixelValues(), new Shape(px.rows(), px.patchDim())));
          NDArray features = model.imageFeatures(pixels, grids);
          NDArray logits = features.matMul(w).add(b);
          long[] target = labels.stream().mapToLong(Integer::longValue).toArray();
          NDArray tgt = OwnedArrays.owned(m.create(target, new Shape(target.length, 1)));
          NDArray nll = logits.logSoftmax(-1).gather(tgt, -1).neg().mean();
          double r2 = Double.NaN;
          if (withStatistics) {
            float[] flat = new float[target.length * PixelStatistics.COUNT];
            for (int i = 0; i < stats.size(); i++) {
              float[] si = stats.get(i);
              System.arraycopy(si, 0, flat, i * si.length, si.length);
            }
            NDArray z = OwnedArrays.owned(m.create(flat, new Shape(target.length, PixelStatistics.COUNT)));
            NDArray mse = features.matMul(sw).add(sb).sub(z).square().mean();
            r2 = 1 - mse.getFloat();
            nll = nll.add(mse.mul((float) statisticsWeight));
          }
          double loss = nll.getFloat();
          long[] pred = logits.argMax(-1).toLongArray();
          int hits = 0;
          int objects = 0;
          for (int i = 0; i < pred.length; i++) {
            if (target[i] > 0) {
              objects++;
              hits += pred[i] == target[i] ? 1 : 0;
            }
          }
          gc.backward(nll);
          return new double[] {loss, objects == 0 ? 1 : hits / (double) objects, r2};
        });
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("loss", lossAcc[0]);
        rec.put(ACCURACY, lossAcc[1]);
        if (withStatistics) {
          rec.put(STATISTICS_R2, lossAcc[2]);
        }
        return TrainingStep.StepResult.of(rec);
      };
      TrainingLoop loop = TrainingLoop.builder("pretrain stage A")
          .setParameters(params)
          .setOptimizer(OptimizerConfig.sftDefaults().withWeightDecay(0.0).withLearningRate(lr))
          .optLearningRates(s -> learningRate(lr, steps, s))
          .setTotalSteps(steps)
          .setSeed(0)
          .setRows(new TrainingLoop.Rows(1, run.outDir(), i -> 1))
          .setModel(new TrainingLoop.ModelState() {
            @Override
            public void save(Path dir) {
              try {
                model.save(dir);
                Checkpointer.writeTensors(dir.resolve(HEAD_FILE), head);
              } catch (IOException e) {
                throw new UncheckedIOException("cannot write the stage A checkpoint into " + dir, e);
              }
            }

            @Override
            public void load(Path dir) {
              QwenPolicy.loadInto(tower, dir);
              try {
                Map<String, float[]> saved = Checkpointer.readTensors(dir.resolve(HEAD_FILE));
                for (Map.Entry<String, NDArray> e : head.entrySet()) {
                  e.getValue().set(saved.get(e.getKey()));
                }
              } catch (IOException e) {
                throw new UncheckedIOException("cannot read the stage A head of " + dir, e);
              }
            }
          })
          .setRunConfig(config)
          .optSaveSteps(Math.max(1, steps / 4))
          .optKeepCheckpoints(1)
          .optPlotted(withStatistics ? List.of("loss", ACCURACY, STATISTICS_R2) : List.of("loss", ACCURACY))
          .build();
      loop.run(step, run);
      List<Double[]> tail = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(run.outDir().resolve(TrainingLoop.METRICS_FILE), StandardCharsets.UTF_8)) {
          JsonNode n = JSON.readTree(line);
          if (n.path("step").asInt() > steps - Math.max(1, steps / 10)) {
            tail.add(new Double[] {n.path("loss").asDouble(), n.path(ACCURACY).asDouble(), n.path(STATISTICS_R2).asDouble(Double.NaN)});
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the stage A metrics under " + run.outDir(), e);
      }
      return new double[] {
        tail.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN),
        tail.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN),
        tail.stream().mapToDouble(x -> x[2]).average().orElse(Double.NaN)
      };
    }
  }

  /** Mean and standard deviation of each statistic over the stream's first images. */
  private static float[][] standardisation(PretrainingTasks tasks, int tokenSide, long seed, double augmentation) {
    int k = PixelStatistics.COUNT;
    double[] sum = new double[k];
    double[] sq = new double[k];
    long n = 0;
    for (int i = 0; i < STANDARDISATION_IMAGES; i++) {
      float[] s = PixelStatistics.of(image(tasks, i, seed, augmentation), tokenSide);
      for (int j = 0; j < s.length; j++) {
        sum[j % k] += s[j];
        sq[j % k] += (double) s[j] * s[j];
      }
      n += s.length / k;
    }
    float[][] out = new float[2][k];
    for (int j = 0; j < k; j++) {
      double mean = sum[j] / n;
      out[0][j] = (float) mean;
      out[1][j] = (float) Math.max(1e-4, Math.sqrt(Math.max(0, sq[j] / n - mean * mean)));
    }
    return out;
  }

  private static float[] standardised(float[] s, float[][] standard) {
    float[] out = new float[s.length];
    int k = PixelStatistics.COUNT;
    for (int j = 0; j < s.length; j++) {
      out[j] = (s[j] - standard[0][j % k]) / standard[1][j % k];
    }
    return out;
  }
}
