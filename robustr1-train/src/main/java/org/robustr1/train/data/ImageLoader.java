package org.robustr1.train.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.RgbImage;

/**
 * Decodes training images with the library's one decoder as Qwen2-VL's processor sees them
 * ({@link ImageDecoder#qwen()}: Pillow-exact, transparency composited onto white as Hugging Face's
 * {@code convert_to_rgb} does; truncated files and decompression bombs refused).
 */
public final class ImageLoader {

  private ImageLoader() {}

  /**
   * Reads {@code file}.
   *
   * @throws UncheckedIOException naming the file when it cannot be read or decoded
   */
  public static RgbImage load(Path file) {
    try {
      return ImageDecoder.qwen().read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image " + file + ": " + e.getMessage(), e);
    }
  }
}
