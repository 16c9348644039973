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
import org.robustr1.model.processor.GridThw;
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
import org.robustr1.train.optim.ScheduleType;
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
 */
public final class VisionPretraining {

  /** Classes of a merged token: background, then colour × shape. */
  public static final int CLASSES = 1 + SceneColor.values().length * ShapeKind.values().length;

  /** The metric of a step: the share of object tokens whose colour and shape the head gets right. */
  public static final String ACCURACY = "object_token_accuracy";

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

  /**
   * Trains the tower (which must be unfrozen) on the one {@link TrainingLoop} for {@code steps}
   * steps of {@code batch} scenes from {@code tasks}: AdamW at a constant {@code lr} after a 5 %
   * warm-up, checkpoints (tower and head) under {@code run.outDir()}, resumable. Metrics per step:
   * {@code loss} and {@link #ACCURACY}.
   *
   * @return the mean loss and accuracy on object tokens (colour and shape right) of the last tenth
   *     of the steps
   */
  public static double[] train(Qwen25VlModel model, PretrainingTasks tasks, int steps, int batch, double lr,
      RunConfig config, RunOptions run) {
    requireNonNull(model, "model");
    checkArgument(!model.isVisionFrozen(), "stage A trains the vision tower: unfreeze it first");
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
      Map<String, NDArray> params = new LinkedHashMap<>(tower);
      params.putAll(head);
      TrainingStep step = ctx -> {
        List<RgbImage> images = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          Scene s = tasks.scene((long) ctx.step() * batch + i);
          images.add(tasks.image(s));
          for (int c : labels(s, tokenSide)) {
            labels.add(c);
          }
        }
        double[] lossAcc = ctx.collect(gc -> {
          ProcessedImages px = proc.imageProcessor().process(images);
          List<int[]> grids = new ArrayList<>();
          for (GridThw g : px.grids()) {
            grids.add(new int[] {g.t(), g.h(), g.w()});
          }
          NDArray pixels = OwnedArrays.owned(m.create(px.pixelValues(), new Shape(px.rows(), px.patchDim())));
          NDArray logits = model.imageFeatures(pixels, grids).matMul(w).add(b);
          long[] target = labels.stream().mapToLong(Integer::longValue).toArray();
          NDArray tgt = OwnedArrays.owned(m.create(target, new Shape(target.length, 1)));
          NDArray nll = logits.logSoftmax(-1).gather(tgt, -1).neg().mean();
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
          return new double[] {loss, objects == 0 ? 1 : hits / (double) objects};
        });
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("loss", lossAcc[0]);
        rec.put(ACCURACY, lossAcc[1]);
        return TrainingStep.StepResult.of(rec);
      };
      TrainingLoop loop = TrainingLoop.builder("pretrain stage A")
          .setParameters(params)
          .setOptimizer(OptimizerConfig.sftDefaults().withWeightDecay(0.0).withLearningRate(lr)
              .withSchedule(ScheduleType.CONSTANT, -1, 0.05))
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
          .optPlotted(List.of("loss", ACCURACY))
          .build();
      loop.run(step, run);
      List<Double[]> tail = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(run.outDir().resolve(TrainingLoop.METRICS_FILE), StandardCharsets.UTF_8)) {
          JsonNode n = JSON.readTree(line);
          if (n.path("step").asInt() > steps - Math.max(1, steps / 10)) {
            tail.add(new Double[] {n.path("loss").asDouble(), n.path(ACCURACY).asDouble()});
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the stage A metrics under " + run.outDir(), e);
      }
      return new double[] {
        tail.stream().mapToDouble(x -> x[0]).average().orElse(Double.NaN),
        tail.stream().mapToDouble(x -> x[1]).average().orElse(Double.NaN)
      };
    }
  }
}
