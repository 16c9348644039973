package org.robustr1.model.processor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The patch grid of one image or video ({@code image_grid_thw} row), in patch units.
 *
 * @param t temporal patches (1 for an image)
 * @param h patch rows ({@code resizedHeight / 14})
 * @param w patch columns ({@code resizedWidth / 14})
 */
public record GridThw(int t, int h, int w) {

  /** Validates positivity. */
  public GridThw {
    checkArgument(t > 0 && h > 0 && w > 0, "grid must be positive, got (%s, %s, %s)", t, h, w);
  }

  /** Number of patches, {@code t * h * w} (rows of pixel_values). */
  public int patches() {
    return t * h * w;
  }

  /** Number of merged tokens, {@code t * h * w / mergeSize^2}: the {@code <|image_pad|>} count. */
  public int tokens(int mergeSize) {
    return t * (h / mergeSize) * (w / mergeSize);
  }

  /** The row as {@code long[]{t, h, w}} (int64 in HF). */
  public long[] toLongs() {
    return new long[] {t, h, w};
  }
}
