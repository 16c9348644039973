package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import org.robustr1.core.image.RgbImage;

/**
 * Low-level statistics of each merged token of an image: the regression targets that keep stage A's
 * tower from discarding what a photograph's pipeline changes (brightness, colour, contrast,
 * sharpness, noise, block artefacts), where object labels alone teach it to keep only colour and
 * shape. Computed from the pixels themselves, so they need no label of any kind.
 *
 * <p>Values are in {@code [0, 1]}-pixel units, one row of {@link #COUNT} per token in raster order
 * (the merged-token order of Qwen2.5-VL): see {@link #NAMES}.
 */
public final class PixelStatistics {

  /** The statistics of a token, in row order. */
  public static final List<String> NAMES = List.of(
      "mean_r", "mean_g", "mean_b", "std_r", "std_g", "std_b",
      "gradient_x", "gradient_y", "laplacian", "laplacian_median", "edge_density",
      "saturation", "saturation_std", "blockiness", "coarse_laplacian", "dark_channel");

  /** Statistics per token. */
  public static final int COUNT = NAMES.size();

  private static final float EDGE = 0.05f;
  private static final int JPEG_BLOCK = 8;

  private PixelStatistics() {}

  /**
   * The statistics of every {@code tokenSide} × {@code tokenSide} token of {@code img} (whose sides
   * must be multiples of {@code tokenSide}), {@code tokens × COUNT} values.
   */
  public static float[] of(RgbImage img, int tokenSide) {
    requireNonNull(img, "img");
    int w = img.width();
    int h = img.height();
    checkArgument(tokenSide >= 4 && w % tokenSide == 0 && h % tokenSide == 0,
        "image %sx%s is not a grid of %s-pixel tokens", w, h, tokenSide);
    float[] rgb = new float[w * h * 3];
    byte[] px = img.pixels();
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (px[i] & 0xFF) / 255f;
    }
    float[] gray = new float[w * h];
    float[] sat = new float[w * h];
    float[] dark = new float[w * h];
    for (int i = 0; i < w * h; i++) {
      float r = rgb[3 * i];
      float g = rgb[3 * i + 1];
      float b = rgb[3 * i + 2];
      gray[i] = 0.299f * r + 0.587f * g + 0.114f * b;
      float max = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      sat[i] = max <= 0 ? 0 : (max - min) / max;
      dark[i] = min;
    }
    float[] lap = laplacian(gray, w, h);
    int cw = w / 2;
    int ch = h / 2;
    float[] coarse = new float[cw * ch];
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        int i = 2 * y * w + 2 * x;
        coarse[y * cw + x] = (gray[i] + gray[i + 1] + gray[i + w] + gray[i + w + 1]) / 4f;
      }
    }
    float[] coarseLap = laplacian(coarse, cw, ch);
    int tx = w / tokenSide;
    int ty = h / tokenSide;
    float[] out = new float[tx * ty * COUNT];
    float[] lapAbs = new float[tokenSide * tokenSide];
    for (int t = 0; t < tx * ty; t++) {
      int x0 = (t % tx) * tokenSide;
      int y0 = (t / tx) * tokenSide;
      double[] sum = new double[3];
      double[] sq = new double[3];
      double gx = 0;
      double gy = 0;
      double gxBlock = 0;
      double gxInner = 0;
      double gyBlock = 0;
      double gyInner = 0;
      int nxBlock = 0;
      int nyBlock = 0;
      double lapSum = 0;
      int edges = 0;
      double satSum = 0;
      double satSq = 0;
      double darkSum = 0;
      int k = 0;
      for (int y = y0; y < y0 + tokenSide; y++) {
        for (int x = x0; x < x0 + tokenSide; x++) {
          int i = y * w + x;
          for (int c = 0; c < 3; c++) {
            float v = rgb[3 * i + c];
            sum[c] += v;
            sq[c] += v * v;
          }
          if (x + 1 < x0 + tokenSide) {
            float d = Math.abs(gray[i + 1] - gray[i]);
            gx += d;
            if (x % JPEG_BLOCK == JPEG_BLOCK - 1) {
              gxBlock += d;
              nxBlock++;
            } else {
              gxInner += d;
            }
          }
          if (y + 1 < y0 + tokenSide) {
            float d = Math.abs(gray[i + w] - gray[i]);
            gy += d;
            if (y % JPEG_BLOCK == JPEG_BLOCK - 1) {
              gyBlock += d;
              nyBlock++;
            } else {
              gyInner += d;
            }
          }
          float l = Math.abs(lap[i]);
          lapAbs[k++] = l;
          lapSum += l;
          edges += l > EDGE ? 1 : 0;
          satSum += sat[i];
          satSq += sat[i] * sat[i];
          darkSum += dark[i];
        }
      }
      double n = tokenSide * tokenSide;
      double pairs = tokenSide * (tokenSide - 1);
      int o = t * COUNT;
      for (int c = 0; c < 3; c++) {
        double mean = sum[c] / n;
        out[o + c] = (float) mean;
        out[o + 3 + c] = (float) Math.sqrt(Math.max(0, sq[c] / n - mean * mean));
      }
      out[o + 6] = (float) (gx / pairs);
      out[o + 7] = (float) (gy / pairs);
      out[o + 8] = (float) (lapSum / n);
      Arrays.sort(lapAbs);
      out[o + 9] = (lapAbs[lapAbs.length / 2 - 1] + lapAbs[lapAbs.length / 2]) / 2f;
      out[o + 10] = (float) (edges / n);
      double satMean = satSum / n;
      out[o + 11] = (float) satMean;
      out[o + 12] = (float) Math.sqrt(Math.max(0, satSq / n - satMean * satMean));
      double bx = nxBlock == 0 ? 0 : gxBlock / nxBlock - gxInner / (pairs - nxBlock);
      double by = nyBlock == 0 ? 0 : gyBlock / nyBlock - gyInner / (pairs - nyBlock);
      out[o + 13] = (float) ((bx + by) / 2);
      double coarseSum = 0;
      int half = tokenSide / 2;
      for (int y = y0 / 2; y < y0 / 2 + half; y++) {
        for (int x = x0 / 2; x < x0 / 2 + half; x++) {
          coarseSum += Math.abs(coarseLap[y * cw + x]);
        }
      }
      out[o + 14] = (float) (coarseSum / (half * half));
      out[o + 15] = (float) (darkSum / n);
    }
    return out;
  }

  /** The 4-neighbour Laplacian with replicated borders. */
  private static float[] laplacian(float[] g, int w, int h) {
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      int up = Math.max(0, y - 1) * w;
      int down = Math.min(h - 1, y + 1) * w;
      for (int x = 0; x < w; x++) {
        int left = Math.max(0, x - 1);
        int right = Math.min(w - 1, x + 1);
        out[y * w + x] = g[up + x] + g[down + x] + g[y * w + left] + g[y * w + right] - 4 * g[y * w + x];
      }
    }
    return out;
  }
}
