package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.jpeg.JpegCodec;
import org.robustr1.degrade.jpeg.JpegCodecs;
import org.robustr1.degrade.jpeg.PixelOrder;

/**
 * {@code jpeg_compression}: {@code cv2.imdecode(cv2.imencode(".jpg", img, [IMWRITE_JPEG_QUALITY,
 * q]), IMREAD_COLOR)} at {@code q = clamp(int(100 − 95·i), 5, 100)} (4:2:0 chroma, OpenCV
 * defaults): 78 / 57 / 14 at 0.23 / 0.45 / 0.9. The round trip runs through {@link
 * JpegCodecs#selected()} (TurboJPEG when installed, else OpenCV's own codec; both give the same
 * bytes). The encoded stream is byte-identical to Python's {@code cv2.imencode}.
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

  /** The JPEG stream the op decodes, from the {@linkplain JpegCodecs#selected() selected codec}. */
  public static byte[] encode(Mat bgr, Params p) {
    return encode(JpegCodecs.selected(), bgr, p);
  }

  /** The JPEG stream the op decodes, from {@code codec}. */
  public static byte[] encode(JpegCodec codec, Mat bgr, Params p) {
    return codec.encode(ImageIo.bytes(bgr), bgr.cols(), bgr.rows(), PixelOrder.BGR, p.quality());
  }

  /** The op's output with {@code codec} doing the round trip (the op itself uses the selected one). */
  public static Mat apply(JpegCodec codec, Mat bgr, Params p) {
    byte[] out = codec.roundTrip(ImageIo.bytes(bgr), bgr.cols(), bgr.rows(), PixelOrder.BGR, p.quality());
    return ImageIo.mat(bgr.cols(), bgr.rows(), out);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    return apply(JpegCodecs.selected(), bgr, p);
  }
}
