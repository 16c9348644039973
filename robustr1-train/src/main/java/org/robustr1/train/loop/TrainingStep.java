package org.robustr1.train.loop;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.robustr1.model.qwen.OwnedArrays;

/**
 * The work of one optimizer step of a {@link TrainingLoop}: accumulate the step's gradients on the
 * loop's trainable parameters (every backward inside {@link StepContext#collect} or {@link
 * StepContext#backward}) and return the step's metrics. The loop then clips, updates or skips,
 * records, checkpoints and reports. An implementation may keep state across steps (GRPO reuses
 * one generation round for several updates) and releases it in {@link #close()}.
 */
@FunctionalInterface
public interface TrainingStep extends AutoCloseable {

  /** Runs the forward and backward passes of one optimizer step. */
  StepResult run(StepContext ctx);

  /** Releases whatever the step keeps across steps. */
  @Override
  default void close() {}

  /**
   * A step that draws {@code accumulation} micro-batches of {@code batchSize} samples in the
   * loop's data order ({@code sample} turns a row index into a sample; a row that fails there is
   * handled by the run's bad-row policy) and backpropagates {@code loss} of each micro-batch
   * divided by {@code accumulation}. Metric {@code loss}: the sum of those scaled losses. Samples
   * that are {@link AutoCloseable} are closed after their micro-batch.
   */
  static <T> TrainingStep ofBatchLoss(IntFunction<T> sample, int batchSize, int accumulation, BatchLoss<T> loss) {
    requireNonNull(sample, "sample");
    requireNonNull(loss, "loss");
    return ctx -> {
      double total = 0;
      for (int mb = 0; mb < accumulation; mb++) {
        List<T> batch = new ArrayList<>(batchSize);
        try {
          while (batch.size() < batchSize) {
            ctx.tryRow(ctx.nextRow(), sample).ifPresent(batch::add);
          }
          total +=
              ctx.backward(
                  () -> {
                    NDArray l = loss.loss(batch);
                    return accumulation == 1 ? l : l.div(OwnedArrays.scalarLike(l, accumulation));
                  });
        } finally {
          for (T t : batch) {
            if (t instanceof AutoCloseable c) {
              try {
                c.close();
              } catch (Exception e) {
                throw new IllegalStateException("cannot release a sample", e);
              }
            }
          }
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("loss", total);
      return StepResult.of(m);
    };
  }

  /**
   * The outcome of a step.
   *
   * @param metrics the step's own metrics in order (the loop adds step, epoch, lr, grad_norm,
   *     skipped counts and step_time)
   * @param checkpointable whether the run may be checkpointed after this step (false inside a
   *     GRPO generation round whose rollouts the next step reuses)
   */
  record StepResult(Map<String, Object> metrics, boolean checkpointable) {

    /** Validates. */
    public StepResult {
      requireNonNull(metrics, "metrics");
    }

    /** A checkpointable outcome. */
    public static StepResult of(Map<String, Object> metrics) {
      return new StepResult(metrics, true);
    }
  }
}
