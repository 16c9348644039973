package org.robustr1.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustr1.core.provenance.Provenance;
import org.robustr1.train.RunOptions;
import org.robustr1.train.TrainResult;
import org.robustr1.train.data.ImageRoot;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.TrainDataReader;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.policy.QwenPolicy;
import picocli.CommandLine.Mixin;
import org.robustr1.train.checkpoint.Resume;
import org.robustr1.train.memory.MemoryEstimate;
import org.robustr1.train.metrics.PeakMemory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options {@code robustr1 sft} and {@code robustr1 grpo} share (a picocli mixin): the data, the
 * output folder, resuming, the step limit, bad-row handling, the prompt style, the memory estimate
 * and how the checkpoints are loaded ({@link ModelOptions}); and how both report a run that cannot
 * go on (one line, exit code 2).
 */
final class TrainCommands {

  private static final Logger LOG = LoggerFactory.getLogger(TrainCommands.class);

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

  @Mixin RecipeOptions recipe;

  /**
   * Loads a policy checkpoint with the model options ({@code --device}, {@code
   * --allow-nonfinite-weights}, pixel bounds); training runs in fp32.
   */
  QwenPolicy loadPolicy(Path dir) throws IOException {
    Logging.quietTorch();
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

  /**
   * Checks {@code --data}, {@code --images} and {@code --out} (created), then reads the data against
   * the images, reporting the row count on standard error; all before any model loads.
   */
  TrainDataset readData() throws IOException {
    requireRunOptions();
    Preflight.readableFile("--data", data);
    Preflight.folder("--images", images);
    Preflight.outputFolder("--out", out);
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

  /**
   * Starts the run's records ({@code resolved_config.yaml}, {@code provenance.json}) with the data,
   * the images and the checkpoints read as inputs.
   */
  RunRecords records(long seed, Path... models) throws IOException {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("data", data);
    inputs.put("images", images);
    for (int i = 0; i < models.length; i++) {
      inputs.put(i == 0 ? "model" : "reference_model", models[i]);
    }
    return RunRecords.start(spec, seed, inputs);
  }

  /**
   * Where and how the run writes its checkpoints and metrics; the records go into {@code --out}
   * once the first step ran (so a refused resume leaves the earlier ones) and into every checkpoint.
   */
  RunOptions runOptions(RunRecords records) {
    boolean[] wrote = {false};
    RunOptions.StepListener listener = (step, metrics) -> {
      try {
        if (!wrote[0]) {
          records.write(out);
          wrote[0] = true;
        }
        Path ck = out.resolve("checkpoint-" + step);
        if (Files.isDirectory(ck) && !Files.exists(ck.resolve(Provenance.FILE_NAME))) {
          records.write(ck);
        }
      } catch (IOException e) {
        LOG.warn("cannot write the run's provenance: {}", e.getMessage());
      }
    };
    return new RunOptions(out, Resume.parse(resume).withForce(resumeForce), !noProgress, listener, onBadRow(onBadRow));
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
   * Runs a training command and prints its closing lines and the peak resident memory. A bad row
   * under {@code --on-bad-row fail}, a refused resume and a run without any update are user errors:
   * one line on standard error, exit code 2 ({@link CliErrors}).
   */
  int run(String command, Callable<String> body) throws Exception {
    String done = body.call();
    spec.commandLine().getOut().println(done);
    spec.commandLine().getOut().flush();
    PrintWriter err = spec.commandLine().getErr();
    err.printf("peak resident memory: %d MiB%n", PeakMemory.peakRssMb());
    err.flush();
    return 0;
  }
}
