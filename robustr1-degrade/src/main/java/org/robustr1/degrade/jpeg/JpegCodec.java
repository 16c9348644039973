package org.robustr1.degrade.jpeg;

/**
 * A baseline JPEG encoder and decoder with OpenCV's {@code imencode(".jpg", img,
 * [IMWRITE_JPEG_QUALITY, q])} and {@code imdecode(buf, IMREAD_COLOR)} settings: YCbCr with 4:2:0
 * chroma subsampling, the accurate integer DCT ({@code JDCT_ISLOW}) both ways, fancy (triangular)
 * chroma upsampling, Huffman tables not optimised. Every implementation gives the same bytes for
 * the same input (tested against the reference streams in {@code JpegCodecParityTest}).
 *
 * <p>Implementations are thread-safe.
 */
public interface JpegCodec {

  /** A short name: {@code "opencv"} or {@code "turbojpeg"}. */
  String name();

  /**
   * Encodes interleaved 8-bit, 3-channel pixels.
   *
   * @param pixels {@code width·height·3} bytes, rows top to bottom, no padding
   * @param order the channel order of {@code pixels}
   * @param quality 0 … 100 (libjpeg treats 0 as 1)
   * @return the JPEG stream (JFIF)
   * @throws IllegalArgumentException if the sizes do not match or the quality is out of range
   */
  byte[] encode(byte[] pixels, int width, int height, PixelOrder order, int quality);

  /**
   * Decodes a JPEG stream to interleaved 8-bit, 3-channel pixels (a grayscale stream is replicated
   * to three channels).
   *
   * @throws IllegalArgumentException if {@code jpeg} is not a decodable JPEG stream
   */
  Decoded decode(byte[] jpeg, PixelOrder order);

  /**
   * {@code decode(encode(pixels, …), order).pixels()}: the pixels after a JPEG round trip at
   * {@code quality}.
   */
  default byte[] roundTrip(byte[] pixels, int width, int height, PixelOrder order, int quality) {
    return decode(encode(pixels, width, height, order, quality), order).pixels();
  }

  /**
   * Decoded pixels.
   *
   * @param width image width
   * @param height image height
   * @param pixels {@code width·height·3} interleaved bytes in the requested order
   */
  record Decoded(int width, int height, byte[] pixels) {}
}
