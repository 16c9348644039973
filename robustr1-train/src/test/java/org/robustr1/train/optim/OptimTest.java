package org.robustr1.train.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW against the torch.optim.AdamW recurrences, schedules against HF values, clipping. */
class OptimTest {

  @Test
  void adamWFollowsTorchRecurrence() {
    OptimizerConfig cfg = OptimizerConfig.grpoDefaults().withLearningRate(0.1).withWeightDecay(0.01);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1.0f, -2.0f, 0.5f});
      w.setRequiresGradient(true);
      double[] ref = {1.0, -2.0, 0.5};
      double[] mm = new double[3];
      double[] vv = new double[3];
      try (AdamW opt = new AdamW(cfg, Map.of("w", w))) {
        for (int step = 1; step <= 3; step++) {
          // loss = sum(w^3): gradient 3 w^2
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.pow(3).sum());
          }
          for (int i = 0; i < 3; i++) {
            double g = 3 * ref[i] * ref[i];
            ref[i] *= 1 - 0.1 * 0.01;
            mm[i] = 0.9 * mm[i] + 0.1 * g;
            vv[i] = 0.999 * vv[i] + 0.001 * g * g;
            double mh = mm[i] / (1 - Math.pow(0.9, step));
            double vh = vv[i] / (1 - Math.pow(0.999, step));
            ref[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
          }
          opt.update(0.1);
          float[] got = w.toFloatArray();
          for (int i = 0; i < 3; i++) {
            assertThat((double) got[i]).isCloseTo(ref[i], within(1e-5));
          }
          assertThat(w.getGradient().toFloatArray()).containsOnly(0f);
        }
        assertThat(opt.step()).isEqualTo(3);
        assertThat(opt.stateTensors()).containsOnlyKeys("exp_avg.w", "exp_avg_sq.w");
      }
    }
  }

  @Test
  void adamWStateRoundTripsBitExactly() {
    OptimizerConfig cfg = OptimizerConfig.grpoDefaults().withLearningRate(0.05);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {0.3f, -0.7f});
      NDArray b = m.create(new float[] {0.3f, -0.7f});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (AdamW optA = new AdamW(cfg, Map.of("p", a));
          AdamW optB = new AdamW(cfg, Map.of("p", b))) {
        for (int s = 0; s < 2; s++) {
          stepSquare(a, optA);
          stepSquare(b, optB);
        }
        Map<String, float[]> saved = new HashMap<>();
        optA.stateTensors().forEach((k, v) -> saved.put(k, v.toFloatArray()));
        optB.loadState(optA.step(), saved);
        stepSquare(a, optA);
        stepSquare(b, optB);
        assertThat(b.toFloatArray()).containsExactly(a.toFloatArray());
        assertThatThrownBy(() -> optB.loadState(3, Map.of())).hasMessageContaining("no tensor exp_avg.p");
      }
    }
  }

  @Test
  void learningRateScaleSlowsOrFreezesChosenParameters() {
    OptimizerConfig cfg = OptimizerConfig.grpoDefaults().withLearningRate(0.05).withWeightDecay(0.0);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray full = m.create(new float[] {0.3f});
      NDArray half = m.create(new float[] {0.3f});
      NDArray none = m.create(new float[] {0.3f});
      for (NDArray x : List.of(full, half, none)) {
        x.setRequiresGradient(true);
      }
      Map<String, NDArray> params = new java.util.LinkedHashMap<>();
      params.put("lm.w", full);
      params.put("visual.a", half);
      params.put("visual.b", none);
      try (AdamW opt = new AdamW(cfg, params)) {
        opt.setLearningRateScale(n -> n.startsWith("visual."), 0.5).setLearningRateScale(n -> n.equals("visual.b"), 0);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(full.square().sum().add(half.square().sum()).add(none.square().sum()));
        }
        opt.update(0.05);
        // Adam's first step moves each weight by lr · sign(gradient)
        assertThat(full.getFloat()).isCloseTo(0.3f - 0.05f, within(1e-6f));
        assertThat(half.getFloat()).isCloseTo(0.3f - 0.025f, within(1e-6f));
        assertThat(none.getFloat()).isEqualTo(0.3f);
      }
    }
  }

  private static void stepSquare(NDArray w, AdamW opt) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(w.square().sum());
    }
    opt.update(0.05);
  }

  @Test
  void schedulesMatchHuggingFace() {
    OptimizerConfig lin = OptimizerConfig.grpoDefaults();
    LrSchedule s = new LrSchedule(lin, 10);
    assertThat(s.lr(0)).isEqualTo(1e-6);
    assertThat(s.lr(5)).isCloseTo(0.5e-6, within(1e-18));
    assertThat(s.lr(10)).isEqualTo(0.0);
    // cosine with warm-up ratio 0.1 over 100 steps: 10 warm-up steps, lr(0) = 0
    LrSchedule c = new LrSchedule(OptimizerConfig.sftDefaults(), 100);
    assertThat(c.warmupSteps()).isEqualTo(10);
    assertThat(c.lr(0)).isEqualTo(0.0);
    assertThat(c.lr(5)).isCloseTo(0.5e-5, within(1e-18));
    assertThat(c.lr(10)).isCloseTo(1e-5, within(1e-18));
    assertThat(c.lr(55)).isCloseTo(1e-5 * 0.5 * (1 + Math.cos(Math.PI * 0.5)), within(1e-18));
    assertThat(c.lr(100)).isCloseTo(0.0, within(1e-18));
  }

  @Test
  void globalNormClippingScalesAllGradients() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {3f});
      NDArray b = m.create(new float[] {-4f, 0f});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // gradients: a -> 2a = 6, b -> 2b = (-8, 0): global norm 10
        gc.backward(a.square().sum().add(b.square().sum()));
      }
      double norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
      assertThat(norm).isCloseTo(10.0, within(1e-5));
      assertThat((double) a.getGradient().getFloat()).isCloseTo(0.6, within(1e-5));
      assertThat((double) b.getGradient().toFloatArray()[0]).isCloseTo(-0.8, within(1e-5));
      // a norm under the limit is left alone
      assertThat(GradientClipping.clipGlobalNorm(List.of(a, b), 5.0)).isCloseTo(1.0, within(1e-5));
      assertThat((double) a.getGradient().getFloat()).isCloseTo(0.6, within(1e-5));
    }
  }

  @Test
  void configMessagesSayWhatToChange() {
    assertThatThrownBy(() -> OptimizerConfig.grpoDefaults().withLearningRate(0))
        .hasMessageContaining("learningRate must be a positive number, got 0.0");
    assertThatThrownBy(() -> OptimizerConfig.grpoDefaults().withWeightDecay(-1))
        .hasMessageContaining("weightDecay must be >= 0");
  }
}
