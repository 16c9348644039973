package org.robustr1.demo.pretrain;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.robustr1.core.image.RgbImage;

/**
 * A sentence on how a picture looks beside its clean rendering, as a caption writer would put it:
 * "The picture looks darker, blurred and grainy." Every word comes from the pixels of the two
 * images ({@link PixelStatistics} averaged over the tokens): brightness, contrast, colour strength,
 * colour tint, sharpness at half resolution, fine grain in flat areas and 8-pixel block edges. It
 * names no operator of the degradation simulator and no strength of one; what changed the picture
 * (in pretraining the generic {@link PhotometricAugmentation}) is never read.
 */
public final class Appearance {

  /** The user text of an appearance sample. */
  public static final String QUESTION = "How does the picture look?";

  /** The sentence for a picture whose pixels show none of the changes. */
  public static final String CLEAN = "The picture looks clean.";

  private static final int TOKEN = 28;
  private static final int MEAN_R = PixelStatistics.NAMES.indexOf("mean_r");
  private static final int STD_R = PixelStatistics.NAMES.indexOf("std_r");
  private static final int LAPLACIAN_MEDIAN = PixelStatistics.NAMES.indexOf("laplacian_median");
  private static final int SATURATION = PixelStatistics.NAMES.indexOf("saturation");
  private static final int BLOCKINESS = PixelStatistics.NAMES.indexOf("blockiness");
  private static final int COARSE_LAPLACIAN = PixelStatistics.NAMES.indexOf("coarse_laplacian");

  private Appearance() {}

  /** How {@code shown} looks beside {@code clean} (same size, sides multiples of 28 pixels). */
  public static String describe(RgbImage clean, RgbImage shown) {
    requireNonNull(clean, "clean");
    requireNonNull(shown, "shown");
    checkArgument(clean.width() == shown.width() && clean.height() == shown.height(),
        "the images differ in size: %sx%s and %sx%s", clean.width(), clean.height(), shown.width(), shown.height());
    double[] a = means(clean);
    double[] b = means(shown);
    List<String> words = new ArrayList<>();
    double brightness = gray(b, MEAN_R) - gray(a, MEAN_R);
    graded(words, Math.abs(brightness), 0.04, 0.10, 0.22, brightness < 0 ? "darker" : "brighter");
    double contrast = ratio(gray(b, STD_R), gray(a, STD_R));
    graded(words, -Math.log(contrast), 0.15, 0.35, 0.8, "dull");
    double saturation = ratio(b[SATURATION], a[SATURATION]);
    graded(words, Math.abs(Math.log(saturation)), 0.2, 0.4, 0.9, saturation < 1 ? "faded" : "vivid");
    double tint = 0;
    for (int c = 0; c < 3; c++) {
      tint = Math.max(tint, Math.abs((b[MEAN_R + c] - a[MEAN_R + c]) - brightness));
    }
    graded(words, tint, 0.03, 0.07, 0.15, "tinted");
    graded(words, -Math.log(ratio(b[COARSE_LAPLACIAN], a[COARSE_LAPLACIAN])), 0.2, 0.45, 0.9, "blurred");
    graded(words, b[LAPLACIAN_MEDIAN] - a[LAPLACIAN_MEDIAN], 0.008, 0.025, 0.07, "grainy");
    graded(words, b[BLOCKINESS] - a[BLOCKINESS], 0.004, 0.012, 0.03, "blocky");
    if (words.isEmpty()) {
      return CLEAN;
    }
    StringBuilder sb = new StringBuilder("The picture looks ");
    for (int i = 0; i < words.size(); i++) {
      sb.append(i == 0 ? "" : i == words.size() - 1 ? " and " : ", ").append(words.get(i));
    }
    return sb.append('.').toString();
  }

  /** Adds {@code word}, "slightly" or "very" before it, when {@code v} reaches the thresholds. */
  private static void graded(List<String> words, double v, double slight, double plain, double very, String word) {
    if (v >= very) {
      words.add("very " + word);
    } else if (v >= plain) {
      words.add(word);
    } else if (v >= slight) {
      words.add("slightly " + word);
    }
  }

  private static double[] means(RgbImage img) {
    float[] s = PixelStatistics.of(img, TOKEN);
    int tokens = s.length / PixelStatistics.COUNT;
    double[] m = new double[PixelStatistics.COUNT];
    for (int t = 0; t < tokens; t++) {
      for (int k = 0; k < PixelStatistics.COUNT; k++) {
        m[k] += s[t * PixelStatistics.COUNT + k] / tokens;
      }
    }
    return m;
  }

  private static double gray(double[] m, int first) {
    return 0.299 * m[first] + 0.587 * m[first + 1] + 0.114 * m[first + 2];
  }

  private static double ratio(double x, double y) {
    return (x + 1e-3) / (y + 1e-3);
  }
}
