package org.robustr1.degrade.imagenetc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.io.OpenCv;

/**
 * Minimal image file and {@code Mat} plumbing for this package, on OpenCV's Imgcodecs (which
 * returns BGR): files are read as 8-bit colour (alpha dropped, grey expanded) and converted to RGB.
 */
final class ImageFiles {

  private ImageFiles() {}

  /** Reads an image file as RGB; throws {@link IOException}-style errors naming the file. */
  static FrostTexture readRgb(Path file) {
    RgbImage img = read(file);
    return new FrostTexture(img.width(), img.height(), img.pixels());
  }

  /**
   * Reads an image file as an {@link RgbImage}.
   *
   * @throws UncheckedIOException if the file is missing or cannot be decoded
   */
  static RgbImage read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image file " + file, e);
    }
    return decode(bytes, file.toString());
  }

  /**
   * Decodes an in-memory image file as an {@link RgbImage}; {@code source} names it in errors.
   *
   * @throws UncheckedIOException if the bytes cannot be decoded
   */
  static RgbImage decode(byte[] bytes, String source) {
    OpenCv.load();
    MatOfByte buf = new MatOfByte(bytes);
    Mat bgr = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    try {
      if (bgr.empty()) {
        throw new UncheckedIOException(
            new IOException("cannot decode image file " + source + " (not a supported image)"));
      }
      return fromBgr(bgr);
    } finally {
      buf.release();
      bgr.release();
    }
  }

  /** Writes an RGB image; the extension picks the format, JPEG uses {@code jpegQuality}. */
  static void write(RgbImage img, Path file, int jpegQuality) {
    byte[] bytes = encode(img, file.getFileName().toString(), jpegQuality);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image file " + file, e);
    }
  }

  /** Encodes an RGB image in the format of {@code fileName}'s extension, JPEG at {@code jpegQuality}. */
  static byte[] encode(RgbImage img, String fileName, int jpegQuality) {
    OpenCv.load();
    Mat bgr = toBgr(img);
    String name = fileName.toLowerCase(java.util.Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".png";
    MatOfInt params =
        ext.equals(".jpg") || ext.equals(".jpeg")
            ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality)
            : new MatOfInt();
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(ext, bgr, out, params)) {
        throw new UncheckedIOException(
            new IOException("cannot encode " + fileName + " (format " + ext + ")"));
      }
      return out.toArray();
    } finally {
      bgr.release();
      params.release();
      out.release();
    }
  }

  /** An 8-bit 3-channel BGR {@code Mat} as RGB. */
  static RgbImage fromBgr(Mat bgr) {
    Mat rgb = new Mat();
    try {
      Imgproc.cvtColor(bgr, rgb, Imgproc.COLOR_BGR2RGB);
      byte[] px = new byte[(int) (rgb.total() * 3)];
      rgb.get(0, 0, px);
      return new RgbImage(rgb.cols(), rgb.rows(), px);
    } finally {
      rgb.release();
    }
  }

  /** An RGB image as a new 8-bit BGR {@code Mat}. */
  static Mat toBgr(RgbImage img) {
    Mat rgb = new Mat(img.height(), img.width(), CvType.CV_8UC3);
    rgb.put(0, 0, img.pixels());
    Mat bgr = new Mat();
    Imgproc.cvtColor(rgb, bgr, Imgproc.COLOR_RGB2BGR);
    rgb.release();
    return bgr;
  }
}
