package org.robustr1.bench.degrade;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;
import org.robustr1.degrade.io.BundledImages;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.io.OpenCv;
import org.robustr1.degrade.jpeg.JpegCodec;
import org.robustr1.degrade.jpeg.JpegCodecs;
import org.robustr1.degrade.jpeg.PixelOrder;
import org.robustr1.testing.SharedData;

/**
 * One JPEG round trip (encode + decode, 4:2:0, accurate DCT) of an S×S BGR photo with each codec
 * of {@link JpegCodecs}: OpenCV's bundled libjpeg-turbo (built without SIMD in {@code
 * org.openpnp:opencv}) and the system TurboJPEG (SIMD). Both give identical bytes ({@code
 * JpegCodecParityTest}); the turbojpeg rows fail at setup where {@code libturbojpeg0} is missing.
 *
 * <p>Run: {@code java -jar robustr1-bench/target/benchmarks.jar JpegCodecBenchmark -f 1 -wi 2 -i 3
 * -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class JpegCodecBenchmark {

  @Param({"opencv", "turbojpeg"})
  public String codec;

  @Param({"224", "512"})
  public int size;

  /** 57 is the official op's quality at intensity 0.45; ImageNet-C uses 25 … 7. */
  @Param({"57"})
  public int quality;

  private JpegCodec impl;
  private byte[] pixels;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    OpenCv.load();
    impl =
        codec.equals("opencv")
            ? JpegCodecs.openCv()
            : JpegCodecs.turboJpeg()
                .orElseThrow(() -> new IllegalStateException("TurboJPEG: " + JpegCodecs.turboJpegFailure()));
    Optional<Path> photo = SharedData.resolve("golden/degrade-robust-r1/inputs/astronaut_224x224.png");
    Mat src = photo.isPresent() ? ImageIo.readBgr(photo.get()) : BundledImages.houseBgr();
    Mat img = new Mat();
    Imgproc.resize(src, img, new Size(size, size), 0, 0, Imgproc.INTER_LINEAR);
    pixels = ImageIo.bytes(img);
    src.release();
    img.release();
  }

  @Benchmark
  public byte[] roundTrip() {
    return impl.roundTrip(pixels, size, size, PixelOrder.BGR, quality);
  }
}
