package org.robustr1.degrade.dataset;

import static com.google.common.base.Preconditions.checkArgument;

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
 * {@link #of} builds the same kind of text from other wording (e.g. shorter, or limited to a small
 * vocabulary). Immutable and thread-safe.
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

  private static final String UNKNOWN_EFFECT = "changes how the picture looks";

  private static final TemplateInfluenceAnnotator DEFAULT = new TemplateInfluenceAnnotator();

  private final String clean;
  private final Map<DegradationType, String> effects;
  private final String unknownEffect;
  private final Map<StrengthBand, String> consequences;

  /** Creates the annotator with the default wording. */
  public TemplateInfluenceAnnotator() {
    this(CLEAN, EFFECTS, UNKNOWN_EFFECT, CONSEQUENCES);
  }

  private TemplateInfluenceAnnotator(
      String clean,
      Map<DegradationType, String> effects,
      String unknownEffect,
      Map<StrengthBand, String> consequences) {
    this.clean = clean;
    this.effects = effects;
    this.unknownEffect = unknownEffect;
    this.consequences = consequences;
  }

  /**
   * An annotator with its own wording: each sentence reads {@code "<Band> <type name> <effect>,
   * <consequence>."}.
   *
   * @param clean the text for an image without degradation
   * @param effects the visual effect of each degradation type, as a verb phrase
   * @param unknownEffect the effect of a type missing from {@code effects} (e.g. a name outside
   *     the known vocabulary)
   * @param consequences the consequence of each {@link StrengthBand}; all three are required
   */
  public static TemplateInfluenceAnnotator of(
      String clean,
      Map<DegradationType, String> effects,
      String unknownEffect,
      Map<StrengthBand, String> consequences) {
    checkArgument(clean != null && !clean.isBlank(), "clean text is blank");
    checkArgument(unknownEffect != null && !unknownEffect.isBlank(), "unknownEffect is blank");
    for (StrengthBand b : StrengthBand.values()) {
      checkArgument(consequences.containsKey(b), "consequences lack the %s band", b);
    }
    return new TemplateInfluenceAnnotator(
        clean, ImmutableMap.copyOf(effects), unknownEffect, ImmutableMap.copyOf(consequences));
  }

  @Override
  public String influence(InfluenceRequest request) {
    if (request.isClean()) {
      return clean;
    }
    StringBuilder sb = new StringBuilder(96 * request.types().size());
    for (TypedStrength t : request.types()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(describe(t));
    }
    return sb.toString();
  }

  /** The sentence of the default wording for one TYPE entry. */
  public static String sentence(TypedStrength t) {
    return DEFAULT.describe(t);
  }

  /** The sentence of this annotator's wording for one TYPE entry. */
  public String describe(TypedStrength t) {
    StrengthBand band = StrengthBand.of(Math.min(1, Math.max(0, t.strength())));
    String effect = t.type().map(effects::get).orElse(unknownEffect);
    String adjective = band.word();
    return Character.toUpperCase(adjective.charAt(0))
        + adjective.substring(1)
        + " "
        + t.name().toLowerCase(Locale.ROOT)
        + " "
        + effect
        + ", "
        + consequences.get(band)
        + ".";
  }
}
