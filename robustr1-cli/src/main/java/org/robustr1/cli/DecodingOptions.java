package org.robustr1.cli;

import org.robustr1.model.SamplingConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The decoding options shared by {@code generate} and {@code eval}: {@code --greedy} (the default)
 * or {@code --temperature} with {@code --top-p} and {@code --top-k}; used as an exclusive
 * {@code @ArgGroup}.
 */
final class DecodingOptions {

  @Option(names = "--greedy", description = "greedy decoding (the default)")
  boolean greedy;

  @ArgGroup(exclusive = false)
  Sampling sampling;

  /** Sampling parameters; {@code --temperature} is required within the group. */
  static final class Sampling {
    @Option(names = "--temperature", required = true, description = "sampling temperature (> 0; 0 means --greedy)")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1.0", description = "nucleus mass in (0, 1] (default ${DEFAULT-VALUE})")
    double topP;

    @Option(names = "--top-k", defaultValue = "0", description = "keep the k most likely tokens, 0 = off (default ${DEFAULT-VALUE})")
    int topK;
  }

  /**
   * The sampling configuration: greedy without {@code --temperature} or with {@code --temperature
   * 0}; an invalid value becomes a usage error of {@code spec}'s command.
   */
  SamplingConfig toConfig(CommandSpec spec, int maxNewTokens, double repetitionPenalty, long seed) {
    try {
      if (sampling == null || sampling.temperature == 0) {
        return new SamplingConfig(maxNewTokens, 0, 0, 1.0, repetitionPenalty, seed);
      }
      return new SamplingConfig(
          maxNewTokens, sampling.temperature, sampling.topK, sampling.topP, repetitionPenalty, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }
}
