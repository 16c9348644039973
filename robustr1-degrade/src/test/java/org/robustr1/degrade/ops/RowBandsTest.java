package org.robustr1.degrade.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.TestImages;
import org.robustr1.degrade.io.OpenCv;

/**
 * {@link RowBands} and the banded sharpen branch of {@link SharpnessChange}: every band count gives
 * the bytes of OpenCV's whole-image {@code filter2D} + {@code addWeighted}.
 */
class RowBandsTest {

  @ParameterizedTest
  @CsvSource({
    "1,1,18.4", "3,2,36", "7,5,72", "224,224,18.4", "401,333,36", "512,512,72", "640,427,57.6",
    "741,500,5.0"
  })
  void bandedSharpenEqualsWholeImageCalls(int w, int h, double gain) {
    OpenCv.load();
    List<Mat> images = List.of(TestImages.procedural(w, h, 3), uniformNoise(w, h));
    SharpnessChange.Params p =
        new SharpnessChange.Params(SharpnessChange.SHARPEN, gain, null, null, 0.7, 0.3, 0.0);
    for (Mat img : images) {
      Mat expected = OpenCv.withoutIpp(() -> wholeImage(img, gain));
      for (int bands : new int[] {1, 2, 3, 4, 7}) {
        Mat got = OpenCv.withoutIpp(() -> SharpnessChange.sharpen(img, p, bands));
        assertThat(bytes(got)).as("%dx%d gain %s, %d bands", w, h, gain, bands)
            .isEqualTo(bytes(expected));
        got.release();
      }
      expected.release();
    }
  }

  @Test
  void bandsCoverEveryRowOnce() {
    for (int rows : new int[] {0, 1, 2, 5, 17, 512}) {
      for (int bands : new int[] {1, 2, 3, 8}) {
        List<int[]> seen = Collections.synchronizedList(new ArrayList<>());
        RowBands.run(rows, bands, (a, b) -> seen.add(new int[] {a, b}));
        int[] count = new int[rows];
        for (int[] r : seen) {
          assertThat(r[0]).isLessThanOrEqualTo(r[1]);
          for (int y = r[0]; y < r[1]; y++) {
            count[y]++;
          }
        }
        for (int y = 0; y < rows; y++) {
          assertThat(count[y]).as("row %d of %d with %d bands", y, rows, bands).isEqualTo(1);
        }
      }
    }
  }

  @Test
  void callerFinishesEveryBandWhenThePoolIsBusy() throws Exception {
    int workers = ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      ForkJoinPool.commonPool()
          .execute(
              () -> {
                started.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      Thread caller = Thread.currentThread();
      AtomicInteger onCaller = new AtomicInteger();
      RowBands.run(
          100,
          4,
          (a, b) -> {
            if (Thread.currentThread() == caller) {
              onCaller.incrementAndGet();
            }
          });
      assertThat(onCaller).hasValue(4);
    } finally {
      release.countDown();
    }
  }

  @Test
  void firstFailureIsRethrownAfterTheOtherBandsFinish() {
    AtomicInteger finished = new AtomicInteger();
    AtomicBoolean thrown = new AtomicBoolean();
    assertThatThrownBy(
            () ->
                RowBands.run(
                    40,
                    4,
                    (a, b) -> {
                      if (a == 0) {
                        thrown.set(true);
                        throw new IllegalStateException("band at row 0 failed");
                      }
                      sleep(20);
                      finished.incrementAndGet();
                    }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("band at row 0 failed");
    assertThat(thrown).isTrue();
    assertThat(finished).hasValue(3);
  }

  @Test
  void workerBandsRunWithTheCallersIppSetting() {
    OpenCv.load();
    List<Boolean> seen = Collections.synchronizedList(new ArrayList<>());
    OpenCv.withoutIpp(
        () -> {
          RowBands.run(
              64,
              4,
              (a, b) -> {
                seen.add(Core.useIPP());
                sleep(5);
              });
          return null;
        });
    assertThat(seen).hasSize(4).containsOnly(false);
  }

  @Test
  void countFollowsOpenCvThreadsAndImageSize() {
    OpenCv.load();
    int before = Core.getNumThreads();
    try {
      Mat small = new Mat(224, 224, CvType.CV_8UC3);
      Mat large = new Mat(1024, 1024, CvType.CV_8UC3);
      assertThat(RowBands.count(small)).isEqualTo(1);
      Core.setNumThreads(1);
      assertThat(RowBands.count(large)).isEqualTo(1);
      Core.setNumThreads(2);
      int cores =
          Math.min(
              Runtime.getRuntime().availableProcessors(),
              ForkJoinPool.getCommonPoolParallelism() + 1);
      assertThat(RowBands.count(large)).isEqualTo(Math.min(2, cores));
      small.release();
      large.release();
    } finally {
      Core.setNumThreads(before);
    }
  }

  private static Mat wholeImage(Mat img, double gain) {
    double[] base = {0, -1, 0, -1, 5, -1, 0, -1, 0};
    Mat kernel = new Mat(3, 3, CvType.CV_64F);
    for (int j = 0; j < 9; j++) {
      kernel.put(j / 3, j % 3, base[j] * gain);
    }
    Mat filtered = new Mat();
    Imgproc.filter2D(img, filtered, -1, kernel);
    Mat out = new Mat();
    Core.addWeighted(img, 0.7, filtered, 0.3, 0, out);
    filtered.release();
    kernel.release();
    return out;
  }

  private static Mat uniformNoise(int w, int h) {
    Mat m = new Mat(h, w, CvType.CV_8UC3);
    Core.setRNGSeed(w * 7919 + h);
    Core.randu(m, 0, 256);
    return m;
  }

  private static byte[] bytes(Mat m) {
    byte[] b = new byte[(int) (m.total() * m.channels())];
    m.get(0, 0, b);
    return b;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
