package org.robustr1.eval.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.ImageReadException;
import org.robustr1.core.image.RgbImage;

/**
 * Image bytes to {@link RgbImage} and back. Decoding is the library's one decoder, {@link
 * ImageDecoder#pil()}: what VLMEvalKit's {@code decode_base64_to_image} + {@code convert('RGB')}
 * gives (Pillow-exact, truncated files and decompression bombs refused); encoding uses {@code
 * javax.imageio} (PNG, JPEG).
 */
public final class ImageCodec {

  private ImageCodec() {}

  /**
   * Decodes base64 image bytes (MIME-tolerant); {@code source} names them in errors.
   *
   * @throws IOException when the text is not base64 or the bytes are not a decodable image
   */
  public static RgbImage decodeBase64(String b64, String source) throws IOException {
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IOException(source + ": not valid base64: " + e.getMessage(), e);
    }
    return decode(bytes, source);
  }

  /**
   * Decodes encoded image bytes as Pillow's {@code convert('RGB')}; {@code source} names them in
   * errors.
   */
  public static RgbImage decode(byte[] bytes, String source) throws ImageReadException {
    return ImageDecoder.pil().decode(bytes, source);
  }

  /** Packed RGB as a {@link BufferedImage}. */
  public static BufferedImage toBuffered(RgbImage img) {
    BufferedImage out = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
    int[] rgb = new int[img.width() * img.height()];
    byte[] px = img.pixels();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (px[3 * i] & 0xFF) << 16 | (px[3 * i + 1] & 0xFF) << 8 | (px[3 * i + 2] & 0xFF);
    }
    out.setRGB(0, 0, img.width(), img.height(), rgb, 0, img.width());
    return out;
  }

  /** Encodes as {@code png} (lossless) or {@code jpg}. */
  public static byte[] encode(RgbImage img, String format) {
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      if (!ImageIO.write(toBuffered(img), format, bos)) {
        throw new IllegalArgumentException("no ImageIO writer for format '" + format + "'");
      }
      return bos.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
