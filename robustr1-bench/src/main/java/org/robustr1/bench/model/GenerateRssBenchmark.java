package org.robustr1.bench.model;

import ai.djl.ndarray.BaseNDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.SamplingConfig;
import org.robustr1.model.VlmPrompt;
import org.robustr1.model.config.CheckpointConfig;
import org.robustr1.model.embedded.EmbeddedModel;
import org.robustr1.model.processor.Qwen25VlProcessor;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * Native memory under repeated generation: calls {@link Qwen25VlModel#generate(List,
 * SamplingConfig)} with an image prompt (processor, vision tower, prefill, KV-cached decode, token
 * decoding: the path {@code robustr1 eval --model} takes) many times and samples the process
 * resident set ({@code VmRSS} of {@code /proc/self/status}) and the Java heap after a GC every few
 * calls. A flat RSS column means the generate path releases its native memory; a growing one is a
 * leak outside the Java heap (NDManager array counts alone do not see tensors that PyTorch keeps
 * alive, or memory held by tokenizer or engine handles).
 *
 * <pre>
 * java -cp robustr1-bench/target/benchmarks.jar org.robustr1.bench.model.GenerateRssBenchmark \
 *     [--calls 500] [--every 50] [--max-new-tokens 16] [--batch 1] [--sample] [--model DIR]
 * </pre>
 *
 * Without {@code --model} the embedded tiny model (random weights) is used; {@code --model} takes a
 * checkpoint folder with a tokenizer, e.g. {@code ../shared/golden/qwen25vl-tiny-a}. Linux only.
 */
public final class GenerateRssBenchmark {

  private GenerateRssBenchmark() {}

  /**
   * One sample: after how many calls, RSS, Java heap in use after a GC and heap committed (all in
   * KiB), live arrays in the model's manager.
   */
  public record Sample(int calls, long rssKb, long heapKb, long committedKb, int managedArrays) {}

  /** The process's resident set in KiB, from {@code /proc/self/status}. */
  public static long rssKb() throws IOException {
    for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (l.startsWith("VmRSS:")) {
        return Long.parseLong(l.replaceAll("[^0-9]", ""));
      }
    }
    throw new IOException("/proc/self/status has no VmRSS line");
  }

  /** Java heap in use after a full GC, in KiB. */
  static long heapKbAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return (rt.totalMemory() - rt.freeMemory()) / 1024;
  }

  /** A 112×112 scene-like image: gradient background with a square. */
  static RgbImage image(int seed) {
    int s = EmbeddedModel.IMAGE_SIZE;
    byte[] px = new byte[s * s * 3];
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        boolean box = x > 30 && x < 70 && y > 40 && y < 80;
        int i = (y * s + x) * 3;
        px[i] = (byte) (box ? 220 : (x * 2 + seed) & 0xFF);
        px[i + 1] = (byte) (box ? 30 : (y * 2) & 0xFF);
        px[i + 2] = (byte) (box ? 40 : (seed * 17) & 0xFF);
      }
    }
    return new RgbImage(s, s, px);
  }

  /** Opens the embedded tiny model with random weights and its tokenizer, or loads {@code dir}. */
  static Qwen25VlModel open(Path dir) throws IOException {
    if (dir != null) {
      return Qwen25VlModel.load(dir);
    }
    Path tmp = Files.createTempDirectory("robustr1-rss");
    try {
      EmbeddedModel.writeCheckpointFiles(tmp);
      CheckpointConfig cc = CheckpointConfig.read(tmp);
      Qwen25VlModel m = Qwen25VlModel.randomInit(cc.model(), 7, cc.generation());
      m.setProcessor(Qwen25VlProcessor.load(tmp));
      return m;
    } finally {
      // the tokenizer is read into memory; the files are not needed afterwards
      try (var files = Files.list(tmp)) {
        for (Path f : files.toList()) {
          Files.deleteIfExists(f);
        }
      }
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Runs {@code calls} generate calls of {@code batch} prompts, sampling every {@code every} calls
   * (and before the first).
   */
  public static List<Sample> run(Qwen25VlModel model, int calls, int every, SamplingConfig sampling, int batch)
      throws IOException {
    List<Sample> out = new ArrayList<>();
    BaseNDManager m = (BaseNDManager) model.manager();
    for (int c = 0; c <= calls; c++) {
      if (c % every == 0) {
        long heap = heapKbAfterGc();
        out.add(new Sample(c, rssKb(), heap, Runtime.getRuntime().totalMemory() / 1024, m.getManagedArrays().size()));
      }
      if (c == calls) {
        break;
      }
      List<VlmPrompt> prompts = new ArrayList<>();
      for (int b = 0; b < batch; b++) {
        prompts.add(VlmPrompt.of(List.of(image(c + b)), "what colour is the square? call " + c));
      }
      model.generate(prompts, sampling);
    }
    return out;
  }

  /** Least-squares slope of RSS over calls, in KiB per call (0 for fewer than two samples). */
  static double slopeKbPerCall(List<Sample> s) {
    if (s.size() < 2) {
      return 0;
    }
    double mx = s.stream().mapToDouble(Sample::calls).average().orElseThrow();
    double my = s.stream().mapToDouble(Sample::rssKb).average().orElseThrow();
    double num = 0;
    double den = 0;
    for (Sample x : s) {
      num += (x.calls() - mx) * (x.rssKb() - my);
      den += (x.calls() - mx) * (x.calls() - mx);
    }
    return num / den;
  }

  /** Entry point; see the class notes for the options. */
  public static void main(String[] args) throws IOException {
    int calls = 500;
    int every = 50;
    int maxNew = 16;
    int batch = 1;
    boolean sample = false;
    Path dir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--every" -> every = Integer.parseInt(args[++i]);
        case "--max-new-tokens" -> maxNew = Integer.parseInt(args[++i]);
        case "--batch" -> batch = Integer.parseInt(args[++i]);
        case "--sample" -> sample = true;
        case "--model" -> dir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; expected --calls N --every N --max-new-tokens N --batch N --sample --model DIR");
      }
    }
    SamplingConfig sampling = sample
        ? new SamplingConfig(maxNew, 0.8, 50, 0.95, 1.05, 3)
        : SamplingConfig.greedy(maxNew);
    try (Qwen25VlModel model = open(dir)) {
      // warm-up: first calls allocate the engine's caches and thread pools
      run(model, 20, 20, sampling, batch);
      long t0 = System.nanoTime();
      List<Sample> s = run(model, calls, every, sampling, batch);
      double sec = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "model %s, %d calls x %d prompt(s), %s, %d new tokens max, %.1f s%n",
          model.name(), calls, batch, sample ? "sampling" : "greedy", maxNew, sec);
      System.out.println("| calls | RSS MiB | heap used MiB (after GC) | heap committed MiB | managed arrays |");
      System.out.println("|---:|---:|---:|---:|---:|");
      for (Sample x : s) {
        System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.1f | %d |%n", x.calls(), x.rssKb() / 1024.0,
            x.heapKb() / 1024.0, x.committedKb() / 1024.0, x.managedArrays());
      }
      long first = s.get(0).rssKb();
      long last = s.get(s.size() - 1).rssKb();
      long max = s.stream().mapToLong(Sample::rssKb).max().orElseThrow();
      int half = s.size() / 2;
      long maxFirstHalf = s.subList(0, half).stream().mapToLong(Sample::rssKb).max().orElse(first);
      long maxSecondHalf = s.subList(half, s.size()).stream().mapToLong(Sample::rssKb).max().orElse(last);
      System.out.printf(Locale.ROOT, "RSS first %.1f MiB, last %.1f MiB, max %.1f MiB (first half %.1f, second half %.1f);"
              + " least-squares slope after the first sample %.1f KiB/call%n",
          first / 1024.0, last / 1024.0, max / 1024.0, maxFirstHalf / 1024.0, maxSecondHalf / 1024.0,
          slopeKbPerCall(s.subList(1, s.size())));
    }
  }
}
