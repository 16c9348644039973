package org.robustr1.model.qwen;

import static com.google.common.base.Preconditions.checkArgument;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.robustr1.model.config.Qwen25VlConfig;
import org.robustr1.model.device.Precision;
import org.robustr1.model.generate.AttentionCache;
import org.robustr1.model.nn.HfBlock;
import org.robustr1.model.nn.HfLinear;

/**
 * The Qwen2.5-VL network as a DJL block tree whose parameter names are exactly the checkpoint names:
 * {@code visual.*} ({@link VisionTower}), {@code model.*} ({@link TextModel}) and, when the
 * embeddings are not tied, {@code lm_head.weight}.
 *
 * <p>This class holds the weights and the forward pieces; {@link Qwen25VlModel} adds prompts,
 * generation, scoring and loading.
 */
public final class Qwen25VlNetwork extends HfBlock {

  private final Qwen25VlConfig config;
  private final VisionTower visual;
  private final TextModel model;
  private final HfLinear lmHead;

  /** A network shaped by {@code config}, without values yet. */
  public Qwen25VlNetwork(Qwen25VlConfig config) {
    this.config = config;
    visual = child("visual", new VisionTower(config.vision()));
    model = child("model", new TextModel(config.text()));
    lmHead =
        config.text().tieWordEmbeddings()
            ? null
            : child(
                "lm_head",
                new HfLinear(config.text().hiddenSize(), config.text().vocabSize(), false));
  }

  /** The configuration. */
  public Qwen25VlConfig config() {
    return config;
  }

  /** The vision tower and merger. */
  public VisionTower visual() {
    return visual;
  }

  /** The language model. */
  public TextModel textModel() {
    return model;
  }

  /** Every parameter by checkpoint name, in a stable order (vision, then LM, then lm_head). */
  public Map<String, Parameter> namedParameters() {
    Map<String, Parameter> out = new LinkedHashMap<>();
    collectParameters("", out);
    return out;
  }

  /** The LM head weight {@code [vocab, hidden]} (the embedding table when tied). */
  public NDArray lmHeadWeight() {
    return lmHead == null ? model.embedding().weight().getArray() : lmHead.weight().getArray();
  }

  /** Projects {@code hidden [..., H]} to logits {@code [..., vocab]}. */
  public NDArray logits(NDArray hidden) {
    return hidden.getNDArrayInternal().linear(hidden, lmHeadWeight(), null).singletonOrThrow();
  }

  /**
   * Input embeddings with image features scattered into the {@code <|image_pad|>} positions.
   *
   * @param ids {@code [B, S]} token ids
   * @param features {@code [K, H]} image features in image-pad order over the flattened batch, or
   *     null when there is no image token
   */
  public NDArray inputEmbeddings(NDManager m, long[][] ids, NDArray features) {
    int b = ids.length;
    int s = ids[0].length;
    long[] flat = new long[b * s];
    int count = 0;
    for (int i = 0; i < b; i++) {
      checkArgument(ids[i].length == s, "rows must have equal length");
      for (int j = 0; j < s; j++) {
        flat[i * s + j] = ids[i][j];
        if (ids[i][j] == config.imageTokenId()) {
          count++;
        }
      }
    }
    long vocab = config.text().vocabSize();
    for (long id : flat) {
      checkArgument(id >= 0 && id < vocab, "token id %s is outside the vocabulary [0, %s)", id, vocab);
    }
    NDArray idArr = OwnedArrays.owned(m.create(flat)).reshape(b, s);
    NDArray emb = model.embed(idArr);
    long have = features == null ? 0 : features.getShape().get(0);
    checkArgument(
        count == have,
        "Image features and image tokens do not match: tokens: %s, features %s",
        count,
        have);
    if (count == 0) {
      return emb;
    }
    long[] where = new long[count];
    int k = 0;
    for (int i = 0; i < flat.length; i++) {
      if (flat[i] == config.imageTokenId()) {
        where[k++] = i;
      }
    }
    NDArray rows = emb.reshape(b * (long) s, config.text().hiddenSize());
    rows.set(new NDIndex("{}", OwnedArrays.owned(m.create(where))), features);
    return rows.reshape(b, s, config.text().hiddenSize());
  }

  /**
   * Runs the decoder over embeddings and returns the final-normed hidden states {@code [B, S, H]}.
   *
   * @param pos M-RoPE positions {@code [3][B][S]}
   * @param keyMask per row, which of the {@code cacheLength + S} key positions are real tokens
   * @param cache the cache to extend, or null for a cacheless forward
   */
  public NDArray decode(
      NDManager m,
      NDArray embeddings,
      int[][][] pos,
      boolean[][] keyMask,
      AttentionCache cache,
      List<NDArray> trace) {
    int s = (int) embeddings.getShape().get(1);
    int past = cache == null ? 0 : cache.length();
    NDArray[] cs = model.rotary(m, pos);
    // one new position seeing every key: the mask would be all zeros, and adding 0 changes nothing
    NDArray mask =
        s == 1 && allTrue(keyMask) ? null : TextModel.mask(m, keyMask, past, s, Precision.of(model.dataType()));
    return model.forward(embeddings, cs[0], cs[1], mask, cache, trace);
  }

  private static boolean allTrue(boolean[][] keyMask) {
    for (boolean[] row : keyMask) {
      for (boolean k : row) {
        if (!k) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Makes the q/k/v projections of every decoder layer, and the gate/up projections of every MLP,
   * views of one fused matrix each, so that inference computes them with one matmul (checkpoint
   * names, shapes and gradients unchanged). Loading does this; inference re-fuses lazily after
   * weight arrays were replaced.
   */
  public void fuseProjections() {
    visual.fuseProjections();
    model.fuseProjections();
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray hidden = model.forward(ps, new NDList(inputs.get(0)), training, params).head();
    return new NDList(logits(hidden));
  }

}
