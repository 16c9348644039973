package org.robustr1.train;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.Map;

/**
 * The outcome of a training run.
 *
 * @param steps optimizer steps completed in total (including those before a resume)
 * @param resumedFrom the checkpoint the run resumed from, or {@code null}
 * @param finalCheckpoint the last checkpoint written
 * @param metrics the per-step metrics of the steps run in this invocation
 * @param skippedRows the rows skipped as bad while training ({@code file line N: reason}), those
 *     skipped before the checkpoint it resumed from included
 */
public record TrainResult(
    int steps,
    Path resumedFrom,
    Path finalCheckpoint,
    ImmutableList<Map<String, Object>> metrics,
    ImmutableList<String> skippedRows) {

  /** Normalises. */
  public TrainResult {
    skippedRows = skippedRows == null ? ImmutableList.of() : skippedRows;
  }

  /** A result without skipped rows. */
  public TrainResult(int steps, Path resumedFrom, Path finalCheckpoint, ImmutableList<Map<String, Object>> metrics) {
    this(steps, resumedFrom, finalCheckpoint, metrics, ImmutableList.of());
  }
}
