package org.robustr1.model.processor;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.robustr1.core.image.PilResample;
import org.robustr1.core.image.RgbImage;
import org.robustr1.model.config.PreprocessorConfig;

/**
 * The Qwen2-VL image processor (the "slow", PIL-based {@code Qwen2VLImageProcessor} of Hugging
 * Face transformers), reproduced exactly: smart_resize, Pillow bicubic resampling ({@link
 * PilResample}), rescale {@code float32(double(u8) * 1/255)}, normalisation {@code (x - mean) / std}
 * in float32, duplication of a still image to the temporal patch size, and patch flattening.
 *
 * <p>Immutable and thread-safe.
 */
public final class Qwen2VlImageProcessor {

  /** Smallest accepted image side, as in the Hugging Face processor. */
  public static final int DEFAULT_MIN_SIDE = 10;

  /** Largest accepted ratio of the longer to the shorter side. */
  public static final double MAX_ASPECT_RATIO = 200;

  private final PreprocessorConfig config;
  private final int minSide;

  /** A processor with the given settings and the Hugging Face minimum side (10 pixels). */
  public Qwen2VlImageProcessor(PreprocessorConfig config) {
    this(config, DEFAULT_MIN_SIDE);
  }

  /**
   * A processor with the given settings.
   *
   * @param minSide images with a side below this are rejected (at least 1)
   */
  public Qwen2VlImageProcessor(PreprocessorConfig config, int minSide) {
    this.config = requireNonNull(config, "config");
    checkArgument(minSide >= 1, "minSide must be >= 1, got %s", minSide);
    this.minSide = minSide;
  }

  /** A processor with the published Qwen2.5-VL settings. */
  public static Qwen2VlImageProcessor qwen25Vl() {
    return new Qwen2VlImageProcessor(PreprocessorConfig.qwen25Vl());
  }

  /** The settings. */
  public PreprocessorConfig config() {
    return config;
  }

  /**
   * This processor with other bounds on the resized area ({@code min_pixels}, {@code max_pixels}
   * of {@code preprocessor_config.json}), e.g. a lower {@code max_pixels} to bound the memory a
   * large photo takes.
   */
  public Qwen2VlImageProcessor withPixelBounds(long minPixels, long maxPixels) {
    return new Qwen2VlImageProcessor(config.withPixelBounds(minPixels, maxPixels), minSide);
  }

  /**
   * Hugging Face {@code smart_resize}: both sides become multiples of {@code factor} (Python
   * round-half-to-even), the area is brought into {@code [minPixels, maxPixels]} keeping the
   * aspect ratio.
   *
   * @throws IllegalArgumentException when a side is below {@code minSide} or the aspect ratio
   *     exceeds 200, naming the size
   */
  public static ImageSize smartResize(
      int height, int width, int factor, long minPixels, long maxPixels, int minSide) {
    if (height < minSide || width < minSide) {
      throw new IllegalArgumentException(
          "image " + width + "x" + height + " (WxH) is too small: Qwen2-VL's processor needs both sides"
              + " to be at least " + minSide + " pixels");
    }
    double ratio = (double) Math.max(height, width) / Math.min(height, width);
    if (ratio > MAX_ASPECT_RATIO) {
      throw new IllegalArgumentException(
          "absolute aspect ratio must be smaller than 200, got " + ratio + " (image " + width + "x"
              + height + ", WxH)");
    }
    long hBar = (long) Math.rint((double) height / factor) * factor;
    long wBar = (long) Math.rint((double) width / factor) * factor;
    if (hBar * wBar > maxPixels) {
      double beta = Math.sqrt((double) height * width / maxPixels);
      hBar = Math.max(factor, (long) Math.floor(height / beta / factor) * factor);
      wBar = Math.max(factor, (long) Math.floor(width / beta / factor) * factor);
    } else if (hBar * wBar < minPixels) {
      double beta = Math.sqrt((double) minPixels / ((double) height * width));
      hBar = (long) Math.ceil(height * beta / factor) * factor;
      wBar = (long) Math.ceil(width * beta / factor) * factor;
    }
    return new ImageSize(Math.toIntExact(hBar), Math.toIntExact(wBar));
  }

  /** {@link #smartResize(int, int, int, long, long, int)} with this processor's settings. */
  public ImageSize targetSize(int height, int width) {
    return smartResize(
        height, width, config.factor(), config.minPixels(), config.maxPixels(), minSide);
  }

  /**
   * Checks that the images can be processed (sides of at least the minimum, aspect ratio at most
   * 200) without processing them.
   *
   * @throws IllegalArgumentException naming the image index and what is wrong
   */
  public void check(List<RgbImage> images) {
    for (int i = 0; i < images.size(); i++) {
      RgbImage img = images.get(i);
      try {
        targetSize(img.height(), img.width());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + i + ": " + e.getMessage(), e);
      }
    }
  }

  /** The image after smart_resize and Pillow bicubic resampling (the uint8 HWC model input). */
  public RgbImage resize(RgbImage image) {
    requireNonNull(image, "image");
    if (!config.doResize()) {
      return image;
    }
    ImageSize s = targetSize(image.height(), image.width());
    return PilResample.resize(image, s.width(), s.height(), PilResample.Filter.BICUBIC);
  }

  /** Processes one image. */
  public ProcessedImages process(RgbImage image) {
    return process(List.of(image));
  }

  /**
   * Processes images independently (each with its own size) and concatenates their patches.
   *
   * @throws IllegalArgumentException naming the image index when an image is too small, has an
   *     aspect ratio over 200, or (without resizing) has sides that are not multiples of 28
   */
  public ProcessedImages process(List<RgbImage> images) {
    requireNonNull(images, "images");
    checkArgument(!images.isEmpty(), "no images to process");
    int p = config.patchSize();
    int tp = config.temporalPatchSize();
    int m = config.mergeSize();
    int patchDim = 3 * tp * p * p;
    RgbImage[] resized = new RgbImage[images.size()];
    ImmutableList.Builder<GridThw> grids = ImmutableList.builder();
    long rows = 0;
    for (int i = 0; i < resized.length; i++) {
      RgbImage img = requireNonNull(images.get(i), "image " + i);
      try {
        resized[i] = resize(img);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("image " + i + ": " + e.getMessage(), e);
      }
      int f = config.factor();
      checkArgument(
          resized[i].height() % f == 0 && resized[i].width() % f == 0,
          "image %s: size %sx%s (WxH) is not a multiple of %s; enable do_resize",
          i,
          resized[i].width(),
          resized[i].height(),
          f);
      GridThw g = new GridThw(1, resized[i].height() / p, resized[i].width() / p);
      grids.add(g);
      rows += g.patches();
    }
    checkArgument(
        rows * patchDim <= Integer.MAX_VALUE - 8,
        "%s patches are too many for one pixel_values array; lower max_pixels",
        rows);
    float[] out = new float[(int) (rows * patchDim)];
    float[] lut = new float[3 * 256];
    for (int c = 0; c < 3; c++) {
      float mean = (float) (double) config.imageMean().get(c);
      float std = (float) (double) config.imageStd().get(c);
      for (int v = 0; v < 256; v++) {
        float x = config.doRescale() ? (float) (v * config.rescaleFactor()) : v;
        lut[c * 256 + v] = config.doNormalize() ? (x - mean) / std : x;
      }
    }
    int row = 0;
    for (RgbImage img : resized) {
      row = flatten(img, lut, out, row, p, tp, m);
    }
    return new ProcessedImages(out, patchDim, grids.build(), m);
  }

  /** Writes the patches of one still image from {@code row}; returns the next free row. */
  private static int flatten(RgbImage img, float[] lut, float[] out, int row, int p, int tp, int m) {
    int gh = img.height() / p;
    int gw = img.width() / p;
    byte[] px = img.pixels();
    int w = img.width();
    int patchDim = 3 * tp * p * p;
    for (int hb = 0; hb < gh / m; hb++) {
      for (int wb = 0; wb < gw / m; wb++) {
        for (int mh = 0; mh < m; mh++) {
          for (int mw = 0; mw < m; mw++) {
            int base = row * patchDim;
            int y0 = (hb * m + mh) * p;
            int x0 = (wb * m + mw) * p;
            for (int c = 0; c < 3; c++) {
              for (int ph = 0; ph < p; ph++) {
                int src = ((y0 + ph) * w + x0) * 3 + c;
                int dst = base + c * tp * p * p + ph * p;
                for (int pw = 0; pw < p; pw++) {
                  out[dst + pw] = lut[c * 256 + (px[src + pw * 3] & 0xFF)];
                }
              }
              // every temporal slot holds the same frame for a still image
              int first = base + c * tp * p * p;
              for (int t = 1; t < tp; t++) {
                System.arraycopy(out, first, out, first + t * p * p, p * p);
              }
            }
            row++;
          }
        }
      }
    }
    return row;
  }
}
