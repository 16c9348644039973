package org.robustr1.model.processor;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.robustr1.model.tokenizer.SftEncoding;

/**
 * Everything the model needs for one prompt: token ids (image pads expanded), the rendered text,
 * the processed images and, for SFT examples, the answer span.
 *
 * @param inputIds the prompt ids ({@code input_ids[0]})
 * @param text the rendered chat text before image-pad expansion
 * @param images pixel values and grids of the prompt's images (zero rows when there are none)
 * @param sft the answer span when built by {@link Qwen25VlProcessor#encodeForSft}, else empty
 */
public record ModelInputs(
    int[] inputIds, String text, ProcessedImages images, Optional<SftEncoding> sft) {

  /** Validates non-null. */
  public ModelInputs {
    requireNonNull(inputIds, "inputIds");
    requireNonNull(text, "text");
    requireNonNull(images, "images");
    requireNonNull(sft, "sft");
  }

  /** Whether the prompt has images. */
  public boolean hasImages() {
    return !images.grids().isEmpty();
  }
}
