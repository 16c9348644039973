package org.robustr1.model.qwen;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;
import org.robustr1.model.config.Qwen25VlTextConfig;
import org.robustr1.model.device.Precision;
import org.robustr1.model.generate.AttentionCache;
import org.robustr1.model.generate.KvCache;
import org.robustr1.model.nn.AttentionMask;
import org.robustr1.model.nn.DecoderLayer;
import org.robustr1.model.nn.GradMode;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.nn.HfList;
import org.robustr1.model.nn.RmsNorm;
import org.robustr1.model.nn.Rotary;
import org.robustr1.model.nn.TokenEmbedding;

/**
 * The Qwen2 decoder of Qwen2.5-VL ({@code model.*}): token embedding, decoder layers with M-RoPE and
 * the final RMSNorm. The LM head lives in {@link Qwen25VlNetwork}.
 */
public final class TextModel extends HfBlock {

  private final Qwen25VlTextConfig config;
  private final TokenEmbedding embed;
  private final HfList<DecoderLayer> layers;
  private final RmsNorm norm;
  private final float[] invFreq;
  private final int[] axisOfFreq;

  /** A decoder shaped by {@code config}. */
  public TextModel(Qwen25VlTextConfig config) {
    this.config = config;
    embed = child("embed_tokens", new TokenEmbedding(config.vocabSize(), config.hiddenSize()));
    layers = child("layers", new HfList<>());
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      layers.add(
          new DecoderLayer(
              config.hiddenSize(),
              config.numAttentionHeads(),
              config.numKeyValueHeads(),
              config.intermediateSize(),
              config.rmsNormEps()));
    }
    norm = child("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
    int hd = config.headDim();
    invFreq = Rotary.inverseFrequencies(hd, config.ropeTheta());
    axisOfFreq = new int[hd / 2];
    List<Integer> section = config.mropeSection();
    int j = 0;
    for (int a = 0; a < section.size(); a++) {
      for (int k = 0; k < section.get(a); k++) {
        if (j < axisOfFreq.length) {
          axisOfFreq[j++] = a % 3;
        }
      }
    }
    if (j != axisOfFreq.length) {
      throw new IllegalArgumentException(
          "rope_scaling.mrope_section " + section + " must sum to head_dim / 2 = " + hd / 2);
    }
  }

  /** The configuration. */
  public Qwen25VlTextConfig config() {
    return config;
  }

  /** The token embedding. */
  public TokenEmbedding embedding() {
    return embed;
  }

  /** Number of decoder layers. */
  public int numLayers() {
    return layers.items().size();
  }

  /**
   * Fuses each layer's q/k/v and gate/up projections for inference (see {@link
   * DecoderLayer#fuseProjections}).
   */
  public void fuseProjections() {
    for (DecoderLayer l : layers.items()) {
      l.fuseProjections();
    }
  }

  /**
   * Applies decoder layer {@code i} alone (arguments as {@link DecoderLayer#forward}); with {@link
   * #finalNorm}, what {@link #forward} chains, for callers that keep each layer's input
   * (gradient checkpointing).
   */
  public NDArray layer(int i, NDArray x, NDArray cos, NDArray sin, NDArray mask, AttentionCache cache) {
    return layers.items().get(i).forward(x, cos, sin, mask, cache, i);
  }

  /** The final RMSNorm applied after the last layer. */
  public NDArray finalNorm(NDArray x) {
    return norm.forward(x);
  }

  /** Embeds {@code ids [B, S]} (INT64). */
  public NDArray embed(NDArray ids) {
    return embed.forward(ids);
  }

  /**
   * Builds the M-RoPE tables {@code [B, 1, S, headDim]} for positions {@code pos[axis][b][s]}: the
   * cosines and the sines with the first half of each row negated ({@link Rotary#signSin}), as
   * {@link DecoderLayer#forward} takes them.
   */
  public NDArray[] rotary(NDManager m, int[][][] pos) {
    int b = pos[0].length;
    int s = pos[0][0].length;
    int hd = config.headDim();
    int half = hd / 2;
    float[] cos = new float[b * s * hd];
    float[] sin = new float[b * s * hd];
    for (int bi = 0; bi < b; bi++) {
      for (int si = 0; si < s; si++) {
        int base = (bi * s + si) * hd;
        for (int j = 0; j < half; j++) {
          float angle = (float) pos[axisOfFreq[j]][bi][si] * invFreq[j];
          float c = (float) Math.cos(angle);
          float sn = (float) Math.sin(angle);
          cos[base + j] = c;
          cos[base + half + j] = c;
          sin[base + j] = sn;
          sin[base + half + j] = sn;
        }
      }
    }
    Shape shape = new Shape(b, 1, s, hd);
    Rotary.signSin(sin, hd);
    DataType dt = dataType();
    return new NDArray[] {
      OwnedArrays.owned(m.create(cos, shape), dt), OwnedArrays.owned(m.create(sin, shape), dt)
    };
  }

  /** The type of the weights (fp32 until they are set). */
  public DataType dataType() {
    Parameter w = embed.weight();
    return w.isInitialized() ? w.getArray().getDataType() : DataType.FLOAT32;
  }

  /**
   * Builds the additive attention mask {@code [B, 1, S, past+S]}: query {@code s} (cache position
   * {@code past+s}) sees key {@code j} iff {@code j <= past+s} and {@code keyMask[b][j]} is true;
   * 0 where it sees, {@link AttentionMask#MASKED} elsewhere. Built natively from the {@code [S, T]} causal
   * pattern and the {@code [B, T]} key mask, so a long prompt (a 12-megapixel photo gives 15,000
   * image tokens) costs no Java array of {@code B·S·T} floats.
   *
   * @param keyMask per row, which of the {@code past+S} key positions are real tokens (not padding)
   */
  public static NDArray mask(NDManager m, boolean[][] keyMask, int past, int s) {
    return mask(m, keyMask, past, s, Precision.FP32);
  }

  /**
   * {@link #mask(NDManager, boolean[][], int, int)} in {@code precision}: masked positions hold its
   * {@link Precision#lowest() lowest} finite value (Hugging Face's {@code finfo(dtype).min}).
   */
  public static NDArray mask(NDManager m, boolean[][] keyMask, int past, int s, Precision precision) {
    int b = keyMask.length;
    int t = past + s;
    boolean[] keys = new boolean[b * t];
    for (int bi = 0; bi < b; bi++) {
      System.arraycopy(keyMask[bi], 0, keys, bi * t, t);
    }
    try (NDManager tmp = m.newSubManager()) {
      NDArray queryPos = tmp.arange(past, past + s).reshape(s, 1);
      NDArray keyPos = tmp.arange(0, t).reshape(1, t);
      NDArray seen = keyPos.lte(queryPos).logicalAnd(tmp.create(keys, new Shape(b, 1, 1, t)));
      // in place: seen 1 - 1 = +0; unseen (0 - 1) * MAX_VALUE = MASKED exactly (or the lowest
      // value of a half type, exact in fp32 and in that type)
      NDArray additive = seen.toType(DataType.FLOAT32, false).subi(1f).muli(-precision.lowest());
      if (precision != Precision.FP32) {
        additive = additive.toType(precision.dataType(), false);
      }
      additive.attach(m);
      return additive;
    }
  }

  /**
   * Runs the decoder layers and the final norm over input embeddings.
   *
   * @param x {@code [B, S, hidden]} input embeddings
   * @param cos rotary table from {@link #rotary}
   * @param sin rotary table from {@link #rotary}
   * @param mask additive mask from {@link #mask}, or null
   * @param cache a KV cache to append to (advanced by S afterwards), or null
   * @param trace when not null, receives the input of every layer and the final normed output
   * @return {@code [B, S, hidden]} after the final norm
   */
  public NDArray forward(
      NDArray x, NDArray cos, NDArray sin, NDArray mask, AttentionCache cache, List<NDArray> trace) {
    // Without autograd nothing needs a layer's intermediates once the layer is done: releasing
    // them per layer keeps the peak at one layer's activations instead of all of them (GBs for the
    // 3B vision + prefill). Not with a cache that keeps the layer's keys and values by reference.
    boolean release =
        !GradMode.isEnabled() && trace == null && (cache == null || cache instanceof KvCache);
    NDArray h = x;
    for (int i = 0; i < layers.items().size(); i++) {
      if (trace != null) {
        trace.add(h);
      }
      DecoderLayer layer = layers.items().get(i);
      if (release) {
        NDArray in = h;
        final int li = i;
        h = LayerScope.keepOnly(() -> layer.forward(in, cos, sin, mask, cache, li));
        if (in != x) {
          in.close();
        }
      } else {
        h = layer.forward(h, cos, sin, mask, cache, i);
      }
    }
    if (cache != null) {
      cache.advance((int) x.getShape().get(1));
    }
    NDArray out = norm.forward(h);
    if (trace != null) {
      trace.add(out);
    }
    return out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray ids = inputs.get(0);
    long b = ids.getShape().get(0);
    long s = ids.getShape().get(1);
    int[][][] pos = new int[3][(int) b][(int) s];
    boolean[][] keys = new boolean[(int) b][(int) s];
    for (int a = 0; a < 3; a++) {
      for (int bi = 0; bi < b; bi++) {
        for (int si = 0; si < s; si++) {
          pos[a][bi][si] = si;
          keys[bi][si] = true;
        }
      }
    }
    NDManager m = ids.getManager();
    NDArray[] cs = rotary(m, pos);
    return new NDList(forward(embed(ids), cs[0], cs[1], mask(m, keys, 0, (int) s), null, null));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {inputShapes[0].add(config.hiddenSize())};
  }
}
