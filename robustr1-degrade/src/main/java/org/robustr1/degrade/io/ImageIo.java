package org.robustr1.degrade.io;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.opencv.core.CvException;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.image.RgbImage;
import org.robustr1.core.io.AtomicFiles;

/**
 * Image files to and from 8-bit BGR {@link Mat}s, the way {@code cv2.imread}/{@code cv2.imwrite}
 * handle them: any supported file decodes to 3 channels, 8 bits, BGR order (alpha dropped, grey
 * expanded, 16-bit scaled down), and the output format follows the file extension (JPEG at
 * OpenCV's default quality 95).
 *
 * <p>Files are read into memory and decoded with {@code imdecode}, so a broken file gives an
 * {@link ImageReadException} naming the path, never a native crash. OpenCV's JPEG decoder accepts
 * truncated streams and silently fills the missing rows with grey; this class additionally rejects
 * JPEG files whose last scan has no end-of-image marker.
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
   * Reads an image file as 8-bit BGR, 3 channels (like {@code cv2.imread(path)}). The caller owns
   * the returned Mat.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws ImageReadException if the file is empty, truncated or not a decodable image
   * @throws IOException on other read errors
   */
  public static Mat readBgr(Path path) throws IOException {
    requireNonNull(path, "path");
    byte[] data = Files.readAllBytes(path);
    return decodeBgr(data, path);
  }

  /**
   * Decodes an in-memory image file as 8-bit BGR; {@code source} names it in error messages.
   *
   * @throws ImageReadException if the bytes are not a complete, decodable image
   */
  public static Mat decodeBgr(byte[] data, Path source) throws ImageReadException {
    requireNonNull(data, "data");
    requireNonNull(source, "source");
    OpenCv.load();
    if (data.length == 0) {
      throw new ImageReadException(source, "empty file");
    }
    if (isJpeg(data) && !jpegComplete(data)) {
      throw new ImageReadException(source, "truncated JPEG (no end-of-image marker after the last scan)");
    }
    MatOfByte buf = new MatOfByte(data);
    Mat mat;
    try {
      mat = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    } catch (CvException e) {
      throw new ImageReadException(source, "OpenCV cannot decode it: " + e.getMessage());
    } finally {
      buf.release();
    }
    if (mat == null || mat.empty()) {
      throw new ImageReadException(
          source, "not a decodable image (unknown format, truncated or corrupt)");
    }
    if (mat.type() != CvType.CV_8UC3) {
      Mat conv = new Mat();
      mat.convertTo(conv, CvType.CV_8UC3);
      mat.release();
      mat = conv;
    }
    return mat;
  }

  /** Reads an image file as an {@link RgbImage}. Same errors as {@link #readBgr(Path)}. */
  public static RgbImage read(Path path) throws IOException {
    Mat bgr = readBgr(path);
    try {
      return toRgb(bgr);
    } finally {
      bgr.release();
    }
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

  private static boolean isJpeg(byte[] d) {
    return d.length >= 3 && (d[0] & 0xFF) == 0xFF && (d[1] & 0xFF) == 0xD8 && (d[2] & 0xFF) == 0xFF;
  }

  /**
   * Inside entropy-coded data every 0xFF byte is stuffed ({@code FF 00}) or a restart marker, so
   * a start-of-scan marker ({@code FF DA}) cannot occur there: the stream is complete when an
   * end-of-image marker ({@code FF D9}) follows the last start-of-scan.
   */
  private static boolean jpegComplete(byte[] d) {
    int lastSos = -1;
    for (int i = d.length - 2; i >= 2; i--) {
      if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xDA) {
        lastSos = i;
        break;
      }
    }
    if (lastSos < 0) {
      return false;
    }
    for (int i = lastSos + 2; i < d.length - 1; i++) {
      if ((d[i] & 0xFF) == 0xFF && (d[i + 1] & 0xFF) == 0xD9) {
        return true;
      }
    }
    return false;
  }
}
