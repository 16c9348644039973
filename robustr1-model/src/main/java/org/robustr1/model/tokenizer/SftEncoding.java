package org.robustr1.model.tokenizer;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/**
 * A prompt plus its assistant answer, tokenized for supervised fine-tuning, with the span a loss
 * mask should keep.
 *
 * <p>The trained span {@code [assistantStart, assistantEnd)} covers the answer tokens and the
 * closing {@code <|im_end|>} (so the model learns to stop); the final {@code \n} token of the
 * template and every prompt token lie outside it. When the answer begins with characters that BPE
 * merges with the prompt's last {@code \n}, the merged token is counted as part of the answer.
 *
 * @param inputIds every token id, image pads expanded
 * @param text the rendered text (image pads not expanded)
 * @param assistantStart first token of the answer
 * @param assistantEnd one past the {@code <|im_end|>} that closes the answer
 * @param charStart first character of the answer in {@code text}
 * @param charEnd one past the {@code <|im_end|>} in {@code text}
 */
public record SftEncoding(
    int[] inputIds, String text, int assistantStart, int assistantEnd, int charStart, int charEnd) {

  /** Validates the spans. */
  public SftEncoding {
    requireNonNull(inputIds, "inputIds");
    requireNonNull(text, "text");
    checkArgument(
        0 <= assistantStart && assistantStart <= assistantEnd && assistantEnd <= inputIds.length,
        "bad token span [%s, %s) for %s tokens",
        assistantStart,
        assistantEnd,
        inputIds.length);
    checkArgument(
        0 <= charStart && charStart <= charEnd && charEnd <= text.length(),
        "bad char span [%s, %s) for %s chars",
        charStart,
        charEnd,
        text.length());
  }

  /** A per-token mask: true inside {@code [assistantStart, assistantEnd)}. */
  public boolean[] lossMask() {
    boolean[] m = new boolean[inputIds.length];
    for (int i = assistantStart; i < assistantEnd; i++) {
      m[i] = true;
    }
    return m;
  }

  /**
   * Causal-LM labels: the id where the loss applies, {@code -100} (ignored) elsewhere; the model
   * shifts them by one as Hugging Face does.
   */
  public long[] labels() {
    long[] l = new long[inputIds.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = i >= assistantStart && i < assistantEnd ? inputIds[i] : -100;
    }
    return l;
  }
}
