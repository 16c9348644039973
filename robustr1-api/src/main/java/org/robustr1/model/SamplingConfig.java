package org.robustr1.model;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How to pick tokens during generation. {@code temperature == 0} means greedy (argmax).
 *
 * @param maxNewTokens most tokens to generate (&gt; 0)
 * @param temperature softmax temperature; 0 for greedy
 * @param topK keep the k most likely tokens (0 = off)
 * @param topP nucleus mass in (0, 1] (1 = off)
 * @param repetitionPenalty HF-style penalty (1 = off)
 * @param seed seed of the sampler, so that sampling is reproducible
 */
public record SamplingConfig(
    int maxNewTokens,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    long seed) {

  /** Validates the values. */
  public SamplingConfig {
    checkArgument(maxNewTokens > 0, "maxNewTokens must be > 0, got %s", maxNewTokens);
    checkArgument(temperature >= 0 && Double.isFinite(temperature), "temperature must be >= 0, got %s", temperature);
    checkArgument(topK >= 0, "topK must be >= 0, got %s", topK);
    checkArgument(topP > 0 && topP <= 1, "topP must be in (0, 1], got %s", topP);
    checkArgument(repetitionPenalty > 0, "repetitionPenalty must be > 0, got %s", repetitionPenalty);
  }

  /** Greedy decoding of at most {@code maxNewTokens} tokens. */
  public static SamplingConfig greedy(int maxNewTokens) {
    return new SamplingConfig(maxNewTokens, 0.0, 0, 1.0, 1.0, 0L);
  }

  /** Whether this config decodes by argmax. */
  public boolean isGreedy() {
    return temperature == 0.0;
  }
}
