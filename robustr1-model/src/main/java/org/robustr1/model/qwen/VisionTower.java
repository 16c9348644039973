package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.robustr1.model.config.Qwen25VlVisionConfig;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.nn.HfList;
import org.robustr1.model.nn.Leaf;
import org.robustr1.model.nn.PatchMerger;
import org.robustr1.model.nn.Rotary;
import org.robustr1.model.nn.VisionBlock;

/**
 * The Qwen2.5-VL vision transformer ({@code visual.*}): linear patch embedding (the Conv3d with
 * kernel = stride = patch as a matmul over flattened patches), window reordering, blocks with 2-D
 * rotary embedding and window or full attention, the patch merger and the reverse window order.
 */
public final class VisionTower extends HfBlock {

  /** Vision RMSNorm epsilon, hard-coded in the reference. */
  public static final double EPS = 1e-6;

  /** Vision rotary base, hard-coded in the reference. */
  public static final double THETA = 10000.0;

  private final Qwen25VlVisionConfig config;
  private final Parameter patchWeight;
  private final HfList<VisionBlock> blocks;
  private final PatchMerger merger;
  private final float[] invFreq;

  /** A tower shaped by {@code config}. */
  public VisionTower(Qwen25VlVisionConfig config) {
    this.config = config;
    int d = config.hiddenSize();
    Leaf proj =
        new Leaf(
            "weight",
            Parameter.Type.WEIGHT,
            new Shape(
                d,
                config.inChannels(),
                config.temporalPatchSize(),
                config.patchSize(),
                config.patchSize()));
    HfBlock patchEmbed = child("patch_embed", new Holder());
    ((Holder) patchEmbed).hold("proj", proj);
    this.patchWeight = proj.parameter();
    this.blocks = child("blocks", new HfList<>());
    for (int i = 0; i < config.depth(); i++) {
      blocks.add(new VisionBlock(d, config.numHeads(), config.intermediateSize(), EPS));
    }
    this.merger =
        child(
            "merger",
            new PatchMerger(d, config.outHiddenSize(), config.spatialMergeSize(), EPS));
    this.invFreq = Rotary.inverseFrequencies(config.headDim() / 2, THETA);
  }

  /** The configuration. */
  public Qwen25VlVisionConfig config() {
    return config;
  }

  /** The window/segment layout for these image grids. */
  public VisionLayout layout(List<int[]> grids) {
    return VisionLayout.compute(grids, config.spatialMergeSize(), config.windowMergedTokens());
  }

  /**
   * Encodes images to language-model features.
   *
   * @param pixelValues {@code [N, C·tp·p·p]} flattened patches of all images (processor layout)
   * @param grids per image {@code [t, h, w]} in patches; their products must sum to N
   * @return {@code [N / merge², outHidden]} in raster merged-token order, image after image
   */
  public NDArray forward(NDArray pixelValues, List<int[]> grids) {
    return forward(pixelValues, grids, null);
  }

  /**
   * Like {@link #forward(NDArray, List)}, also recording the patch embedding (row order) and each
   * block's output (window order) into {@code trace} when it is not null.
   */
  public NDArray forward(NDArray pixelValues, List<int[]> grids, List<NDArray> trace) {
    VisionLayout layout = layout(grids);
    int n = layout.patches();
    checkArgument(
        pixelValues.getShape().dimension() == 2
            && pixelValues.getShape().get(0) == n
            && pixelValues.getShape().get(1) == config.patchDim(),
        "pixel_values has shape %s but the grids need [%s, %s]",
        pixelValues.getShape(),
        n,
        config.patchDim());
    NDManager m = pixelValues.getManager();
    int d = config.hiddenSize();
    int unit = config.spatialMergeSize() * config.spatialMergeSize();
    NDArray w = patchWeight.getArray().reshape(d, config.patchDim());
    NDArray x = pixelValues.getNDArrayInternal().linear(pixelValues, w, null).singletonOrThrow();
    if (trace != null) {
      trace.add(x);
    }
    long[] order = layout.patchOrder(unit);
    x = x.get(new NDIndex("{}", OwnedArrays.owned(m.create(order))));
    NDArray[] cs = rotary(m, layout, order);
    // see TextModel.forward: without autograd, each block's intermediates are released with it
    boolean release = !GradMode.isEnabled() && trace == null;
    for (int i = 0; i < blocks.items().size(); i++) {
      int[] cu = config.isFullAttentionBlock(i) ? layout.cuSeqlens() : layout.cuWindowSeqlens();
      VisionBlock block = blocks.items().get(i);
      if (release) {
        NDArray in = x;
        x = LayerScope.keepOnly(() -> block.forward(in, cs[0], cs[1], cu));
        in.close();
      } else {
        x = block.forward(x, cs[0], cs[1], cu);
      }
      if (trace != null) {
        trace.add(x);
      }
    }
    NDArray y = merger.forward(x);
    int[] rev = layout.reverseIndex();
    long[] revL = new long[rev.length];
    for (int i = 0; i < rev.length; i++) {
      revL[i] = rev[i];
    }
    return y.get(new NDIndex("{}", OwnedArrays.owned(m.create(revL))));
  }

  private NDArray[] rotary(NDManager m, VisionLayout layout, long[] order) {
    int hd = config.headDim();
    int q = invFreq.length; // hd / 4
    int n = order.length;
    float[] cos = new float[n * hd];
    float[] sin = new float[n * hd];
    for (int r = 0; r < n; r++) {
      int src = (int) order[r];
      float hp = layout.hpos()[src];
      float wp = layout.wpos()[src];
      for (int j = 0; j < q; j++) {
        float ah = hp * invFreq[j];
        float aw = wp * invFreq[j];
        float ch = (float) Math.cos(ah);
        float sh = (float) Math.sin(ah);
        float cw = (float) Math.cos(aw);
        float sw = (float) Math.sin(aw);
        int base = r * hd;
        cos[base + j] = ch;
        cos[base + q + j] = cw;
        cos[base + 2 * q + j] = ch;
        cos[base + 3 * q + j] = cw;
        sin[base + j] = sh;
        sin[base + q + j] = sw;
        sin[base + 2 * q + j] = sh;
        sin[base + 3 * q + j] = sw;
      }
    }
    Shape s = new Shape(n, hd);
    return new NDArray[] {OwnedArrays.owned(m.create(cos, s)), OwnedArrays.owned(m.create(sin, s))};
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray grid = inputs.get(1);
    long[] g = grid.toLongArray();
    List<int[]> grids = new ArrayList<>();
    for (int i = 0; i < g.length; i += 3) {
      grids.add(new int[] {(int) g[i], (int) g[i + 1], (int) g[i + 2]});
    }
    return new NDList(forward(inputs.get(0), grids));
  }

  /** A parameterless path component ({@code patch_embed}). */
  static final class Holder extends HfBlock {
    void hold(String name, HfBlock block) {
      child(name, block);
    }

    @Override
    protected NDList forwardInternal(
        ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
      return inputs;
    }
  }
}
