package org.robustr1.model.processor;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.PreprocessorConfig;
import org.robustr1.model.tokenizer.ChatTemplate;
import org.robustr1.model.tokenizer.QwenTokenizer;
import org.robustr1.model.tokenizer.SftEncoding;

/**
 * The Qwen2.5-VL processor: chat template, image processing and tokenization with image-pad
 * expansion, as {@code Qwen2_5_VLProcessor} + {@code apply_chat_template} produce them.
 *
 * <p>Thread-safe; closing it closes the tokenizer.
 */
public final class Qwen25VlProcessor implements AutoCloseable {

  private final QwenTokenizer tokenizer;
  private final Qwen2VlImageProcessor images;

  /** A processor from its parts; it owns the tokenizer. */
  public Qwen25VlProcessor(QwenTokenizer tokenizer, Qwen2VlImageProcessor images) {
    this.tokenizer = requireNonNull(tokenizer, "tokenizer");
    this.images = requireNonNull(images, "images");
  }

  /**
   * Loads {@code tokenizer.json} and {@code preprocessor_config.json} (published defaults when
   * absent) from a checkpoint directory.
   */
  public static Qwen25VlProcessor load(Path dir) throws IOException {
    PreprocessorConfig pre =
        Files.isRegularFile(dir.resolve(PreprocessorConfig.FILE_NAME))
            ? PreprocessorConfig.read(dir)
            : PreprocessorConfig.qwen25Vl();
    return new Qwen25VlProcessor(QwenTokenizer.load(dir), new Qwen2VlImageProcessor(pre));
  }

  /** The tokenizer. */
  public QwenTokenizer tokenizer() {
    return tokenizer;
  }

  /** The image processor. */
  public Qwen2VlImageProcessor imageProcessor() {
    return images;
  }

  /**
   * A processor with the same tokenizer and the image processor's pixel bounds replaced (see
   * {@link Qwen2VlImageProcessor#withPixelBounds}). Both share the tokenizer: close only one.
   */
  public Qwen25VlProcessor withPixelBounds(long minPixels, long maxPixels) {
    return new Qwen25VlProcessor(tokenizer, images.withPixelBounds(minPixels, maxPixels));
  }

  private ProcessedImages processImages(VlmPrompt prompt) {
    if (prompt.images().isEmpty()) {
      PreprocessorConfig c = images.config();
      return new ProcessedImages(
          new float[0],
          3 * c.temporalPatchSize() * c.patchSize() * c.patchSize(),
          com.google.common.collect.ImmutableList.of(),
          c.mergeSize());
    }
    return images.process(prompt.images());
  }

  /** Encodes a prompt for generation (chat template with the generation prompt). */
  public ModelInputs encode(VlmPrompt prompt) {
    ProcessedImages pi = processImages(prompt);
    String text = ChatTemplate.render(prompt);
    return new ModelInputs(
        tokenizer.encodeWithImages(text, pi.tokenCounts()), text, pi, Optional.empty());
  }

  /**
   * Encodes a prompt with its assistant answer for supervised fine-tuning; {@code inputIds} then
   * covers the whole conversation and {@link ModelInputs#sft()} holds the answer span.
   */
  public ModelInputs encodeForSft(VlmPrompt prompt, String assistantText) {
    ProcessedImages pi = processImages(prompt);
    SftEncoding e =
        tokenizer.encodeForSft(ChatTemplate.render(prompt), assistantText, pi.tokenCounts());
    return new ModelInputs(e.inputIds(), e.text(), pi, Optional.of(e));
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
