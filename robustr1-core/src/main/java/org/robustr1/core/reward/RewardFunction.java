package org.robustr1.core.reward;

import java.util.List;

/**
 * A reward: a pure, thread-safe function of a completion's decoded text and the prompt's {@link
 * RewardContext}.
 */
public interface RewardFunction {

  /** The name under which the value is logged, e.g. {@code accuracy_reward}. */
  String name();

  /** The reward of one completion. */
  double reward(String completion, RewardContext context);

  /** The reward with its named components. */
  default RewardResult score(String completion, RewardContext context) {
    return RewardResult.of(name(), reward(completion, context));
  }

  /** The rewards of a group of completions of the same prompt. */
  default double[] rewards(List<String> completions, RewardContext context) {
    double[] out = new double[completions.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = reward(completions.get(i), context);
    }
    return out;
  }
}
