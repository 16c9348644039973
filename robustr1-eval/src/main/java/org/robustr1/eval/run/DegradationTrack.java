package org.robustr1.eval.run;

import java.util.Map;
import org.robustr1.core.image.RgbImage;

/**
 * One evaluation condition: the images as they are ({@link #clean()}) or degraded at a given
 * level. Implementations are deterministic given the seed, so a resumed run degrades an item
 * exactly as the first attempt did.
 */
public interface DegradationTrack {

  /** The track's name, used in cache keys and reports ({@code clean}, {@code 25}, ...). */
  String name();

  /** The intensity (0 for clean). */
  double intensity();

  /**
   * Everything that decides what this track does to an image, as one line for a run's {@link
   * org.robustr1.core.io.RunFingerprint} (e.g. {@code official intensity=0.45 seed=5}).
   */
  String settings();

  /**
   * Transforms one image.
   *
   * @param image the clean image
   * @param imageId a stable id of the image ({@code dataset/index#k}); the same id draws the
   *     same degradation method at every level, so tracks differ only in intensity
   * @param manifest receives a description of what was applied (method, parameters)
   */
  RgbImage apply(RgbImage image, String imageId, Map<String, Object> manifest);

  /**
   * The official Robust-R1 pipeline (one op per image drawn by the official weights) at a fixed
   * intensity, through {@code robustr1-degrade} (an optional dependency of this module: add
   * {@code org.robustr1:robustr1-degrade} to use it).
   *
   * @param name track name ({@code 25}, {@code 50}, {@code 100})
   * @param intensity 0.23, 0.45 or 0.9 for the paper's levels
   * @param seed base seed of the per-image draws
   * @throws IllegalStateException when {@code robustr1-degrade} is not on the class path
   */
  static DegradationTrack official(String name, double intensity, long seed) {
    checkSimulatorPresent();
    return new OfficialDegradationTrack(name, intensity, seed);
  }

  /**
   * Parses a comma list of tracks: {@code clean}, {@code 25}, {@code 50}, {@code 100} (the
   * paper's 0.23 / 0.45 / 0.9) or any intensity in (0, 1] such as {@code 0.3}.
   */
  static java.util.List<DegradationTrack> parseList(String spec, long seed) {
    java.util.List<DegradationTrack> out = new java.util.ArrayList<>();
    for (String raw : spec.split(",")) {
      String t = raw.trim();
      switch (t) {
        case "clean", "0" -> out.add(clean());
        case "25" -> out.add(official("25", 0.23, seed));
        case "50" -> out.add(official("50", 0.45, seed));
        case "100" -> out.add(official("100", 0.9, seed));
        default -> {
          double v;
          try {
            v = Double.parseDouble(t);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "unknown degradation track '" + t + "'; expected clean, 25, 50, 100 or an intensity in (0, 1]", e);
          }
          com.google.common.base.Preconditions.checkArgument(v > 0 && v <= 1,
              "degradation intensity must be in (0, 1], got %s", v);
          out.add(official(t, v, seed));
        }
      }
    }
    return out;
  }

  /** The identity track. */
  static DegradationTrack clean() {
    return new DegradationTrack() {
      @Override
      public String name() {
        return "clean";
      }

      @Override
      public double intensity() {
        return 0.0;
      }

      @Override
      public String settings() {
        return "clean";
      }

      @Override
      public RgbImage apply(RgbImage image, String imageId, Map<String, Object> manifest) {
        manifest.put("method", "none");
        return image;
      }
    };
  }

  /**
   * Fails with one line naming the missing module when {@code robustr1-degrade} (an optional
   * dependency of robustr1-eval) is not on the class path, before any class that uses it loads.
   */
  private static void checkSimulatorPresent() {
    try {
      Class.forName("org.robustr1.degrade.pipeline.DegradationPipeline", false,
          DegradationTrack.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("degraded tracks need the degradation simulator: add the "
          + "dependency org.robustr1:robustr1-degrade (robustr1-eval declares it optional), or "
          + "evaluate the clean track only", e);
    }
  }
}
