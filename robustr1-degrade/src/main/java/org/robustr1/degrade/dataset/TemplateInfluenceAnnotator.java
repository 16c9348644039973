package org.robustr1.degrade.dataset;

import com.google.common.collect.ImmutableMap;
import java.util.Locale;
import java.util.Map;
import org.robustr1.core.chain.TypedStrength;
import org.robustr1.core.degradation.DegradationType;

/**
 * The default, deterministic INFLUENCE text: one sentence per applied degradation, in order, from
 * a fixed description of the type's visual effect and wording scaled by its {@link StrengthBand},
 * e.g. {@code "Moderate motion blur smears the picture along one direction, so some details are
 * harder to see."}. A clean image gets {@link #CLEAN}. Words are kept plain and common.
 * Thread-safe and stateless.
 */
public final class TemplateInfluenceAnnotator implements InfluenceAnnotator {

  /** The text for an image without degradation. */
  public static final String CLEAN = "The picture is clear and shows no visible damage, so all details are easy to see.";

  private static final Map<DegradationType, String> EFFECTS =
      ImmutableMap.<DegradationType, String>builder()
          .put(DegradationType.LENS_BLUR, "makes the whole picture soft and out of focus")
          .put(DegradationType.LENS_FLARE, "adds bright spots and lines of light over the picture")
          .put(DegradationType.MOTION_BLUR, "smears the picture along one direction")
          .put(DegradationType.DIRTY_LENS, "covers the picture with gray spots and haze")
          .put(DegradationType.HSV_SATURATION, "washes out the colors and makes them pale")
          .put(DegradationType.JPEG_COMPRESSION, "adds small blocks and rough edges")
          .put(DegradationType.BLOCK_EXCHANGE, "swaps square pieces of the picture around")
          .put(DegradationType.MEAN_SHIFT, "turns the picture into flat patches of color")
          .put(DegradationType.SCAN_LINES, "draws dark lines across the picture")
          .put(DegradationType.DARK_ILLUMINATION, "makes the picture darker")
          .put(DegradationType.ATMOSPHERIC_TURBULENCE, "bends the picture in waves")
          .put(DegradationType.GAUSSIAN_NOISE, "adds grainy dots all over the picture")
          .put(DegradationType.COLOR_DIFFUSION, "spreads the colors into each other and darkens the picture")
          .put(DegradationType.SHARPNESS_CHANGE, "makes the picture too bright and flat with dark edges")
          .put(DegradationType.GRAFFITI, "draws random lines over the picture")
          .put(DegradationType.WATERMARK_DAMAGE, "leaves smudged patches where marks were wiped away")
          .build();

  private static final Map<StrengthBand, String> CONSEQUENCES =
      ImmutableMap.of(
          StrengthBand.SLIGHT, "but most details are still easy to see",
          StrengthBand.MODERATE, "so some details are harder to see",
          StrengthBand.SEVERE, "so many details are hard to see");

  /** Creates the annotator. */
  public TemplateInfluenceAnnotator() {}

  @Override
  public String influence(InfluenceRequest request) {
    if (request.isClean()) {
      return CLEAN;
    }
    StringBuilder sb = new StringBuilder(96 * request.types().size());
    for (TypedStrength t : request.types()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(sentence(t));
    }
    return sb.toString();
  }

  /** The sentence for one TYPE entry. */
  public static String sentence(TypedStrength t) {
    StrengthBand band = StrengthBand.of(Math.min(1, Math.max(0, t.strength())));
    String effect =
        t.type().map(EFFECTS::get).orElse("changes how the picture looks");
    String adjective = band.word();
    return Character.toUpperCase(adjective.charAt(0))
        + adjective.substring(1)
        + " "
        + t.name().toLowerCase(Locale.ROOT)
        + " "
        + effect
        + ", "
        + CONSEQUENCES.get(band)
        + ".";
  }
}
