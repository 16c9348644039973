package org.robustr1.degrade.jpeg;

/** Channel order of interleaved 8-bit, 3-channel pixels. */
public enum PixelOrder {
  /** Red, green, blue (as {@link org.robustr1.core.image.RgbImage}). */
  RGB,
  /** Blue, green, red (as an OpenCV {@code CV_8UC3} Mat). */
  BGR
}
