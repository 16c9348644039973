package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.robustr1.degrade.FileFailure;
import org.robustr1.degrade.evalset.EvalSetGenerator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code robustr1 degrade eval-set}: the official 25/50/100 % evaluation sets of a folder. */
@Command(
    name = "eval-set",
    mixinStandardHelpOptions = true,
    description = {
      "Degrade every image of a folder like generate_degradation.py: one official op per image at",
      "0.23 / 0.45 / 0.9 into OUT/NAME_Robust_25|50|100/ (same file names), plus",
      "OUT/degradations.jsonl. Resumable; the same seed gives byte-identical results for any",
      "thread count; a rerun with another --in, --name or --seed is refused (see --overwrite).",
      "Unreadable files are reported and skipped (exit code 1)."
    })
public final class DegradeEvalSetCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--in", required = true, paramLabel = "DIR", description = "folder of clean images")
  Path in;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Option(names = "--name", required = true, description = "data set name, e.g. RealWorldQA")
  String name;

  @Option(names = "--seed", required = true, description = "base seed")
  long seed;

  @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: number of cores)")
  Integer threads;

  @Option(names = "--no-progress", description = "do not show the progress bar")
  boolean noProgress;

  @Option(names = "--overwrite", description = {
      "delete an earlier run's outputs in --out first; without it, an --out made with another",
      "--in, --name or --seed is refused"})
  boolean overwrite;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Preflight.folder("--in", in);
    Preflight.outputFolder("--out", out);
    RunRecords records = RunRecords.start(spec, seed, java.util.Map.of("in", in));
    EvalSetGenerator.Builder b =
        EvalSetGenerator.builder().setInputDir(in).setOutputDir(out).setName(name).optSeed(seed).optProgressBar(!noProgress)
            .optOverwrite(overwrite);
    if (threads != null) {
      b.optThreads(threads);
    }
    long t0 = System.nanoTime();
    EvalSetGenerator.Result r = b.build().run();
    double s = (System.nanoTime() - t0) / 1e9;
    records.finish(out);
    for (FileFailure f : r.failures()) {
      err.println("FAILED " + f);
    }
    o.printf(
        "%d images: %d degraded (%.1f images/s), %d already done, %d failed; manifest %s%n",
        r.images(), r.processed(), r.processed() / Math.max(s, 1e-9), r.skipped(), r.failures().size(), r.manifest());
    o.flush();
    err.flush();
    return r.failures().isEmpty() ? 0 : 1;
  }
}
