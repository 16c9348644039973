package org.robustr1.serve.page;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.core.degradation.Family;
import org.robustr1.core.image.PilResample;
import org.robustr1.core.image.RgbImage;
import org.robustr1.degrade.io.ImageIo;
import org.robustr1.degrade.pipeline.DegradationPipeline;
import org.robustr1.degrade.pipeline.DegradedImage;
import org.robustr1.degrade.pipeline.Step;
import org.robustr1.serve.openai.OpenAiError;

/**
 * The page's degradations, applied by robustr1-degrade: none, one of the 16 official ops at a
 * chosen intensity (its random parameters drawn from the seed), or the seeded composite draw (one op
 * per stage, in stage order, intensities uniform in [0.1, 0.9]), as the training set is made.
 * Degradations apply to the image at its own resolution, before the model's processor resizes it,
 * as in the dataset builder.
 */
public final class PageDegradation {

  /** The id the composite draw is seeded with beside the seed, so a seed always gives one draw. */
  static final String IMAGE_ID = "page";

  private PageDegradation() {}

  /**
   * The image downscaled (Pillow bicubic, aspect ratio kept) to at most {@code maxPixels}; the image
   * itself when it is small enough.
   */
  public static RgbImage bound(RgbImage image, long maxPixels) {
    long n = (long) image.width() * image.height();
    if (n <= maxPixels) {
      return image;
    }
    double scale = Math.sqrt(maxPixels / (double) n);
    int w = Math.max(1, (int) Math.floor(image.width() * scale));
    int h = Math.max(1, (int) Math.floor(image.height() * scale));
    return PilResample.resize(image, w, h, PilResample.Filter.BICUBIC);
  }

  /**
   * Applies a degradation.
   *
   * @param mode {@code none}, {@code op} or {@code composite}
   * @param op the official op's name for {@code op} ({@code motion_blur} or {@code motion blur})
   * @param intensity its intensity in [0, 1]
   * @param seed the seed of the op's parameters or of the composite draw
   * @throws OpenAiError 400 naming the field for an unknown mode or op, or an intensity outside
   *     [0, 1]
   */
  public static DegradedImage apply(RgbImage image, String mode, String op, double intensity, long seed) {
    requireNonNull(image, "image");
    switch (mode == null ? "none" : mode.toLowerCase(Locale.ROOT)) {
      case "none":
        return new DegradedImage(image, DegradationRecord.CLEAN);
      case "composite":
        return DegradationPipeline.builder().optMode(DegradationPipeline.Mode.COMPOSITE).optSeed(seed).build()
            .degrade(image, IMAGE_ID);
      case "op":
        break;
      default:
        throw OpenAiError.badRequest("mode", "mode '" + mode + "' is unknown; expected none, op or composite");
    }
    DegradationType type = official(op);
    if (!(intensity >= 0 && intensity <= 1)) {
      throw OpenAiError.badRequest("intensity", "intensity must be in [0, 1], got " + intensity);
    }
    List<Step> steps = List.of(
        DegradationPipeline.step(type, intensity, image.width(), image.height(), new SplittableRandom(seed)));
    Mat bgr = ImageIo.toBgr(image);
    Mat out = DegradationPipeline.apply(bgr, steps);
    try {
      return new DegradedImage(ImageIo.toRgb(out), DegradationPipeline.record(steps));
    } finally {
      bgr.release();
      out.release();
    }
  }

  /** One of the 16 official ops by name. */
  static DegradationType official(String op) {
    if (op == null) {
      throw OpenAiError.badRequest("op", "op is required with mode op");
    }
    return DegradationType.lookup(op).filter(t -> t.family() == Family.ROBUST_R1).orElseThrow(
        () -> OpenAiError.badRequest("op", "op '" + op + "' is not one of the 16 official ops ("
            + String.join(", ", DegradationType.official().stream().map(DegradationType::opName).toList()) + ")"));
  }
}
