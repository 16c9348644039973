package org.robustr1.train;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Map;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.checkpoint.Resume;

/**
 * Where and how a training run writes: the output folder (metrics, samples, checkpoints), the
 * resume choice, the console progress bar, an optional per-step callback, and what to do with a
 * row that fails during training (an image that cannot be decoded, say).
 *
 * @param outDir output folder; created if missing
 * @param resume whether and from where to resume (see {@link Resume})
 * @param progressBar whether to draw a console progress bar on standard error
 * @param listener called after every optimizer step with its metrics (after any checkpoint of that
 *     step); an exception thrown here stops the run without a final checkpoint
 * @param onBadRow a row that fails while training is skipped (logged with file and line, counted in
 *     the metrics, remembered in checkpoints) or stops the run with a {@link
 *     org.robustr1.train.data.BadRowException} naming file and line
 */
public record RunOptions(Path outDir, Resume resume, boolean progressBar, StepListener listener, OnBadRow onBadRow) {

  /** Validates. */
  public RunOptions {
    requireNonNull(outDir, "outDir");
    resume = resume == null ? Resume.auto() : resume;
    listener = listener == null ? (step, metrics) -> {} : listener;
    onBadRow = onBadRow == null ? OnBadRow.FAIL : onBadRow;
  }

  /** Options writing to {@code outDir}, resuming automatically, without a progress bar, failing on a bad row. */
  public static RunOptions of(Path outDir) {
    return new RunOptions(outDir, Resume.auto(), false, null, OnBadRow.FAIL);
  }

  /** A copy with another resume choice. */
  public RunOptions withResume(Resume value) {
    return new RunOptions(outDir, value, progressBar, listener, onBadRow);
  }

  /** A copy with the resume choice in its command-line spelling ({@code auto}, {@code off} or a folder). */
  public RunOptions withResume(String value) {
    return withResume(Resume.parse(value));
  }

  /** A copy with a step listener. */
  public RunOptions withListener(StepListener l) {
    return new RunOptions(outDir, resume, progressBar, l, onBadRow);
  }

  /** A copy with the progress bar on or off. */
  public RunOptions withProgressBar(boolean on) {
    return new RunOptions(outDir, resume, on, listener, onBadRow);
  }

  /** A copy with another bad-row policy. */
  public RunOptions withOnBadRow(OnBadRow policy) {
    return new RunOptions(outDir, resume, progressBar, listener, policy);
  }

  /** Receives each step's metrics. */
  @FunctionalInterface
  public interface StepListener {
    /** Called after optimizer step {@code step} (1-based) completed. */
    void onStep(int step, Map<String, Object> metrics);
  }
}
