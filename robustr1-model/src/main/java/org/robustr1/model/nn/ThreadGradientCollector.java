package org.robustr1.model.nn;

import static com.google.common.base.Preconditions.checkState;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * A {@link GradientCollector} for the calling thread only. DJL's PyTorch collector allows one open
 * collector per JVM, though PyTorch's grad mode and autograd graphs are per thread; with this one,
 * two trainers on two threads (the demo's two arms side by side) each collect their own gradients.
 * It switches grad mode on for the calling thread and restores it on {@link #close()}; one may be
 * open per thread at a time. Backward is DJL's: seeded with ones, graph freed afterwards.
 */
public final class ThreadGradientCollector implements GradientCollector {

  private static final ThreadLocal<Boolean> OPEN = ThreadLocal.withInitial(() -> false);

  private final boolean previousGradMode;
  private final Thread owner;
  private boolean closed;

  private ThreadGradientCollector() {
    checkState(!OPEN.get(), "a gradient collector is already open on thread %s; close it first",
        Thread.currentThread().getName());
    OPEN.set(true);
    owner = Thread.currentThread();
    previousGradMode = GradMode.isEnabled();
    GradMode.set(true);
  }

  /** Opens a collector on the calling thread. */
  public static ThreadGradientCollector open() {
    return new ThreadGradientCollector();
  }

  /** Whether a collector is open on the calling thread. */
  public static boolean isOpen() {
    return OPEN.get();
  }

  @Override
  public void backward(NDArray target) {
    checkOwner();
    try (NDArray seed = target.getManager().ones(target.getShape(), target.getDataType()).toDevice(target.getDevice(), false)) {
      GradMode.backward(target, seed);
    }
  }

  /** Not supported: DJL's version zeroes every array of the JVM, including other threads' gradients. */
  @Override
  public void zeroGradients() {
    throw new UnsupportedOperationException(
        "zeroGradients would touch every thread's gradients; zero the trainable parameters' gradients instead");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    checkOwner();
    closed = true;
    GradMode.set(previousGradMode);
    OPEN.set(false);
  }

  private void checkOwner() {
    checkState(Thread.currentThread() == owner, "a gradient collector belongs to thread %s, used from %s",
        owner.getName(), Thread.currentThread().getName());
  }
}
