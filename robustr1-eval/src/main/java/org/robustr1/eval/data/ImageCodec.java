package org.robustr1.eval.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.robustr1.core.image.RgbImage;

/**
 * Image bytes to {@link RgbImage} and back with {@code javax.imageio} (JPEG, PNG, BMP, GIF): what
 * VLMEvalKit's {@code decode_base64_to_image} + {@code convert('RGB')} does.
 */
public final class ImageCodec {

  private ImageCodec() {}

  /** Decodes base64 image bytes (MIME-tolerant). */
  public static RgbImage decodeBase64(String b64) throws IOException {
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new IOException("not valid base64: " + e.getMessage(), e);
    }
    return decode(bytes);
  }

  /** Decodes encoded image bytes; alpha is dropped, palettes and grey are expanded to RGB. */
  public static RgbImage decode(byte[] bytes) throws IOException {
    BufferedImage img;
    try {
      img = ImageIO.read(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new IOException("undecodable image (" + bytes.length + " bytes): " + e.getMessage(), e);
    }
    if (img == null) {
      throw new IOException("undecodable image (" + bytes.length + " bytes): no reader recognises the format");
    }
    return fromBuffered(img);
  }

  /** A {@link BufferedImage} as packed RGB. */
  public static RgbImage fromBuffered(BufferedImage img) {
    return RgbImage.of(img);
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
