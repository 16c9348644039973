package org.robustr1.bench.model;

import ai.djl.Device;
import ai.djl.nn.Parameter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.device.DeviceSpec;
import org.robustr1.model.device.Devices;
import org.robustr1.model.device.Precision;
import org.robustr1.model.qwen.EncodedPrompt;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.qwen.Qwen25VlModel;
import org.robustr1.train.RunOptions;
import org.robustr1.train.data.PromptStyle;
import org.robustr1.train.data.RowPrompts;
import org.robustr1.train.data.TrainDataset;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.grpo.GrpoRewards;
import org.robustr1.train.grpo.GrpoTrainer;
import org.robustr1.train.policy.QwenPolicy;
import org.robustr1.train.policy.TrainablePolicy;
import org.robustr1.train.sft.SftConfig;
import org.robustr1.train.sft.SftTrainer;

/**
 * Latency and peak device memory of the library on one device, for the real Qwen2.5-VL-3B shape
 * with random weights ({@code --shape 3b}) or, to check the path in seconds on a CPU, the tiny one
 * ({@code --shape tiny}); {@code scripts/hf_gpu_anchor.py} times Hugging Face's {@code
 * Qwen2_5_VLForConditionalGeneration} with the same random config, dtype and shapes, and {@code
 * scripts/gpu-check.sh} runs both on one GPU.
 *
 * <pre>
 * java -cp robustr1-bench/target/benchmarks.jar org.robustr1.bench.model.GpuLatency \
 *     --shape 3b --device gpu --dtype fp32 [--tf32 on|off] [--parts vision,prefill,decode,sft,grpo] \
 *     [--processor ../shared/golden/qwen25vl-tiny-a] [--json out.json] [--hbm-tbs 3.35]
 * </pre>
 *
 * <ul>
 *   <li><b>vision</b>: the vision tower and merger on the fixture's patches (3b: one 448×448 image,
 *       1024 patches → 256 tokens), median of {@code --reps};
 *   <li><b>prefill</b>: {@code encode} (vision) plus the decoder over the whole prompt (3b: 300
 *       tokens) and the first greedy pick ({@code generateIds} with one new token);
 *   <li><b>decode</b>: ms per token of greedy KV-cached decoding, (t(1 + N) − t(1)) / N with N =
 *       {@code --decode-steps}, beside the HBM bound (weight bytes one token reads ÷ {@code
 *       --hbm-tbs});
 *   <li><b>sft</b>: one {@link SftTrainer} step on a {@code --sft-seq}-token row (prompt with the
 *       448×448 image plus answer), batch 1, AdamW, vision frozen (fp32 only);
 *   <li><b>grpo</b>: one {@link GrpoTrainer} step: G = {@code --grpo-g} completions of {@code
 *       --grpo-tokens} new tokens (random weights never stop), the four official rewards, a
 *       reference copy when {@code --grpo-beta} is not 0, gradient checkpointing (fp32 only).
 * </ul>
 *
 * Training parts run {@code --train-steps} steps (default 2) and report the last one (the first
 * warms up kernels and allocators); the run is stopped by its step listener, so no checkpoint is
 * written. Every part reports its peak memory ({@link DeviceMemory}: on a GPU the driver's view,
 * CUDA context and allocator cache included, the cache emptied before each part).
 */
public final class GpuLatency {

  private final Map<String, String> opt = new LinkedHashMap<>();
  private final List<ObjectNode> rows = new ArrayList<>();
  private final ObjectMapper json = new ObjectMapper();
  private Device device;
  private Precision precision;
  private DeviceMemory memory;
  private int[] promptIds;
  private List<int[]> promptGrids;

  private GpuLatency(String[] args) {
    opt.put("--shape", "3b");
    opt.put("--device", "auto");
    opt.put("--dtype", "fp32");
    opt.put("--tf32", "");
    opt.put("--parts", "vision,prefill,decode,sft,grpo");
    opt.put("--reps", "5");
    opt.put("--decode-steps", "64");
    opt.put("--sft-seq", "1024");
    opt.put("--grpo-g", "8");
    opt.put("--grpo-tokens", "512");
    opt.put("--grpo-beta", "0.04");
    opt.put("--train-steps", "2");
    opt.put("--processor", "../shared/golden/qwen25vl-tiny-a");
    opt.put("--json", "");
    opt.put("--work", "gpu-latency-work");
    opt.put("--hbm-tbs", "3.35");
    for (int i = 0; i < args.length; i += 2) {
      if (!opt.containsKey(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("unknown option or missing value: " + args[i] + "; options: " + opt.keySet());
      }
      opt.put(args[i], args[i + 1]);
    }
  }

  /** Runs the parts and prints one line per part (and, with {@code --json}, writes them as JSON). */
  public static void main(String[] args) throws IOException {
    new GpuLatency(args).run();
  }

  private int num(String key) {
    return Integer.parseInt(opt.get(key));
  }

  private boolean part(String name) {
    return Arrays.asList(opt.get("--parts").split(",")).contains(name);
  }

  private void run() throws IOException {
    if (!opt.get("--tf32").isEmpty()) {
      Devices.setTf32(opt.get("--tf32").equals("on"));
    }
    device = Devices.setDefault(DeviceSpec.parse(opt.get("--device")));
    precision = Precision.parse(opt.get("--dtype"));
    precision.check(device);
    String shape = opt.get("--shape");
    System.out.printf(
        Locale.ROOT,
        "GpuLatency: shape %s, device %s (%s), dtype %s, TF32 %s, PyTorch %s%n",
        shape,
        DeviceSpec.of(device),
        Devices.describe(device),
        precision,
        device.isGpu() ? Devices.tf32().map(b -> b ? "allowed" : "off").orElse("default") : "n/a",
        Devices.engine().getVersion());
    Path work = Files.createDirectories(Path.of(opt.get("--work")));
    Path configFile = work.resolve("config.json");
    Files.writeString(configFile, QwenBenchFixture.config(shape).withTorchDtype("float32").toJson());
    try (DeviceMemory mem = new DeviceMemory(device)) {
      memory = mem;
      System.out.println("peak memory: " + mem.method());
      if (part("vision") || part("prefill") || part("decode")) {
        inference(shape);
      }
      if (part("sft") || part("grpo")) {
        if (precision != Precision.FP32) {
          System.out.println("sft, grpo: skipped (training keeps fp32 weights; run them with --dtype fp32)");
        } else {
          Qwen25VlConfig cfg = QwenBenchFixture.config(shape);
          if (part("sft")) {
            sft(cfg);
          }
          if (part("grpo")) {
            grpo(cfg);
          }
        }
      }
    }
    if (!opt.get("--json").isEmpty()) {
      ObjectNode root = json.createObjectNode();
      ObjectNode settings = root.putObject("settings");
      opt.forEach(settings::put);
      settings.put("device_resolved", DeviceSpec.of(device).toString());
      settings.put("device_description", Devices.describe(device));
      settings.put("memory_method", memory.method());
      settings.put("config_json", configFile.toAbsolutePath().toString());
      settings.putPOJO("prompt_ids", promptIds);
      settings.putPOJO("grids", promptGrids);
      ArrayNode arr = root.putArray("results");
      rows.forEach(arr::add);
      Files.writeString(Path.of(opt.get("--json")), json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
    }
  }

  private void inference(String shape) {
    memory.reset();
    try (QwenBenchFixture fx = new QwenBenchFixture(shape, device, precision)) {
      Qwen25VlModel model = fx.model;
      promptIds = fx.ids;
      promptGrids = fx.grids;
      int reps = num("--reps");
      int patchDim = model.config().vision().patchDim();
      if (part("vision")) {
        memory.reset();
        double ms =
            median(reps, () -> {
              try (ai.djl.ndarray.NDManager m = model.manager().newSubManager()) {
                ai.djl.ndarray.NDArray raw =
                    m.create(fx.pixels, new ai.djl.ndarray.types.Shape(fx.pixels.length / patchDim, patchDim));
                ai.djl.ndarray.NDArray px = precision == Precision.FP32 ? raw : raw.toType(precision.dataType(), false);
                ai.djl.ndarray.NDArray f = GradMode.noGrad(() -> model.imageFeatures(px, fx.grids));
                f.get(0).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
              }
            });
        record("vision", ms, (fx.pixels.length / patchDim) + " patches");
      }
      int steps = num("--decode-steps");
      if (part("prefill") || part("decode")) {
        memory.reset();
        double t1 = median(reps, () -> generate(fx, 1));
        if (part("prefill")) {
          record("prefill", t1, fx.ids.length + " tokens, vision + decoder + first pick");
        }
        if (part("decode")) {
          double tn = median(Math.max(1, reps / 2), () -> generate(fx, 1 + steps));
          double perToken = (tn - t1) / steps;
          long bytes = decodeWeightBytes(model);
          double boundMs = bytes / (Double.parseDouble(opt.get("--hbm-tbs")) * 1e12) * 1e3;
          ObjectNode r =
              record(
                  "decode",
                  perToken,
                  String.format(
                      Locale.ROOT,
                      "ms/token over %d steps; weights read per token %.2f GB, bound at %s TB/s %.3f ms = %.0f %% of it",
                      steps,
                      bytes / 1e9,
                      opt.get("--hbm-tbs"),
                      boundMs,
                      100 * boundMs / perToken));
          r.put("bound_ms", boundMs);
          r.put("weight_bytes_per_token", bytes);
        }
      }
    }
  }

  /** encode + generateIds with {@code n} new tokens, greedy. */
  private static void generate(QwenBenchFixture fx, int n) {
    try (EncodedPrompt p = GradMode.noGrad(() -> fx.model.encode(fx.ids, fx.pixels, fx.grids))) {
      int got = fx.model.generateIds(List.of(p), SamplingConfig.greedy(n), true).get(0).tokenIds().length;
      if (got != n) {
        throw new IllegalStateException("generated " + got + " tokens, expected " + n);
      }
    }
  }

  /**
   * Bytes of weights one decode step reads: every decoder layer, the final norm and the LM head
   * (the embedding table when tied; the embedding lookup itself reads one row).
   */
  static long decodeWeightBytes(Qwen25VlModel model) {
    long n = 0;
    long bytesPer = model.precision() == Precision.FP32 ? 4 : 2;
    for (Map.Entry<String, Parameter> e : model.namedParameters().entrySet()) {
      if (!e.getKey().startsWith("visual.")) {
        n += e.getValue().getArray().size();
      }
    }
    return n * bytesPer;
  }

  private void sft(Qwen25VlConfig cfg) throws IOException {
    int seq = num("--sft-seq");
    int steps = num("--train-steps");
    Path work = Path.of(opt.get("--work"), "sft");
    memory.reset();
    try (QwenPolicy policy = BenchRuns.randomPolicy(cfg, QwenBenchFixture.neverStopping(cfg), Path.of(opt.get("--processor")), device)) {
      RowPrompts prompts = new RowPrompts(PromptStyle.ROBUST_TEMPLATE);
      String question = "Describe the image in detail.";
      TrainDataset probe = BenchRuns.imageRows(work, question, "x", 1);
      int promptLen;
      try (TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(probe.get(0)))) {
        promptLen = p.promptIds().length;
      }
      String answer = answerOfLength(policy, seq - promptLen);
      int total = promptLen + policy.assistantTargetIds(answer).length;
      TrainDataset ds = BenchRuns.imageRows(work, question, answer, steps);
      SftConfig config =
          SftConfig.defaults().withBatch(1, 1).withSteps(1, steps).withCutoffLen(Math.max(2048, total)).withSeedAndSaving(42, 0);
      Map<String, Object> last = trainSteps(r -> new SftTrainer(config, policy).train(ds, r), work, steps);
      ObjectNode r =
          record("sft step", 1e3 * ((Number) last.get("step_time")).doubleValue(),
              String.format(Locale.ROOT, "seq %d (prompt %d incl. image), batch 1, AdamW; loss %.3f", total, promptLen,
                  ((Number) last.get("loss")).doubleValue()));
      r.put("prompt_tokens", promptLen);
      r.put("total_tokens", total);
    }
  }

  /** Words whose assistant target (tokens plus {@code <|im_end|>}) is {@code tokens} long, as near as the tokenizer allows. */
  private static String answerOfLength(QwenPolicy policy, int tokens) {
    int words = Math.max(1, tokens - 1);
    String answer = "";
    for (int i = 0; i < 12; i++) {
      answer = String.join(" ", java.util.Collections.nCopies(words, "blur"));
      int got = policy.assistantTargetIds(answer).length;
      if (got == tokens) {
        break;
      }
      words = Math.max(1, words + tokens - got);
    }
    return answer;
  }

  private void grpo(Qwen25VlConfig cfg) throws IOException {
    int g = num("--grpo-g");
    int tokens = num("--grpo-tokens");
    int steps = num("--train-steps");
    double beta = Double.parseDouble(opt.get("--grpo-beta"));
    Path work = Path.of(opt.get("--work"), "grpo");
    Path processor = Path.of(opt.get("--processor"));
    memory.reset();
    TrainDataset ds =
        BenchRuns.imageRows(work, "Which degradation?\n0. blur\n1. noise\n", "<TYPE>motion blur(0.9)<TYPE_END><ANSWER>0<ANSWER_END>", steps);
    GrpoConfig config =
        GrpoConfig.builder()
            .optNumGenerations(g)
            .optBatchSize(g)
            .optGradientAccumulationSteps(1)
            .optMaxCompletionLength(tokens)
            .optBeta(beta)
            .optMaxSteps(steps)
            .optSaveSteps(0)
            .optSeed(7)
            .build();
    try (QwenPolicy policy = BenchRuns.randomPolicy(cfg, QwenBenchFixture.neverStopping(cfg), processor, device);
        QwenPolicy reference = beta == 0 ? null : BenchRuns.randomPolicy(cfg, QwenBenchFixture.neverStopping(cfg), processor, device)) {
      RowPrompts prompts = new RowPrompts(PromptStyle.ROBUST_TEMPLATE);
      int promptLen;
      try (TrainablePolicy.PreparedPrompt p = policy.prepare(prompts.prompt(ds.get(0)))) {
        promptLen = p.promptIds().length;
      }
      Map<String, Object> last =
          trainSteps(
              r -> new GrpoTrainer(config, policy, reference, GrpoRewards.official(policy.tokenCounter(), Map.of()), prompts).train(ds, r),
              work,
              steps);
      ObjectNode r =
          record("grpo step", 1e3 * ((Number) last.get("step_time")).doubleValue(),
              String.format(Locale.ROOT, "prompt %d, G %d x %s new tokens (mean length), beta %s%s, gradient checkpointing; rollout + scoring + update",
                  promptLen, g, last.get("completions/mean_length"), beta, beta == 0 ? "" : " (reference copy)"));
      r.put("prompt_tokens", promptLen);
      r.put("g", g);
      r.put("new_tokens", tokens);
      r.put("beta", beta);
    }
  }

  /** Stops a training run after the measured step, before it writes a checkpoint. */
  private static final class Measured extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Map<String, Object> metrics;

    Measured(Map<String, Object> metrics) {
      super(null, null, false, false);
      this.metrics = metrics;
    }
  }

  private interface Run {
    void train(RunOptions options);
  }

  private static Map<String, Object> trainSteps(Run run, Path work, int steps) {
    RunOptions options =
        RunOptions.of(work.resolve("run"))
            .withResume("off")
            .withProgressBar(false)
            .withListener(
                (step, metrics) -> {
                  System.out.printf(Locale.ROOT, "  step %d: %.3f s%n", step, ((Number) metrics.get("step_time")).doubleValue());
                  if (step >= steps) {
                    throw new Measured(new LinkedHashMap<>(metrics));
                  }
                });
    try {
      run.train(options);
    } catch (Measured m) {
      return m.metrics;
    }
    throw new IllegalStateException("the run ended before step " + steps);
  }

  private ObjectNode record(String name, double ms, String note) {
    double peak = memory.peakMib();
    System.out.printf(Locale.ROOT, "%-10s %12.3f ms   peak %9.0f MiB   %s%n", name, ms, peak, note);
    ObjectNode r = json.createObjectNode();
    r.put("part", name);
    r.put("ms", ms);
    r.put("peak_mib", peak);
    r.put("note", note);
    rows.add(r);
    return r;
  }

  private static double median(int reps, Runnable body) {
    body.run(); // warm-up
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t = System.nanoTime();
      body.run();
      ms[i] = (System.nanoTime() - t) / 1e6;
    }
    Arrays.sort(ms);
    return reps % 2 == 1 ? ms[reps / 2] : (ms[reps / 2 - 1] + ms[reps / 2]) / 2;
  }
}
