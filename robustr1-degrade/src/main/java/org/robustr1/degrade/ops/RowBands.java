package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.opencv.core.Core;
import org.opencv.core.Mat;

/**
 * Splits an image's rows into horizontal bands and runs one band on the calling thread and the
 * others on the common fork-join pool, for OpenCV calls that OpenCV itself runs on one thread.
 *
 * <p>The bands must be independent: each writes its own rows of the output and only reads the
 * input. An OpenCV filter applied to a {@link Mat#rowRange row range} of the input reads the rows
 * just outside the band from the parent image instead of inventing a border (the border is only
 * synthesised at the image's own edges), so band results are byte-identical to a whole-image call.
 *
 * <p>Progress never depends on the pool: a band nobody has started yet is taken by the caller once
 * it finishes its own, so a busy or single-threaded pool only costs the hand-off. IPP on the
 * worker threads is set as on the calling thread for the duration of a band ({@code
 * Core.setUseIPP} is per thread).
 */
final class RowBands {

  /**
   * Smallest band worth a hand-off to another thread: two bands from 2 × 2¹⁶ pixels (≈ 362²) on;
   * sharpness_change broke even at about 320² (224²: 0.094 ms on one band, 0.124 ms on two).
   */
  static final long MIN_PIXELS_PER_BAND = 1L << 16;

  /** A computation over the rows {@code [rowStart, rowEnd)}. */
  @FunctionalInterface
  interface Body {
    void run(int rowStart, int rowEnd);
  }

  private RowBands() {}

  /**
   * The number of bands for an image: one per {@value #MIN_PIXELS_PER_BAND} pixels, at most
   * OpenCV's thread count (so {@code Core.setNumThreads(1)} keeps everything on the caller), the
   * processor count and the row count.
   */
  static int count(Mat image) {
    long byPixels = image.total() / MIN_PIXELS_PER_BAND;
    return (int) Math.max(1, Math.min(Math.min(byPixels, workers()), image.rows()));
  }

  /**
   * The threads a split may use: OpenCV's thread count (so {@code Core.setNumThreads(1)} keeps
   * everything on the caller), at most the processors and the common pool plus the caller.
   */
  static int workers() {
    int threads = Math.min(Core.getNumThreads(), Runtime.getRuntime().availableProcessors());
    return Math.max(1, Math.min(threads, ForkJoinPool.getCommonPoolParallelism() + 1));
  }

  /**
   * Runs {@code body} over {@code bands} contiguous row ranges covering {@code [0, rows)} and
   * returns when all of them are done. The first failure is rethrown after every started band has
   * finished, so no band still touches native memory when the caller releases it.
   */
  static void run(int rows, int bands, Body body) {
    checkArgument(rows >= 0, "rows must be >= 0, got %s", rows);
    checkArgument(bands >= 1, "bands must be >= 1, got %s", bands);
    int n = Math.min(bands, Math.max(rows, 1));
    if (n == 1) {
      body.run(0, rows);
      return;
    }
    boolean ipp = Core.useIPP();
    AtomicInteger next = new AtomicInteger(1);
    CountDownLatch done = new CountDownLatch(n - 1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Runnable helper =
        () -> {
          int b;
          while ((b = next.getAndIncrement()) < n) {
            runBand(body, b, n, rows, ipp, failure, done);
          }
        };
    for (int i = 1; i < n; i++) {
      ForkJoinPool.commonPool().execute(helper);
    }
    try {
      body.run(0, rows / n);
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
    }
    helper.run();
    awaitUninterruptibly(done);
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
  }

  private static void runBand(
      Body body,
      int band,
      int bands,
      int rows,
      boolean ipp,
      AtomicReference<Throwable> failure,
      CountDownLatch done) {
    boolean before = Core.useIPP();
    try {
      if (before != ipp) {
        Core.setUseIPP(ipp);
      }
      body.run((int) ((long) rows * band / bands), (int) ((long) rows * (band + 1) / bands));
    } catch (RuntimeException | Error e) {
      failure.compareAndSet(null, e);
    } finally {
      if (before != ipp) {
        Core.setUseIPP(before);
      }
      done.countDown();
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
