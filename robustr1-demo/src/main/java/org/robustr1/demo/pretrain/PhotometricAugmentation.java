package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.robustr1.core.image.RgbImage;
import org.robustr1.eval.data.ImageCodec;

/**
 * The generic photometric augmentations of stage A, as in self-supervised vision pretraining
 * (SimCLR's colour jitter and blur, plus noise, resampling and JPEG re-encoding that web-scale
 * pretraining images carry anyway): each with probability one half, at a random strength, in a fixed
 * order. Geometry is never changed, so an image's per-token object labels still hold. These are not
 * the simulator's degradation operators, and their names or strengths reach no loss: the tower only
 * regresses the {@link PixelStatistics} of the pixels it is shown.
 */
public final class PhotometricAugmentation {

  private PhotometricAugmentation() {}

  /**
   * {@code img} augmented from {@code seed} with probability {@code probability} (else returned
   * unchanged); the same seed gives the same image.
   */
  public static RgbImage apply(RgbImage img, long seed, double probability) {
    requireNonNull(img, "img");
    checkArgument(probability >= 0 && probability <= 1, "probability must be in [0, 1], got %s", probability);
    SplittableRandom r = new SplittableRandom(seed);
    if (r.nextDouble() >= probability) {
      return img;
    }
    int w = img.width();
    int h = img.height();
    float[] v = new float[w * h * 3];
    byte[] px = img.pixels();
    for (int i = 0; i < v.length; i++) {
      v[i] = px[i] & 0xFF;
    }
    if (r.nextBoolean()) {
      colourJitter(v, r.nextDouble(0.4, 1.6), r.nextDouble(0.4, 1.6), r.nextDouble(0.0, 1.8),
          new double[] {r.nextDouble(0.8, 1.2), r.nextDouble(0.8, 1.2), r.nextDouble(0.8, 1.2)});
    }
    if (r.nextBoolean()) {
      v = blur(v, w, h, r.nextDouble(0.3, 2.5), r.nextDouble(0.3, 2.5));
    }
    if (r.nextBoolean()) {
      v = resample(v, w, h, 2 + r.nextInt(3));
    }
    if (r.nextBoolean()) {
      double sigma = r.nextDouble(2, 50);
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (sigma * gaussian(r));
      }
    }
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) Math.max(0, Math.min(255, Math.round(v[i])));
    }
    RgbImage result = new RgbImage(w, h, out);
    return r.nextBoolean() ? jpeg(result, (float) r.nextDouble(0.05, 0.95)) : result;
  }

  private static void colourJitter(float[] v, double brightness, double contrast, double saturation, double[] gain) {
    int n = v.length / 3;
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += 0.299 * v[3 * i] + 0.587 * v[3 * i + 1] + 0.114 * v[3 * i + 2];
    }
    mean /= n;
    for (int i = 0; i < n; i++) {
      double gray = 0.299 * v[3 * i] + 0.587 * v[3 * i + 1] + 0.114 * v[3 * i + 2];
      for (int c = 0; c < 3; c++) {
        double x = gray + saturation * (v[3 * i + c] - gray);
        x = mean + contrast * (x - mean);
        v[3 * i + c] = (float) (x * brightness * gain[c]);
      }
    }
  }

  private static float[] blur(float[] v, int w, int h, double sigmaX, double sigmaY) {
    return pass(pass(v, w, h, kernel(sigmaX), 1, 0), w, h, kernel(sigmaY), 0, 1);
  }

  private static float[] kernel(double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    float[] k = new float[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = (float) Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= (float) sum;
    }
    return k;
  }

  private static float[] pass(float[] v, int w, int h, float[] k, int dx, int dy) {
    int radius = k.length / 2;
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int j = -radius; j <= radius; j++) {
            int xx = Math.min(w - 1, Math.max(0, x + j * dx));
            int yy = Math.min(h - 1, Math.max(0, y + j * dy));
            s += k[j + radius] * v[(yy * w + xx) * 3 + c];
          }
          out[(y * w + x) * 3 + c] = s;
        }
      }
    }
    return out;
  }

  /** Box-downsamples by {@code f} and scales back up bilinearly: a low-resolution copy. */
  private static float[] resample(float[] v, int w, int h, int f) {
    int sw = Math.max(1, w / f);
    int sh = Math.max(1, h / f);
    float[] small = new float[sw * sh * 3];
    for (int y = 0; y < sh; y++) {
      for (int x = 0; x < sw; x++) {
        for (int c = 0; c < 3; c++) {
          float s = 0;
          for (int j = 0; j < f; j++) {
            for (int i = 0; i < f; i++) {
              s += v[((Math.min(h - 1, y * f + j)) * w + Math.min(w - 1, x * f + i)) * 3 + c];
            }
          }
          small[(y * sw + x) * 3 + c] = s / (f * f);
        }
      }
    }
    float[] out = new float[v.length];
    for (int y = 0; y < h; y++) {
      double sy = Math.min(sh - 1, Math.max(0, (y + 0.5) * sh / h - 0.5));
      int y0 = (int) sy;
      int y1 = Math.min(sh - 1, y0 + 1);
      double fy = sy - y0;
      for (int x = 0; x < w; x++) {
        double sx = Math.min(sw - 1, Math.max(0, (x + 0.5) * sw / w - 0.5));
        int x0 = (int) sx;
        int x1 = Math.min(sw - 1, x0 + 1);
        double fx = sx - x0;
        for (int c = 0; c < 3; c++) {
          double top = small[(y0 * sw + x0) * 3 + c] * (1 - fx) + small[(y0 * sw + x1) * 3 + c] * fx;
          double bottom = small[(y1 * sw + x0) * 3 + c] * (1 - fx) + small[(y1 * sw + x1) * 3 + c] * fx;
          out[(y * w + x) * 3 + c] = (float) (top * (1 - fy) + bottom * fy);
        }
      }
    }
    return out;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static RgbImage jpeg(RgbImage img, float quality) {
    BufferedImage bi = ImageCodec.toBuffered(img);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(quality);
      writer.write(null, new IIOImage(bi, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot JPEG-encode an augmented image", e);
    } finally {
      writer.dispose();
    }
    try {
      return RgbImage.of(ImageIO.read(new ByteArrayInputStream(bytes.toByteArray())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode an augmented image", e);
    }
  }
}
