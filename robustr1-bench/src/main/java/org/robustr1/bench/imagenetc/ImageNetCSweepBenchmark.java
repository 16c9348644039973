package org.robustr1.bench.imagenetc;

import java.util.List;
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
 * The 15-corruption ImageNet-C sweep of one image at one severity, on one thread, averaged over
 * the five severities (Python imagecorruptions: about 140 ms at 224² and 737 ms at 512²).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class ImageNetCSweepBenchmark {

  @Param({"224", "512"})
  public int size;

  private ImageNetC inc;
  private RgbImage image;
  private List<DegradationType> types;
  private long seed;

  @Setup
  public void setup() {
    BenchImages.initOpenCvSingleThread();
    inc = ImageNetC.create();
    image = BenchImages.photo(size);
    types = ImageNetC.common();
  }

  @Benchmark
  @OperationsPerInvocation(5)
  public void sweep15(Blackhole bh) {
    for (int s = 1; s <= 5; s++) {
      for (DegradationType t : types) {
        bh.consume(inc.corrupt(image, t, s, seed++));
      }
    }
  }
}
