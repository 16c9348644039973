package org.robustr1.eval.run;

/**
 * Receives the progress of an {@link McqEvalRunner} run (a console progress bar, say): the number
 * of items it visits over all tracks, then each item finished, whether asked, found in the cache
 * or skipped. Called on the thread that runs the evaluation.
 */
public interface EvalProgress {

  /** Progress that goes nowhere. */
  EvalProgress NONE = new EvalProgress() {
    @Override
    public void start(int total) {}

    @Override
    public void advance(int items) {}
  };

  /** The run visits {@code total} items (items of the shard times tracks). */
  void start(int total);

  /** {@code items} more items are finished. */
  void advance(int items);

  /** The run ended (normally or not). */
  default void end() {}
}
