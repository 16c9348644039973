package org.robustr1.model.qwen;

import static java.util.Objects.requireNonNull;

import ai.djl.ndarray.NDArray;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A prompt ready for the language model: its token ids (image pads expanded), the image grids, the
 * vision features (computed once, reusable for any number of completions) and the M-RoPE positions.
 *
 * <p>Owns the feature array: close it when done. The features carry no gradient while the vision
 * tower is frozen.
 */
public final class EncodedPrompt implements AutoCloseable {

  private final int[] ids;
  private final ImmutableList<int[]> grids;
  private final NDArray features;
  private final RopeIndex rope;

  /**
   * Wraps encoded parts.
   *
   * @param ids token ids
   * @param grids image grids {@code [t, h, w]} in patches, in prompt order
   * @param features {@code [imageTokens, hidden]} or null when there are no images
   * @param rope the positions of {@code ids}
   */
  public EncodedPrompt(int[] ids, List<int[]> grids, NDArray features, RopeIndex rope) {
    this.ids = requireNonNull(ids, "ids").clone();
    this.grids = ImmutableList.copyOf(grids);
    this.features = features;
    this.rope = requireNonNull(rope, "rope");
  }

  /** The token ids (a copy). */
  public int[] ids() {
    return ids.clone();
  }

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  /** The image grids. */
  public ImmutableList<int[]> grids() {
    return grids;
  }

  /** The image features {@code [imageTokens, hidden]}, or null for a text-only prompt. */
  public NDArray features() {
    return features;
  }

  /** M-RoPE positions of the prompt tokens. */
  public RopeIndex rope() {
    return rope;
  }

  /** {@code rope_deltas} of this prompt unpadded. */
  public int ropeDelta() {
    return rope.ropeDelta(ids.length);
  }

  int[] rawIds() {
    return ids;
  }

  @Override
  public void close() {
    if (features != null) {
      features.close();
    }
  }
}
