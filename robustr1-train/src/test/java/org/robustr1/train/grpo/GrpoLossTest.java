package org.robustr1.train.grpo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The NDArray loss against hand-computed values, and its gradient against finite differences. */
class GrpoLossTest {

  @Test
  void lossEqualsHandComputedValue() {
    try (NDManager m = NDManager.newBaseManager()) {
      // two completions of three tokens; the second ends with EOS after two tokens
      double[] logp = {-1.0, -0.5, -2.0, -0.3, -1.5, -9.0};
      double[] old = {-1.1, -1.0, -1.0, -0.3, -1.4, -9.0};
      double[] ref = {-0.7, -0.5, -2.1, -0.2, -1.5, -1.0};
      double[] adv = {2.0, -1.0};
      int[] mask = {1, 1, 1, 1, 1, 0};
      double beta = 0.04;
      // row 0: token 0 inside the range; token 1 ratio e^0.5 > 1.2 with A = 2 -> clipped 1.2*2;
      // token 2 ratio e^-1 < 0.8 with A = 2 -> unclipped e^-1*2
      double r00 = -Math.exp(0.1) * 2 + beta * (Math.exp(0.3) - 0.3 - 1);
      double r01 = -1.2 * 2 + beta * (Math.exp(0.0) - 0.0 - 1);
      double r02 = -Math.exp(-1.0) * 2 + beta * (Math.exp(-0.1) + 0.1 - 1);
      // row 1 (A = -1): token 0 ratio 1; token 1 ratio e^-0.1 inside the range
      double r10 = 1.0 + beta * (Math.exp(0.1) - 0.1 - 1);
      double r11 = Math.exp(-0.1) + beta * (Math.exp(0.0) - 1);
      double expected = ((r00 + r01 + r02) / 3 + (r10 + r11) / 2) / 2;
      GrpoObjective obj = new GrpoObjective(0.2, 0.2, beta, LossType.GRPO, 3);
      GrpoLoss.Result res =
          GrpoLoss.compute(
              m.create(logp, new Shape(2, 3)),
              m.create(old, new Shape(2, 3)),
              m.create(ref, new Shape(2, 3)),
              m.create(adv),
              m.create(mask, new Shape(2, 3)),
              obj);
      assertThat(res.loss().getDouble()).isCloseTo(expected, within(1e-12));
      double kl0 = ((Math.exp(0.3) - 1.3) + 0 + (Math.exp(-0.1) - 0.9)) / 3;
      double kl1 = ((Math.exp(0.1) - 1.1) + 0) / 2;
      assertThat(res.meanKl()).isCloseTo((kl0 + kl1) / 2, within(1e-12));
      // official indicator rho*A < clip(rho)*A: only row 0 token 2 (0.37*2 < 0.8*2)
      assertThat(res.clipRatio()).isCloseTo(1.0 / 5, within(1e-12));

      // BNPO and DR_GRPO on the same tokens
      double sum = r00 + r01 + r02 + r10 + r11;
      GrpoLoss.Result bnpo =
          GrpoLoss.compute(
              m.create(logp, new Shape(2, 3)), m.create(old, new Shape(2, 3)), m.create(ref, new Shape(2, 3)),
              m.create(adv), m.create(mask, new Shape(2, 3)), new GrpoObjective(0.2, 0.2, beta, LossType.BNPO, 3));
      assertThat(bnpo.loss().getDouble()).isCloseTo(sum / 5, within(1e-12));
      GrpoLoss.Result dr =
          GrpoLoss.compute(
              m.create(logp, new Shape(2, 3)), m.create(old, new Shape(2, 3)), m.create(ref, new Shape(2, 3)),
              m.create(adv), m.create(mask, new Shape(2, 3)), new GrpoObjective(0.2, 0.2, beta, LossType.DR_GRPO, 8));
      assertThat(dr.loss().getDouble()).isCloseTo(sum / (2 * 8), within(1e-12));
    }
  }

  @Test
  void ndArrayLossMatchesPlainJavaOnRandomInputs() {
    Random rnd = new Random(7);
    int b = 4;
    int t = 5;
    double[][] lp = new double[b][t];
    double[][] ol = new double[b][t];
    double[][] rf = new double[b][t];
    int[][] mk = new int[b][t];
    double[] adv = new double[b];
    for (int i = 0; i < b; i++) {
      adv[i] = rnd.nextGaussian();
      int len = 1 + rnd.nextInt(t);
      for (int j = 0; j < t; j++) {
        lp[i][j] = -3 * rnd.nextDouble();
        ol[i][j] = lp[i][j] + 0.4 * rnd.nextGaussian();
        rf[i][j] = lp[i][j] + 0.4 * rnd.nextGaussian();
        mk[i][j] = j < len ? 1 : 0;
      }
    }
    for (LossType type : LossType.values()) {
      GrpoObjective obj = new GrpoObjective(0.2, 0.28, 0.04, type, 7);
      double[][] tok = new double[b][t];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < t; j++) {
          tok[i][j] = GrpoMath.perTokenLoss(lp[i][j], ol[i][j], rf[i][j], adv[i], 0.2, 0.28, 0.04);
        }
      }
      double expected = GrpoMath.aggregate(tok, mk, type, 7);
      try (NDManager m = NDManager.newBaseManager()) {
        double got =
            GrpoLoss.compute(m.create(lp), m.create(ol), m.create(rf), m.create(adv), m.create(mk), obj).loss().getDouble();
        assertThat(got).as("%s", type).isCloseTo(expected, within(1e-12));
      }
    }
  }

  /**
   * A toy policy: logits of the next token are row {@code prev} of a V×V matrix. The GRPO loss
   * (with old log-probs from a perturbed policy so that the clip is active on some tokens, and a
   * KL term) is differentiated by autograd and by central finite differences in float64.
   */
  @Test
  void gradientOfToyPolicyMatchesFiniteDifferences() {
    int v = 5;
    int b = 4;
    int t = 4;
    Random rnd = new Random(11);
    double[] w0 = new double[v * v];
    for (int i = 0; i < w0.length; i++) {
      w0[i] = rnd.nextGaussian();
    }
    int[][] prev = new int[b][t];
    int[][] tok = new int[b][t];
    for (int i = 0; i < b; i++) {
      int p = rnd.nextInt(v);
      for (int j = 0; j < t; j++) {
        prev[i][j] = p;
        tok[i][j] = rnd.nextInt(v);
        p = tok[i][j];
      }
    }
    int[][] mask = {{1, 1, 1, 1}, {1, 1, 0, 0}, {1, 1, 1, 0}, {1, 0, 0, 0}};
    double[] adv = {1.3, -0.7, 0.4, -1.0};
    GrpoObjective obj = new GrpoObjective(0.2, 0.2, 0.04, LossType.GRPO, t);
    try (NDManager m = NDManager.newBaseManager()) {
      double[] wOld = w0.clone();
      double[] wRef = w0.clone();
      for (int i = 0; i < w0.length; i++) {
        wOld[i] += 0.5 * rnd.nextGaussian();
        wRef[i] += 0.5 * rnd.nextGaussian();
      }
      NDArray oldLogp = toyLogp(m, m.create(wOld, new Shape(v, v)), prev, tok, v);
      NDArray refLogp = toyLogp(m, m.create(wRef, new Shape(v, v)), prev, tok, v);
      NDArray maskArr = m.create(mask);
      NDArray advArr = m.create(adv);

      NDArray w = m.create(w0, new Shape(v, v));
      w.setRequiresGradient(true);
      double[] grad;
      double[] cur;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray logp = toyLogp(m, w, prev, tok, v);
        cur = logp.stopGradient().toDoubleArray();
        GrpoLoss.Result res = GrpoLoss.compute(logp, oldLogp, refLogp, advArr, maskArr, obj);
        gc.backward(res.loss());
      }
      grad = w.getGradient().toDoubleArray();
      // count masked tokens where the clipped (constant) term is the one selected by the min
      double[] oldFlat = oldLogp.toDoubleArray();
      int clippedBranch = 0;
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < t; j++) {
          double ratio = Math.exp(cur[i * t + j] - oldFlat[i * t + j]);
          double c = Math.min(Math.max(ratio, 0.8), 1.2);
          assertThat(Math.abs(ratio - 0.8)).as("no token at a kink").isGreaterThan(1e-4);
          assertThat(Math.abs(ratio - 1.2)).as("no token at a kink").isGreaterThan(1e-4);
          if (mask[i][j] == 1 && c * adv[i] < ratio * adv[i]) {
            clippedBranch++;
          }
        }
      }
      assertThat(clippedBranch).as("some tokens take the clipped branch").isBetween(1, 8);

      double h = 1e-6;
      for (int i = 0; i < w0.length; i++) {
        double[] plus = w0.clone();
        double[] minus = w0.clone();
        plus[i] += h;
        minus[i] -= h;
        double lp = lossAt(m, plus, prev, tok, v, oldLogp, refLogp, advArr, maskArr, obj);
        double lm = lossAt(m, minus, prev, tok, v, oldLogp, refLogp, advArr, maskArr, obj);
        double fd = (lp - lm) / (2 * h);
        assertThat(grad[i]).as("dL/dW[%s]", i).isCloseTo(fd, within(1e-7));
      }
      assertThat(java.util.Arrays.stream(grad).map(Math::abs).max().orElse(0)).isGreaterThan(1e-3);
    }
  }

  private static double lossAt(
      NDManager m, double[] w, int[][] prev, int[][] tok, int v, NDArray old, NDArray ref, NDArray adv, NDArray mask, GrpoObjective obj) {
    try (NDManager s = m.newSubManager()) {
      NDArray logp = toyLogp(s, s.create(w, new Shape(v, v)), prev, tok, v);
      return GrpoLoss.compute(logp, old, ref, adv, mask, obj).loss().getDouble();
    }
  }

  /** {@code logp[b, t] = log_softmax(W[prev[b, t]])[tok[b, t]]}. */
  static NDArray toyLogp(NDManager m, NDArray w, int[][] prev, int[][] tok, int v) {
    NDArray prevOneHot = m.create(prev).oneHot(v).toType(DataType.FLOAT64, false);
    NDArray tokOneHot = m.create(tok).oneHot(v).toType(DataType.FLOAT64, false);
    NDArray logits = prevOneHot.matMul(w);
    return logits.logSoftmax(-1).mul(tokOneHot).sum(new int[] {-1});
  }

  /**
   * Micro-batches normalised as their batch give the batch's gradients: the loss of a batch of 7
   * completions at once against the sum over passes of 2, 1, 3 and 1 completions (each trimmed to
   * its own longest completion, as the trainer pads them), for every loss type, with the ratio away
   * from 1 and the KL term on. Max |Δ| of the gradient ≤ 1e-6 (float32), the losses and the
   * statistics add up.
   */
  @Test
  void microBatchesGiveTheGradientsOfTheWholeBatch() {
    int b = 7;
    int t = 6;
    int[] lengths = {6, 2, 4, 1, 5, 3, 6};
    int[][] passes = {{0, 2}, {2, 3}, {3, 6}, {6, 7}};
    Random rnd = new Random(11);
    float[] lp = new float[b * t];
    float[] old = new float[b * t];
    float[] ref = new float[b * t];
    float[] mask = new float[b * t];
    float[] adv = new float[b];
    double tokens = 0;
    for (int i = 0; i < b; i++) {
      adv[i] = (float) rnd.nextGaussian();
      for (int k = 0; k < t; k++) {
        lp[i * t + k] = (float) (-0.2 - rnd.nextDouble() * 3);
        old[i * t + k] = lp[i * t + k] + (float) (rnd.nextGaussian() * 0.3);
        ref[i * t + k] = lp[i * t + k] + (float) (rnd.nextGaussian() * 0.5);
        mask[i * t + k] = k < lengths[i] ? 1f : 0f;
      }
      tokens += lengths[i];
    }
    for (LossType type : LossType.values()) {
      GrpoObjective obj = new GrpoObjective(0.2, 0.28, 0.04, type, 8);
      try (NDManager m = NDManager.newBaseManager()) {
        NDArray leaf = m.create(lp, new Shape(b, t));
        leaf.setRequiresGradient(true);
        NDArray oldA = m.create(old, new Shape(b, t));
        NDArray refA = m.create(ref, new Shape(b, t));
        NDArray maskA = m.create(mask, new Shape(b, t));
        NDArray advA = m.create(adv);
        GrpoLoss.Result whole;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          whole = GrpoLoss.compute(leaf, oldA, refA, advA, maskA, obj);
          gc.backward(whole.loss());
        }
        float[] expected = leaf.getGradient().toFloatArray();
        double wholeLoss = whole.loss().getFloat();
        NDArray leaf2 = m.create(lp, new Shape(b, t));
        leaf2.setRequiresGradient(true);
        double loss = 0;
        double kl = 0;
        double clip = 0;
        GrpoLoss.BatchSize size = new GrpoLoss.BatchSize(b, tokens);
        for (int[] pass : passes) {
          int width = 0;
          for (int i = pass[0]; i < pass[1]; i++) {
            width = Math.max(width, lengths[i]);
          }
          String slice = pass[0] + ":" + pass[1] + ", :" + width;
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            GrpoLoss.Result r =
                GrpoLoss.compute(
                    leaf2.get(slice), oldA.get(slice), refA.get(slice), advA.get(pass[0] + ":" + pass[1]), maskA.get(slice), obj, size);
            gc.backward(r.loss());
            loss += r.loss().getFloat();
            kl += r.meanKl();
            clip += r.clipRatio();
          }
        }
        float[] actual = leaf2.getGradient().toFloatArray();
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(expected[i] - actual[i]));
          scale = Math.max(scale, Math.abs(expected[i]));
        }
        System.out.printf("%s: max |Δ gradient| %.3g (largest %.3g)%n", type, maxDiff, scale);
        assertThat(scale).as("%s gradient is not zero", type).isGreaterThan(1e-3);
        assertThat(maxDiff).as("%s gradient", type).isLessThanOrEqualTo(1e-6);
        assertThat(loss).as("%s loss", type).isCloseTo(wholeLoss, within(1e-6));
        assertThat(kl).as("%s kl", type).isCloseTo(whole.meanKl(), within(1e-6));
        assertThat(clip).as("%s clip ratio", type).isCloseTo(whole.clipRatio(), within(1e-9));
      }
    }
  }
}
