package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The GRPO formulas of the official Robust-R1 trainer (robust-r1.md §2.5–2.6) on plain Java
 * arrays, in double precision. {@link GrpoLoss} computes the same quantities on NDArrays with
 * gradients; this class is the reference both are tested against and serves the trainer's
 * bookkeeping (advantages, masks, statistics).
 */
public final class GrpoMath {

  /** Added to the standard deviation before dividing, as in the official code. */
  public static final double STD_EPS = 1e-4;

  private GrpoMath() {}

  /**
   * Group-relative advantages. Groups are consecutive blocks of {@code groupSize} rewards; each
   * reward minus its group mean is divided by {@code std + 1e-4}, where std is the unbiased
   * (n − 1) standard deviation of the group ({@link ScaleRewards#GROUP}) or of the whole batch
   * ({@link ScaleRewards#BATCH}), or not divided at all ({@link ScaleRewards#NONE}).
   */
  public static double[] advantages(double[] rewards, int groupSize, ScaleRewards scale) {
    requireNonNull(rewards, "rewards");
    requireNonNull(scale, "scale");
    checkArgument(groupSize >= 2, "groupSize must be >= 2 (unbiased std needs two samples), got %s", groupSize);
    checkArgument(
        rewards.length % groupSize == 0,
        "%s rewards cannot be split into groups of %s",
        rewards.length,
        groupSize);
    double[] adv = new double[rewards.length];
    double batchStd = scale == ScaleRewards.BATCH ? unbiasedStd(rewards, 0, rewards.length) : 0;
    for (int g = 0; g < rewards.length; g += groupSize) {
      double mean = mean(rewards, g, groupSize);
      double denom =
          switch (scale) {
            case GROUP -> unbiasedStd(rewards, g, groupSize) + STD_EPS;
            case BATCH -> batchStd + STD_EPS;
            case NONE -> 1.0;
          };
      for (int i = g; i < g + groupSize; i++) {
        adv[i] = (rewards[i] - mean) / denom;
      }
    }
    return adv;
  }

  /** Mean of {@code n} values from {@code from}. */
  public static double mean(double[] v, int from, int n) {
    double s = 0;
    for (int i = from; i < from + n; i++) {
      s += v[i];
    }
    return s / n;
  }

  /** Unbiased standard deviation (divides by n − 1) of {@code n >= 2} values from {@code from}. */
  public static double unbiasedStd(double[] v, int from, int n) {
    checkArgument(n >= 2, "unbiased std needs at least two values, got %s", n);
    double m = mean(v, from, n);
    double ss = 0;
    for (int i = from; i < from + n; i++) {
      ss += (v[i] - m) * (v[i] - m);
    }
    return Math.sqrt(ss / (n - 1));
  }

  /** Fraction of groups whose rewards are all equal (their advantages are all zero). */
  public static double fracZeroStdGroups(double[] rewards, int groupSize) {
    checkArgument(groupSize >= 2 && rewards.length % groupSize == 0, "bad group size %s", groupSize);
    int zero = 0;
    int groups = rewards.length / groupSize;
    for (int g = 0; g < rewards.length; g += groupSize) {
      if (unbiasedStd(rewards, g, groupSize) == 0.0) {
        zero++;
      }
    }
    return (double) zero / groups;
  }

  /**
   * The completion mask: 1 for every token up to and including the first {@code eosId}, 0 after
   * it; all ones when there is no EOS.
   */
  public static int[] completionMask(int[] tokens, int eosId) {
    int[] mask = new int[tokens.length];
    for (int t = 0; t < tokens.length; t++) {
      mask[t] = 1;
      if (tokens[t] == eosId) {
        break;
      }
    }
    return mask;
  }

  /**
   * The "k3" estimator of KL(π_θ ‖ π_ref) for one token: {@code exp(ref − logp) − (ref − logp) − 1}.
   */
  public static double k3(double logp, double refLogp) {
    double d = refLogp - logp;
    return Math.exp(d) - d - 1;
  }

  /**
   * The per-token GRPO loss: {@code −min(ρ·A, clip(ρ, 1−εlow, 1+εhigh)·A) + β·k3}, with {@code ρ =
   * exp(logp − oldLogp)}. The KL term is skipped when {@code beta == 0}.
   */
  public static double perTokenLoss(
      double logp, double oldLogp, double refLogp, double advantage, double epsLow, double epsHigh, double beta) {
    double ratio = Math.exp(logp - oldLogp);
    double clipped = Math.min(Math.max(ratio, 1 - epsLow), 1 + epsHigh);
    double loss = -Math.min(ratio * advantage, clipped * advantage);
    if (beta != 0) {
      loss += beta * k3(logp, refLogp);
    }
    return loss;
  }

  /**
   * The official {@code clip_ratio} indicator of a token: {@code ρ·A < clip(ρ)·A}. Despite its name
   * it marks tokens whose ratio left the trust region on the side where the pessimistic minimum
   * keeps the unclipped term (VLM-R1 / TRL 0.1x {@code is_clipped}); it is kept for comparable
   * logs.
   */
  public static boolean isClipped(double logp, double oldLogp, double advantage, double epsLow, double epsHigh) {
    double ratio = Math.exp(logp - oldLogp);
    double clipped = Math.min(Math.max(ratio, 1 - epsLow), 1 + epsHigh);
    return ratio * advantage < clipped * advantage;
  }

  /**
   * Aggregates per-token losses {@code [B][T]} under a 0/1 mask according to {@code type}. Rows with
   * an empty mask count as length 1 (TRL's {@code clamp(min=1)}).
   */
  public static double aggregate(double[][] perToken, int[][] mask, LossType type, int maxCompletionLength) {
    checkArgument(perToken.length == mask.length && perToken.length > 0, "losses and mask differ in rows or are empty");
    double total = 0;
    double tokens = 0;
    double seqMeanSum = 0;
    for (int b = 0; b < perToken.length; b++) {
      checkArgument(perToken[b].length == mask[b].length, "row %s: loss and mask lengths differ", b);
      double s = 0;
      int n = 0;
      for (int t = 0; t < perToken[b].length; t++) {
        if (mask[b][t] != 0) {
          s += perToken[b][t];
          n++;
        }
      }
      total += s;
      tokens += n;
      seqMeanSum += s / Math.max(n, 1);
    }
    return switch (type) {
      case GRPO -> seqMeanSum / perToken.length;
      case BNPO -> total / Math.max(tokens, 1);
      case DR_GRPO -> total / ((double) perToken.length * maxCompletionLength);
    };
  }
}
