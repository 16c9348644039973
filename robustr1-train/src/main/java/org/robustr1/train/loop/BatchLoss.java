package org.robustr1.train.loop;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The loss of one micro-batch of samples, computed inside the loop's open {@code
 * GradientCollector} and {@code NDScope}: a scalar with a graph to the trainable parameters (for a
 * trainable vision tower, encode the images here). See {@link TrainingStep#ofBatchLoss}.
 */
@FunctionalInterface
public interface BatchLoss<T> {

  /** The scalar loss of {@code samples}. */
  NDArray loss(List<T> samples);
}
