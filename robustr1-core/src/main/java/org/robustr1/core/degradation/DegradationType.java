package org.robustr1.core.degradation;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every degradation the library knows: the 16 official Robust-R1 operations (with their stage and
 * sampling weight from {@code DEGRADATION_CONFIG}) and the ImageNet-C corruptions.
 *
 * <p>{@link #opName()} is the function name of the reference code ({@code motion_blur}); {@link
 * #chainName()} is how the type is written inside {@code <TYPE>} ({@code motion blur}).
 */
public enum DegradationType {
  // Robust-R1, stage "capture" (acquisition): weight 20 each.
  LENS_BLUR(Family.ROBUST_R1, "lens_blur", Stage.ACQUISITION, 20),
  LENS_FLARE(Family.ROBUST_R1, "lens_flare", Stage.ACQUISITION, 20),
  MOTION_BLUR(Family.ROBUST_R1, "motion_blur", Stage.ACQUISITION, 20),
  DIRTY_LENS(Family.ROBUST_R1, "dirty_lens", Stage.ACQUISITION, 20),
  HSV_SATURATION(Family.ROBUST_R1, "hsv_saturation", Stage.ACQUISITION, 20),
  // transmission: weight 25 each.
  JPEG_COMPRESSION(Family.ROBUST_R1, "jpeg_compression", Stage.TRANSMISSION, 25),
  BLOCK_EXCHANGE(Family.ROBUST_R1, "block_exchange", Stage.TRANSMISSION, 25),
  MEAN_SHIFT(Family.ROBUST_R1, "mean_shift", Stage.TRANSMISSION, 25),
  SCAN_LINES(Family.ROBUST_R1, "scan_lines", Stage.TRANSMISSION, 25),
  // environment: weight 25 each.
  DARK_ILLUMINATION(Family.ROBUST_R1, "dark_illumination", Stage.ENVIRONMENT, 25),
  ATMOSPHERIC_TURBULENCE(Family.ROBUST_R1, "atmospheric_turbulence", Stage.ENVIRONMENT, 25),
  GAUSSIAN_NOISE(Family.ROBUST_R1, "gaussian_noise", Stage.ENVIRONMENT, 25),
  COLOR_DIFFUSION(Family.ROBUST_R1, "color_diffusion", Stage.ENVIRONMENT, 25),
  // postprocessing: 33 / 33 / 34.
  SHARPNESS_CHANGE(Family.ROBUST_R1, "sharpness_change", Stage.POSTPROCESSING, 33),
  GRAFFITI(Family.ROBUST_R1, "graffiti", Stage.POSTPROCESSING, 33),
  WATERMARK_DAMAGE(Family.ROBUST_R1, "watermark_damage", Stage.POSTPROCESSING, 34),

  // ImageNet-C: noise.
  C_GAUSSIAN_NOISE(Family.IMAGENET_C, "gaussian_noise", null, 0),
  C_SHOT_NOISE(Family.IMAGENET_C, "shot_noise", null, 0),
  C_IMPULSE_NOISE(Family.IMAGENET_C, "impulse_noise", null, 0),
  // blur.
  C_DEFOCUS_BLUR(Family.IMAGENET_C, "defocus_blur", null, 0),
  C_GLASS_BLUR(Family.IMAGENET_C, "glass_blur", null, 0),
  C_MOTION_BLUR(Family.IMAGENET_C, "motion_blur", null, 0),
  C_ZOOM_BLUR(Family.IMAGENET_C, "zoom_blur", null, 0),
  // weather.
  C_SNOW(Family.IMAGENET_C, "snow", null, 0),
  C_FROST(Family.IMAGENET_C, "frost", null, 0),
  C_FOG(Family.IMAGENET_C, "fog", null, 0),
  C_BRIGHTNESS(Family.IMAGENET_C, "brightness", null, 0),
  // digital.
  C_CONTRAST(Family.IMAGENET_C, "contrast", null, 0),
  C_ELASTIC_TRANSFORM(Family.IMAGENET_C, "elastic_transform", null, 0),
  C_PIXELATE(Family.IMAGENET_C, "pixelate", null, 0),
  C_JPEG_COMPRESSION(Family.IMAGENET_C, "jpeg_compression", null, 0),
  // the four extra validation corruptions.
  C_SPECKLE_NOISE(Family.IMAGENET_C, "speckle_noise", null, 0),
  C_GAUSSIAN_BLUR(Family.IMAGENET_C, "gaussian_blur", null, 0),
  C_SPATTER(Family.IMAGENET_C, "spatter", null, 0),
  C_SATURATE(Family.IMAGENET_C, "saturate", null, 0);

  private static final Map<String, DegradationType> BY_KEY;

  static {
    Map<String, DegradationType> m = new HashMap<>();
    // ImageNet-C first so that the official op wins where both families share a name.
    for (int pass = 0; pass < 2; pass++) {
      for (DegradationType t : values()) {
        if ((pass == 0) == (t.family == Family.IMAGENET_C)) {
          m.put(normalize(t.opName), t);
        }
      }
    }
    BY_KEY = Collections.unmodifiableMap(m);
  }

  private final Family family;
  private final String opName;
  private final Stage stage;
  private final int weight;

  DegradationType(Family family, String opName, Stage stage, int weight) {
    this.family = family;
    this.opName = opName;
    this.stage = stage;
    this.weight = weight;
  }

  /** Which reference this type comes from. */
  public Family family() {
    return family;
  }

  /** The reference function name, e.g. {@code motion_blur}. */
  public String opName() {
    return opName;
  }

  /** The name written in a chain's {@code <TYPE>} section, e.g. {@code motion blur}. */
  public String chainName() {
    return opName.replace('_', ' ');
  }

  /** The pipeline stage of an official op; empty for ImageNet-C corruptions. */
  public Optional<Stage> stage() {
    return Optional.ofNullable(stage);
  }

  /** The official sampling weight within {@code DEGRADATION_CONFIG} (0 for ImageNet-C). */
  public int weight() {
    return weight;
  }

  /** The 16 official ops, in {@code DEGRADATION_CONFIG} order (stage by stage). */
  public static List<DegradationType> official() {
    List<DegradationType> out = new ArrayList<>();
    for (DegradationType t : values()) {
      if (t.family == Family.ROBUST_R1) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The official ops of one stage, in {@code DEGRADATION_CONFIG} order. */
  public static List<DegradationType> ofStage(Stage stage) {
    List<DegradationType> out = new ArrayList<>();
    for (DegradationType t : values()) {
      if (t.stage == stage) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** The ImageNet-C corruptions (15 benchmark corruptions then the 4 extra ones). */
  public static List<DegradationType> imagenetC() {
    List<DegradationType> out = new ArrayList<>();
    for (DegradationType t : values()) {
      if (t.family == Family.IMAGENET_C) {
        out.add(t);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Looks a type up by op or chain name, tolerant of case, spaces, hyphens and underscores ({@code
   * "Motion-Blur"}, {@code "motion blur"} and {@code "motion_blur"} all give {@link #MOTION_BLUR}).
   * Where an official op and an ImageNet-C corruption share a name, the official op is returned.
   */
  public static Optional<DegradationType> lookup(String name) {
    if (name == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(BY_KEY.get(normalize(name)));
  }

  /**
   * Like {@link #lookup(String)} but throws for an unknown name.
   *
   * @throws IllegalArgumentException naming the value when no type matches
   */
  public static DegradationType fromName(String name) {
    return lookup(name)
        .orElseThrow(
            () -> new IllegalArgumentException("unknown degradation name: '" + name + "'"));
  }

  /** Looks up an ImageNet-C corruption by its {@code imagecorruptions} name. */
  public static DegradationType imagenetC(String name) {
    String key = normalize(name);
    for (DegradationType t : values()) {
      if (t.family == Family.IMAGENET_C && normalize(t.opName).equals(key)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown ImageNet-C corruption: '" + name + "'");
  }

  /** Canonical key: lower case, words joined by a single underscore. */
  static String normalize(String name) {
    String s = name.trim().toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]+", "_");
    checkArgument(s.length() < 200, "degradation name too long");
    return s;
  }
}
