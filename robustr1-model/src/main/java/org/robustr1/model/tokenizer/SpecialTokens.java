package org.robustr1.model.tokenizer;

/**
 * Ids of the Qwen2.5-VL control tokens, as read from the tokenizer.
 *
 * @param endOfText {@code <|endoftext|>} (151643; pad and bos)
 * @param imStart {@code <|im_start|>} (151644)
 * @param imEnd {@code <|im_end|>} (151645; eos of chat turns)
 * @param visionStart {@code <|vision_start|>} (151652)
 * @param visionEnd {@code <|vision_end|>} (151653)
 * @param visionPad {@code <|vision_pad|>} (151654)
 * @param imagePad {@code <|image_pad|>} (151655)
 * @param videoPad {@code <|video_pad|>} (151656)
 */
public record SpecialTokens(
    int endOfText,
    int imStart,
    int imEnd,
    int visionStart,
    int visionEnd,
    int visionPad,
    int imagePad,
    int videoPad) {

  /** {@code <|endoftext|>} text. */
  public static final String END_OF_TEXT = "<|endoftext|>";
  /** {@code <|im_start|>} text. */
  public static final String IM_START = "<|im_start|>";
  /** {@code <|im_end|>} text. */
  public static final String IM_END = "<|im_end|>";
  /** {@code <|vision_start|>} text. */
  public static final String VISION_START = "<|vision_start|>";
  /** {@code <|vision_end|>} text. */
  public static final String VISION_END = "<|vision_end|>";
  /** {@code <|vision_pad|>} text. */
  public static final String VISION_PAD = "<|vision_pad|>";
  /** {@code <|image_pad|>} text. */
  public static final String IMAGE_PAD = "<|image_pad|>";
  /** {@code <|video_pad|>} text. */
  public static final String VIDEO_PAD = "<|video_pad|>";

  /** The published Qwen2.5 ids. */
  public static SpecialTokens qwen25() {
    return new SpecialTokens(151643, 151644, 151645, 151652, 151653, 151654, 151655, 151656);
  }

  /** The ids that end an assistant turn: {@code <|im_end|>} and {@code <|endoftext|>}. */
  public int[] stopIds() {
    return new int[] {imEnd, endOfText};
  }
}
