package org.robustr1.bench.degrade;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.ops.DegradationOp;
import org.robustr1.degrade.ops.OfficialOps;
import org.robustr1.degrade.ops.OpParams;
import org.robustr1.testing.SharedData;

/**
 * One official op (parameter sampling + application, as the Python call does both) on an S×S
 * BGR image. The input is the golden astronaut photo when {@code ../shared} is present (the
 * Python timings of degradation.md §5.2 used photos; mean_shift's cost depends on content),
 * otherwise the bundled demo picture, resized to S×S.
 *
 * <p>Run: {@code java -jar robustr1-bench/target/benchmarks.jar OfficialOpBenchmark -f 1 -wi 2 -i
 * 3 -w 1s -r 1s} (add {@code -p intensity=0.23,0.45,0.9} for all levels). 0.45 is the default
 * because §5.2's medians over the three levels are the 0.45 figures for every op whose cost grows
 * with the intensity.
 *
 * <p><b>Threads.</b> By default ({@code cvThreads=-1}) OpenCV keeps its default thread count, as
 * the Python run of §5.2 did (OpenCV's default: 2 threads on the 2-core reference machine), so the
 * wall-clock score is the like-for-like comparison; {@code -p cvThreads=1} pins OpenCV to one
 * thread. OpenCV parallelises some kernels itself; sharpness_change, whose two OpenCV calls run on
 * one thread, splits its rows across the same number of threads from about 362² on (byte-identical
 * output). On a loaded machine use {@link OfficialOpCpuTime} (single-threaded thread CPU time)
 * instead.
 *
 * <p><b>JPEG.</b> jpeg_compression runs through {@code JpegCodecs.selected()}: TurboJPEG when
 * {@code libturbojpeg0} is installed, else OpenCV's codec; add {@code -jvmArgsAppend
 * -Drobustr1.jpeg.codec=opencv} (or {@code turbojpeg}) to time one of them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class OfficialOpBenchmark {

  @Param({
    "lens_blur", "lens_flare", "motion_blur", "dirty_lens", "hsv_saturation",
    "jpeg_compression", "block_exchange", "mean_shift", "scan_lines",
    "dark_illumination", "atmospheric_turbulence", "gaussian_noise", "color_diffusion",
    "sharpness_change", "graffiti", "watermark_damage"
  })
  public String op;

  @Param({"224", "512"})
  public int size;

  @Param({"0.45"})
  public double intensity;

  /** OpenCV threads: -1 keeps OpenCV's default (as the Python timings), n ≥ 1 pins n. */
  @Param({"-1"})
  public int cvThreads;

  private DegradationOp<?> impl;
  private Mat image;
  private SplittableRandom rng;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    OpenCv.load();
    if (cvThreads >= 1) {
      Core.setNumThreads(cvThreads);
    }
    impl = OfficialOps.of(op);
    Optional<Path> photo = SharedData.resolve("golden/degrade-robust-r1/inputs/astronaut_224x224.png");
    Mat src = photo.isPresent() ? ImageIo.readBgr(photo.get()) : BundledImages.houseBgr();
    image = new Mat();
    // Bilinear, as the Python timing inputs (PIL bilinear resize + centre crop).
    Imgproc.resize(src, image, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    src.release();
    rng = new SplittableRandom(42);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    image.release();
  }

  @Benchmark
  public long sampleAndApply() {
    Mat out = run(impl);
    long v = out.total();
    out.release();
    return v;
  }

  private <P extends OpParams> Mat run(DegradationOp<P> o) {
    P p = o.sample(intensity, image.cols(), image.rows(), rng);
    return o.apply(image, p);
  }
}
