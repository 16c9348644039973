package org.robustr1.bench.imagenetc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.imagenetc.ImageNetC;

/**
 * One ImageNet-C corruption on one image, averaged over severities 1–5 (each invocation runs all
 * five): comparable with the per-corruption medians of imagecorruptions (research/degradation.md
 * §5.1, one-thread column).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ImageNetCBenchmark {

  @Param({"224", "512"})
  public int size;

  @Param({
    "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur",
    "zoom_blur", "snow", "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate",
    "jpeg_compression", "speckle_noise", "gaussian_blur", "spatter", "saturate"
  })
  public String corruption;

  private ImageNetC inc;
  private RgbImage image;
  private DegradationType type;
  private long seed;

  @Setup
  public void setup() {
    BenchImages.initOpenCvSingleThread();
    inc = ImageNetC.create();
    image = BenchImages.photo(size);
    type = DegradationType.imagenetC(corruption);
  }

  @Benchmark
  @OperationsPerInvocation(5)
  public void corrupt(Blackhole bh) {
    for (int s = 1; s <= 5; s++) {
      bh.consume(inc.corrupt(image, type, s, seed++));
    }
  }
}
