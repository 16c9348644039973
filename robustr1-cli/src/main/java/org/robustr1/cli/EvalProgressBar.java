package org.robustr1.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.robustr1.eval.run.EvalProgress;

/** The console progress bar of {@code robustr1 eval} on standard error: items done of all tracks. */
final class EvalProgressBar implements EvalProgress {

  private ProgressBar bar;

  /** A bar when {@code enabled} and standard error is a terminal, else no progress. */
  static EvalProgress create(boolean enabled) {
    return enabled && System.console() != null ? new EvalProgressBar() : EvalProgress.NONE;
  }

  @Override
  public void start(int total) {
    bar = new ProgressBarBuilder()
        .setTaskName("eval")
        .setInitialMax(total)
        .setUnit(" items", 1)
        .showSpeed()
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis((int) Duration.ofMillis(500).toMillis())
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .build();
  }

  @Override
  public void advance(int items) {
    if (bar != null) {
      bar.stepBy(items);
    }
  }

  @Override
  public void end() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
