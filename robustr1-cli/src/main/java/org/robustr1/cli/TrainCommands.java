package org.robustr1.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.BadRowException;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.policy.QwenPolicy;
import picocli.CommandLine.Mixin;
import org.robustr1.train.loop.NoUpdatesException;
import org.robustr1.train.loop.Resume;
import org.robustr1.train.loop.ResumeRefusedException;
import org.robustr1.train.memory.MemoryEstimate;
import org.robustr1.train.metrics.PeakMemory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options {@code robustr1 sft} and {@code robustr1 grpo} share (a picocli mixin): the data, the
 * output folder, resuming, the step limit, bad-row handling, the prompt style, the memory estimate
 * and how the checkpoints are loaded ({@link ModelOptions}); and how both report a run that cannot
 * go on (one line, exit code 1).
 */
final class TrainCommands {

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--data", description = "train.jsonl (Robust-R1 format); required unless --estimate-memory")
  Path data;

  @Option(names = "--images", description = "folder the rows' image paths are relative to; required unless --estimate-memory")
  Path images;

  @Option(names = "--out", description = "output folder; required unless --estimate-memory")
  Path out;

  @Option(names = "--max-steps", defaultValue = "-1", description = "stop after N optimizer steps (default: all epochs)")
  int maxSteps;

  @Option(names = "--resume", defaultValue = "auto", description = "auto | off | checkpoint folder (default ${DEFAULT-VALUE})")
  String resume;

  @Option(
      names = "--resume-force",
      description = "resume even when the checkpoint was written with other settings (data, model, hyper-parameters); the differences are logged")
  boolean resumeForce;

  @Option(names = "--prompt-style", defaultValue = "ROBUST_TEMPLATE", description = "ROBUST_TEMPLATE | RAW (default ${DEFAULT-VALUE})")
  PromptStyle promptStyle;

  @Option(
      names = "--on-bad-row",
      defaultValue = "fail",
      description = "a row that cannot be read or whose image cannot be decoded, when reading or while training: skip (logged with"
          + " file and line, counted in the metrics) | fail (stop naming file and line) (default ${DEFAULT-VALUE})")
  String onBadRow;

  @Option(names = "--no-progress", description = "no console progress bar")
  boolean noProgress;

  @Mixin ModelOptions modelOptions;

  /**
   * Loads a policy checkpoint with the model options ({@code --device}, {@code
   * --allow-nonfinite-weights}, pixel bounds); training runs in fp32.
   */
  QwenPolicy loadPolicy(Path dir) throws IOException {
    QwenPolicy p = QwenPolicy.load(dir, !modelOptions.allowNonFinite, modelOptions.device.forTraining());
    try {
      modelOptions.apply(p.model());
    } catch (RuntimeException e) {
      p.close();
      throw e;
    }
    return p;
  }

  @Option(
      names = "--estimate-memory",
      description = "print the expected peak memory of this run by part (float32 as trained here, and bf16 mixed precision) and exit;"
          + " --model needs only its config.json")
  boolean estimateMemory;

  @Option(
      names = "--prompt-tokens",
      defaultValue = "512",
      description = "prompt length (image tokens included) assumed by --estimate-memory (default ${DEFAULT-VALUE})")
  int promptTokens;

  /** Reads {@code --data} against {@code --images}, reporting the row count on standard error. */
  TrainDataset readData() throws IOException {
    requireRunOptions();
    TrainDataset ds = TrainDataReader.read(data, new ImageRoot(images), onBadRow(onBadRow), true);
    System.err.printf("%s: %d rows (%d skipped)%n", data, ds.size(), ds.skipped().size());
    return ds;
  }

  private void requireRunOptions() {
    for (Object[] o : new Object[][] {{data, "--data"}, {images, "--images"}, {out, "--out"}}) {
      if (o[0] == null) {
        throw new ParameterException(spec.commandLine(), "Missing required option: '" + o[1] + "' (only --estimate-memory runs without it)");
      }
    }
  }

  /** Where and how the run writes its checkpoints and metrics. */
  RunOptions runOptions() {
    return new RunOptions(out, Resume.parse(resume).withForce(resumeForce), !noProgress, null, onBadRow(onBadRow));
  }

  static OnBadRow onBadRow(String value) {
    try {
      return OnBadRow.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--on-bad-row must be skip or fail, got " + value, e);
    }
  }

  /** The closing lines of a run: steps, last checkpoint and each row skipped as bad. */
  static String done(String name, TrainResult r) {
    StringBuilder sb = new StringBuilder(String.format("%s done: %d steps, last checkpoint %s", name, r.steps(), r.finalCheckpoint()));
    if (!r.skippedRows().isEmpty()) {
      sb.append(String.format("%n%d bad row(s) skipped:", r.skippedRows().size()));
      for (String row : r.skippedRows()) {
        sb.append(System.lineSeparator()).append("  ").append(row);
      }
    }
    return sb.toString();
  }

  /** Prints the float32 and bf16 estimates. */
  void printEstimates(MemoryEstimate fp32, MemoryEstimate bf16) {
    PrintWriter o = spec.commandLine().getOut();
    o.print(fp32.table());
    o.println();
    o.print(bf16.table());
    o.flush();
  }

  /**
   * Runs a training command: a bad row under {@code --on-bad-row fail}, a refused resume and a run
   * without any update end with their one-line message on standard error and exit code 1; the
   * peak resident memory is reported after the run.
   */
  int run(String command, Callable<String> body) throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      String done = body.call();
      spec.commandLine().getOut().println(done);
      return 0;
    } catch (BadRowException | ResumeRefusedException | NoUpdatesException e) {
      err.println("robustr1 " + command + ": " + e.getMessage());
      return 1;
    } finally {
      err.printf("peak resident memory: %d MiB%n", PeakMemory.peakRssMb());
      err.flush();
      spec.commandLine().getOut().flush();
    }
  }
}
