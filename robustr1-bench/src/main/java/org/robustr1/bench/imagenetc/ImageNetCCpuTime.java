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
 * Per-corruption <b>thread CPU time</b> (median over 3 repeats × 5 severities, after a warm-up),
 * single-threaded OpenCV: a companion to the JMH benchmarks for shared, oversubscribed machines
 * where wall-clock scores are dominated by time slicing. Run: {@code java -cp benchmarks.jar
 * org.robustr1.bench.imagenetc.ImageNetCCpuTime [224 512]}.
 */
public final class ImageNetCCpuTime {

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
      double sweep = 0;
      for (DegradationType t : ImageNetC.all()) {
        for (int w = 0; w < 4; w++) {
          for (int s = 1; s <= 5; s++) {
            inc.corrupt(img, t, s, w);
          }
        }
        double[] ms = new double[15];
        int k = 0;
        for (int rep = 0; rep < 3; rep++) {
          for (int s = 1; s <= 5; s++) {
            long t0 = tm.getCurrentThreadCpuTime();
            inc.corrupt(img, t, s, 100L * rep + s);
            ms[k++] = (tm.getCurrentThreadCpuTime() - t0) / 1e6;
          }
        }
        Arrays.sort(ms);
        if (common.contains(t)) {
          sweep += ms[7];
        }
        System.out.printf(Locale.ROOT, "%4d %-18s median %7.2f ms cpu%n", size, t.opName(), ms[7]);
      }
      System.out.printf(Locale.ROOT, "%4d 15-corruption sweep (sum of medians) %.1f ms cpu%n", size, sweep);
    }
  }
}
