package org.robustr1.core.reward;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.robustr1.core.chain.OfficialParsing;
import org.robustr1.core.chain.OfficialTypeEntry;

/**
 * The degradation reward r_deg (the reference {@code type_reward}).
 *
 * <p>Predicted entries P are read from the completion's first TYPE section, reference entries from
 * the context, both with the official parser ({@link OfficialParsing#typeEntries}); G is {@code
 * dict(reference)} (a repeated name keeps its last strength). Then
 *
 * <pre>
 * r = 0
 * for (name, s) in P:                    # every predicted entry, duplicates included
 *     if name in G: r += 1; r += (0.5 − |s − G[name]|); mark name matched
 *     else:         r −= 1
 * for name in G not matched: r −= 1
 * </pre>
 *
 * Names match exactly (case- and whitespace-sensitive). {@link #official()} returns r unbounded
 * (1.5 per exactly right type, −2 for a wrong type in place of a right one, 0 when both are
 * empty). {@link #bounded()} maps r into (−1, 1) with the reference's {@code
 * custom_normalize_reward} (defined there but never called): {@code 2·σ(k·r) − 1} with k = 1 for r
 * ≥ 0 and k = 2 below.
 *
 * <p>Where Python's {@code float()} rejects a strength ({@code "."}, {@code "0.4.5"}), the
 * reference raises and the training step dies; here such an entry is skipped by default ({@link
 * Malformed#SKIP}), or an exception is thrown ({@link Malformed#THROW}).
 */
public final class DegradationReward implements RewardFunction {

  /** What to do with an entry whose strength Python's {@code float()} would reject. */
  public enum Malformed {
    /** Ignore the entry (as if the regex had not matched it). */
    SKIP,
    /** Throw an {@link IllegalArgumentException} naming the entry (the reference crashes). */
    THROW
  }

  private static final DegradationReward OFFICIAL = new DegradationReward(false, Malformed.SKIP);
  private static final DegradationReward BOUNDED = new DegradationReward(true, Malformed.SKIP);

  private final boolean bounded;
  private final Malformed malformed;

  private DegradationReward(boolean bounded, Malformed malformed) {
    this.bounded = bounded;
    this.malformed = malformed;
  }

  /** The reference reward ({@code type_reward}), unbounded. */
  public static DegradationReward official() {
    return OFFICIAL;
  }

  /** The variant bounded to (−1, 1) ({@code type_reward_bounded}). */
  public static DegradationReward bounded() {
    return BOUNDED;
  }

  /** This reward with another policy for malformed strengths. */
  public DegradationReward withMalformed(Malformed policy) {
    return new DegradationReward(bounded, requireNonNull(policy, "policy"));
  }

  @Override
  public String name() {
    return bounded ? "type_reward_bounded" : "type_reward";
  }

  @Override
  public double reward(String completion, RewardContext context) {
    if (malformed == Malformed.THROW && context.referenceHasMalformedStrength()) {
      throw new IllegalArgumentException(
          "reference TYPE entry has a strength Python's float() rejects: "
              + context.referenceTypes());
    }
    double r = raw(OfficialParsing.degradations(completion), context);
    return bounded ? normalize(r) : r;
  }

  private double raw(List<OfficialTypeEntry> predicted, RewardContext context) {
    int refCount = context.referenceTypeCount();
    boolean[] matched = new boolean[refCount];
    double r = 0.0;
    for (int i = 0; i < predicted.size(); i++) {
      OfficialTypeEntry e = predicted.get(i);
      if (!e.wellFormed()) {
        if (malformed == Malformed.THROW) {
          throw new IllegalArgumentException(
              "strength '" + e.strengthText() + "' of '" + e.name()
                  + "' is not a number Python's float() accepts");
        }
        continue;
      }
      int k = context.referenceIndex(e.name());
      if (k >= 0) {
        r += 1;
        r += (0.5 - Math.abs(e.strength() - context.referenceStrength(k)));
        matched[k] = true;
      } else {
        r -= 1;
      }
    }
    for (int k = 0; k < refCount; k++) {
      if (!matched[k]) {
        r -= 1;
      }
    }
    return r;
  }

  /**
   * The reference's {@code custom_normalize_reward(score, k_positive=1, k_negative=2, x0=0)}:
   * {@code 2 / (1 + exp(−k·r)) − 1}, k = 1 for r ≥ 0, 2 otherwise.
   */
  public static double normalize(double r) {
    double sigmoid = r >= 0 ? 1 / (1 + Math.exp(-1.0 * r)) : 1 / (1 + Math.exp(-2.0 * r));
    return 2 * sigmoid - 1;
  }

  @Override
  public String toString() {
    return name() + (malformed == Malformed.SKIP ? "" : "[" + malformed + "]");
  }
}
