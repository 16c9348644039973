package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.robustr1.model.qwen.OwnedArrays;

/**
 * The GRPO loss on NDArrays, differentiable with respect to the policy log-probabilities (the
 * official {@code compute_loss}, robust-r1.md §2.6):
 *
 * <pre>
 * ρ        = exp(logp − logp_old)
 * loss_tok = −min(ρ·A, clip(ρ, 1−ε_low, 1+ε_high)·A) + β·(exp(ref − logp) − (ref − logp) − 1)
 * </pre>
 *
 * aggregated by {@link LossType} over the completion mask. With one iteration per batch, {@code
 * logp_old} is {@code logp} detached, so ρ ≡ 1 in value and its gradient is ∇logp.
 */
public final class GrpoLoss {

  private GrpoLoss() {}

  /**
   * Computes the loss and its statistics.
   *
   * @param logp per-token log-probs of the completions under the policy, {@code [B, T]}, with
   *     gradients
   * @param oldLogp the same under the policy that sampled them, {@code [B, T]}; {@code null} for
   *     {@code logp} detached (one iteration)
   * @param refLogp the same under the frozen reference, {@code [B, T]}; may be {@code null} when
   *     {@code beta == 0}
   * @param advantages one advantage per completion, {@code [B]}
   * @param mask completion mask, {@code [B, T]}, 1 up to and including the first EOS
   * @param objective clip ranges, β and aggregation
   */
  public static Result compute(
      NDArray logp, NDArray oldLogp, NDArray refLogp, NDArray advantages, NDArray mask, GrpoObjective objective) {
    return compute(logp, oldLogp, refLogp, advantages, mask, objective, null);
  }

  /**
   * The loss of a micro-batch, a slice of the rows of a batch, normalised as the whole batch's
   * loss: the losses (and statistics) of the micro-batches of a batch add up to those of the batch
   * computed at once, so gradients accumulated over micro-batches equal the batch's.
   *
   * @param batch the batch the rows belong to: its number of sequences and of completion tokens;
   *     {@code null} for the rows themselves
   */
  public static Result compute(
      NDArray logp,
      NDArray oldLogp,
      NDArray refLogp,
      NDArray advantages,
      NDArray mask,
      GrpoObjective objective,
      BatchSize batch) {
    requireNonNull(logp, "logp");
    requireNonNull(advantages, "advantages");
    requireNonNull(mask, "mask");
    checkArgument(logp.getShape().dimension() == 2, "logp must be [B, T], got %s", logp.getShape());
    checkArgument(mask.getShape().equals(logp.getShape()), "mask %s does not match logp %s", mask.getShape(), logp.getShape());
    long b = logp.getShape().get(0);
    checkArgument(advantages.getShape().size() == b, "advantages %s must have one value per row of logp %s", advantages.getShape(), logp.getShape());
    checkArgument(objective.beta() == 0 || refLogp != null, "beta > 0 needs reference log-probs");
    DataType dt = logp.getDataType();
    // torch-owned copies (duplicate; toType keeps the storage when the type already matches):
    // autograd keeps both for backward, and the caller's arrays may wrap Java buffers
    // (NDManager.create) that are freed once closed, before backward runs
    NDArray m = mask.toType(dt, false).duplicate();
    NDArray old = oldLogp == null ? logp.stopGradient() : oldLogp;
    NDArray adv = advantages.reshape(b, 1).toType(dt, false).duplicate();
    NDArray ratio = logp.sub(old).exp();
    NDArray unclipped = ratio.mul(adv);
    NDArray clipped = ratio.clip(1 - objective.epsilonLow(), 1 + objective.epsilonHigh()).mul(adv);
    NDArray perToken = unclipped.minimum(clipped).neg();
    NDArray kl = null;
    if (objective.beta() != 0) {
      NDArray d = refLogp.sub(logp);
      kl = d.exp().sub(d).sub(1);
      perToken = perToken.add(kl.mul(OwnedArrays.scalarLike(kl, objective.beta())));
    }
    NDArray masked = perToken.mul(m);
    NDArray rowTokens = m.sum(new int[] {1});
    boolean whole = batch == null || batch.sequences() == b;
    double sequences = batch == null ? b : batch.sequences();
    double totalTokens = batch == null ? Math.max(1.0, m.sum().toType(DataType.FLOAT64, false).getDouble()) : Math.max(1.0, batch.tokens());
    NDArray loss =
        switch (objective.lossType()) {
          case GRPO -> meanOver(masked.sum(new int[] {1}).div(rowTokens.maximum(1)), whole, sequences);
          case BNPO -> batch == null
              ? masked.sum().div(m.sum().maximum(1))
              : masked.sum().div(OwnedArrays.scalarLike(masked, totalTokens));
          case DR_GRPO -> masked.sum().div(OwnedArrays.scalarLike(masked, sequences * objective.maxCompletionLength()));
        };
    double meanKl = 0;
    if (kl != null) {
      NDArray k = meanOver(kl.stopGradient().mul(m).sum(new int[] {1}).div(rowTokens.maximum(1)), whole, sequences);
      meanKl = k.toType(DataType.FLOAT64, false).getDouble();
    }
    NDArray isClipped = unclipped.stopGradient().lt(clipped.stopGradient()).toType(dt, false).mul(m);
    double clipRatio = isClipped.sum().toType(DataType.FLOAT64, false).getDouble() / totalTokens;
    return new Result(loss, meanKl, clipRatio);
  }

  /** The mean of per-sequence values over the batch's {@code sequences} (the rows' own mean when whole). */
  private static NDArray meanOver(NDArray perSequence, boolean whole, double sequences) {
    return whole ? perSequence.mean() : perSequence.sum().div(OwnedArrays.scalarLike(perSequence, sequences));
  }

  /**
   * The size of the batch a micro-batch belongs to.
   *
   * @param sequences completions in the batch
   * @param tokens completion tokens in the batch (under its mask)
   */
  public record BatchSize(int sequences, double tokens) {}

  /**
   * The loss and its statistics (for a micro-batch, its share of the batch's: they add up).
   *
   * @param loss the scalar loss, with gradients
   * @param meanKl mean over sequences of the per-sequence mean k3 KL (0 when β = 0)
   * @param clipRatio fraction of completion tokens on which the clipped branch was taken
   */
  public record Result(NDArray loss, double meanKl, double clipRatio) {}
}
