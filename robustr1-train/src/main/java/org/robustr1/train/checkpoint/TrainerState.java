package org.robustr1.train.checkpoint;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Where a run stands, as saved in {@code trainer_state.json}. Together with the seed it fixes the
 * rest of the run: the data order of an epoch is a function of (seed, epoch), and sampling seeds
 * are functions of (seed, step), so no generator state beyond these counters exists.
 *
 * @param step optimizer steps completed
 * @param epoch current 0-based epoch
 * @param cursor rows of the current epoch's order already consumed
 * @param optimizerStep updates applied by the optimizer (its bias-correction counter)
 * @param totalSteps optimizer steps the schedule was built for
 * @param seed run seed
 * @param droppedSamples samples dropped so far (for example over the SFT cutoff length)
 * @param skippedNonFinite steps whose update was skipped for a non-finite gradient norm
 * @param badRows indices (0-based, in the data file's order of usable rows) of rows that failed
 *     during training and were skipped; a resumed run skips them without reading them again
 */
public record TrainerState(
    int step,
    int epoch,
    int cursor,
    long optimizerStep,
    int totalSteps,
    long seed,
    long droppedSamples,
    int skippedNonFinite,
    List<Integer> badRows) {

  /** Validates; a state file written before the last two fields existed reads them as 0 and none. */
  public TrainerState {
    checkArgument(step >= 0 && epoch >= 0 && cursor >= 0 && optimizerStep >= 0, "negative counter in trainer state");
    checkArgument(skippedNonFinite >= 0, "negative skippedNonFinite in trainer state");
    badRows = badRows == null ? List.of() : List.copyOf(badRows);
  }

  /** A state without the training-time counters (no skipped update, no bad row). */
  public TrainerState(int step, int epoch, int cursor, long optimizerStep, int totalSteps, long seed, long droppedSamples) {
    this(step, epoch, cursor, optimizerStep, totalSteps, seed, droppedSamples, 0, List.of());
  }

  /** The state of a run that has not started. */
  public static TrainerState start(int totalSteps, long seed) {
    return new TrainerState(0, 0, 0, 0, totalSteps, seed, 0);
  }
}
