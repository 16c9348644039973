package org.robustr1.core.reward;

/**
 * Counts the tokens of a text for the length reward. The reference uses {@code
 * len(tokenizer.encode(text))} of the policy's (Qwen2.5-VL) tokenizer, which adds no special
 * tokens; the model module provides an exact counter backed by that tokenizer.
 *
 * <p>Implementations must be thread-safe and deterministic.
 */
@FunctionalInterface
public interface TokenCounter {

  /** The number of tokens of {@code text}. */
  int count(CharSequence text);

  /**
   * The default counter: the number of pieces the Qwen2 pre-tokenizer splits the text into (its
   * split regex, implemented as a linear scan). Each piece is one or more BPE tokens, so this is a
   * lower bound of the real token count, close to it for English prose; it needs no vocabulary.
   * Use the model's tokenizer where parity with the reference's absolute lengths matters.
   */
  static TokenCounter approximate() {
    return QwenPreTokenCounter.INSTANCE;
  }

  /** The number of maximal runs of non-whitespace characters. */
  static TokenCounter whitespace() {
    return WhitespaceCounter.INSTANCE;
  }
}
