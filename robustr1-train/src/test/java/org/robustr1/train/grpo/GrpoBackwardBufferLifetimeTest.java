package org.robustr1.train.grpo;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * GRPO gradients of the embedded tiny model must not change when, between forward and backward,
 * the Java-made inputs of the loss (mask, advantages, reference log-probs) are closed, garbage is
 * collected and fresh direct buffers filled with NaN bytes reuse the freed memory.
 */
class GrpoBackwardBufferLifetimeTest {

  private static final int STEPS = 20;

  @Test
  void grpoGradientsDoNotDependOnACollectionBetweenForwardAndBackward() {
    CheckpointConfig cfg = EmbeddedModel.checkpointConfig();
    Qwen25VlConfig config = cfg.model();
    Random rnd = new Random(7);
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(config, 23, cfg.generation())) {
      List<Parameter> trainable = model.trainableParameters();
      int mismatched = 0;
      int nonFinite = 0;
      for (int step = 0; step < STEPS; step++) {
        int[] ids = prompt(config, rnd);
        float[] px = new float[64 * config.vision().patchDim()];
        for (int i = 0; i < px.length; i++) {
          px[i] = (float) rnd.nextGaussian();
        }
        int g = 3;
        int tmax = 6;
        List<int[]> completions = new ArrayList<>();
        float[] mask = new float[g * tmax];
        float[] adv = new float[g];
        for (int r = 0; r < g; r++) {
          int len = r == 0 ? tmax : 1 + rnd.nextInt(tmax);
          int[] c = new int[len];
          for (int k = 0; k < len; k++) {
            c[k] = 10 + rnd.nextInt(200);
            mask[r * tmax + k] = 1f;
          }
          completions.add(c);
          adv[r] = (float) rnd.nextGaussian();
        }
        float[] refNoise = new float[g * tmax];
        for (int i = 0; i < refNoise.length; i++) {
          refNoise[i] = (float) (0.1 * rnd.nextGaussian());
        }
        try (EncodedPrompt p = GradMode.noGrad(() -> model.encode(ids, px, List.of(new int[] {1, 8, 8})))) {
          float[][] plain = gradients(model, trainable, p, completions, tmax, mask, adv, refNoise, false);
          float[][] collected = gradients(model, trainable, p, completions, tmax, mask, adv, refNoise, true);
          for (int i = 0; i < trainable.size(); i++) {
            for (int j = 0; j < plain[i].length; j++) {
              if (!Float.isFinite(collected[i][j])) {
                nonFinite++;
                break;
              }
            }
            for (int j = 0; j < plain[i].length; j++) {
              if (!(Math.abs(plain[i][j] - collected[i][j]) <= 1e-6f + 1e-4f * Math.abs(plain[i][j]))) {
                mismatched++;
                break;
              }
            }
          }
        }
      }
      assertThat(nonFinite).as("parameters with non-finite gradients over %s steps", STEPS).isZero();
      assertThat(mismatched).as("parameter gradients changed by a collection before backward").isZero();
    }
  }

  private static float[][] gradients(
      Qwen25VlModel model,
      List<Parameter> trainable,
      EncodedPrompt p,
      List<int[]> completions,
      int tmax,
      float[] mask,
      float[] adv,
      float[] refNoise,
      boolean collect) {
    int g = completions.size();
    List<ByteBuffer> poison = null;
    try (NDManager tmp = NDManager.newBaseManager();
        NDScope scope = new NDScope();
        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      scope.suppressNotUsedWarning();
      NDArray logp = model.logProbs(tmp, p, completions);
      NDArray maskArr = tmp.create(mask, new Shape(g, tmax));
      NDArray advArr = tmp.create(adv);
      NDArray noise = tmp.create(refNoise, new Shape(g, tmax));
      NDArray ref = logp.stopGradient().add(noise);
      GrpoLoss.Result r = GrpoLoss.compute(logp, null, ref, advArr, maskArr, new GrpoObjective(0.2, 0.28, 0.04, LossType.GRPO, tmax));
      NDArray loss = r.loss();
      if (collect) {
        maskArr.close();
        advArr.close();
        noise.close();
        poison = poison();
      }
      gc.backward(loss);
    }
    assertThat(poison == null || !poison.isEmpty()).isTrue();
    float[][] out = new float[trainable.size()][];
    for (int i = 0; i < out.length; i++) {
      PtNDArray w = (PtNDArray) trainable.get(i).getArray();
      try (NDArray grad = w.getGradient()) {
        out[i] = grad.toFloatArray();
      }
      JniUtils.zeroGrad(w);
    }
    return out;
  }

  /** Runs the cleaners of unreachable direct buffers and refills freed memory with 0xFF bytes. */
  private static List<ByteBuffer> poison() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<ByteBuffer> keep = new ArrayList<>();
    for (int size = 4; size <= 1 << 12; size *= 2) {
      for (int k = 0; k < 32; k++) {
        ByteBuffer b = ByteBuffer.allocateDirect(size);
        while (b.hasRemaining()) {
          b.put((byte) 0xFF);
        }
        keep.add(b);
      }
    }
    return keep;
  }

  private static int[] prompt(Qwen25VlConfig config, Random rnd) {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < 3 + rnd.nextInt(4); i++) {
      ids.add(10 + rnd.nextInt(200));
    }
    ids.add(config.visionStartTokenId());
    for (int i = 0; i < 16; i++) {
      ids.add(config.imageTokenId());
    }
    ids.add(config.visionEndTokenId());
    for (int i = 0; i < 1 + rnd.nextInt(6); i++) {
      ids.add(10 + rnd.nextInt(200));
    }
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
