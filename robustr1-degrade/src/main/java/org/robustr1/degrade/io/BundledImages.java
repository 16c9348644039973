package org.robustr1.degrade.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.opencv.core.Mat;
import org.robustr1.core.image.RgbImage;

/**
 * A small procedural test picture shipped with the library (320×240 PNG, 36 KB: a house, a tree,
 * a sun and a "STOP" sign), for demos and smoke tests that must run without any data set.
 */
public final class BundledImages {

  /** The resource name of the picture. */
  public static final String HOUSE = "house-320x240.png";

  private BundledImages() {}

  /** The picture as a new 8-bit BGR Mat (the caller owns it). */
  public static Mat houseBgr() {
    try (InputStream in = BundledImages.class.getResourceAsStream(HOUSE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + HOUSE + " missing from the robustr1-degrade jar");
      }
      return ImageIo.decodeBgr(in.readAllBytes(), Path.of("classpath:org/robustr1/degrade/io/" + HOUSE));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The picture as an {@link RgbImage}. */
  public static RgbImage house() {
    Mat m = houseBgr();
    try {
      return ImageIo.toRgb(m);
    } finally {
      m.release();
    }
  }
}
