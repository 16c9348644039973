package org.robustr1.train;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where and how a training run writes: the output folder (metrics, samples, checkpoints), the
 * resume choice, the console progress bar, and an optional per-step callback.
 *
 * @param outDir output folder; created if missing
 * @param resume {@code auto} (latest checkpoint under {@code outDir}, if any), {@code off}, or a
 *     checkpoint folder
 * @param progressBar whether to draw a console progress bar on standard error
 * @param listener called after every optimizer step with its metrics (after any checkpoint of that
 *     step); an exception thrown here stops the run without a final checkpoint
 */
public record RunOptions(Path outDir, String resume, boolean progressBar, StepListener listener) {

  /** Validates. */
  public RunOptions {
    requireNonNull(outDir, "outDir");
    resume = resume == null ? "auto" : resume;
    listener = listener == null ? (step, metrics) -> {} : listener;
  }

  /** Options writing to {@code outDir}, resuming automatically, without a progress bar. */
  public static RunOptions of(Path outDir) {
    return new RunOptions(outDir, "auto", false, null);
  }

  /** A copy with another resume choice. */
  public RunOptions withResume(String value) {
    return new RunOptions(outDir, value, progressBar, listener);
  }

  /** A copy with a step listener. */
  public RunOptions withListener(StepListener l) {
    return new RunOptions(outDir, resume, progressBar, l);
  }

  /** A copy with the progress bar on or off. */
  public RunOptions withProgressBar(boolean on) {
    return new RunOptions(outDir, resume, on, listener);
  }

  /** Receives each step's metrics. */
  @FunctionalInterface
  public interface StepListener {
    /** Called after optimizer step {@code step} (1-based) completed. */
    void onStep(int step, Map<String, Object> metrics);
  }
}
