package org.robustr1.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.qwen.EncodedPrompt;

/**
 * Vision tower and prefill latency of the Qwen2.5-VL port (shapes: {@link QwenBenchFixture}).
 * {@code vision} is anchor row 1a/2a; {@code prefill} (vision + decoder prefill + first greedy
 * token, logits at the last position only) compares with rows 1b/2b.
 *
 * <p>Run e.g. {@code OMP_WAIT_POLICY=PASSIVE java -jar robustr1-bench/target/benchmarks.jar
 * QwenPrefillBenchmark -p shape=tiny}; add {@code -jvmArgsAppend
 * -Dai.djl.pytorch.num_threads=1} for the anchors' 1-thread column.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class QwenPrefillBenchmark {

  /** Model shape: {@code tiny}, {@code 3b}, {@code 3b-l4}, {@code 3b-l8}. */
  @Param({"tiny"})
  public String shape;

  private QwenBenchFixture fx;

  @Setup(Level.Trial)
  public void setUp() {
    fx = new QwenBenchFixture(shape);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    fx.close();
  }

  /** The vision tower and merger over the prompt's images. */
  @Benchmark
  public void vision(Blackhole bh) {
    try (NDScope scope = new NDScope()) {
      NDArray px = fx.model.manager().create(fx.pixels, new Shape(fx.pixels.length / 1176, 1176));
      bh.consume(fx.model.imageFeatures(px, fx.grids).toFloatArray()[0]);
    }
  }

  /** Vision + decoder prefill + first greedy token (KV cache on). */
  @Benchmark
  public void prefill(Blackhole bh) {
    try (EncodedPrompt p = fx.model.encode(fx.ids, fx.pixels, fx.grids)) {
      bh.consume(fx.model.generateIds(List.of(p), SamplingConfig.greedy(1), true));
    }
  }
}
