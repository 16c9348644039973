package org.robustr1.serve.generate;

/** Receives a generation's text as it is produced, on the generating thread. */
@FunctionalInterface
public interface TextListener {

  /**
   * Called once per generated token of a running row (for a {@link Generator} that cannot stream,
   * once with the whole text).
   *
   * @param row the row of the batch (the prompt's index)
   * @param delta the text this token adds; empty while a multi-byte character is incomplete, and
   *     for special tokens
   * @return false to end the row now
   */
  boolean onText(int row, String delta);
}
