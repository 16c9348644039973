package org.robustr1.degrade.ops;

import java.util.List;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Small numerics shared by the ops: numpy-style truncation, per-channel float filtering. */
final class Cv {
  private Cv() {}

  /** Python {@code random.randint(a, b)}: both ends included. */
  static int randint(java.util.random.RandomGenerator rng, int a, int b) {
    if (a > b) {
      throw new IllegalArgumentException("empty range for randint(" + a + ", " + b + ")");
    }
    return rng.nextInt(a, b + 1);
  }

  /** A 2-D CV_64F Mat from row-major values. */
  static Mat mat64(int rows, int cols, double[] values) {
    Mat m = new Mat(rows, cols, CvType.CV_64F);
    m.put(0, 0, values);
    return m;
  }

  /** The outer product g·gᵀ (times {@code scale} when not 1), as Python's {@code k @ k.T * s}. */
  static Mat outer(Mat g, double scale, boolean applyScale) {
    int n = g.rows();
    double[] v = new double[n];
    g.get(0, 0, v);
    double[] k = new double[n * n];
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        double p = v[r] * v[c];
        k[r * n + c] = applyScale ? p * scale : p;
      }
    }
    return mat64(n, n, k);
  }

  /**
   * numpy's {@code blurred[..., c] = cv2.filter2D(img[..., c].astype(np.float32), -1, kernel)}
   * for the three channels: a float32 H×W×3 result.
   *
   * <p>One 3-channel {@code filter2D} gives the per-channel results bit for bit (OpenCV filters
   * each channel with the same single-channel kernel, on both the direct and the DFT path; checked
   * on 150 random sizes and kernels 3..273, 1 and 2 threads) and transforms the kernel once
   * instead of three times, without the split and merge.
   */
  static Mat filterChannelsF32(Mat bgr8, Mat kernel) {
    Mat f = new Mat();
    bgr8.convertTo(f, CvType.CV_32F);
    Mat r = new Mat();
    Imgproc.filter2D(f, r, -1, kernel);
    f.release();
    return r;
  }

  /**
   * {@code filterChannelsF32} followed by {@link #truncToU8}: numpy's {@code blurred[..., c] =
   * cv2.filter2D(img[..., c].astype(np.float32), -1, kernel)} for the three channels, then {@code
   * blurred.astype(np.uint8)}, as an 8-bit 3-channel Mat.
   *
   * <p>Each channel is filtered as the reference does it, on its own single-channel float image,
   * and the three run in parallel ({@link RowBands}, one channel per task): OpenCV runs a
   * large-kernel {@code filter2D} (its DFT path, from 11×11) on one thread, so on two cores this
   * takes two channels' time instead of three. The float buffers are the calling threads' own
   * ({@link Scratch}), reused from call to call: fresh multi-megabyte buffers cost a page fault per
   * 4 KiB on every call (about 1900 per 512² call), which on this project's 2-core AMD VM was a
   * third of the op.
   */
  static Mat filterChannelsTruncU8(Mat bgr8, Mat kernel) {
    Mat[] out = new Mat[3];
    int tasks = bgr8.total() >= MIN_PIXELS_PER_CHANNEL_TASK ? Math.min(3, RowBands.workers()) : 1;
    RowBands.run(3, tasks, (from, to) -> {
      Scratch s = Scratch.get();
      for (int c = from; c < to; c++) {
        Core.extractChannel(bgr8, s.u8, c);
        s.u8.convertTo(s.in, CvType.CV_32F);
        Imgproc.filter2D(s.in, s.out, -1, kernel);
        s.trunc.create(s.out.size(), s.out.type());
        out[c] = truncToU8(s.out, s.trunc);
      }
    });
    List<Mat> channels = List.of(out);
    Mat merged = new Mat();
    Core.merge(channels, merged);
    channels.forEach(Mat::release);
    return merged;
  }

  /** Below this many pixels a channel is filtered on the calling thread (the hand-off costs ~30 µs). */
  private static final long MIN_PIXELS_PER_CHANNEL_TASK = 1L << 14;

  /** Per-thread float buffers of the channel filters, kept at the largest size seen. */
  private static final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    final Mat u8 = new Mat();
    final Mat in = new Mat();
    final Mat out = new Mat();
    final Mat trunc = new Mat();

    static Scratch get() {
      return LOCAL.get();
    }
  }

  /**
   * numpy {@code arr.astype(np.uint8)} of a float32 Mat (any channel count): truncation toward
   * zero, clamped to 0..255, computed with four vectorised OpenCV passes instead of a Java loop.
   *
   * <p>{@code convertTo(CV_8U)} rounds to nearest and saturates: {@code r = sat(round(x))}. Where
   * {@code r > x} the rounding went up, so {@code floor(x) = r − 1} (saturating at 0, which also
   * maps every negative value to 0); elsewhere {@code r = floor(x)}, or 255 for {@code x > 255}.
   * This equals {@link #clampTrunc} for every finite float.
   */
  static Mat truncToU8(Mat f32) {
    return truncToU8(f32, null);
  }

  /**
   * {@link #truncToU8(Mat)}, overwriting {@code scratch} (a float32 Mat of the same size and
   * channel count that the caller no longer needs, or null) instead of allocating a float buffer.
   */
  static Mat truncToU8(Mat f32, Mat scratch) {
    Mat src = f32.isContinuous() ? f32 : f32.clone();
    Mat x = src.reshape(1);
    Mat r = new Mat();
    x.convertTo(r, CvType.CV_8U);
    boolean reuse =
        scratch != null
            && scratch.isContinuous()
            && scratch.type() == f32.type()
            && scratch.total() == f32.total();
    Mat rf = reuse ? scratch.reshape(1, x.rows()) : new Mat();
    r.convertTo(rf, CvType.CV_32F);
    Mat up = new Mat();
    Core.compare(rf, x, up, Core.CMP_GT);
    Core.subtract(r, ONE, r, up);
    Mat out = r.reshape(f32.channels(), f32.rows());
    r.release();
    rf.release();
    up.release();
    x.release();
    if (src != f32) {
      src.release();
    }
    return out;
  }

  private static final Scalar ONE = new Scalar(1);

  /**
   * A 256-entry CV_8U lookup table {@code v ↦ clampTrunc(v · factor)}, with the product in double
   * precision (numpy's {@code uint8 * float}).
   */
  static Mat scaleLut(double factor) {
    byte[] t = new byte[256];
    for (int v = 0; v < 256; v++) {
      t[v] = (byte) clampTrunc(v * factor);
    }
    Mat lut = new Mat(1, 256, CvType.CV_8U);
    lut.put(0, 0, t);
    return lut;
  }

  /** Truncation toward zero, clamped to 0..255 (values outside never occur in these ops). */
  static int clampTrunc(double v) {
    int t = (int) v;
    return t < 0 ? 0 : Math.min(t, 255);
  }

  /** The bytes of an 8-bit Mat. */
  static byte[] bytes(Mat m) {
    Mat src = m.isContinuous() ? m : m.clone();
    byte[] b = new byte[(int) (src.total() * src.channels())];
    src.get(0, 0, b);
    if (src != m) {
      src.release();
    }
    return b;
  }

  /** A new 8-bit Mat of the given shape holding {@code b}. */
  static Mat u8(int rows, int cols, int channels, byte[] b) {
    Mat out = new Mat(rows, cols, CvType.CV_8UC(channels));
    out.put(0, 0, b);
    return out;
  }

  /**
   * numpy's pairwise summation ({@code np.sum} of a contiguous float64 array, preceded by the
   * {@code 0.0 +} of the reduction's identity).
   */
  static double numpySum(double[] a) {
    return 0.0 + pairwise(a, 0, a.length);
  }

  private static double pairwise(double[] a, int off, int n) {
    if (n < 8) {
      double res = 0.0;
      for (int k = 0; k < n; k++) {
        res += a[off + k];
      }
      return res;
    } else if (n <= 128) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[off + j];
      }
      int k;
      for (k = 8; k < n - (n % 8); k += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[off + k + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; k < n; k++) {
        res += a[off + k];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwise(a, off, n2) + pairwise(a, off + n2, n - n2);
    }
  }
}
