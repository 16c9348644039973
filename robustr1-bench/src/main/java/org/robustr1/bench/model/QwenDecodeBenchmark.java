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
 * Greedy generation from an encoded prompt (vision already done), with and without the KV cache,
 * against the number of new tokens (shapes: {@link QwenBenchFixture}). Decode ms/token =
 * (generate(N) − generate(1)) / (N − 1), to compare with anchor rows 1c/2c.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx4g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class QwenDecodeBenchmark {

  /** Model shape: {@code tiny}, {@code 3b}, {@code 3b-l4}, {@code 3b-l8}. */
  @Param({"tiny"})
  public String shape;

  /** New tokens. */
  @Param({"1", "8", "32"})
  public int tokens;

  /** Whether the KV cache is used (false recomputes the whole sequence every step). */
  @Param({"true", "false"})
  public boolean cache;

  private QwenBenchFixture fx;
  private EncodedPrompt encoded;

  @Setup(Level.Trial)
  public void setUp() {
    fx = new QwenBenchFixture(shape);
    encoded = fx.model.encode(fx.ids, fx.pixels, fx.grids);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoded.close();
    fx.close();
  }

  /** Decoder prefill + {@code tokens} greedy tokens. */
  @Benchmark
  public void generate(Blackhole bh) {
    bh.consume(fx.model.generateIds(List.of(encoded), SamplingConfig.greedy(tokens), cache));
  }
}
