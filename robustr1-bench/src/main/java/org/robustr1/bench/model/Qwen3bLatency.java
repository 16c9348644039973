package org.robustr1.bench.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.generate.AttentionCache;
import org.robustr1.model.generate.KvCache;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.model.qwen.Qwen25VlNetwork;
import org.robustr1.model.qwen.RopeIndex;

/**
 * Latency of the Qwen2.5-VL port in the shapes and with the protocol of the Hugging Face anchors
 * ({@code shared/research/perf-anchors.md} §0 rows 1a–1c and 2a–2c): vision tower, prefill (HF's
 * way, logits at every prompt position, and the port's way, logits at the last one), {@code
 * lm_head} alone, and greedy KV-cached decode timed per step, every repeat starting from the same
 * post-prefill cache. A plain {@code main}, not JMH: one 3B vision forward takes seconds, and the
 * anchors report median and min–max of individual repeats.
 *
 * <pre>
 * OMP_WAIT_POLICY=PASSIVE OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 java -Xmx2g -Dai.djl.offline=true \
 *     -Dai.djl.pytorch.num_threads=1 -cp robustr1-bench/target/benchmarks.jar \
 *     org.robustr1.bench.model.Qwen3bLatency --shape 3b [--vision 5] [--prefill 5] \
 *     [--steps 16] [--decode 5] [--head 10] [--parts vision,prefill,head,decode,layers]
 *     [--profile DIR]
 * </pre>
 *
 * {@code --parts layers} times decode steps through the decoder layers only (no embedding lookup
 * beyond one row, no {@code lm_head}) and prints the time per layer, for comparing the per-layer
 * step cost on {@code 3b-lN} shapes without the full 15 GB model. {@code --profile DIR} runs one
 * extra repeat of each block under the PyTorch profiler and writes its trace (one event per native
 * op) to {@code DIR/<block>.json}: count the ops with {@code grep -o '"ph": *"X"' FILE | wc -l}.
 *
 * Shapes as {@link QwenBenchFixture}: {@code 3b} (random weights of the real 3B shape, about 15
 * GB of FP32 outside the Java heap, a 300-token prompt with one 448×448 image), {@code tiny} (the
 * tiny-a config, an 85-token prompt with two images), {@code 3b-lN}. Every block also prints the
 * process CPU time over wall time (more than the thread count means time slicing did not inflate
 * the wall time; less means the process waited for a core) and the load average.
 */
public final class Qwen3bLatency {

  /**
   * Runs the measurements.
   *
   * @param args {@code --shape S --vision N --prefill N --steps N --decode N --head N}
   */
  public static void main(String[] args) throws IOException {
    String shape = "3b";
    int visionReps = 5;
    int prefillReps = 5;
    int steps = 16;
    int decodeReps = 5;
    int headReps = 10;
    String parts = "vision,prefill,head,decode";
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--shape" -> shape = v;
        case "--vision" -> visionReps = Integer.parseInt(v);
        case "--prefill" -> prefillReps = Integer.parseInt(v);
        case "--steps" -> steps = Integer.parseInt(v);
        case "--decode" -> decodeReps = Integer.parseInt(v);
        case "--head" -> headReps = Integer.parseInt(v);
        case "--parts" -> parts = v;
        case "--profile" -> profileDir = Files.createDirectories(Path.of(v));
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    boolean big = shape.startsWith("3b"); // seconds for 3B, milliseconds for tiny
    ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch, applying the thread properties
    System.out.printf(
        Locale.ROOT,
        "shape=%s torch intra-op threads=%d OMP_WAIT_POLICY=%s OMP_NUM_THREADS=%s MKL_NUM_THREADS=%s%n",
        shape,
        JniUtils.getNumThreads(),
        System.getenv("OMP_WAIT_POLICY"),
        System.getenv("OMP_NUM_THREADS"),
        System.getenv("MKL_NUM_THREADS"));
    long t0 = System.nanoTime();
    try (QwenBenchFixture fx = new QwenBenchFixture(shape)) {
      System.out.printf(
          Locale.ROOT,
          "build: %.1f s, RSS %.2f GB, prompt %d tokens, %d patches%n",
          (System.nanoTime() - t0) / 1e9,
          GenerateRssBenchmark.rssKb() / 1e6,
          fx.ids.length,
          fx.pixels.length / 1176);
      new Qwen3bLatency(fx, big ? 1000.0 : 1.0, big ? "s" : "ms")
          .run(List.of(parts.split(",")), visionReps, prefillReps, headReps, steps, decodeReps);
      System.out.printf(Locale.ROOT, "RSS at the end %.2f GB%n", GenerateRssBenchmark.rssKb() / 1e6);
    }
  }

  private final QwenBenchFixture fx;
  private final Qwen25VlModel model;
  private final Qwen25VlNetwork net;
  private final NDManager m;
  private final double unit;
  private final String u;

  private Qwen3bLatency(QwenBenchFixture fx, double unit, String u) {
    this.fx = fx;
    this.model = fx.model;
    this.net = model.network();
    this.m = model.manager();
    this.unit = unit;
    this.u = u;
  }

  private void run(
      List<String> parts, int visionReps, int prefillReps, int headReps, int steps, int decodeReps)
      throws IOException {
    int patchDim = model.config().vision().patchDim();
    if (parts.contains("vision")) {
      // 2a: the vision tower and merger
      block(
          "vision",
          visionReps,
          () -> {
            try (NDScope scope = new NDScope()) {
              NDArray px = m.create(fx.pixels, new Shape(fx.pixels.length / patchDim, patchDim));
              return model.imageFeatures(px, fx.grids).toFloatArray()[0];
            }
          });
    }
    int s = fx.ids.length;
    Qwen25VlConfig cfg = model.config();
    try (KvCache cache =
        new KvCache(
            m,
            cfg.text().numHiddenLayers(),
            1,
            cfg.text().numKeyValueHeads(),
            cfg.text().headDim(),
            s + steps + 1)) {
      if (parts.contains("prefill")) {
        // 2b: vision + decoder over the prompt + logits at all positions (what HF computes)
        block(
            "prefill (HF way: logits at all positions)",
            prefillReps,
            () -> {
              try (EncodedPrompt p = model.encode(fx.ids, fx.pixels, fx.grids);
                  NDScope scope = new NDScope()) {
                cache.truncate(0);
                NDArray h = prefillHidden(p, cache);
                return net.logits(h).argMax(-1).toLongArray()[s - 1];
              }
            });
        // the port's generate: vision + decoder + last-position logits + greedy pick
        block(
            "prefill (port: generateIds, greedy 1 token)",
            prefillReps,
            () -> {
              try (EncodedPrompt p = model.encode(fx.ids, fx.pixels, fx.grids)) {
                return model.generateIds(List.of(p), SamplingConfig.greedy(1), true).get(0).tokenIds()[0];
              }
            });
      }
      // the post-prefill cache every decode repeat starts from, and the prompt's hidden states
      NDArray hidden;
      long first;
      try (EncodedPrompt p = model.encode(fx.ids, fx.pixels, fx.grids);
          NDScope scope = new NDScope()) {
        cache.truncate(0);
        hidden = prefillHidden(p, cache);
        first = net.logits(hidden.get(new NDIndex(":, {}, :", s - 1))).argMax(-1).toLongArray()[0];
        NDScope.unregister(hidden);
      }
      try (hidden;
          NDArray row = hidden.get(new NDIndex(":, {}:, :", s - 1))) {
        if (parts.contains("head")) {
          // 2b', 2c'': lm_head alone
          block(
              "lm_head on [1," + s + ",hidden]",
              headReps,
              () -> {
                try (NDScope scope = new NDScope()) {
                  return net.logits(hidden).getShape().get(2);
                }
              });
          block(
              "lm_head on one row",
              headReps * 3,
              () -> {
                try (NDScope scope = new NDScope()) {
                  return net.logits(row).argMax(-1).toLongArray()[0];
                }
              });
        }
      }
      int delta =
          RopeIndex.compute(
                  fx.ids,
                  fx.grids,
                  cfg.imageTokenId(),
                  cfg.visionStartTokenId(),
                  cfg.vision().spatialMergeSize())
              .ropeDelta(s);
      if (parts.contains("decode")) {
        decode(cache, first, s, delta, steps, decodeReps);
      }
      if (parts.contains("layers")) {
        int layers = cfg.text().numHiddenLayers();
        double[] med =
            block(
                "decoder layers only, " + steps + " steps",
                decodeReps,
                () -> {
                  cache.truncate(s);
                  for (int k = 0; k < steps; k++) {
                    int cur = s + k;
                    try (NDScope scope = new NDScope()) {
                      int position = cur + delta;
                      int[][][] pos = {{{position}}, {{position}}, {{position}}};
                      boolean[][] keys = new boolean[1][cur + 1];
                      Arrays.fill(keys[0], true);
                      NDArray emb = net.inputEmbeddings(m, new long[][] {{first}}, null);
                      net.decode(m, emb, pos, keys, cache, null).toFloatArray();
                    }
                  }
                  return null;
                });
        System.out.printf(
            Locale.ROOT,
            "    per decode step and layer: %.4g ms wall, %.4g ms CPU of the calling thread (%d layers)%n",
            med[0] / steps / layers,
            med[1] / steps / layers,
            layers);
      }
    }
  }

  /**
   * 2c: greedy decode with the KV cache, per-step times; every repeat (one uncounted warm-up
   * first) starts from the same post-prefill cache.
   */
  private void decode(KvCache cache, long first, int s, int delta, int steps, int reps) {
    List<Double> perStep = new ArrayList<>();
    List<Double> perRepeat = new ArrayList<>();
    int[] tokens = new int[steps];
    for (int rep = 0; rep <= reps; rep++) {
      cache.truncate(s);
      long tok = first;
      double sum = 0;
      for (int k = 0; k < steps; k++) {
        int cur = s + k;
        long st = System.nanoTime();
        tok = decodeStep(cache, tok, cur, cur + delta);
        double ms = (System.nanoTime() - st) / 1e6;
        if (rep > 0) {
          perStep.add(ms);
          sum += ms;
        }
        tokens[k] = (int) tok;
      }
      if (rep > 0) {
        perRepeat.add(sum / steps);
      } else {
        System.out.println("greedy ids: " + Arrays.toString(tokens));
      }
    }
    print("decode, per step (" + reps + " repeats x " + steps + " steps)", perStep, Double.NaN);
    print("decode, mean per repeat", perRepeat, Double.NaN);
  }

  /** Vision (already in {@code p}), embeddings and the decoder over the whole prompt. */
  private NDArray prefillHidden(EncodedPrompt p, AttentionCache cache) {
    int s = p.length();
    long[][] ids = {Arrays.stream(p.ids()).asLongStream().toArray()};
    int[][] pp = p.rope().positions();
    int[][][] pos = new int[3][1][];
    for (int a = 0; a < 3; a++) {
      pos[a][0] = pp[a];
    }
    boolean[][] keys = new boolean[1][s];
    Arrays.fill(keys[0], true);
    NDArray emb = net.inputEmbeddings(m, ids, p.features());
    return net.decode(m, emb, pos, keys, cache, null);
  }

  /**
   * One decode step as {@code Qwen25VlModel.generateIds} takes it for greedy decoding: embed the
   * token, run the decoder with the cache, last-position logits, argmax and its log-probability.
   */
  private long decodeStep(AttentionCache cache, long tok, int cur, int position) {
    try (NDScope scope = new NDScope()) {
      int[][][] pos = {{{position}}, {{position}}, {{position}}};
      boolean[][] keys = new boolean[1][cur + 1];
      Arrays.fill(keys[0], true);
      NDArray emb = net.inputEmbeddings(m, new long[][] {{tok}}, null);
      NDArray hidden = net.decode(m, emb, pos, keys, cache, null);
      NDArray last = hidden.get(new NDIndex(":, {}, :", 0));
      NDArray logits = net.logits(last);
      NDArray max = logits.max(new int[] {-1}, true);
      NDArray lse = logits.sub(max).exp().sum(new int[] {-1}, true).log().add(max);
      NDArray arg = logits.argMax(-1).expandDims(-1);
      long best = arg.toLongArray()[0];
      float lp = logits.gather(arg, -1).sub(lse).toFloatArray()[0];
      if (!Float.isFinite(lp)) {
        throw new IllegalStateException("non-finite log-probability at position " + cur);
      }
      return best;
    }
  }

  private double[] block(String name, int reps, Supplier<Object> body) throws IOException {
    body.get(); // warm-up
    if (profileDir != null) {
      Path file = profileDir.resolve(name.replaceAll("[^A-Za-z0-9]+", "_") + ".json");
      JniUtils.startProfile(false, false, false);
      body.get();
      JniUtils.stopProfile(file.toString());
      System.out.println("    profiled one repeat: " + file);
    }
    List<Double> ms = new ArrayList<>();
    List<Double> threadCpu = new ArrayList<>();
    double load0 = load();
    long cpu0 = cpuNanos();
    long w0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      long tc = THREADS.getCurrentThreadCpuTime();
      long st = System.nanoTime();
      body.get();
      ms.add((System.nanoTime() - st) / 1e6);
      threadCpu.add((THREADS.getCurrentThreadCpuTime() - tc) / 1e6);
    }
    double cpuShare = (cpuNanos() - cpu0) / (double) (System.nanoTime() - w0);
    print(name, ms, cpuShare);
    print("  … CPU time of the calling thread", threadCpu, Double.NaN);
    System.out.printf(Locale.ROOT, "    load average %.2f -> %.2f%n", load0, load());
    return new double[] {median(ms), median(threadCpu)};
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      ManagementFactory.getThreadMXBean();

  /** Where {@code --profile} writes one PyTorch profiler trace per block, or null. */
  private static Path profileDir;

  private void print(String name, List<Double> ms, double cpuShare) {
    double[] a = ms.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double med = a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    System.out.printf(
        Locale.ROOT,
        "%-48s n=%-3d median %.4g %s (%.4g–%.4g)%s%n",
        name,
        a.length,
        med / unit,
        u,
        a[0] / unit,
        a[a.length - 1] / unit,
        Double.isNaN(cpuShare) ? "" : String.format(Locale.ROOT, "  cpu/wall %.2f", cpuShare));
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double load() throws IOException {
    return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
  }
}
