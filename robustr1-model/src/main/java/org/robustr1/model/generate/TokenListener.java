package org.robustr1.model.generate;

/**
 * Watches a generation token by token, on the generating thread, and may end a row early: a
 * server streams each token to its client and stops the row when the client has gone, a stop string
 * appeared or the request ran out of time.
 */
@FunctionalInterface
public interface TokenListener {

  /**
   * Called once per generated token of a row that is still running, after the token was appended
   * to the row's output.
   *
   * @param row the row of the batch (the prompt's index)
   * @param tokenId the token just generated
   * @param stopToken whether the token is one of the generation config's stop ids (the row ends
   *     whatever this method returns)
   * @return false to end the row after this token
   */
  boolean onToken(int row, int tokenId, boolean stopToken);
}
