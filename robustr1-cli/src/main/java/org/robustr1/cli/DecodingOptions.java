package org.robustr1.cli;

import org.robustr1.model.SamplingConfig;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The decoding options shared by {@code generate} and {@code eval} (a picocli mixin): {@code
 * --greedy} (the default) or {@code --temperature} with {@code --top-p} and {@code --top-k}. Plain
 * options rather than an argument group, so that a {@code --config} recipe can set them too; the
 * combinations are checked by {@link #toConfig}.
 */
final class DecodingOptions {

  @Option(names = "--greedy", description = "greedy decoding (the default)")
  boolean greedy;

  @Option(names = "--temperature", description = "sampling temperature (> 0; 0 means --greedy)")
  Double temperature;

  @Option(names = "--top-p", description = "with --temperature: nucleus mass in (0, 1] (default 1.0)")
  Double topP;

  @Option(names = "--top-k", description = "with --temperature: keep the k most likely tokens, 0 = off (default 0)")
  Integer topK;

  /** Whether no decoding option was given. */
  boolean isDefault() {
    return !greedy && temperature == null && topP == null && topK == null;
  }

  /**
   * The sampling configuration: greedy without {@code --temperature} or with {@code --temperature
   * 0}; an invalid value or combination becomes a usage error of {@code spec}'s command.
   */
  SamplingConfig toConfig(CommandSpec spec, int maxNewTokens, double repetitionPenalty, long seed) {
    if (greedy && temperature != null && temperature != 0) {
      throw new ParameterException(spec.commandLine(), "--greedy and --temperature " + temperature + " are mutually exclusive; give one");
    }
    if (temperature == null && (topP != null || topK != null)) {
      throw new ParameterException(spec.commandLine(), "--top-p and --top-k need --temperature (sampling); without it decoding is greedy");
    }
    try {
      if (temperature == null || temperature == 0) {
        return new SamplingConfig(maxNewTokens, 0, 0, 1.0, repetitionPenalty, seed);
      }
      return new SamplingConfig(maxNewTokens, temperature, topK == null ? 0 : topK, topP == null ? 1.0 : topP,
          repetitionPenalty, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
