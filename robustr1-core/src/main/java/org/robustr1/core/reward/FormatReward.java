package org.robustr1.core.reward;

import org.robustr1.core.chain.ChainFormat;
import org.robustr1.core.chain.OfficialParsing;

/**
 * The format reward, in {0, 1}.
 *
 * <p>{@link #official()} is the reference {@code format_reward_robust}: 1 when {@code
 * <TYPE>.*?<TYPE_END>\s*<INFLUENCE>.*?<INFLUENCE_END>\s*<REASONING>.*?<REASONING_END>\s*<CONCLUSION>.*?<CONCLUSION_END>\s*<ANSWER>.*?<ANSWER_END>}
 * is found anywhere ({@code re.search}, DOTALL): text before {@code <TYPE>} and after {@code
 * <ANSWER_END>} is allowed, and so are extra tags inside the lazy gaps.
 *
 * <p>{@link #strict()} requires the whole completion to be the chain: each section exactly once,
 * in order, closed, nothing but whitespace outside ({@link
 * org.robustr1.core.chain.ParsedChain#isWellFormed()}).
 */
public final class FormatReward implements RewardFunction {
  private static final FormatReward OFFICIAL = new FormatReward(false);
  private static final FormatReward STRICT = new FormatReward(true);

  private final boolean strict;

  private FormatReward(boolean strict) {
    this.strict = strict;
  }

  /** The reference reward ({@code format_reward_robust}). */
  public static FormatReward official() {
    return OFFICIAL;
  }

  /** The strict, in-order, whole-text variant ({@code format_reward_strict}). */
  public static FormatReward strict() {
    return STRICT;
  }

  @Override
  public String name() {
    return strict ? "format_reward_strict" : "format_reward_robust";
  }

  @Override
  public double reward(String completion, RewardContext context) {
    if (strict) {
      return ChainFormat.DEFAULT.parse(completion).isWellFormed() ? 1.0 : 0.0;
    }
    return OfficialParsing.formatMatches(completion) ? 1.0 : 0.0;
  }

  @Override
  public String toString() {
    return name();
  }
}
