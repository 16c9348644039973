package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * The parts of {@link GrpoConfig} that define the loss.
 *
 * @param epsilonLow lower clip range: the ratio is clipped at {@code 1 − epsilonLow}
 * @param epsilonHigh upper clip range: the ratio is clipped at {@code 1 + epsilonHigh}
 * @param beta weight of the k3 KL penalty to the reference policy (0 disables it)
 * @param lossType token aggregation
 * @param maxCompletionLength the constant denominator of {@link LossType#DR_GRPO}
 */
public record GrpoObjective(
    double epsilonLow, double epsilonHigh, double beta, LossType lossType, int maxCompletionLength) {

  /** Validates the values. */
  public GrpoObjective {
    requireNonNull(lossType, "lossType");
    checkArgument(epsilonLow >= 0 && epsilonLow < 1, "epsilonLow must be in [0, 1), got %s", epsilonLow);
    checkArgument(epsilonHigh >= 0, "epsilonHigh must be >= 0, got %s", epsilonHigh);
    checkArgument(beta >= 0, "beta must be >= 0, got %s", beta);
    checkArgument(maxCompletionLength > 0, "maxCompletionLength must be > 0, got %s", maxCompletionLength);
  }

  /** The official settings: ε 0.2 on both sides, β 0.04, GRPO aggregation, 2048 tokens. */
  public static GrpoObjective official() {
    return new GrpoObjective(0.2, 0.2, 0.04, LossType.GRPO, 2048);
  }
}
