package org.robustr1.model.qwen;

import java.util.List;
import org.robustr1.model.VlmPrompt;

/**
 * Turns a {@link VlmPrompt} into model inputs (chat template, image-pad expansion, tokenization,
 * image preprocessing) and generated ids back into text.
 */
public interface PromptEncoder {

  /**
   * Model inputs of one prompt.
   *
   * @param ids token ids, image pads expanded
   * @param pixelValues flattened patches of all images {@code [patches · patchDim]}, or null
   * @param grids per image {@code [t, h, w]} in patches
   */
  record Encoded(int[] ids, float[] pixelValues, List<int[]> grids) {}

  /** Encodes a prompt, ending with the assistant header ({@code <|im_start|>assistant\n}). */
  Encoded encode(VlmPrompt prompt);

  /** Decodes generated ids, skipping special tokens. */
  String decode(int[] ids);
}
