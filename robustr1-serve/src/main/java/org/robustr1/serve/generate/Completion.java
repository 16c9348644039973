package org.robustr1.serve.generate;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link Generator} produced for one prompt.
 *
 * @param text the decoded text of the generated tokens, special tokens removed
 * @param promptTokens tokens of the prompt (image tokens included); 0 when unknown
 * @param completionTokens tokens generated, the stop token included
 * @param endedByStopToken whether the row ended on one of the model's stop tokens
 */
public record Completion(String text, int promptTokens, int completionTokens, boolean endedByStopToken) {

  /** Validates. */
  public Completion {
    requireNonNull(text, "text");
  }
}
