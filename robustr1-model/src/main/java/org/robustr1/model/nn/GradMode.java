package org.robustr1.model.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.Supplier;

/**
 * PyTorch's per-thread autograd switch. DJL turns grad mode off only on the thread that loaded the
 * engine; on every other thread, ops on weights that require gradients record a graph even outside
 * a {@code GradientCollector}. Inference paths of {@code Qwen25VlModel} switch it off themselves;
 * trainer threads should call {@link #set(boolean) set(false)} once at start.
 */
public final class GradMode {

  static {
    Engine.getEngine("PyTorch"); // loads the native library JniUtils calls into
  }

  private GradMode() {}

  /** Whether the calling thread records autograd graphs. */
  public static boolean isEnabled() {
    return JniUtils.isGradMode();
  }

  /** Switches recording on or off for the calling thread. */
  public static void set(boolean enabled) {
    JniUtils.setGradMode(enabled);
  }

  /**
   * Backward from {@code target} seeded with {@code gradient} (same shape): every leaf it depends
   * on accumulates {@code gradient · ∂target/∂leaf} into its gradient, as a collector's backward
   * does for a scalar. The graph is freed afterwards.
   */
  public static void backward(NDArray target, NDArray gradient) {
    JniUtils.backward((PtNDArray) target, (PtNDArray) gradient, false, false);
  }

  /** Runs {@code body} with grad mode off on this thread, restoring the previous state. */
  public static <T> T noGrad(Supplier<T> body) {
    boolean prev = JniUtils.isGradMode();
    JniUtils.setGradMode(false);
    try {
      return body.get();
    } finally {
      JniUtils.setGradMode(prev);
    }
  }
}
