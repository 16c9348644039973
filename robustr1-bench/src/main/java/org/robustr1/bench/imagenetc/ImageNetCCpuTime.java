package org.robustr1.bench.imagenetc;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.imagenetc.ImageNetC;

/**
 * Per-corruption <b>thread CPU time</b> (median over 5 repeats × 5 severities, after a time-based
 * warm-up of all corruptions so that every hot loop is C2-compiled, as JMH's warm-up iterations
 * ensure), single-threaded OpenCV, and the 15-corruption sweep measured directly (mean CPU time
 * of one sweep at one severity over at least 3 s of sweeps, as {@link ImageNetCSweepBenchmark}
 * reports): a companion to the
 * JMH benchmarks for shared, oversubscribed machines where wall-clock scores are dominated by time
 * slicing. Run: {@code java -cp benchmarks.jar org.robustr1.bench.imagenetc.ImageNetCCpuTime [224
 * 512]}.
 */
public final class ImageNetCCpuTime {

  private static final long WARMUP_NANOS = 3_000_000_000L;
  private static final int REPEATS = 5;
  private static final long SWEEP_NANOS = 3_000_000_000L;

  private ImageNetCCpuTime() {}

  public static void main(String[] args) {
    BenchImages.initOpenCvSingleThread();
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    ImageNetC inc = ImageNetC.create();
    int[] sizes =
        args.length == 0
            ? new int[] {224, 512}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    List<DegradationType> common = ImageNetC.common();
    for (int size : sizes) {
      RgbImage img = BenchImages.photo(size);
      long seed = 0;
      long start = tm.getCurrentThreadCpuTime();
      while (tm.getCurrentThreadCpuTime() - start < WARMUP_NANOS) {
        for (DegradationType t : ImageNetC.all()) {
          for (int s = 1; s <= 5; s++) {
            inc.corrupt(img, t, s, seed++);
          }
        }
      }
      double sweepOfMedians = 0;
      for (DegradationType t : ImageNetC.all()) {
        double[] ms = new double[REPEATS * 5];
        int k = 0;
        for (int rep = 0; rep < REPEATS; rep++) {
          for (int s = 1; s <= 5; s++) {
            long t0 = tm.getCurrentThreadCpuTime();
            inc.corrupt(img, t, s, 100L * rep + s);
            ms[k++] = (tm.getCurrentThreadCpuTime() - t0) / 1e6;
          }
        }
        Arrays.sort(ms);
        double median = ms[ms.length / 2];
        if (common.contains(t)) {
          sweepOfMedians += median;
        }
        System.out.printf(Locale.ROOT, "%4d %-18s median %7.2f ms cpu%n", size, t.opName(), median);
      }
      // whole sweeps (severities 1-5 in turn) until SWEEP_NANOS of CPU time, at least REPEATS
      long t0 = tm.getCurrentThreadCpuTime();
      int sweeps = 0;
      while (sweeps < REPEATS * 5 || tm.getCurrentThreadCpuTime() - t0 < SWEEP_NANOS) {
        for (int s = 1; s <= 5; s++) {
          for (DegradationType t : common) {
            inc.corrupt(img, t, s, seed++);
          }
        }
        sweeps += 5;
      }
      double sweepMean = (tm.getCurrentThreadCpuTime() - t0) / 1e6 / sweeps;
      System.out.printf(
          Locale.ROOT,
          "%4d 15-corruption sweep: sum of medians %.1f ms cpu, measured mean %.1f ms cpu%n",
          size,
          sweepOfMedians,
          sweepMean);
    }
  }
}
