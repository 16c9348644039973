package org.robustr1.model.processor;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * An image size in pixels.
 *
 * @param height rows (&gt; 0)
 * @param width columns (&gt; 0)
 */
public record ImageSize(int height, int width) {

  /** Validates positivity. */
  public ImageSize {
    checkArgument(height > 0 && width > 0, "image size must be positive, got %sx%s (HxW)", height, width);
  }

  /** Number of pixels. */
  public long pixels() {
    return (long) height * width;
  }
}
