package org.robustr1.degrade.jpeg;

import static com.google.common.base.Preconditions.checkArgument;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import org.robustr1.degrade.io.OpenCv;

/** {@link JpegCodec} on OpenCV's {@code imencode}/{@code imdecode} (its bundled libjpeg-turbo). */
final class OpenCvJpegCodec implements JpegCodec {

  static final OpenCvJpegCodec INSTANCE = new OpenCvJpegCodec();

  private OpenCvJpegCodec() {}

  @Override
  public String name() {
    return "opencv";
  }

  @Override
  public byte[] encode(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    Checks.encodeArgs(pixels, width, height, order, quality);
    OpenCv.load();
    Mat img = new Mat(height, width, CvType.CV_8UC3);
    MatOfByte buf = new MatOfByte();
    MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, quality);
    try {
      img.put(0, 0, pixels);
      if (order == PixelOrder.RGB) {
        Imgproc.cvtColor(img, img, Imgproc.COLOR_RGB2BGR);
      }
      checkArgument(Imgcodecs.imencode(".jpg", img, buf, params), "OpenCV could not encode JPEG");
      return buf.toArray();
    } finally {
      img.release();
      buf.release();
      params.release();
    }
  }

  @Override
  public Decoded decode(byte[] jpeg, PixelOrder order) {
    Checks.decodeArgs(jpeg, order);
    OpenCv.load();
    MatOfByte buf = new MatOfByte(jpeg);
    Mat img = null;
    try {
      img = Imgcodecs.imdecode(buf, Imgcodecs.IMREAD_COLOR);
      checkArgument(!img.empty(), "OpenCV could not decode a %s-byte JPEG stream", jpeg.length);
      if (order == PixelOrder.RGB) {
        Imgproc.cvtColor(img, img, Imgproc.COLOR_BGR2RGB);
      }
      byte[] out = new byte[img.rows() * img.cols() * 3];
      img.get(0, 0, out);
      return new Decoded(img.cols(), img.rows(), out);
    } finally {
      buf.release();
      if (img != null) {
        img.release();
      }
    }
  }

  @Override
  public String toString() {
    return "OpenCvJpegCodec[" + OpenCv.version() + "]";
  }
}
