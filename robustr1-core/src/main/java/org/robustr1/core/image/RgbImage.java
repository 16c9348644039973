package org.robustr1.core.image;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;

/**
 * A packed 8-bit RGB image, rows top to bottom, pixels interleaved {@code R, G, B} (HWC): the
 * neutral image type passed between the degradation simulator, the model and the harnesses.
 *
 * <p>The array is not copied; treat it as read-only once the image is built.
 *
 * @param width width in pixels (&gt; 0)
 * @param height height in pixels (&gt; 0)
 * @param pixels {@code width * height * 3} bytes
 */
public record RgbImage(int width, int height, byte[] pixels) {

  /** Validates the dimensions against the buffer. */
  public RgbImage {
    requireNonNull(pixels, "pixels");
    checkArgument(width > 0 && height > 0, "image size must be positive, got %sx%s", width, height);
    checkArgument(
        (long) width * height * 3 == pixels.length,
        "RGB buffer of %s bytes does not match %sx%sx3",
        pixels.length,
        width,
        height);
  }

  /** The channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), as 0..255. */
  public int get(int x, int y, int c) {
    return pixels[(y * width + x) * 3 + c] & 0xFF;
  }

  /**
   * The pixels of a decoded {@link BufferedImage} as Pillow's {@code convert("RGB")} gives them
   * (see {@link ImageDecoder}): grey copied without colour conversion, palettes looked up, alpha
   * dropped; colour models without a Pillow counterpart through {@code getRGB}.
   */
  public static RgbImage of(BufferedImage img) {
    requireNonNull(img, "img");
    return DecodedImage.of(img).toRgb();
  }
}
