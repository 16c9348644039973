package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.nn.GradMode;

/**
 * Backward must not read memory that Java owns and may free between forward and backward.
 *
 * <p>On CPU, DJL arrays made from Java data wrap a Java direct buffer; the buffer is released when
 * the NDArray is closed (DJL closes the scalar of {@code x.mul(Number)} right after the op, an
 * {@code NDScope} closes the rest before the caller's backward) and the garbage collector frees it.
 * Autograd keeps some such inputs for the backward pass. Each step here computes the SFT gradients
 * of the embedded tiny model twice on the same inputs: once straight through, once with a forced
 * collection (plus fresh direct buffers filled with NaN bytes, to reuse the freed memory) between
 * forward and backward. Both must be finite and equal, with the vision tower frozen (the training
 * setup) and trainable.
 */
class BackwardBufferLifetimeTest {

  private static final int STEPS = 60;

  @Test
  void sftGradientsDoNotDependOnACollectionBetweenForwardAndBackward() {
    assertCollectionDoesNotChangeGradients(true, STEPS);
  }

  @Test
  void unfrozenVisionGradientsDoNotDependOnACollectionBetweenForwardAndBackward() {
    assertCollectionDoesNotChangeGradients(false, STEPS / 3);
  }

  /**
   * With a frozen tower the image features are encoded once without gradients; with a trainable
   * tower they are encoded inside the collector, so the vision forward is part of the graph.
   */
  private static void assertCollectionDoesNotChangeGradients(boolean visionFrozen, int steps) {
    CheckpointConfig cfg = EmbeddedModel.checkpointConfig();
    Qwen25VlConfig config = cfg.model();
    Random rnd = new Random(42);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(config, 17, cfg.generation())) {
      model.setVisionFrozen(visionFrozen);
      List<Parameter> trainable = model.trainableParameters();
      Map<Parameter, String> names = new IdentityHashMap<>();
      model.namedParameters().forEach((k, v) -> names.put(v, k));
      int mismatched = 0;
      int nonFinite = 0;
      int badSteps = 0;
      List<String> first = new ArrayList<>();
      for (int step = 0; step < steps; step++) {
        int[] ids = prompt(config, rnd);
        float[] pixels = FreezeAndGradientTest.pixels(64, rnd.nextLong());
        List<int[]> grids = List.of(new int[] {1, 8, 8});
        List<int[]> completions = List.of(text(rnd, 1 + rnd.nextInt(12)), text(rnd, 1 + rnd.nextInt(12)));
        Supplier<NDArray> loss;
        EncodedPrompt frozen = null;
        if (visionFrozen) {
          frozen = GradMode.noGrad(() -> model.encode(ids, pixels, grids));
          EncodedPrompt p = frozen;
          loss = () -> model.sftLoss(model.manager(), p, completions);
        } else {
          loss =
              () -> {
                try (EncodedPrompt p = model.encode(ids, pixels, grids)) {
                  return model.sftLoss(model.manager(), p, completions);
                }
              };
        }
        try {
          float[][] plain = gradients(trainable, loss, false);
          float[][] collected = gradients(trainable, loss, true);
          int before = mismatched;
          for (int i = 0; i < trainable.size(); i++) {
            boolean finite = allFinite(collected[i]);
            boolean same = close(plain[i], collected[i]);
            if (!finite) {
              nonFinite++;
            }
            if (!same) {
              mismatched++;
              if (first.size() < 5) {
                first.add("step " + step + " " + names.get(trainable.get(i)) + (finite ? "" : " (non-finite)"));
              }
            }
          }
          if (mismatched > before) {
            badSteps++;
          }
        } finally {
          if (frozen != null) {
            frozen.close();
          }
        }
      }
      assertThat(nonFinite).as("non-finite gradients (%s of %s steps affected); first: %s", badSteps, steps, first).isZero();
      assertThat(mismatched)
          .as("gradients changed by a collection before backward (%s of %s steps); first: %s", badSteps, steps, first)
          .isZero();
    }
  }

  private static float[][] gradients(List<Parameter> trainable, Supplier<NDArray> lossFn, boolean collect) {
    List<ByteBuffer> poison = null;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray loss = lossFn.get();
      if (collect) {
        poison = collectAndPoison();
      }
      gc.backward(loss);
      loss.close();
    }
    assertThat(poison == null || !poison.isEmpty()).isTrue();
    float[][] out = new float[trainable.size()][];
    for (int i = 0; i < out.length; i++) {
      PtNDArray w = (PtNDArray) trainable.get(i).getArray();
      try (NDArray g = w.getGradient()) {
        out[i] = g.toFloatArray();
      }
      JniUtils.zeroGrad(w);
    }
    return out;
  }

  /**
   * Collects garbage (running the cleaners of unreachable direct buffers) and allocates direct
   * buffers of many sizes filled with 0xFF bytes (NaN as float, -1 as an index).
   */
  static List<ByteBuffer> collectAndPoison() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<ByteBuffer> keep = new ArrayList<>();
    for (int size = 4; size <= 1 << 16; size *= 2) {
      for (int k = 0; k < 16; k++) {
        for (int s : new int[] {size, size + size / 2}) {
          ByteBuffer b = ByteBuffer.allocateDirect(s);
          while (b.hasRemaining()) {
            b.put((byte) 0xFF);
          }
          keep.add(b);
        }
      }
    }
    return keep;
  }

  private static int[] prompt(Qwen25VlConfig config, Random rnd) {
    List<Integer> ids = new ArrayList<>();
    for (int t : text(rnd, 2 + rnd.nextInt(6))) {
      ids.add(t);
    }
    ids.add(config.visionStartTokenId());
    for (int i = 0; i < 16; i++) {
      ids.add(config.imageTokenId());
    }
    ids.add(config.visionEndTokenId());
    for (int t : text(rnd, 1 + rnd.nextInt(8))) {
      ids.add(t);
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Ordinary (non-special) token ids of the embedded vocabulary. */
  private static int[] text(Random rnd, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = 10 + rnd.nextInt(200);
    }
    return out;
  }

  private static boolean allFinite(float[] a) {
    for (float v : a) {
      if (!Float.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static boolean close(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= 1e-6f + 1e-4f * Math.abs(a[i]))) {
        return false;
      }
    }
    return true;
  }
}
