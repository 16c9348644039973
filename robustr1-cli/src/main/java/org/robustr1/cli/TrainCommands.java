package org.robustr1.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.robustr1.train.RunOptions;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.policy.QwenPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options {@code robustr1 sft} and {@code robustr1 grpo} share (a picocli mixin): the data, the
 * output folder, resuming, the step limit, bad-row handling, the prompt style and how the
 * checkpoints are loaded ({@link ModelOptions}).
 */
final class TrainCommands {

  @Option(names = "--data", required = true, description = "train.jsonl (Robust-R1 format)")
  Path data;

  @Option(names = "--images", required = true, description = "folder the rows' image paths are relative to")
  Path images;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--max-steps", defaultValue = "-1", description = "stop after N optimizer steps (default: all epochs)")
  int maxSteps;

  @Option(names = "--resume", defaultValue = "auto", description = "auto | off | checkpoint folder (default ${DEFAULT-VALUE})")
  String resume;

  @Option(names = "--prompt-style", defaultValue = "ROBUST_TEMPLATE", description = "ROBUST_TEMPLATE | RAW (default ${DEFAULT-VALUE})")
  PromptStyle promptStyle;

  @Option(names = "--on-bad-row", defaultValue = "fail", description = "skip | fail (default ${DEFAULT-VALUE})")
  String onBadRow;

  @Option(names = "--no-progress", description = "no console progress bar")
  boolean noProgress;

  @Mixin ModelOptions modelOptions;

  /** Loads a policy checkpoint with the model options ({@code --allow-nonfinite-weights}, pixel bounds). */
  QwenPolicy loadPolicy(Path dir) throws IOException {
    QwenPolicy p = QwenPolicy.load(dir, !modelOptions.allowNonFinite);
    try {
      modelOptions.apply(p.model());
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  /** Reads {@code --data} against {@code --images}, reporting the row count on standard error. */
  TrainDataset readData() throws IOException {
    TrainDataset ds = TrainDataReader.read(data, new ImageRoot(images), onBadRow(onBadRow), true);
    System.err.printf("%s: %d rows (%d skipped)%n", data, ds.size(), ds.skipped().size());
    return ds;
  }

  /** Where and how the run writes its checkpoints and metrics. */
  RunOptions runOptions() {
    return new RunOptions(out, resume, !noProgress, null);
  }

  static OnBadRow onBadRow(String value) {
    try {
      return OnBadRow.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--on-bad-row must be skip or fail, got " + value, e);
    }
  }
}
