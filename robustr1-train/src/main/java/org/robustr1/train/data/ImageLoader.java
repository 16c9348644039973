package org.robustr1.train.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.robustr1.core.image.RgbImage;

/** Decodes image files (PNG, JPEG, BMP, …) into {@link RgbImage}, dropping any alpha channel. */
public final class ImageLoader {

  private ImageLoader() {}

  /**
   * Reads {@code file}.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or decoded
   */
  public static RgbImage load(Path file) {
    BufferedImage img;
    try {
      img = ImageIO.read(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + file, e);
    }
    if (img == null) {
      throw new UncheckedIOException(new IOException("no decoder for image " + file));
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] px = new byte[w * h * 3];
    for (int i = 0; i < argb.length; i++) {
      px[3 * i] = (byte) (argb[i] >> 16);
      px[3 * i + 1] = (byte) (argb[i] >> 8);
      px[3 * i + 2] = (byte) argb[i];
    }
    return new RgbImage(w, h, px);
  }
}
