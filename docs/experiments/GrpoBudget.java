package org.robustr1.demo;

import java.nio.file.Path;

/**
 * The full demo with another GRPO budget; everything else (and the baseline's steps, SFT + GRPO) as
 * the demo derives it. Usage: {@code OUT SEED GRPO_STEPS GRPO_LR}. Writes the demo's report.
 */
public final class GrpoBudget {

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    DemoConfig f = DemoConfig.full(Long.parseLong(a[1]));
    DemoConfig cfg = new DemoConfig(f.name(), f.seed(), f.trainScenes(), f.evalScenes(), f.perceptionScenes(),
        f.sceneKinds(), f.sftSteps(), f.sftBatch(), f.sftLr(), f.baselineLr(), Integer.parseInt(a[2]), f.grpoPrompts(),
        f.grpoGenerations(), Double.parseDouble(a[3]), f.grpoBeta(), f.grpoMaxTokens(), f.evalMaxTokens(), f.evalBatch(),
        f.reasoningThresholds(), null);
    DemoResult r = new DemoPipeline(cfg, out, System.out).run();
    DemoReport report = new DemoReport(r);
    report.writeAll();
    System.out.print(report.summaryTable());
  }
}
