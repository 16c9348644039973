package org.robustr1.core.image;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * The library's one image decoder: image files (PNG, JPEG, and BMP, GIF, TIFF through {@code
 * javax.imageio}) to {@link RgbImage} with the pixels Pillow gives, so that the degradation
 * simulator, the evaluation harnesses, the trainers and {@code generate} all see the same image the
 * Python references see.
 *
 * <p><b>Pillow-exact.</b> The file is decoded into the mode {@code PIL.Image.open} opens it in
 * (PNG by this library's own decoder following Pillow's mode table; JPEG through the JDK's libjpeg,
 * which gives libjpeg-turbo's pixels for baseline and progressive JPEGs), then converted to RGB
 * either like {@code convert("RGB")} ({@link Alpha#DROP}: what {@code cv2.imread} and VLMEvalKit's
 * {@code decode_base64_to_image} hand on) or like Hugging Face's {@code convert_to_rgb} ({@link
 * Alpha#OVER_WHITE}: what Qwen2-VL's image processor sees). In particular: 8-bit grey is copied
 * (no linear-to-sRGB brightening), 16-bit grey is clipped to 255 as Pillow's {@code I → RGB} does,
 * grey+alpha and palette images take their alpha (and {@code tRNS}) into account, CMYK JPEGs are
 * Adobe-inverted and converted with Pillow's integer formula, and the EXIF orientation is
 * <em>not</em> applied ({@code Image.open} does not apply it). Other formats are mapped the same
 * way where their colour model allows and otherwise through {@code getRGB}.
 *
 * <p><b>Refused</b> with an {@link ImageReadException} naming the source: empty or unrecognised
 * bytes, truncated files (a PNG whose image data ends early, a JPEG without end-of-image marker or
 * that the decoder warns about), YCCK JPEGs, and images with more pixels than the limit, checked
 * from the header before decoding (default {@link #DEFAULT_MAX_PIXELS}, where Pillow raises {@code
 * DecompressionBombError}).
 *
 * <p>Immutable and thread-safe.
 */
public final class ImageDecoder {

  /**
   * Pillow's {@code DecompressionBombError} threshold, {@code 2 * Image.MAX_IMAGE_PIXELS}: a
   * 13,000 × 13,000 image still decodes, a 20,000 × 20,000 one is refused.
   */
  public static final long DEFAULT_MAX_PIXELS = 2L * 89_478_485;

  /** How transparency becomes RGB. */
  public enum Alpha {
    /** Pillow's {@code convert("RGB")}: alpha and transparency are dropped. */
    DROP,
    /**
     * Hugging Face's {@code convert_to_rgb}, as Qwen2-VL's processor applies it: RGB images as
     * they are, any other mode converted to RGBA and composited onto white.
     */
    OVER_WHITE
  }

  private static final ImageDecoder PIL = new ImageDecoder(Alpha.DROP, DEFAULT_MAX_PIXELS);
  private static final ImageDecoder QWEN = new ImageDecoder(Alpha.OVER_WHITE, DEFAULT_MAX_PIXELS);

  private final Alpha alpha;
  private final long maxPixels;

  private ImageDecoder(Alpha alpha, long maxPixels) {
    this.alpha = alpha;
    this.maxPixels = maxPixels;
  }

  /** {@code PIL.Image.open(f).convert("RGB")} with the default pixel limit. */
  public static ImageDecoder pil() {
    return PIL;
  }

  /**
   * What Qwen2-VL's image processor sees of a file: {@code convert_to_rgb(PIL.Image.open(f))},
   * with the default pixel limit.
   */
  public static ImageDecoder qwen() {
    return QWEN;
  }

  /** This decoder with another pixel limit (at least 1). */
  public ImageDecoder withMaxPixels(long max) {
    checkArgument(max >= 1, "the pixel limit must be >= 1, got %s", max);
    return new ImageDecoder(alpha, max);
  }

  /** The pixel limit. */
  public long maxPixels() {
    return maxPixels;
  }

  /** The alpha handling. */
  public Alpha alpha() {
    return alpha;
  }

  /**
   * Reads and decodes a file.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws ImageReadException naming the file when it is not a complete, decodable image within
   *     the pixel limit
   */
  public RgbImage read(Path file) throws IOException {
    requireNonNull(file, "file");
    return decode(Files.readAllBytes(file), file.toString());
  }

  /**
   * Decodes an image file's bytes; {@code source} names them in errors.
   *
   * @throws ImageReadException when the bytes are not a complete, decodable image within the pixel
   *     limit
   */
  public RgbImage decode(byte[] data, String source) throws ImageReadException {
    DecodedImage img = decodeRaw(data, source);
    return alpha == Alpha.DROP ? img.toRgb() : img.toRgbOverWhite();
  }

  /** The decoded image in Pillow's mode, before the RGB conversion. */
  DecodedImage decodeRaw(byte[] data, String source) throws ImageReadException {
    requireNonNull(data, "data");
    requireNonNull(source, "source");
    if (data.length == 0) {
      throw new ImageReadException(source, "empty file");
    }
    if (PngDecoder.isPng(data)) {
      return PngDecoder.decode(data, source, maxPixels);
    }
    JpegMarkers jpeg = JpegMarkers.isJpeg(data) ? JpegMarkers.scan(data) : null;
    if (jpeg != null && !jpeg.complete()) {
      throw new ImageReadException(source, "truncated JPEG (no end-of-image marker after the last scan)");
    }
    if (jpeg != null && jpeg.adobeTransform() == 2) {
      throw new ImageReadException(source, "YCCK JPEG (Adobe transform 2) is not supported; convert it to RGB");
    }
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(data))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageReadException(source, "not a decodable image (unknown format, truncated or corrupt)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        checkPixels(source, reader.getWidth(0), reader.getHeight(0), maxPixels);
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((r, warning) -> warnings.add(warning));
        DecodedImage out;
        if (jpeg != null && jpeg.components() == 4) {
          out = cmyk(reader.readRaster(0, null));
        } else {
          BufferedImage bi = reader.read(0);
          out = DecodedImage.of(bi);
        }
        if (!warnings.isEmpty()) {
          throw new ImageReadException(source, "damaged " + reader.getFormatName().toUpperCase(Locale.ROOT)
              + " (" + String.join("; ", warnings) + ")");
        }
        return out;
      } finally {
        reader.dispose();
      }
    } catch (ImageReadException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new ImageReadException(source, "not a decodable image (" + e.getMessage() + ")");
    }
  }

  /** A CMYK raster as libjpeg decodes it (Adobe-inverted), inverted back as Pillow's {@code CMYK;I}. */
  private static DecodedImage cmyk(Raster r) {
    int w = r.getWidth();
    int h = r.getHeight();
    byte[] px = new byte[4 * w * h];
    int[] v = r.getPixels(0, 0, w, h, (int[]) null);
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (255 - v[i]);
    }
    return new DecodedImage(DecodedImage.Mode.CMYK, w, h, px, null, null, null);
  }

  /** Refuses a size over the limit, before decoding. */
  static void checkPixels(String source, int width, int height, long maxPixels) throws ImageReadException {
    long n = (long) width * height;
    if (n > maxPixels) {
      throw ImageReadException.overPixelLimit(source, String.format(Locale.ROOT,
          "image size %dx%d (%,d pixels) exceeds the limit of %,d pixels (a decompression bomb?);"
              + " downscale the image", width, height, n, maxPixels));
    }
  }
}
