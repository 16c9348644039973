package org.robustr1.degrade.jpeg;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

/** Argument checks shared by the codecs. */
final class Checks {

  private Checks() {}

  static void encodeArgs(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    requireNonNull(pixels, "pixels");
    requireNonNull(order, "order");
    checkArgument(width > 0 && height > 0, "JPEG: image size must be positive, got %sx%s", width, height);
    checkArgument(
        (long) width * height * 3 == pixels.length,
        "JPEG: %sx%s pixels need %s bytes, got %s",
        width,
        height,
        (long) width * height * 3,
        pixels.length);
    checkArgument(quality >= 0 && quality <= 100, "JPEG: quality must be 0..100, got %s", quality);
  }

  static void decodeArgs(byte[] jpeg, PixelOrder order) {
    requireNonNull(jpeg, "jpeg");
    requireNonNull(order, "order");
    checkArgument(jpeg.length > 0, "JPEG: empty stream");
  }
}
