package org.robustr1.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.robustr1.demo.DemoConfig;
import org.robustr1.demo.DemoPipeline;
import org.robustr1.demo.DemoReport;
import org.robustr1.demo.DemoResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code robustr1 demo}: the whole Robust-R1 pipeline in miniature on the embedded tiny model,
 * with no download: scenes, degraded chain dataset, SFT, GRPO, evaluation against an answer-only
 * baseline (and the pretrained model before fine-tuning), report and plots.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole Robust-R1 pipeline in miniature on the embedded tiny Qwen2.5-VL (no download):",
      "scenes -> degraded chain dataset -> SFT -> GRPO from the pretrained robustr1-tiny ->",
      "evaluation (clean, 25/50/100 %%) against an answer-only baseline, beside the pretrained",
      "model before fine-tuning; writes report.md, report.json and PNG plots under --out.",
      "Set OMP_WAIT_POLICY=PASSIVE (bin/robustr1 does) to keep PyTorch threads from spinning."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--out", defaultValue = "runs/demo", description = "output folder (default ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", defaultValue = "7", description = "seed of every stage (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--quick", description = "tiny budgets (under two minutes): checks that every stage runs")
  boolean quick;

  @Option(names = "--pretrained", paramLabel = "DIR",
      description = "checkpoint folder both arms start from (default: the embedded robustr1-tiny)")
  Path pretrained;

  @Option(names = "--sft-lr", paramLabel = "LR",
      description = "peak learning rate of chain SFT, and of the baseline unless --baseline-lr is given"
          + " (default 5e-4; docs/demo.md \"Learning rates\")")
  Double sftLr;

  @Option(names = "--baseline-lr", paramLabel = "LR",
      description = "peak SFT learning rate of the answer-only arm (default: the chain SFT's, as in an ablation)")
  Double baselineLr;

  @Option(names = "--sequential",
      description = "run every stage in turn (default: the answer-only arm on a second thread beside the chain arm"
          + " when the machine has a core for each at --threads; the same predictions either way)")
  boolean sequential;

  @Mixin DeviceOption device;

  @Mixin CpuThreadsOption threads;

  @Override
  public Integer call() throws Exception {
    device.forTraining();
    try (CpuThreadsOption.Applied cpu = threads.apply(spec)) {
      PrintStream o = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, "UTF-8");
      if (threads.threads > 1 && !"PASSIVE".equalsIgnoreCase(System.getenv("OMP_WAIT_POLICY"))) {
        o.println("note: OMP_WAIT_POLICY is not PASSIVE; on a small machine run via bin/robustr1 or export OMP_WAIT_POLICY=PASSIVE");
      }
      checkLearningRate("--sft-lr", sftLr);
      checkLearningRate("--baseline-lr", baselineLr);
      Preflight.outputFolder("--out", out);
      RunRecords records = RunRecords.start(spec, seed, pretrained == null ? java.util.Map.of() : java.util.Map.of("pretrained", pretrained));
      DemoConfig cfg = quick ? DemoConfig.quick(seed) : DemoConfig.full(seed);
      if (pretrained != null) {
        cfg = cfg.withPretrained(pretrained);
      }
      if (sftLr != null) {
        cfg = cfg.withSftLr(sftLr).withBaselineLr(sftLr);
      }
      if (baselineLr != null) {
        cfg = cfg.withBaselineLr(baselineLr);
      }
      boolean sideBySide = !sequential && DemoPipeline.armsFitSideBySide();
      o.printf(Locale.ROOT, "robustr1 demo (%s, seed %d, %d CPU thread%s, %s) -> %s%n", cfg.name(), seed, threads.threads,
          threads.threads == 1 ? "" : "s", sideBySide ? "arms side by side" : "stages in turn", out.toAbsolutePath());
      DemoResult r = new DemoPipeline(cfg, out, o, sideBySide).run();
      long t = System.nanoTime();
      DemoReport report = new DemoReport(r);
      report.writeAll();
      records.finish(out);
      o.printf(Locale.ROOT, "[report] %.1f s%n%n", (System.nanoTime() - t) / 1e9);
      o.println("Held-out accuracy (chance 25 %):");
      o.print(report.summaryTable());
      o.println();
      o.println("Example chain of SFT+GRPO on a degraded image:");
      o.print(report.exampleChain());
      o.println();
      o.println("Stage times (s):");
      r.stageSeconds().entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
          .forEach(e -> o.printf(Locale.ROOT, "  %-14s %7.1f%n", e.getKey(), e.getValue()));
      o.printf(Locale.ROOT, "%nReport: %s, %s and plots in %s%n", DemoReport.MARKDOWN, DemoReport.JSON, out.toAbsolutePath());
      return 0;
    }
  }

  private void checkLearningRate(String option, Double lr) {
    if (lr != null && !(lr > 0 && lr < 1)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), option + " must be in (0, 1), got " + lr);
    }
  }
}
