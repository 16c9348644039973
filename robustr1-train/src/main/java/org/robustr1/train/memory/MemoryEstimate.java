package org.robustr1.train.memory;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import ai.djl.nn.Parameter;
import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Locale;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.config.Qwen25VlVisionConfig;
import org.robustr1.model.qwen.Qwen25VlNetwork;
import org.robustr1.model.qwen.ScoringOptions;
import org.robustr1.train.grpo.GrpoConfig;
import org.robustr1.train.policy.ActivationMemory;
import org.robustr1.train.sft.SftConfig;

/**
 * The expected peak memory of an SFT or GRPO run of Qwen2.5-VL on one process, by part: what
 * stays for the whole run (runtime, weights of the policy and of the GRPO reference, gradients,
 * AdamW moments) plus the largest of what one phase of a step adds (rollout: KV cache and prefill;
 * reference and old log-probs without gradients; the policy's forward and backward: kept
 * activations, one recomputed layer, log-softmax chunks; the optimizer update; writing a
 * checkpoint).
 *
 * <p>The activation terms count the arrays this implementation keeps: explicit attention scores
 * {@code [completions, heads, T, prompt + T]} (no fused attention kernel), about seven of them per
 * layer while a layer's backward runs, the MLP's intermediate arrays, each decoder layer's input
 * under gradient checkpointing, four {@code [chunk, vocab]} float32 arrays per log-softmax chunk and
 * the dense {@code [vocab, hidden]} gradient of the tied LM head. {@link Precision#BF16} describes
 * the usual mixed-precision recipe instead (bf16 weights, gradients and activations, float32
 * master weights and AdamW moments, as DeepSpeed keeps them): this library computes in float32,
 * so that figure is for comparison with the official GPU runs.
 */
public final class MemoryEstimate {

  /** JVM, PyTorch and the rest of the process besides the model (measured on the tiny model, rounded up). */
  public static final long RUNTIME_BYTES = 700L << 20;

  /** Number formats of the estimate. */
  public enum Precision {
    /** Everything float32, as this library trains. */
    FP32,
    /** bf16 weights, gradients and activations; float32 master weights and AdamW moments. */
    BF16
  }

  /**
   * One part of the estimate.
   *
   * @param name what it is
   * @param bytes its size
   * @param phase true for a part of one phase of a step (only the largest counts), false for one
   *     that stays for the whole run
   */
  public record Part(String name, long bytes, boolean phase) {}

  private final String title;
  private final ImmutableList<Part> parts;

  private MemoryEstimate(String title, List<Part> parts) {
    this.title = title;
    this.parts = ImmutableList.copyOf(parts);
  }

  /** The parts, the run-long ones first. */
  public ImmutableList<Part> parts() {
    return parts;
  }

  /** The run-long parts plus the largest phase. */
  public long peakBytes() {
    long base = 0;
    long phase = 0;
    for (Part p : parts) {
      if (p.phase()) {
        phase = Math.max(phase, p.bytes());
      } else {
        base += p.bytes();
      }
    }
    return base + phase;
  }

  /** A table of the parts and the peak, in GiB. */
  public String table() {
    StringBuilder sb = new StringBuilder(title).append('\n');
    sb.append("  run-long parts:\n");
    for (Part p : parts) {
      if (!p.phase()) {
        sb.append(String.format(Locale.ROOT, "    %-72s %8.2f GiB%n", p.name(), gib(p.bytes())));
      }
    }
    sb.append("  phases of a step (the largest counts):\n");
    Part top = null;
    for (Part p : parts) {
      if (p.phase()) {
        sb.append(String.format(Locale.ROOT, "    %-72s %8.2f GiB%n", p.name(), gib(p.bytes())));
        if (top == null || p.bytes() > top.bytes()) {
          top = p;
        }
      }
    }
    sb.append(String.format(Locale.ROOT, "  expected peak: %.2f GiB (largest phase: %s)%n", gib(peakBytes()), top == null ? "none" : top.name()));
    return sb.toString();
  }

  private static double gib(long bytes) {
    return bytes / (double) (1L << 30);
  }

  /** Parameter counts of a configuration. */
  record Counts(long all, long trainable, long largestTrainable, long largest) {
    static Counts of(Qwen25VlConfig config) {
      long all = 0;
      long trainable = 0;
      long largestTrainable = 0;
      long largest = 0;
      for (var e : new Qwen25VlNetwork(config).namedParameters().entrySet()) {
        Parameter p = e.getValue();
        long n = p.getShape().size();
        all += n;
        largest = Math.max(largest, n);
        if (!e.getKey().startsWith("visual.")) {
          trainable += n;
          largestTrainable = Math.max(largestTrainable, n);
        }
      }
      return new Counts(all, trainable, largestTrainable, largest);
    }
  }

  /**
   * A GRPO run of {@code model} with {@code config}, prompts of {@code promptTokens} tokens (image
   * tokens included) and completions of the full {@code maxCompletionLength} (a random or
   * untrained policy rarely stops earlier).
   */
  public static MemoryEstimate grpo(Qwen25VlConfig model, GrpoConfig config, int promptTokens, Precision precision) {
    requireNonNull(model, "model");
    checkArgument(promptTokens > 0, "promptTokens must be > 0, got %s", promptTokens);
    Counts c = Counts.of(model);
    int a = precision == Precision.FP32 ? 4 : 2;
    Qwen25VlTextConfig t = model.text();
    int g = config.numGenerations();
    int len = config.maxCompletionLength();
    int perPass = microBatch(model, config, promptTokens, len, precision);
    boolean reference = config.objective().beta() != 0;
    List<Part> parts = new java.util.ArrayList<>(runLong(c, a, reference, precision));
    long kv = 2L * t.numHiddenLayers() * g * t.numKeyValueHeads() * (long) (promptTokens + len) * t.headDim() * a;
    long prefill = noGradLayerBytes(t, promptTokens, 0, g, a) + 4L * g * t.vocabSize() * 4;
    parts.add(new Part(String.format(Locale.ROOT, "rollout: KV cache of %d × %d tokens + prefill", g, promptTokens + len), kv + prefill + vision(model.vision(), a), true));
    long score =
        noGradLayerBytes(t, promptTokens, len, perPass, a)
            + 2L * Math.min(config.scoring().chunkTokens(), (long) perPass * len) * t.vocabSize() * 4;
    parts.add(new Part(String.format(Locale.ROOT, "reference log-probs, %d completions per pass (no gradients)", perPass), score, true));
    long train = ActivationMemory.trainingBytes(t, promptTokens, len, perPass, config.scoring(), a);
    parts.add(new Part(String.format(Locale.ROOT, "policy forward + backward, %d completions per pass%s", perPass, config.scoring().gradientCheckpointing() ? ", checkpointed" : ""), train, true));
    parts.addAll(updateAndSave(c, precision));
    return new MemoryEstimate(
        String.format(
            Locale.ROOT,
            "GRPO memory estimate (%s): G %d, %d completions per batch × %d accumulation, %d prompt + %d completion tokens, %,d parameters (%,d trainable)",
            precision, g, config.batchSize(), config.gradientAccumulationSteps(), promptTokens, len, c.all(), c.trainable()),
        parts);
  }

  /**
   * An SFT run of {@code model} with {@code config}: one sample per pass of the full cutoff length,
   * of which {@code promptTokens} are prompt and the rest answer (the worst case for memory).
   */
  public static MemoryEstimate sft(Qwen25VlConfig model, SftConfig config, int promptTokens, Precision precision) {
    requireNonNull(model, "model");
    checkArgument(promptTokens > 0 && promptTokens < config.cutoffLen(), "promptTokens must be in (0, cutoffLen), got %s", promptTokens);
    Counts c = Counts.of(model);
    int a = precision == Precision.FP32 ? 4 : 2;
    int answer = config.cutoffLen() - promptTokens;
    List<Part> parts = new java.util.ArrayList<>(runLong(c, a, false, precision));
    parts.add(new Part("prompt encoding (vision tower, no gradients)", vision(model.vision(), a), true));
    long oneSample = ActivationMemory.trainingBytes(model.text(), promptTokens, answer, 1, config.scoring(), a);
    int together = config.batchedScoring() ? config.batchSize() : 1;
    parts.add(
        new Part(
            String.format(
                Locale.ROOT,
                "forward + backward of %s (%d prompt + %d answer tokens%s)%s",
                together == 1 ? "one sample" : "a micro-batch of " + together + " samples at once",
                promptTokens,
                answer,
                together == 1 ? "" : " each",
                config.scoring().gradientCheckpointing() ? ", checkpointed" : ""),
            oneSample * together,
            true));
    parts.addAll(updateAndSave(c, precision));
    return new MemoryEstimate(
        String.format(
            Locale.ROOT,
            "SFT memory estimate (%s): batch %d × %d accumulation, cutoff %d tokens, %,d parameters (%,d trainable)",
            precision, config.batchSize(), config.gradientAccumulationSteps(), config.cutoffLen(), c.all(), c.trainable()),
        parts);
  }

  private static List<Part> runLong(Counts c, int a, boolean reference, Precision precision) {
    List<Part> parts = new java.util.ArrayList<>();
    parts.add(new Part("runtime (JVM, PyTorch, buffers)", RUNTIME_BYTES, false));
    parts.add(new Part("policy weights", c.all() * a, false));
    if (reference) {
      parts.add(new Part("reference weights (frozen copy)", c.all() * a, false));
    }
    parts.add(new Part("gradients (language model)", c.trainable() * a, false));
    long state = 2L * c.trainable() * 4 + (precision == Precision.BF16 ? c.trainable() * 4 : 0);
    parts.add(new Part(precision == Precision.BF16 ? "AdamW moments + float32 master weights" : "AdamW moments", state, false));
    return parts;
  }

  private static List<Part> updateAndSave(Counts c, Precision precision) {
    int w = precision == Precision.FP32 ? 4 : 2;
    return List.of(
        new Part("optimizer update (two temporaries of the largest parameter)", 2L * c.largestTrainable() * 4, true),
        new Part("checkpoint write (largest tensor copied to the Java heap and encoded)", 2L * c.largest() * w, true));
  }

  /** A no-grad pass of the vision tower over one 448×448 image (1,024 patches). */
  private static long vision(Qwen25VlVisionConfig v, int a) {
    long patches = 1024;
    return (4L * v.numHeads() * patches * patches + 4L * patches * v.intermediateSize() + 8L * patches * v.hiddenSize()) * a;
  }

  /** One decoder layer's transient arrays without autograd, plus its input and output. */
  private static long noGradLayerBytes(Qwen25VlTextConfig t, long prompt, long len, long completions, int a) {
    long tokens = prompt + completions * len;
    long mask = completions * len * (prompt + len) * 4;
    return (4 * ActivationMemory.attentionScores(t, prompt, len, completions) + 3 * tokens * t.intermediateSize() + 12 * tokens * t.hiddenSize()) * a + mask;
  }

  /**
   * The completions per pass GRPO uses: {@link GrpoConfig#microBatchSize()}, or when it is 0 the
   * most (up to the batch) whose {@link ActivationMemory#trainingBytes} stay within {@link
   * GrpoConfig#AUTO_ACTIVATION_BYTES}, at least one.
   */
  public static int microBatch(Qwen25VlConfig model, GrpoConfig config, int promptTokens, int completionTokens, Precision precision) {
    int a = precision == Precision.FP32 ? 4 : 2;
    return config.passSize(m -> ActivationMemory.trainingBytes(model.text(), promptTokens, completionTokens, m, config.scoring(), a));
  }
}
