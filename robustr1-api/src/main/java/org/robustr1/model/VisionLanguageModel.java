package org.robustr1.model;

import java.util.ArrayList;
import java.util.List;
import org.robustr1.core.io.RunFingerprint;

/**
 * A vision-language model as the trainers and harnesses see it: it answers prompts. The in-process
 * Qwen2.5-VL on DJL implements it, and so does a client of an OpenAI-compatible server.
 */
public interface VisionLanguageModel extends AutoCloseable {

  /** Generates one completion per prompt. Batched implementations pad on the left. */
  List<Generation> generate(List<VlmPrompt> prompts, SamplingConfig sampling);

  /** Generates one completion for one prompt. */
  default Generation generate(VlmPrompt prompt, SamplingConfig sampling) {
    List<VlmPrompt> one = new ArrayList<>(1);
    one.add(prompt);
    return generate(one, sampling).get(0);
  }

  /**
   * Checks, before any work, that this model can take {@code prompt} (e.g. that every image is
   * large enough for its processor), so a caller can skip or report one bad item instead of
   * failing a whole batch. Does nothing by default.
   *
   * @throws IllegalArgumentException saying what is wrong with which image
   */
  default void checkPrompt(VlmPrompt prompt) {}

  /** A short identifier for reports (a checkpoint directory name, a served model name). */
  String name();

  /**
   * What identifies this model's answers in a {@link RunFingerprint} of a resumable output:
   * {@code model} (the {@link #name()}) by default; implementations add what else changes their
   * answers (a checksum of the weights, the image pixel bounds, the endpoint).
   */
  default RunFingerprint fingerprint() {
    return RunFingerprint.builder().add("model", name()).build();
  }

  @Override
  default void close() {}
}
