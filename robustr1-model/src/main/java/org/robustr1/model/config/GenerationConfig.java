package org.robustr1.model.config;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.robustr1.model.SamplingConfig;

/**
 * Generation defaults of a checkpoint ({@code generation_config.json}, optional). Absent fields
 * take the Hugging Face defaults.
 *
 * @param bosTokenId beginning-of-sequence id (151643)
 * @param eosTokenIds ids that stop generation ([151645, 151643] for Qwen2.5-VL-Instruct)
 * @param padTokenId padding id (151643)
 * @param doSample whether to sample; false means greedy
 * @param temperature softmax temperature
 * @param topK top-k cut-off (0 = off)
 * @param topP nucleus mass (1 = off)
 * @param repetitionPenalty HF repetition penalty (1 = off; 1.05 for Qwen2.5-VL)
 */
public record GenerationConfig(
    int bosTokenId,
    ImmutableList<Integer> eosTokenIds,
    int padTokenId,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty) {

  /** The file name in a checkpoint directory. */
  public static final String FILE_NAME = "generation_config.json";

  /** Validates the values. */
  public GenerationConfig {
    requireNonNull(eosTokenIds, "eosTokenIds");
    checkArgument(!eosTokenIds.isEmpty(), "eos_token_id must not be empty");
    checkArgument(temperature >= 0, "temperature must be >= 0, got %s", temperature);
    checkArgument(topK >= 0, "top_k must be >= 0, got %s", topK);
    checkArgument(topP > 0 && topP <= 1, "top_p must be in (0, 1], got %s", topP);
    checkArgument(repetitionPenalty > 0, "repetition_penalty must be > 0, got %s", repetitionPenalty);
    eosTokenIds = ImmutableList.copyOf(eosTokenIds);
  }

  /**
   * The defaults this project uses for Qwen2.5-VL-Instruct when the file is absent: stop on {@code
   * <|im_end|>} or {@code <|endoftext|>}, greedy, repetition penalty 1.05.
   */
  public static GenerationConfig qwen25Vl() {
    return new GenerationConfig(151643, ImmutableList.of(151645, 151643), 151643, false, 1.0, 0, 1.0, 1.05);
  }

  /**
   * Reads {@code generation_config.json} from a checkpoint directory (or the given file); empty when
   * the file is absent.
   *
   * @throws ConfigException when the content is malformed (the message names the file and field)
   */
  public static Optional<GenerationConfig> read(Path dirOrFile) throws IOException {
    Path file = Files.isDirectory(dirOrFile) ? dirOrFile.resolve(FILE_NAME) : dirOrFile;
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
  }

  /** Parses the content of a {@code generation_config.json}; {@code source} names it in errors. */
  public static GenerationConfig parse(String json, String source) {
    JsonReader r = JsonReader.of(JsonReader.parse(json, source), source);
    ImmutableList<Integer> eos = r.optIntList("eos_token_id");
    try {
      return new GenerationConfig(
          r.optInt("bos_token_id", 151643),
          eos == null ? ImmutableList.of(151645, 151643) : eos,
          r.optInt("pad_token_id", 151643),
          r.optBool("do_sample", false),
          r.optDouble("temperature", 1.0),
          r.optInt("top_k", 50),
          r.optDouble("top_p", 1.0),
          r.optDouble("repetition_penalty", 1.0));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(source + ": " + e.getMessage(), e);
    }
  }

  /** This config as a Hugging Face {@code generation_config.json}. */
  public String toJson() {
    ObjectNode o = JsonReader.MAPPER.createObjectNode();
    o.put("bos_token_id", bosTokenId);
    o.put("pad_token_id", padTokenId);
    o.put("do_sample", doSample);
    var eos = o.putArray("eos_token_id");
    eosTokenIds.forEach(eos::add);
    o.put("repetition_penalty", repetitionPenalty);
    o.put("temperature", temperature);
    o.put("top_k", topK);
    o.put("top_p", topP);
    o.put("transformers_version", "4.49.0");
    return JsonReader.pretty(o);
  }

  /** Writes {@link #toJson()} to {@code dir/generation_config.json}. */
  public Path write(Path dir) throws IOException {
    return JsonReader.write(dir, FILE_NAME, toJson());
  }

  /**
   * These defaults as a {@link SamplingConfig}: greedy unless {@code do_sample}; a temperature
   * below 1e-4 also counts as greedy (published Qwen files use 1e-6 or top_k 1 to mean greedy).
   */
  public SamplingConfig toSampling(int maxNewTokens, long seed) {
    boolean greedy = !doSample || temperature < 1e-4 || topK == 1;
    return new SamplingConfig(
        maxNewTokens, greedy ? 0.0 : temperature, greedy ? 0 : topK, greedy ? 1.0 : topP,
        repetitionPenalty, seed);
  }
}
