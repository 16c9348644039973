package org.robustr1.train.policy;

import ai.djl.ndarray.NDArray;

/**
 * Log-probabilities of completions for a training loss, from {@link TrainablePolicy#score}: the
 * loss is built on {@link #logProbs()} inside a {@code GradientCollector}, the collector's backward
 * runs, then {@link #backward()} carries the gradient on into the weights. Close after backward.
 */
public interface ScoredCompletions extends AutoCloseable {

  /** The log-probabilities {@code [n, maxLen]}, 0 after each completion's end. */
  NDArray logProbs();

  /** Completes the backward pass after the collector's backward of a loss built on {@link #logProbs()}. */
  void backward();

  @Override
  void close();

  /**
   * Log-probabilities that carry their own graph to the weights: the collector's backward does the
   * whole pass and {@link #backward()} nothing; closing closes {@code logProbs}.
   */
  static ScoredCompletions withGraph(NDArray logProbs) {
    return new ScoredCompletions() {
      @Override
      public NDArray logProbs() {
        return logProbs;
      }

      @Override
      public void backward() {}

      @Override
      public void close() {
        logProbs.close();
      }
    };
  }
}
