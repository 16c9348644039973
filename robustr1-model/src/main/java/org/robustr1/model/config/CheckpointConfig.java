package org.robustr1.model.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The configuration files of a Qwen2.5-VL checkpoint directory.
 *
 * @param model {@code config.json}
 * @param preprocessor {@code preprocessor_config.json}, or the published defaults when absent
 * @param generation {@code generation_config.json}, or {@link GenerationConfig#qwen25Vl()} when
 *     absent
 */
public record CheckpointConfig(
    Qwen25VlConfig model, PreprocessorConfig preprocessor, GenerationConfig generation) {

  /** Validates non-null. */
  public CheckpointConfig {
    requireNonNull(model, "model");
    requireNonNull(preprocessor, "preprocessor");
    requireNonNull(generation, "generation");
  }

  /**
   * Reads the three files of {@code dir}; {@code config.json} is required, the others optional.
   *
   * @throws java.nio.file.NoSuchFileException when {@code config.json} is absent
   * @throws ConfigException when a file is malformed
   */
  public static CheckpointConfig read(Path dir) throws IOException {
    Qwen25VlConfig model = Qwen25VlConfig.read(dir);
    PreprocessorConfig pre =
        Files.isRegularFile(dir.resolve(PreprocessorConfig.FILE_NAME))
            ? PreprocessorConfig.read(dir)
            : PreprocessorConfig.qwen25Vl();
    GenerationConfig gen = GenerationConfig.read(dir).orElseGet(GenerationConfig::qwen25Vl);
    return new CheckpointConfig(model, pre, gen);
  }
}
