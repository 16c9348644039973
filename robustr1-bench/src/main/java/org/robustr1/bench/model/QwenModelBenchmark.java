package org.robustr1.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.GradMode;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * Latency of the Qwen2.5-VL port on random weights, in the shapes of the performance anchors
 * ({@code shared/research/perf-anchors.md}):
 *
 * <ul>
 *   <li>{@code shape=tiny}: the tiny-a config, 85-token prompt with two images (grids 1×6×8 and
 *       1×10×14, 188 patches), as anchor rows 1a–1c;
 *   <li>{@code shape=3b}: the real 3B shape (about 15 GB of FP32 weights; needs a 20 GB heap-free
 *       host), 300-token prompt holding one 448×448 image (1024 patches), as rows 2a–2c.
 * </ul>
 *
 * <p>{@code vision} times the tower; {@code prefill} times vision + LM prefill + the first token;
 * {@code generate} times LM prefill + {@code tokens} greedy tokens from an encoded prompt, with or
 * without the KV cache: decode ms/token = (generate(N) − generate(1)) / (N − 1).
 *
 * <p>Run e.g. {@code OMP_WAIT_POLICY=PASSIVE java -jar robustr1-bench/target/benchmarks.jar
 * QwenModelBenchmark -p shape=tiny}. Set {@code -Dai.djl.pytorch.num_threads} to compare with the
 * anchors' 1- and 2-thread columns.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true", "-Xmx6g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class QwenModelBenchmark {

  /** Model shape: {@code tiny} or {@code 3b}. */
  @Param({"tiny"})
  public String shape;

  /** New tokens for {@code generate}. */
  @Param({"1", "8", "32"})
  public int tokens;

  /** Whether {@code generate} uses the KV cache. */
  @Param({"true", "false"})
  public boolean cache;

  private Qwen25VlModel model;
  private int[] ids;
  private float[] pixels;
  private List<int[]> grids;
  private EncodedPrompt encoded;

  @Setup(Level.Trial)
  public void setUp() {
    GradMode.set(false);
    boolean big = "3b".equals(shape);
    Qwen25VlConfig cfg = big ? Qwen25VlConfig.qwen25Vl3B() : Qwen25VlConfig.tiny();
    // a stop id that random weights will not pick, so every run generates exactly `tokens` tokens
    GenerationConfig gen =
        new GenerationConfig(151643, ImmutableList.of(cfg.text().vocabSize() - 1), 151643, false, 1, 0, 1, 1);
    model = Qwen25VlModel.randomInit(cfg, 42, gen);
    grids = big ? List.of(new int[] {1, 32, 32}) : List.of(new int[] {1, 6, 8}, new int[] {1, 10, 14});
    int textTokens = big ? 42 : 36;
    ids = prompt(grids, textTokens);
    int patches = 0;
    for (int[] g : grids) {
      patches += g[0] * g[1] * g[2];
    }
    Random r = new Random(1);
    pixels = new float[patches * cfg.vision().patchDim()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) r.nextGaussian();
    }
    encoded = model.encode(ids, pixels, grids);
  }

  /** A chat-shaped prompt: text, then each image block, then text (no stop ids inside). */
  static int[] prompt(List<int[]> grids, int textTokens) {
    List<Integer> out = new ArrayList<>();
    int[] head = {151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198};
    for (int t : head) {
      out.add(t);
    }
    for (int[] g : grids) {
      out.add(151652);
      for (int i = 0; i < g[0] * g[1] * g[2] / 4; i++) {
        out.add(151655);
      }
      out.add(151653);
    }
    for (int i = 0; out.size() < head.length + textTokens + countImageTokens(grids) + 2 * grids.size(); i++) {
      out.add(1000 + (i * 37) % 5000);
    }
    out.add(151644);
    out.add(77091);
    out.add(198);
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int countImageTokens(List<int[]> grids) {
    int n = 0;
    for (int[] g : grids) {
      n += g[0] * g[1] * g[2] / 4;
    }
    return n;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    encoded.close();
    model.close();
  }

  /** The vision tower and merger over the prompt's images. */
  @Benchmark
  public void vision(Blackhole bh) {
    try (NDScope scope = new NDScope()) {
      NDArray px =
          model.manager().create(pixels, new Shape(pixels.length / 1176, 1176));
      bh.consume(model.imageFeatures(px, grids).toFloatArray()[0]);
    }
  }

  /** Vision + LM prefill + first greedy token (KV cache on). */
  @Benchmark
  public void prefill(Blackhole bh) {
    try (EncodedPrompt p = model.encode(ids, pixels, grids)) {
      bh.consume(model.generateIds(List.of(p), SamplingConfig.greedy(1), true));
    }
  }

  /** LM prefill + {@code tokens} greedy tokens from the encoded prompt. */
  @Benchmark
  public void generate(Blackhole bh) {
    bh.consume(model.generateIds(List.of(encoded), SamplingConfig.greedy(tokens), cache));
  }
}
