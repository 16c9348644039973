package org.robustr1.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.robustr1.demo.TowerProbe;
import org.robustr1.model.qwen.Qwen25VlModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code robustr1 probe}: a linear probe of how much a frozen vision tower shows of the degradations. */
@Command(
    name = "probe",
    mixinStandardHelpOptions = true,
    description = {
      "Linear probe of a vision tower: pooled merged-token features of each image of a demo chain dataset",
      "(DIR/data/chain of a demo run), one-vs-rest logistic regressions fitted on the first --train images",
      "with the degradation labels, macro-F1 over the types on the rest, naming a type above 0.5 and above",
      "a threshold per type tuned for F1 on the last fifth of the fitted images. Bounds what a chain model",
      "on the same frozen tower can perceive."
    })
public final class ProbeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "checkpoint folder (e.g. the model/ of a pretrain run)")
  Path model;

  @Option(names = "--data", required = true, description = "a demo chain dataset folder (degradations.jsonl, images/)")
  Path data;

  @picocli.CommandLine.Mixin CpuThreadsOption threads;

  @Option(names = "--train", defaultValue = "1000", description = "images to fit on (default ${DEFAULT-VALUE}, at least 10); the rest are scored")
  int train;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = spec.commandLine().getOut();
    Preflight.folder("--model", model);
    Preflight.folder("--data", data);
    List<TowerProbe.Result> results;
    try (CpuThreadsOption.Applied cpu = threads.apply(spec);
        Qwen25VlModel m = Qwen25VlModel.load(model)) {
      results = TowerProbe.run(m, data, train);
    }
    for (TowerProbe.Result r : results) {
      o.printf(Locale.ROOT, "%-18s %-16s %4d features, fit %d, scored %d: macro-F1 %.3f%n", r.features(), r.thresholds(),
          r.dimensions(), r.train(), r.test(), r.macroF1());
      StringBuilder b = new StringBuilder("  ");
      for (Map.Entry<String, Double> e : r.f1().entrySet()) {
        b.append(String.format(Locale.ROOT, "%s %.2f  ", e.getKey(), e.getValue()));
      }
      o.println(b.toString().stripTrailing());
    }
    o.flush();
    return 0;
  }
}
