package org.robustr1.serve.generate;

import java.util.List;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VisionLanguageModel;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * A model as the server drives it: one worker thread calls {@link #generate} (never concurrently);
 * request threads may call {@link #prepare} and {@link #check} at any time.
 */
public interface Generator extends AutoCloseable {

  /** The name clients use in {@code model} and that {@code GET /v1/models} lists. */
  String name();

  /**
   * The image as the model will take it, computed on the request thread when the request arrives
   * (for Qwen2.5-VL: smart_resize under the processor's {@code max_pixels}, Pillow bicubic), so a
   * queued request holds no more than the model reads and the model's own resize is then the
   * identity. The image itself by default.
   */
  default RgbImage prepare(RgbImage image) {
    return image;
  }

  /**
   * Checks that the model can take the prompt (e.g. every image large enough).
   *
   * @throws IllegalArgumentException naming the image and what is wrong
   */
  default void check(VlmPrompt prompt) {}

  /**
   * The most prompts one {@link #generate} call may take; 1 means no batching. Only greedy
   * requests are batched (a sampled row's draws depend on its place in the batch).
   */
  default int maxBatch() {
    return 1;
  }

  /**
   * Generates one completion per prompt, all with {@code sampling}, telling {@code listener} the
   * text as it comes; a row whose listener returns false ends there.
   */
  List<Completion> generate(List<VlmPrompt> prompts, SamplingConfig sampling, TextListener listener);

  @Override
  default void close() {}

  /**
   * A generator for a model, served under its own {@link VisionLanguageModel#name()}: token by
   * token and batched (up to {@code maxBatch}) for an in-process {@link Qwen25VlModel}, whole
   * answers one at a time for any other {@link VisionLanguageModel}. Closing the generator closes
   * the model.
   */
  static Generator of(VisionLanguageModel model, int maxBatch) {
    return of(model, model.name(), maxBatch);
  }

  /** {@link #of(VisionLanguageModel, int)} served under {@code name}. */
  static Generator of(VisionLanguageModel model, String name, int maxBatch) {
    if (model instanceof Qwen25VlModel q) {
      return new QwenGenerator(q, name, maxBatch);
    }
    return new ModelGenerator(model, name);
  }
}
