package org.robustr1.bench.degrade;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.ops.DegradationOp;
import org.robustr1.degrade.ops.OfficialOps;
import org.robustr1.degrade.ops.OpParams;
import org.robustr1.testing.SharedData;

/**
 * Per-op <b>thread CPU time</b> of the 16 official ops (parameter sampling + application, as the
 * timed Python call of degradation.md §5.2 does both), single-threaded OpenCV: a companion to
 * {@link OfficialOpBenchmark} for shared, oversubscribed machines where wall-clock scores are
 * dominated by time slicing.
 *
 * <p>Per op and size: one warm-up pass over the three intensities 0.23 / 0.45 / 0.9 (× 4 draws),
 * then the median over photos × intensities × repeats, as §5.2's median over 7 photos × 3
 * intensities × 3 repeats. Inputs: the golden astronaut and coffee photos (224²), resized
 * bilinearly to S×S (the Python inputs are bilinear-resized too), or the bundled demo picture.
 *
 * <p>Run: {@code java -cp benchmarks.jar org.robustr1.bench.degrade.OfficialOpCpuTime [--sizes
 * 224,512] [--ops lens_blur,mean_shift] [--reps 5] [--photos astronaut,coffee]}.
 *
 * <p>Ops that allocate multi-megabyte float buffers per call (lens_flare at 512²) vary by up to
 * 2× between runs with glibc's adaptive mmap threshold: a fresh mmap'd buffer costs its page
 * faults on every call. {@code MALLOC_ARENA_MAX=1} gives the steady, heap-reusing figure.
 */
public final class OfficialOpCpuTime {

  private static final double[] INTENSITIES = {0.23, 0.45, 0.9};

  private OfficialOpCpuTime() {}

  /**
   * Prints one line per op and size: median, min and per-intensity medians in ms of thread CPU.
   *
   * @param args {@code --sizes}, {@code --ops}, {@code --reps} (all optional)
   */
  public static void main(String[] args) {
    int[] sizes = {224, 512};
    List<String> ops = null;
    int reps = 5;
    List<String> photoNames = List.of("astronaut", "coffee");
    for (int a = 0; a + 1 < args.length; a += 2) {
      switch (args[a]) {
        case "--sizes" -> sizes = Arrays.stream(args[a + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--ops" -> ops = Arrays.asList(args[a + 1].split(","));
        case "--reps" -> reps = Integer.parseInt(args[a + 1]);
        case "--photos" -> photoNames = Arrays.asList(args[a + 1].split(","));
        default -> throw new IllegalArgumentException("unknown option " + args[a]);
      }
    }
    OpenCv.load();
    Core.setNumThreads(1);
    ThreadMXBean tm = ManagementFactory.getThreadMXBean();
    System.out.printf(
        Locale.ROOT, "OpenCV %s, threads %d, reps %d%n", Core.VERSION, Core.getNumThreads(), reps);
    List<DegradationOp<?>> list = new ArrayList<>();
    for (DegradationOp<?> op : OfficialOps.all()) {
      if (ops == null || ops.contains(op.type().opName())) {
        list.add(op);
      }
    }
    for (int size : sizes) {
      List<Mat> photos = photos(size, photoNames);
      for (DegradationOp<?> op : list) {
        // mean_shift costs seconds per call at 512: fewer repeats keep the run short.
        int r = op.type().opName().equals("mean_shift") ? Math.max(1, reps / 3) : reps;
        SplittableRandom rng = new SplittableRandom(7);
        for (int w = 0; w < (r == reps ? 4 : 1); w++) {
          for (double i : INTENSITIES) {
            run(op, photos.get(0), i, rng).release();
          }
        }
        double[] all = new double[photos.size() * INTENSITIES.length * r];
        double[][] byI = new double[INTENSITIES.length][photos.size() * r];
        int n = 0;
        for (int rep = 0; rep < r; rep++) {
          for (int ii = 0; ii < INTENSITIES.length; ii++) {
            for (int ph = 0; ph < photos.size(); ph++) {
              long t0 = tm.getCurrentThreadCpuTime();
              Mat out = run(op, photos.get(ph), INTENSITIES[ii], rng);
              double ms = (tm.getCurrentThreadCpuTime() - t0) / 1e6;
              out.release();
              all[n++] = ms;
              byI[ii][rep * photos.size() + ph] = ms;
            }
          }
        }
        System.out.printf(
            Locale.ROOT,
            "%4d %-23s median %8.2f  min %8.2f  at .23/.45/.9 %8.2f %8.2f %8.2f ms cpu%n",
            size,
            op.type().opName(),
            median(all),
            Arrays.stream(all).min().orElse(0),
            median(byI[0]),
            median(byI[1]),
            median(byI[2]));
      }
      photos.forEach(Mat::release);
    }
  }

  static <P extends OpParams> Mat run(
      DegradationOp<P> op, Mat img, double intensity, SplittableRandom rng) {
    P p = op.sample(intensity, img.cols(), img.rows(), rng);
    return op.apply(img, p);
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  static List<Mat> photos(int size, List<String> names) {
    List<Mat> out = new ArrayList<>();
    for (String name : names) {
      Optional<Path> p = SharedData.resolve("golden/degrade-robust-r1/inputs/" + name + "_224x224.png");
      if (p.isPresent() && Files.isRegularFile(p.get())) {
        out.add(resized(Imgcodecs.imread(p.get().toString(), Imgcodecs.IMREAD_COLOR), size));
      }
    }
    if (out.isEmpty()) {
      System.out.println("shared/golden not found from " + Path.of("").toAbsolutePath() + ": bundled house picture");
      out.add(resized(BundledImages.houseBgr(), size));
    } else {
      System.out.println(size + "² inputs: " + names + " (golden, bilinear-resized)");
    }
    return out;
  }

  private static Mat resized(Mat src, int size) {
    Mat dst = new Mat();
    Imgproc.resize(src, dst, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    src.release();
    return dst;
  }
}
