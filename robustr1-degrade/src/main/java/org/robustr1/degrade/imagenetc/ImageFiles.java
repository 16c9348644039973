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
    OpenCvLoader.load();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read image file " + file, e);
    }
    MatOfByte buf = new MatOfByte(bytes);
    Mat bgr = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    try {
      if (bgr.empty()) {
        throw new UncheckedIOException(
            new IOException("cannot decode image file " + file + " (not a supported image)"));
      }
      return fromBgr(bgr);
    } finally {
      buf.release();
      bgr.release();
    }
  }

  /** Writes an RGB image; the extension picks the format, JPEG uses {@code jpegQuality}. */
  static void write(RgbImage img, Path file, int jpegQuality) {
    OpenCvLoader.load();
    Mat bgr = toBgr(img);
    String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    String ext = name.contains(".") ? name.substring(name.lastIndexOf('.')) : ".png";
    MatOfInt params =
        ext.equals(".jpg") || ext.equals(".jpeg")
            ? new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, jpegQuality)
            : new MatOfInt();
    MatOfByte out = new MatOfByte();
    try {
      if (!Imgcodecs.imencode(ext, bgr, out, params)) {
        throw new UncheckedIOException(
            new IOException("cannot encode " + file + " (format " + ext + ")"));
      }
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, out.toArray());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write image file " + file, e);
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
