package org.robustr1.train.loop;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.robustr1.model.nn.ThreadGradientCollector;
import org.robustr1.train.data.BadRowException;
import org.robustr1.train.data.DataCursor;
import org.robustr1.train.data.OnBadRow;
import org.robustr1.train.metrics.MetricsWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a {@link TrainingStep} gets from the {@link TrainingLoop}: where the run stands, the data
 * order, the bad-row policy, the extra logs, and the gradient collector.
 */
public final class StepContext {

  private static final Logger LOG = LoggerFactory.getLogger(StepContext.class);

  private final TrainingLoop.Rows rows;
  private final DataCursor cursor;
  private final OnBadRow onBadRow;
  private final TreeSet<Integer> badRows;
  private final Map<Integer, String> reasons = new java.util.HashMap<>();
  private final Map<String, MetricsWriter> logs;
  private final int totalSteps;
  private final long seed;
  private long dropped;
  private int step;

  StepContext(
      TrainingLoop.Rows rows,
      DataCursor cursor,
      OnBadRow onBadRow,
      Collection<Integer> badRows,
      long dropped,
      Map<String, MetricsWriter> logs,
      int totalSteps,
      long seed) {
    this.rows = rows;
    this.cursor = cursor;
    this.onBadRow = onBadRow;
    this.badRows = new TreeSet<>(badRows);
    this.dropped = dropped;
    this.logs = logs;
    this.totalSteps = totalSteps;
    this.seed = seed;
  }

  void begin(int completedSteps) {
    this.step = completedSteps;
  }

  /** Optimizer steps completed before this one (the 0-based index of the step running). */
  public int step() {
    return step;
  }

  /** Optimizer steps of the whole run. */
  public int totalSteps() {
    return totalSteps;
  }

  /** The run seed. */
  public long seed() {
    return seed;
  }

  /** The data order: (epoch, cursor) is checkpointed, so draws continue exactly after a resume. */
  public DataCursor cursor() {
    return cursor;
  }

  /** The next row index in the data order that is not known to be bad. */
  public int nextRow() {
    checkState(badRows.size() < rows.size(), "every row of %s failed; see the messages above", rows.file());
    while (true) {
      int i = cursor.next();
      if (!badRows.contains(i)) {
        return i;
      }
    }
  }

  /** Whether row {@code index} failed earlier in this run (or before the checkpoint it resumed from). */
  public boolean isBadRow(int index) {
    return badRows.contains(index);
  }

  /**
   * Prepares row {@code index} (decoding its images, say). When that fails with an {@link
   * UncheckedIOException} or an {@link IllegalArgumentException}, the run's {@link OnBadRow}
   * applies: {@code SKIP} logs the file, line and reason, remembers the row (it is never read again
   * in this run or a resumed one) and returns empty; {@code FAIL} throws a {@link BadRowException}
   * naming them. Known bad rows return empty at once.
   */
  public <T> Optional<T> tryRow(int index, IntFunction<T> prepare) {
    if (badRows.contains(index)) {
      return Optional.empty();
    }
    try {
      return Optional.of(prepare.apply(index));
    } catch (UncheckedIOException | IllegalArgumentException e) {
      String reason = e instanceof BadRowException b ? b.getMessage() : describe(e);
      BadRowException bad =
          e instanceof BadRowException b ? b : new BadRowException(rows.file(), rows.line(index), reason);
      if (onBadRow == OnBadRow.FAIL) {
        throw bad;
      }
      badRows.add(index);
      reasons.put(index, bad.getMessage());
      LOG.warn("skipping bad row ({} of {} so far): {}", badRows.size(), rows.size(), bad.getMessage());
      checkState(badRows.size() < rows.size(), "every row of %s failed; the last: %s", rows.file(), bad.getMessage());
      return Optional.empty();
    }
  }

  private static String describe(Exception e) {
    String msg = e.getMessage();
    Throwable c = e.getCause();
    if (c != null && c.getMessage() != null && (msg == null || msg.equals(c.toString()))) {
      return c.getMessage();
    }
    if (c != null && c.getMessage() != null && !msg.contains(c.getMessage())) {
      return msg + ": " + c.getMessage();
    }
    return msg == null ? e.getClass().getSimpleName() : msg;
  }

  /** Rows skipped as bad so far (in this run and before its checkpoint). */
  public int badRowCount() {
    return badRows.size();
  }

  List<Integer> badRows() {
    return List.copyOf(badRows);
  }

  /** Each bad row as {@code file line N: reason} (rows skipped before the checkpoint: without reason). */
  List<String> badRowMessages() {
    return badRows.stream()
        .map(i -> reasons.getOrDefault(i, rows.file() + " line " + rows.line(i) + ": skipped before the checkpoint this run resumed from"))
        .toList();
  }

  /** Counts one sample left out on purpose (e.g. over the SFT cutoff length); checkpointed. */
  public void dropSample() {
    dropped++;
  }

  /** Samples left out so far (this run and before its checkpoint). */
  public long droppedSamples() {
    return dropped;
  }

  /**
   * Appends a record to one of the loop's extra JSON Lines logs (declared with {@link
   * TrainingLoop.Builder#optLog}); on resume, lines past the checkpoint are dropped as for the
   * metrics.
   */
  public void log(String file, Map<String, ?> record) {
    MetricsWriter w = logs.get(file);
    checkArgument(w != null, "no log %s was declared; declare it with optLog", file);
    w.write(record);
  }

  /**
   * Runs {@code body} inside an {@code NDScope} and a {@link ThreadGradientCollector} (one at a
   * time per thread, so trainers on two threads may collect at once): whatever backward it runs
   * accumulates on the trainable parameters.
   */
  public <T> T collect(Function<GradientCollector, T> body) {
    try (NDScope scope = new NDScope();
        GradientCollector gc = ThreadGradientCollector.open()) {
      scope.suppressNotUsedWarning();
      return body.apply(gc);
    }
  }

  /** Backpropagates the scalar {@code loss} built inside the collector; returns its value. */
  public double backward(Supplier<NDArray> loss) {
    return collect(
        gc -> {
          NDArray l = loss.get();
          double value = l.stopGradient().toType(DataType.FLOAT64, false).getDouble();
          gc.backward(l);
          return value;
        });
  }
}
