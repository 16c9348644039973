package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.degrade.scenes.Scene;
import org.robustr1.degrade.scenes.SceneColor;
import org.robustr1.degrade.scenes.SceneObject;
import org.robustr1.degrade.scenes.ShapeKind;
import org.robustr1.model.processor.GridThw;
import org.robustr1.model.processor.ProcessedImages;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.OwnedArrays;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.optim.AdamW;
import org.robustr1.train.optim.GradientClipping;

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
   * Trains the tower (which must be unfrozen) for {@code steps} steps of {@code batch} scenes from
   * {@code tasks}, AdamW at a constant {@code lr} after a 5 % warm-up.
   *
   * @return the mean loss and accuracy on object tokens (colour and shape right) of the last tenth
   *     of the steps
   */
  public static double[] train(Qwen25VlModel model, PretrainingTasks tasks, int steps, int batch, double lr,
      StepLog log) {
    requireNonNull(model, "model");
    checkArgument(!model.isVisionFrozen(), "stage A trains the vision tower: unfreeze it first");
    Qwen25VlProcessor proc = model.processor().orElseThrow();
    int tokenSide = model.config().vision().patchSize() * model.config().vision().spatialMergeSize();
    int hidden = model.config().text().hiddenSize();
    NDManager m = model.manager().newSubManager();
    try {
      NDArray w = m.randomNormal(0f, 0.02f, new Shape(hidden, CLASSES), DataType.FLOAT32);
      NDArray b = m.zeros(new Shape(CLASSES), DataType.FLOAT32);
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      Map<String, NDArray> params = new LinkedHashMap<>();
      model.namedParameters().forEach((k, v) -> {
        if (k.startsWith("visual.")) {
          params.put(k, v.getArray());
        }
      });
      params.put("head.weight", w);
      params.put("head.bias", b);
      double lossSum = 0;
      double accSum = 0;
      int tail = 0;
      try (AdamW opt = new AdamW(org.robustr1.train.optim.OptimizerConfig.sftDefaults().withWeightDecay(0.0), params)) {
        for (int step = 0; step < steps; step++) {
          List<Scene> scenes = new ArrayList<>(batch);
          for (int i = 0; i < batch; i++) {
            scenes.add(tasks.scene((long) step * batch + i));
          }
          List<org.robustr1.core.image.RgbImage> images = new ArrayList<>();
          List<Integer> labels = new ArrayList<>();
          for (Scene s : scenes) {
            images.add(tasks.image(s));
            for (int c : labels(s, tokenSide)) {
              labels.add(c);
            }
          }
          double loss;
          double acc;
          try (NDScope scope = new NDScope(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            scope.suppressNotUsedWarning();
            ProcessedImages px = proc.imageProcessor().process(images);
            List<int[]> grids = new ArrayList<>();
            for (GridThw g : px.grids()) {
              grids.add(new int[] {g.t(), g.h(), g.w()});
            }
            NDArray pixels = OwnedArrays.owned(m.create(px.pixelValues(), new Shape(px.rows(), px.patchDim())));
            NDArray features = model.imageFeatures(pixels, grids);
            NDArray logits = features.matMul(w).add(b);
            long[] target = labels.stream().mapToLong(Integer::longValue).toArray();
            NDArray tgt = OwnedArrays.owned(m.create(target, new Shape(target.length, 1)));
            NDArray nll = logits.logSoftmax(-1).gather(tgt, -1).neg().mean();
            loss = nll.getFloat();
            long[] pred = logits.argMax(-1).toLongArray();
            int hits = 0;
            int objects = 0;
            for (int i = 0; i < pred.length; i++) {
              if (target[i] > 0) {
                objects++;
                hits += pred[i] == target[i] ? 1 : 0;
              }
            }
            acc = objects == 0 ? 1 : hits / (double) objects;
            gc.backward(nll);
          }
          GradientClipping.clipGlobalNorm(opt.parameters().values(), 1.0);
          opt.update(lr * Math.min(1.0, (step + 1) / Math.max(1.0, steps * 0.05)));
          if (step >= steps - Math.max(1, steps / 10)) {
            lossSum += loss;
            accSum += acc;
            tail++;
          }
          log.step(step + 1, loss, acc);
        }
      }
      return new double[] {lossSum / tail, accSum / tail};
    } finally {
      m.close();
    }
  }

  /** Receives each step's loss and token accuracy. */
  @FunctionalInterface
  public interface StepLog {
    /** Called after step {@code step} (1-based) with its loss and accuracy on object tokens. */
    void step(int step, double loss, double accuracy);
  }
}
