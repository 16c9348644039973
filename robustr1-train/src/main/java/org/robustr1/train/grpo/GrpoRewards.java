package org.robustr1.train.grpo;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.LinkedHashMap;
import java.util.Map;
import org.robustr1.core.reward.AccuracyReward;
import org.robustr1.core.reward.CompositeReward;
import org.robustr1.core.reward.DegradationReward;
import org.robustr1.core.reward.FormatReward;
import org.robustr1.core.reward.LengthReward;
import org.robustr1.core.reward.RewardFunction;
import org.robustr1.core.reward.TokenCounter;

/** Builds the GRPO reward: the four official components of core, with configurable weights. */
public final class GrpoRewards {

  private GrpoRewards() {}

  /**
   * accuracy + format + type (r_deg) + length (r_len), each weighted by {@code weights} (1 when
   * absent). Weight keys are the component names ({@code accuracy_reward}, {@code
   * format_reward_robust}, {@code type_reward}, {@code length_reward}) or the short names {@code
   * accuracy}, {@code format}, {@code type} (or {@code deg}), {@code length} (or {@code len}).
   *
   * @param counter token counter of the length reward (use the policy's tokenizer for parity)
   * @throws IllegalArgumentException naming an unknown weight key and the valid ones
   */
  public static CompositeReward official(TokenCounter counter, Map<String, Double> weights) {
    Map<String, RewardFunction> parts = new LinkedHashMap<>();
    parts.put("accuracy", AccuracyReward.official());
    parts.put("format", FormatReward.official());
    parts.put("type", DegradationReward.official());
    parts.put("length", LengthReward.official(counter));
    Map<String, Double> w = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      String key = canonical(e.getKey(), parts);
      checkArgument(
          key != null,
          "unknown reward weight '%s'; use accuracy, format, type (deg) or length (len), or the full names"
              + " accuracy_reward, format_reward_robust, type_reward, length_reward",
          e.getKey());
      w.put(key, e.getValue());
    }
    CompositeReward.Builder b = CompositeReward.builder();
    for (Map.Entry<String, RewardFunction> e : parts.entrySet()) {
      b.add(e.getValue(), w.getOrDefault(e.getKey(), 1.0));
    }
    return b.build();
  }

  private static String canonical(String key, Map<String, RewardFunction> parts) {
    String k = key.trim();
    if (k.equals("deg")) {
      return "type";
    }
    if (k.equals("len")) {
      return "length";
    }
    if (parts.containsKey(k)) {
      return k;
    }
    for (Map.Entry<String, RewardFunction> e : parts.entrySet()) {
      if (e.getValue().name().equals(k)) {
        return e.getKey();
      }
    }
    return null;
  }
}
