package org.robustr1.degrade.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.image.ImageDecoder;
import org.robustr1.core.image.ImageReadException;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.io.AtomicFiles;

/**
 * Image files to and from 8-bit BGR {@link Mat}s. Reading goes through the library's one decoder,
 * {@link ImageDecoder#pil()} ({@code PIL.Image.open(f).convert("RGB")}: alpha dropped, grey
 * expanded, 16-bit grey clipped as Pillow does, EXIF orientation not applied; truncated files and
 * decompression bombs refused with an {@link ImageReadException} naming the file), so the
 * degradation simulator sees the same pixels as the model and the harnesses. For the 8-bit files
 * of the benchmarks that is also what {@code cv2.imread} gives. Writing goes through OpenCV, the
 * format following the file extension (JPEG at OpenCV's default quality 95), like {@code
 * cv2.imwrite}.
 */
public final class ImageIo {

  /**
   * The file extensions the official {@code generate_degradation.py} picks up ({@code .png .jpg
   * .jpeg .bmp .tiff}), plus {@code .tif}.
   */
  public static final ImmutableSet<String> IMAGE_EXTENSIONS =
      ImmutableSet.of("png", "jpg", "jpeg", "bmp", "tiff", "tif");

  private ImageIo() {}

  /** Whether the file name ends with one of {@link #IMAGE_EXTENSIONS} (case-insensitive). */
  public static boolean isImageFile(Path path) {
    return IMAGE_EXTENSIONS.contains(extension(path));
  }

  /**
   * Reads an image file as 8-bit BGR, 3 channels. The caller owns the returned Mat.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ImageReadException if the file is empty, truncated, not a decodable image or over the
   *     decoder's pixel limit
   * @throws IOException on other read errors
   */
  public static Mat readBgr(Path path) throws IOException {
    return toBgr(read(path));
  }

  /**
   * Decodes an in-memory image file as 8-bit BGR; {@code source} names it in error messages.
   *
   * @throws ImageReadException if the bytes are not a complete, decodable image
   */
  public static Mat decodeBgr(byte[] data, Path source) throws ImageReadException {
    requireNonNull(source, "source");
    return toBgr(ImageDecoder.pil().decode(data, source.toString()));
  }

  /** Reads an image file as an {@link RgbImage}. Same errors as {@link #readBgr(Path)}. */
  public static RgbImage read(Path path) throws IOException {
    requireNonNull(path, "path");
    return ImageDecoder.pil().read(path);
  }

  /**
   * Encodes a BGR image in the format of {@code extension} ({@code "png"}, {@code ".jpg"}, ...)
   * with OpenCV's default settings, like {@code cv2.imencode}.
   *
   * @param params OpenCV {@code IMWRITE_*} key/value pairs, e.g. {@code IMWRITE_JPEG_QUALITY, 78}
   */
  public static byte[] encode(Mat bgr, String extension, int... params) {
    requireNonNull(bgr, "bgr");
    checkArgument(!bgr.empty(), "cannot encode an empty image");
    OpenCv.load();
    String ext = extension.startsWith(".") ? extension : "." + extension;
    MatOfByte out = new MatOfByte();
    MatOfInt p = new MatOfInt(params);
    try {
      boolean ok = Imgcodecs.imencode(ext.toLowerCase(Locale.ROOT), bgr, out, p);
      checkArgument(ok, "OpenCV cannot encode %s images", ext);
      return out.toArray();
    } finally {
      out.release();
      p.release();
    }
  }

  /**
   * Writes a BGR image; the format follows the extension (like {@code cv2.imwrite}). Parent
   * folders are created; the file appears atomically (written to a temporary sibling, then moved).
   */
  public static void writeBgr(Path path, Mat bgr) throws IOException {
    requireNonNull(path, "path");
    String ext = extension(path);
    checkArgument(!ext.isEmpty(), "%s: no file extension to choose the format from", path);
    AtomicFiles.write(path, encode(bgr, ext));
  }

  /** Writes an {@link RgbImage}; see {@link #writeBgr(Path, Mat)}. */
  public static void write(Path path, RgbImage image) throws IOException {
    Mat bgr = toBgr(image);
    try {
      writeBgr(path, bgr);
    } finally {
      bgr.release();
    }
  }

  /** The pixel bytes of an 8-bit 3-channel Mat, row-major, in the Mat's channel order. */
  public static byte[] bytes(Mat mat) {
    requireNonNull(mat, "mat");
    checkArgument(
        mat.type() == CvType.CV_8UC3, "expected an 8-bit 3-channel image, got %s", CvType.typeToString(mat.type()));
    Mat m = mat.isContinuous() ? mat : mat.clone();
    byte[] out = new byte[(int) (m.total() * 3)];
    m.get(0, 0, out);
    if (m != mat) {
      m.release();
    }
    return out;
  }

  /** A new 8-bit 3-channel Mat holding {@code pixels} (row-major, 3 bytes per pixel). */
  public static Mat mat(int width, int height, byte[] pixels) {
    checkArgument(
        (long) width * height * 3 == pixels.length,
        "%s bytes do not make a %sx%sx3 image",
        pixels.length,
        width,
        height);
    OpenCv.load();
    Mat m = new Mat(height, width, CvType.CV_8UC3);
    m.put(0, 0, pixels);
    return m;
  }

  /** Converts an 8-bit BGR Mat to an {@link RgbImage}. */
  public static RgbImage toRgb(Mat bgr) {
    requireNonNull(bgr, "bgr");
    checkArgument(!bgr.empty(), "empty image");
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
      return new RgbImage(bgr.cols(), bgr.rows(), bytes(rgb));
    } finally {
      rgb.release();
    }
  }

  /** Converts an {@link RgbImage} to a new 8-bit BGR Mat (the caller owns it). */
  public static Mat toBgr(RgbImage image) {
    requireNonNull(image, "image");
    Mat rgb = mat(image.width(), image.height(), image.pixels());
    Mat bgr = new Mat();
    Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
    rgb.release();
    return bgr;
  }

  /** The lower-case extension of a file name without the dot, or "" when there is none. */
  public static String extension(Path path) {
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
