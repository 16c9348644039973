package org.robustr1.bench.model;

import ai.djl.Device;
import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.robustr1.model.config.GenerationConfig;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.config.Qwen25VlVisionConfig;
import org.robustr1.model.device.Precision;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.qwen.Qwen25VlCheckpoints;
import org.robustr1.model.qwen.Qwen25VlModel;

/**
 * A random-weight model and a prompt in the shapes of the performance anchors
 * ({@code shared/research/perf-anchors.md}):
 *
 * <ul>
 *   <li>{@code tiny}: the tiny-a config, an 85-token prompt with two images (grids 1×6×8 and
 *       1×10×14, 188 patches), as anchor rows 1a–1c;
 *   <li>{@code 3b}: the real 3B shape (about 15 GB of FP32 weights, outside the Java heap), a
 *       300-token prompt holding one 448×448 image (1024 patches), as rows 2a–2c;
 *   <li>{@code 3b-lN}: the 3B widths with N decoder layers and N vision blocks (full attention every
 *       4th), for hosts without 15 GB to spare; extrapolate linearly over depth, e.g. t(36) ≈ t(8)
 *       + 7·(t(8) − t(4)) for the decoder.
 * </ul>
 */
final class QwenBenchFixture implements AutoCloseable {

  final Qwen25VlModel model;
  final int[] ids;
  final float[] pixels;
  final List<int[]> grids;

  QwenBenchFixture(String shape) {
    this(shape, null, Precision.FP32);
  }

  /** The fixture on {@code device} (the default device when null) in {@code precision}. */
  QwenBenchFixture(String shape, Device device, Precision precision) {
    GradMode.set(false);
    boolean big = shape.startsWith("3b");
    Qwen25VlConfig cfg = config(shape);
    model = Qwen25VlCheckpoints.randomInit(cfg, 42, neverStopping(cfg), device, precision);
    grids = big ? List.of(new int[] {1, 32, 32}) : List.of(new int[] {1, 6, 8}, new int[] {1, 10, 14});
    int textTokens = big ? 25 : 17; // prompts of 300 and 85 tokens, as in the anchors
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
  }

  /**
   * Generation defaults whose only stop id is one that random weights do not pick, so that every
   * run generates exactly the asked tokens.
   */
  static GenerationConfig neverStopping(Qwen25VlConfig cfg) {
    return new GenerationConfig(151643, ImmutableList.of(cfg.text().vocabSize() - 1), 151643, false, 1, 0, 1, 1);
  }

  /**
   * {@code tiny}, {@code 3b}, or {@code 3b-lN}: the 3B widths with N decoder layers and N vision
   * blocks (full attention every 4th), for hosts without 15 GB to spare. The full model's time is
   * extrapolated linearly from two depths: t(36) ≈ t(8) + 7·(t(8) − t(4)).
   */
  static Qwen25VlConfig config(String shape) {
    if (shape.equals("tiny")) {
      return Qwen25VlConfig.tiny();
    }
    Qwen25VlConfig full = Qwen25VlConfig.qwen25Vl3B();
    if (shape.equals("3b")) {
      return full;
    }
    int n = Integer.parseInt(shape.substring("3b-l".length()));
    Qwen25VlTextConfig t = full.text();
    Qwen25VlVisionConfig v = full.vision();
    ImmutableList.Builder<Integer> fullAtt = ImmutableList.builder();
    for (int i = 3; i < n; i += 4) {
      fullAtt.add(i);
    }
    return Qwen25VlConfig.of(
        new Qwen25VlTextConfig(
            t.vocabSize(), t.hiddenSize(), t.intermediateSize(), n, t.numAttentionHeads(),
            t.numKeyValueHeads(), t.hiddenAct(), t.maxPositionEmbeddings(), t.rmsNormEps(),
            t.ropeTheta(), t.mropeSection(), t.tieWordEmbeddings(), t.attentionDropout(),
            t.initializerRange(), t.slidingWindow(), t.useSlidingWindow(), t.maxWindowLayers()),
        new Qwen25VlVisionConfig(
            n, v.hiddenSize(), v.intermediateSize(), v.numHeads(), v.inChannels(), v.outHiddenSize(),
            v.patchSize(), v.spatialMergeSize(), v.temporalPatchSize(), v.windowSize(),
            fullAtt.build(), v.tokensPerSecond(), v.hiddenAct()));
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

  @Override
  public void close() {
    model.close();
  }
}
