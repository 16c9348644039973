package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import org.robustr1.model.config.Qwen25VlVisionConfig;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.nn.HfList;
import org.robustr1.model.nn.Leaf;
import org.robustr1.model.nn.PatchMerger;
import org.robustr1.model.nn.Rotary;
import org.robustr1.model.nn.VisionAttention;
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

  /** Fuses each block's gate/up projections for inference (see {@link VisionBlock#fuseProjections}). */
  public void fuseProjections() {
    for (VisionBlock b : blocks.items()) {
      b.fuseProjections();
    }
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
    Plan plan = plan(grids);
    int n = plan.layout.patches();
    checkArgument(
        pixelValues.getShape().dimension() == 2
            && pixelValues.getShape().get(0) == n
            && pixelValues.getShape().get(1) == config.patchDim(),
        "pixel_values has shape %s but the grids need [%s, %s]",
        pixelValues.getShape(),
        n,
        config.patchDim());
    int d = config.hiddenSize();
    NDArray w = patchWeight.getArray().reshape(d, config.patchDim());
    NDArray x = pixelValues.getNDArrayInternal().linear(pixelValues, w, null).singletonOrThrow();
    if (trace != null) {
      trace.add(x);
    }
    x = x.get(plan.orderIndex);
    // see TextModel.forward: without autograd, each block's intermediates are released with it
    boolean release = !GradMode.isEnabled() && trace == null;
    for (int i = 0; i < blocks.items().size(); i++) {
      VisionAttention.Segments seg = config.isFullAttentionBlock(i) ? plan.full : plan.window;
      VisionBlock block = blocks.items().get(i);
      if (release) {
        NDArray in = x;
        x = LayerScope.keepOnly(() -> block.forward(in, plan.cos, plan.signedSin, seg));
        in.close();
      } else {
        x = block.forward(x, plan.cos, plan.signedSin, seg);
      }
      if (trace != null) {
        trace.add(x);
      }
    }
    return merger.forward(x).get(plan.reverseIndex);
  }

  /**
   * The grid-dependent constants of a forward (window order and its inverse, rotary tables in
   * window order, attention plans), computed once per distinct {@code image_grid_thw} and kept for
   * the last {@link #PLAN_CACHE} distinct grid lists. An evicted plan's arrays are closed, so a
   * forward must not run on another thread while this one cycles through more grid lists than
   * that (the model is not meant for concurrent forwards anyway: its KV caches are per caller).
   */
  private Plan plan(List<int[]> grids) {
    StringBuilder key = new StringBuilder();
    for (int[] g : grids) {
      key.append(java.util.Arrays.toString(g));
    }
    String k = key.toString();
    synchronized (plans) {
      Plan p = plans.get(k);
      if (p == null) {
        p = new Plan(layout(grids));
        plans.put(k, p);
      }
      return p;
    }
  }

  /** Distinct grid lists whose constants are kept (see {@link #plan}). */
  private static final int PLAN_CACHE = 8;

  private final java.util.LinkedHashMap<String, Plan> plans =
      new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<String, Plan> eldest) {
          if (size() > PLAN_CACHE) {
            eldest.getValue().manager.close();
            return true;
          }
          return false;
        }
      };

  /** The device-side constants of one grid list, in a manager of their own. */
  private final class Plan {
    final VisionLayout layout;
    final NDManager manager;
    final NDIndex orderIndex;
    final NDIndex reverseIndex;
    final NDArray cos;
    final NDArray signedSin;
    final VisionAttention.Segments window;
    final VisionAttention.Segments full;

    Plan(VisionLayout layout) {
      this.layout = layout;
      this.manager = patchWeight.getArray().getManager().newSubManager();
      int unit = config.spatialMergeSize() * config.spatialMergeSize();
      long[] order = layout.patchOrder(unit);
      int[] rev = layout.reverseIndex();
      long[] revL = new long[rev.length];
      for (int i = 0; i < rev.length; i++) {
        revL[i] = rev[i];
      }
      this.orderIndex = new NDIndex("{}", kept(manager.create(order)));
      this.reverseIndex = new NDIndex("{}", kept(manager.create(revL)));
      float[][] cs = rotary(layout, order);
      Shape s = new Shape(order.length, config.headDim());
      DataType dt = patchWeight.getArray().getDataType();
      this.cos = kept(manager.create(cs[0], s), dt);
      this.signedSin = kept(manager.create(Rotary.signSin(cs[1], config.headDim()), s), dt);
      VisionAttention attn = blocks.items().get(0).attention();
      this.window = attn.segments(layout.cuWindowSeqlens(), manager, dt);
      this.full = attn.segments(layout.cuSeqlens(), manager, dt);
    }
  }

  /** A torch-owned copy of {@code fromJava}, outside any {@link NDScope}. */
  private static NDArray kept(NDArray fromJava) {
    return kept(fromJava, fromJava.getDataType());
  }

  /** {@link #kept(NDArray)} converted to {@code type}. */
  private static NDArray kept(NDArray fromJava, DataType type) {
    NDArray a = OwnedArrays.owned(fromJava, type);
    NDScope.unregister(a);
    return a;
  }

  private float[][] rotary(VisionLayout layout, long[] order) {
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
    return new float[][] {cos, sin};
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
