package org.robustr1.model.qwen;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.nn.GradMode;

/** The frozen vision tower gets no gradient and an AdamW step leaves it bit-identical. */
class FreezeAndGradientTest {

  /** A prompt with one 4×4-patch image (4 merged tokens) and some text. */
  static int[] promptIds() {
    return new int[] {
      151644, 872, 198, 151652, 151655, 151655, 151655, 151655, 151653, 3838, 30, 151645, 198,
      151644, 77091, 198
    };
  }

  static float[] pixels(int patches, long seed) {
    Random r = new Random(seed);
    float[] px = new float[patches * 1176];
    for (int i = 0; i < px.length; i++) {
      px[i] = (float) r.nextGaussian();
    }
    return px;
  }

  @Test
  void frozenTowerHasNoGradientAndAdamWLeavesItUnchanged() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 7)) {
      assertThat(model.isVisionFrozen()).isTrue();
      List<Parameter> trainable = model.trainableParameters();
      assertThat(trainable).isNotEmpty();
      assertThat(trainable).noneMatch(p -> p.getName().isEmpty());
      Map<String, Parameter> named = model.namedParameters();
      for (Map.Entry<String, Parameter> e : named.entrySet()) {
        boolean vision = e.getKey().startsWith("visual.");
        assertThat(trainable.contains(e.getValue())).as(e.getKey()).isEqualTo(!vision);
      }
      Map<String, float[]> before = new HashMap<>();
      named.forEach((k, p) -> before.put(k, p.getArray().toFloatArray()));

      Optimizer adamW =
          Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-2f)).optWeightDecays(0.1f).build();
      try (EncodedPrompt p = model.encode(promptIds(), pixels(16, 1), List.of(new int[] {1, 4, 4}))) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray loss = model.sftLoss(model.manager(), p, List.of(new int[] {9707, 11, 1879}, new int[] {40}));
          assertThat(loss.getShape().isScalar()).isTrue();
          gc.backward(loss);
          loss.close();
        }
      }
      for (Map.Entry<String, Parameter> e : named.entrySet()) {
        if (e.getKey().startsWith("visual.")) {
          assertThat(e.getValue().getArray().hasGradient()).as(e.getKey()).isFalse();
          assertThat(e.getValue().requiresGradient()).as(e.getKey()).isFalse();
        }
      }
      double gradNorm = 0;
      for (Parameter p : trainable) {
        try (NDArray g = p.getArray().getGradient()) {
          gradNorm += g.square().sum().getFloat();
          adamW.update(p.getId(), p.getArray(), g);
        }
      }
      assertThat(gradNorm).isGreaterThan(0);
      int changed = 0;
      for (Map.Entry<String, Parameter> e : named.entrySet()) {
        float[] now = e.getValue().getArray().toFloatArray();
        boolean same = java.util.Arrays.equals(now, before.get(e.getKey()));
        if (e.getKey().startsWith("visual.")) {
          assertThat(same).as("%s must be bit-identical", e.getKey()).isTrue();
        } else if (!same) {
          changed++;
        }
      }
      assertThat(changed).as("LM parameters updated").isEqualTo(trainable.size());
    }
  }

  @Test
  void unfreezingMakesTheTowerTrainable() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 3)) {
      int lm = model.trainableParameters().size();
      model.setVisionFrozen(false);
      assertThat(model.trainableParameters()).hasSize(model.namedParameters().size());
      model.setVisionFrozen(true);
      assertThat(model.trainableParameters()).hasSize(lm);
    }
  }

  @Test
  void logProbsCarryAGraphOnlyInsideACollector() {
    try (Qwen25VlModel model = Qwen25VlModel.randomInit(Qwen25VlConfig.tiny(), 5);
        EncodedPrompt p = model.encode(promptIds(), pixels(16, 2), List.of(new int[] {1, 4, 4}))) {
      float[] old;
      try (NDArray o = GradMode.noGrad(() -> model.logProbs(p, List.of(new int[] {1, 2, 3}, new int[] {4})))) {
        old = o.toFloatArray();
      }
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray lp = model.logProbs(p, List.of(new int[] {1, 2, 3}, new int[] {4}));
        assertThat(lp.toFloatArray()).containsExactly(old);
        gc.backward(lp.sum().neg());
        lp.close();
      }
      Parameter emb = model.namedParameters().get("model.embed_tokens.weight");
      try (NDArray g = emb.getArray().getGradient()) {
        assertThat(g.abs().sum().getFloat()).isGreaterThan(0f);
      }
    }
  }
}
