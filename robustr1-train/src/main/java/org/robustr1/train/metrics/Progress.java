package org.robustr1.train.metrics;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A console progress bar over optimizer steps (on standard error), or nothing when disabled. */
public final class Progress implements AutoCloseable {

  private final ProgressBar bar;

  /** A bar named {@code task} over {@code total} steps, starting at {@code start}. */
  public Progress(boolean enabled, String task, int total, int start) {
    if (enabled) {
      this.bar =
          new ProgressBarBuilder()
              .setTaskName(task)
              .setInitialMax(total)
              .setStyle(ProgressBarStyle.ASCII)
              .setConsumer(new ConsoleProgressBarConsumer(System.err))
              .startsFrom(start, java.time.Duration.ZERO)
              .build();
    } else {
      this.bar = null;
    }
  }

  /** Moves to {@code step} and shows {@code message}. */
  public void update(int step, String message) {
    if (bar != null) {
      bar.stepTo(step);
      bar.setExtraMessage(message);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
