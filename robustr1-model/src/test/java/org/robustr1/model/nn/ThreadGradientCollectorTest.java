package org.robustr1.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadGradientCollectorTest {

  @Test
  void twoThreadsCollectAtOnceAndEachGetsItsOwnGradient() throws Exception {
    CountDownLatch bothOpen = new CountDownLatch(2);
    CompletableFuture<float[]> a = CompletableFuture.supplyAsync(() -> gradientOfSquares(3f, bothOpen));
    CompletableFuture<float[]> b = CompletableFuture.supplyAsync(() -> gradientOfSquares(5f, bothOpen));
    // d/dx Σ x² = 2x, with every element of x equal to the thread's value
    assertThat(a.get(60, TimeUnit.SECONDS)).containsOnly(6f);
    assertThat(b.get(60, TimeUnit.SECONDS)).containsOnly(10f);
  }

  @Test
  void oneAtATimePerThreadAndGradModeRestored() {
    boolean before = GradMode.isEnabled();
    try (ThreadGradientCollector gc = ThreadGradientCollector.open()) {
      assertThat(GradMode.isEnabled()).isTrue();
      assertThat(ThreadGradientCollector.isOpen()).isTrue();
      assertThatThrownBy(ThreadGradientCollector::open)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already open on thread");
      assertThatThrownBy(gc::zeroGradients).isInstanceOf(UnsupportedOperationException.class);
    }
    assertThat(GradMode.isEnabled()).isEqualTo(before);
    assertThat(ThreadGradientCollector.isOpen()).isFalse();
  }

  private static float[] gradientOfSquares(float value, CountDownLatch bothOpen) {
    GradMode.set(false);
    try (NDManager m = NDManager.newBaseManager();
        ThreadGradientCollector gc = ThreadGradientCollector.open()) {
      NDArray x = m.full(new ai.djl.ndarray.types.Shape(4), value);
      x.setRequiresGradient(true);
      bothOpen.countDown();
      assertThat(bothOpen.await(30, TimeUnit.SECONDS)).as("the other thread opened its collector").isTrue();
      gc.backward(x.mul(x).sum());
      return x.getGradient().toFloatArray();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
