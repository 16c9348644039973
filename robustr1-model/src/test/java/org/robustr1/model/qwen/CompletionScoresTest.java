package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.nn.GradMode;

/**
 * The chunked, deferred-backward log-probs of {@link CompletionScores} against the plain
 * computation over {@code [G, T, vocab]} logits ({@link Qwen25VlModel#logProbs} inside a
 * collector): same values and same gradients of every trainable weight (max |Δ| ≤ 1e-6, float32)
 * for a loss that is not linear in the log-probs, with chunks of 5 positions over completions of
 * 7, 4 and 9 tokens (chunk boundaries inside sequences), with and without gradient checkpointing,
 * on a random tiny model with an image in the prompt.
 */
class CompletionScoresTest {

  private static final List<int[]> COMPLETIONS = completions();

  private static List<int[]> completions() {
    Random r = new Random(3);
    int[][] c = new int[3][];
    int[] lengths = {7, 4, 9};
    for (int i = 0; i < 3; i++) {
      c[i] = new int[lengths[i]];
      for (int k = 0; k < lengths[i]; k++) {
        c[i][k] = r.nextInt(4000);
      }
    }
    return List.of(c);
  }

  /**
   * A loss whose gradient differs per position, normalised like the trainers' losses: (Σ w·lp +
   * 0.3·Σ exp(lp)) / tokens over the valid positions.
   */
  private static NDArray loss(NDArray lp) {
    long g = lp.getShape().get(0);
    long t = lp.getShape().get(1);
    float[] w = new float[(int) (g * t)];
    float[] mask = new float[w.length];
    Random r = new Random(5);
    for (int i = 0; i < g; i++) {
      for (int k = 0; k < t; k++) {
        boolean valid = k < COMPLETIONS.get(i).length;
        w[(int) (i * t + k)] = valid ? (float) r.nextGaussian() : 0f;
        mask[(int) (i * t + k)] = valid ? 1f : 0f;
      }
    }
    NDManager m = lp.getManager();
    NDArray wa = OwnedArrays.owned(m.create(w, new Shape(g, t)));
    NDArray ma = OwnedArrays.owned(m.create(mask, new Shape(g, t)));
    return lp.mul(wa).sum().add(lp.exp().mul(ma).sum().mul(OwnedArrays.scalar(m, 0.3))).div(OwnedArrays.scalar(m, 20));
  }

  private record Outcome(float[] values, Map<String, float[]> grads) {}

  private static Outcome run(Qwen25VlModel model, EncodedPrompt prompt, Function<GradientCollector, float[]> body) {
    for (Parameter p : model.trainableParameters()) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
    float[] values;
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      values = body.apply(gc);
    }
    Map<String, float[]> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (e.getValue().requiresGradient()) {
        try (NDArray g = e.getValue().getArray().getGradient()) {
          grads.put(e.getKey(), g.toFloatArray());
        }
      }
    }
    return new Outcome(values, grads);
  }

  private static Outcome full(Qwen25VlModel model, EncodedPrompt prompt) {
    return run(
        model,
        prompt,
        gc -> {
          try (NDManager tmp = NDManager.newBaseManager()) {
            NDArray lp = model.logProbs(tmp, prompt, COMPLETIONS);
            gc.backward(loss(lp));
            return lp.stopGradient().toFloatArray();
          }
        });
  }

  private static Outcome chunked(Qwen25VlModel model, EncodedPrompt prompt, ScoringOptions options) {
    return run(
        model,
        prompt,
        gc -> {
          try (CompletionScores s = model.score(prompt, COMPLETIONS, options)) {
            gc.backward(loss(s.logProbs()));
            s.backward();
            return s.logProbs().stopGradient().toFloatArray();
          }
        });
  }

  static double maxDiff(float[] a, float[] b) {
    assertThat(b).hasSameSizeAs(a);
    double d = 0;
    for (int i = 0; i < a.length; i++) {
      d = Math.max(d, Math.abs((double) a[i] - b[i]));
    }
    return d;
  }

  /** The tiny shape with a 4,096-token vocabulary (special ids moved to 4000..4006). */
  static Qwen25VlConfig smallVocabulary() {
    Qwen25VlConfig tiny = Qwen25VlConfig.tiny();
    Qwen25VlTextConfig t = tiny.text();
    Qwen25VlTextConfig text =
        new Qwen25VlTextConfig(
            4096, t.hiddenSize(), t.intermediateSize(), t.numHiddenLayers(), t.numAttentionHeads(), t.numKeyValueHeads(),
            "silu", 128000, t.rmsNormEps(), t.ropeTheta(), t.mropeSection(), true, 0.0, 0.02, 32768, false, 70);
    return new Qwen25VlConfig(text, tiny.vision(), 4000, ImmutableList.of(4001), 4002, 4003, 4004, 4005, 4006, "float32");
  }

  static final GenerationConfig SMALL_GENERATION =
      new GenerationConfig(4000, ImmutableList.of(4001), 4000, false, 1.0, 0, 1.0, 1.0);

  private static EncodedPrompt smallVocabularyPrompt(Qwen25VlModel model) {
    int[] ids = {1, 2, 4002, 4005, 4005, 4005, 4005, 4003, 10, 11, 12, 13};
    return model.encode(ids, FreezeAndGradientTest.pixels(16, 4), List.of(new int[] {1, 4, 4}));
  }

  private static double[] diffs(Outcome expected, Outcome actual, String what) {
    double values = maxDiff(expected.values(), actual.values());
    double grads = 0;
    double scale = 0;
    for (String k : expected.grads().keySet()) {
      grads = Math.max(grads, maxDiff(expected.grads().get(k), actual.grads().get(k)));
      for (float v : expected.grads().get(k)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    System.out.printf("%s: max |Δ| values %.3g, gradients %.3g (largest gradient %.3g)%n", what, values, grads, scale);
    assertThat(scale).as("the gradients are not all zero").isGreaterThan(1e-3);
    return new double[] {values, grads, scale};
  }

  private static void assertSame(Outcome expected, Outcome actual, String what) {
    double[] d = diffs(expected, actual, what);
    assertThat(d[0]).as("%s: values", what).isLessThanOrEqualTo(1e-6);
    assertThat(d[1]).as("%s: gradients", what).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void chunkedValuesAndGradientsEqualTheFullComputation() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(smallVocabulary(), 21, SMALL_GENERATION);
        EncodedPrompt prompt = smallVocabularyPrompt(model)) {
      Outcome full = full(model, prompt);
      assertSame(full, chunked(model, prompt, new ScoringOptions(5, false)), "chunks of 5");
      assertSame(full, chunked(model, prompt, new ScoringOptions(5, true)), "chunks of 5, checkpointed");
      assertSame(full, chunked(model, prompt, new ScoringOptions(1000, true)), "one chunk, checkpointed");
    }
  }

  /**
   * With the real 151,936-token vocabulary the hidden-state gradient sums over every token's
   * logit, and float32 matmuls of different shapes (chunk rows against all rows) round that sum
   * differently: the gradients agree to float32 reduction noise (relative 1e-4 of the largest),
   * and exactly when one chunk holds every position.
   */
  @Test
  void realVocabularyAgreesToFloat32ReductionNoise() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 21);
        EncodedPrompt prompt =
            model.encode(FreezeAndGradientTest.promptIds(), FreezeAndGradientTest.pixels(16, 4), List.of(new int[] {1, 4, 4}))) {
      Outcome full = full(model, prompt);
      double[] d = diffs(full, chunked(model, prompt, new ScoringOptions(5, true)), "real vocabulary, chunks of 5, checkpointed");
      assertThat(d[0]).as("values").isLessThanOrEqualTo(1e-6);
      assertThat(d[1]).as("gradients").isLessThanOrEqualTo(1e-4 * d[2]);
      assertSame(full, chunked(model, prompt, new ScoringOptions(1000, false)), "real vocabulary, one chunk");
    }
  }

  @Test
  void withoutGradModeTheValuesAreTheSame() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(smallVocabulary(), 22, SMALL_GENERATION);
        EncodedPrompt prompt = smallVocabularyPrompt(model)) {      float[] expected;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector();
          NDManager tmp = NDManager.newBaseManager()) {
        expected = model.logProbs(tmp, prompt, COMPLETIONS).stopGradient().toFloatArray();
      }
      float[] actual =
          GradMode.noGrad(
              () -> {
                try (CompletionScores s = model.score(prompt, COMPLETIONS, new ScoringOptions(4, true))) {
                  assertThat(s.logProbs().hasGradient()).isFalse();
                  return s.logProbs().toFloatArray();
                }
              });
      assertThat(maxDiff(expected, actual)).isLessThanOrEqualTo(1e-6);
    }
  }
}
