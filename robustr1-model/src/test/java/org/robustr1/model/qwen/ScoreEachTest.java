package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.robustr1.model.qwen.CompletionScoresTest.maxDiff;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.robustr1.model.nn.GradMode;

/**
 * {@link Qwen25VlModel#scoreEach}: three prompts of different lengths, each with its own image
 * (one of them twice as many patches), scored in one left-padded pass, give the log-probs and the
 * weight gradients of three separate {@link Qwen25VlModel#score} passes (max |Δ| ≤ 1e-5 of the
 * largest, float32), plainly, in chunks and with gradient checkpointing.
 */
class ScoreEachTest {

  private static final int[][] COMPLETIONS = {{10, 11, 12, 13, 14, 15, 16}, {20, 21, 22}, {30, 31, 32, 33, 34, 35, 36, 37, 38}};

  private static List<EncodedPrompt> prompts(Qwen25VlModel model) {
    int[] a = {1, 2, 4002, 4005, 4005, 4005, 4005, 4003, 10, 11, 12, 13};
    int[] b = {1, 2, 3, 4, 5, 6, 7, 4002, 4005, 4005, 4005, 4005, 4003, 40, 41};
    int[] c = {1, 4002, 4005, 4005, 4005, 4005, 4005, 4005, 4005, 4005, 4003, 50};
    return List.of(
        model.encode(a, FreezeAndGradientTest.pixels(16, 4), List.of(new int[] {1, 4, 4})),
        model.encode(b, FreezeAndGradientTest.pixels(16, 5), List.of(new int[] {1, 4, 4})),
        model.encode(c, FreezeAndGradientTest.pixels(32, 6), List.of(new int[] {1, 4, 8})));
  }

  /** A loss with a different weight per row and position, that is not linear in the log-probs. */
  private static NDArray loss(NDArray lp, int firstRow) {
    long g = lp.getShape().get(0);
    long t = lp.getShape().get(1);
    float[] w = new float[(int) (g * t)];
    float[] mask = new float[w.length];
    for (int i = 0; i < g; i++) {
      for (int k = 0; k < t; k++) {
        boolean valid = k < COMPLETIONS[firstRow + i].length;
        w[(int) (i * t + k)] = valid ? (float) Math.sin(31 * (firstRow + i) + 7 * k + 1) : 0f;
        mask[(int) (i * t + k)] = valid ? 1f : 0f;
      }
    }
    NDManager m = lp.getManager();
    NDArray wa = OwnedArrays.owned(m.create(w, new Shape(g, t)));
    NDArray ma = OwnedArrays.owned(m.create(mask, new Shape(g, t)));
    return lp.mul(wa).sum().add(lp.exp().mul(ma).sum().mul(OwnedArrays.scalar(m, 0.3))).div(OwnedArrays.scalar(m, 20));
  }

  private record Outcome(List<float[]> rows, Map<String, float[]> grads) {}

  private static Outcome run(Qwen25VlModel model, Consumer<List<float[]>> body) {
    for (Parameter p : model.trainableParameters()) {
      JniUtils.zeroGrad((PtNDArray) p.getArray());
    }
    List<float[]> rows = new ArrayList<>();
    body.accept(rows);
    Map<String, float[]> grads = new LinkedHashMap<>();
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (e.getValue().requiresGradient()) {
        try (NDArray g = e.getValue().getArray().getGradient()) {
          grads.put(e.getKey(), g.toFloatArray());
        }
      }
    }
    return new Outcome(rows, grads);
  }

  private static Outcome separately(Qwen25VlModel model, List<EncodedPrompt> prompts, ScoringOptions options) {
    return run(
        model,
        rows -> {
          for (int r = 0; r < prompts.size(); r++) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector();
                CompletionScores s = model.score(prompts.get(r), List.of(COMPLETIONS[r]), options)) {
              gc.backward(loss(s.logProbs(), r));
              s.backward();
              rows.add(Arrays.copyOf(s.logProbs().stopGradient().toFloatArray(), COMPLETIONS[r].length));
            }
          }
        });
  }

  private static Outcome together(Qwen25VlModel model, List<EncodedPrompt> prompts, ScoringOptions options) {
    return run(
        model,
        rows -> {
          try (GradientCollector gc = Engine.getInstance().newGradientCollector();
              CompletionScores s = model.scoreEach(prompts, Arrays.asList(COMPLETIONS), options)) {
            gc.backward(loss(s.logProbs(), 0));
            s.backward();
            rows.addAll(perRow(s.logProbs().stopGradient()));
          }
        });
  }

  /** Row r of {@code [G, tmax]} log-probs, cut to completion r's length. */
  private static List<float[]> perRow(NDArray lp) {
    float[] all = lp.toFloatArray();
    int tmax = (int) lp.getShape().get(1);
    List<float[]> out = new ArrayList<>();
    for (int r = 0; r < COMPLETIONS.length; r++) {
      out.add(Arrays.copyOfRange(all, r * tmax, r * tmax + COMPLETIONS[r].length));
    }
    return out;
  }

  private static void assertClose(Outcome expected, Outcome actual, String what) {
    double values = 0;
    for (int r = 0; r < expected.rows().size(); r++) {
      values = Math.max(values, maxDiff(expected.rows().get(r), actual.rows().get(r)));
    }
    double grads = 0;
    double scale = 0;
    for (String k : expected.grads().keySet()) {
      grads = Math.max(grads, maxDiff(expected.grads().get(k), actual.grads().get(k)));
      for (float v : expected.grads().get(k)) {
        scale = Math.max(scale, Math.abs(v));
      }
    }
    System.out.printf("%s: max |Δ| values %.3g, gradients %.3g (largest gradient %.3g)%n", what, values, grads, scale);
    assertThat(scale).as("%s: the gradients are not all zero", what).isGreaterThan(1e-3);
    assertThat(values).as("%s: values", what).isLessThanOrEqualTo(1e-5);
    assertThat(grads).as("%s: gradients", what).isLessThanOrEqualTo(1e-5 * scale);
  }

  private Qwen25VlModel model;
  private List<EncodedPrompt> prompts;

  @BeforeEach
  void setUp() {
    model = Qwen25VlModel.randomInit(CompletionScoresTest.smallVocabulary(), 23, CompletionScoresTest.SMALL_GENERATION);
    prompts = prompts(model);
  }

  @AfterEach
  void tearDown() {
    prompts.forEach(EncodedPrompt::close);
    model.close();
  }

  @Test
  void onePaddedPassEqualsOnePassPerPrompt() {
    for (ScoringOptions o : List.of(new ScoringOptions(1000, false), new ScoringOptions(5, false), new ScoringOptions(5, true))) {
      String what = "chunks of " + o.chunkTokens() + (o.gradientCheckpointing() ? ", checkpointed" : "");
      assertClose(separately(model, prompts, o), together(model, prompts, o), what);
    }
  }

  @Test
  void withoutGradModeTheValuesAreThoseOfEachPrompt() {
    List<float[]> together =
        GradMode.noGrad(
            () -> {
              try (CompletionScores s = model.scoreEach(prompts, Arrays.asList(COMPLETIONS), ScoringOptions.defaults())) {
                assertThat(s.logProbs().hasGradient()).isFalse();
                return perRow(s.logProbs());
              }
            });
    for (int r = 0; r < prompts.size(); r++) {
      int row = r;
      float[] one =
          GradMode.noGrad(
              () -> {
                try (CompletionScores s = model.score(prompts.get(row), List.of(COMPLETIONS[row]), ScoringOptions.defaults())) {
                  return s.logProbs().toFloatArray();
                }
              });
      assertThat(maxDiff(one, together.get(r))).isLessThanOrEqualTo(1e-5);
    }
  }

  @Test
  void listsOfDifferentSizesAreRefused() {
    assertThatThrownBy(() -> model.scoreEach(prompts, List.of(COMPLETIONS[0], COMPLETIONS[1]), ScoringOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3 prompts for 2 completions");
  }
}
