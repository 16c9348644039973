package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.io.ImageIo;

/**
 * {@code jpeg_compression}: encode with OpenCV's libjpeg-turbo at {@code quality =
 * clamp(int(100 − 95·i), 5, 100)} (4:2:0 chroma, OpenCV defaults) and decode as colour. 78 / 57 /
 * 14 at 0.23 / 0.45 / 0.9. The encoded stream is byte-identical to Python's {@code cv2.imencode}.
 */
public final class JpegCompression extends AbstractOp<JpegCompression.Params> {

  /**
   * Parameters.
   *
   * @param quality JPEG quality 1..100
   */
  public record Params(int quality) implements OpParams {
    /** Validates. */
    public Params {
      checkArgument(quality >= 0 && quality <= 100, "jpeg_compression: quality must be 0..100, got %s", quality);
    }
  }

  JpegCompression() {
    super(DegradationType.JPEG_COMPRESSION, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int q = (int) (100 - i * 95);
    return new Params(Math.max(5, Math.min(100, q)));
  }

  /** The JPEG stream the op decodes. */
  public static byte[] encode(Mat bgr, Params p) {
    return ImageIo.encode(bgr, ".jpg", Imgcodecs.IMWRITE_JPEG_QUALITY, p.quality());
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    MatOfByte buf = new MatOfByte(encode(bgr, p));
    Mat out = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
    buf.release();
    return out;
  }
}
