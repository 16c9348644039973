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
    return RgbImage.of(img);
  }
}
