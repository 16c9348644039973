package org.robustr1.degrade;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task per item on a pool of daemon threads and hands the results back on the calling
 * thread in input order, the batch machinery of the dataset builder and the evaluation-set
 * generator. A failed item is reported as a {@link FileFailure} (for the caller to list once; logged
 * at DEBUG only) and skipped; the others go on. An optional progress bar on standard error advances once per item.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
public final class OrderedBatch<T, R> {

  private static final Logger LOG = LoggerFactory.getLogger(OrderedBatch.class);

  /** The work done for one item on a pool thread. */
  @FunctionalInterface
  public interface Task<T, R> {
    /** Processes {@code item}; any exception makes the item a failure. */
    R apply(T item) throws Exception;
  }

  /** Receives each result on the calling thread, in input order. */
  @FunctionalInterface
  public interface Sink<T, R> {
    /** Takes the result of {@code item}; an exception here ends the batch. */
    void accept(T item, R result) throws IOException;
  }

  private final int threads;
  private final String threadName;
  private final Function<T, Path> fileOf;
  private final Function<T, String> describe;
  private String barTask;
  private String barUnit;
  private int barMax;
  private int barDone;

  /**
   * @param threads worker threads (&ge; 1)
   * @param threadName the name of the worker threads
   * @param fileOf the file a failure of an item is reported against
   * @param describe how log lines name an item
   */
  public OrderedBatch(int threads, String threadName, Function<T, Path> fileOf, Function<T, String> describe) {
    checkArgument(threads >= 1, "threads must be >= 1, got %s", threads);
    this.threads = threads;
    this.threadName = requireNonNull(threadName, "threadName");
    this.fileOf = requireNonNull(fileOf, "fileOf");
    this.describe = requireNonNull(describe, "describe");
  }

  /**
   * Shows an ASCII progress bar on standard error named {@code task}, counting {@code unit}, of
   * {@code max} steps of which {@code done} are already done (e.g. resumed).
   */
  public OrderedBatch<T, R> optProgressBar(String task, String unit, int max, int done) {
    this.barTask = requireNonNull(task, "task");
    this.barUnit = requireNonNull(unit, "unit");
    this.barMax = max;
    this.barDone = done;
    return this;
  }

  /**
   * Runs {@code task} over {@code items} and passes each success to {@code sink} in input order.
   *
   * @return the failed items, in input order
   * @throws IOException when the sink fails or the calling thread is interrupted
   */
  public List<FileFailure> run(List<T> items, Task<T, R> task, Sink<T, R> sink) throws IOException {
    List<FileFailure> failures = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    try (ProgressBar pb = barTask == null ? null : newBar()) {
      List<Future<R>> futures = new ArrayList<>(items.size());
      for (T item : items) {
        futures.add(pool.submit(() -> task.apply(item)));
      }
      for (int k = 0; k < items.size(); k++) {
        T item = items.get(k);
        try {
          sink.accept(item, futures.get(k).get());
        } catch (ExecutionException e) {
          FileFailure f = FileFailure.of(fileOf.apply(item), e.getCause());
          LOG.debug("skipped {}: {}", describe.apply(item), f.message());
          failures.add(f);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while processing " + describe.apply(item), e);
        }
        if (pb != null) {
          pb.step();
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures;
  }

  private ProgressBar newBar() {
    return new ProgressBarBuilder()
        .setTaskName(barTask)
        .setInitialMax(barMax)
        .startsFrom(barDone, java.time.Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(new ConsoleProgressBarConsumer(System.err))
        .setUnit(" " + barUnit, 1)
        .build();
  }
}
