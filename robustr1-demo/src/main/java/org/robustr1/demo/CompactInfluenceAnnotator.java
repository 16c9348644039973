package org.robustr1.demo;

import com.google.common.collect.ImmutableMap;
import java.util.Map;
import org.robustr1.core.degradation.DegradationType;
import org.robustr1.degrade.dataset.InfluenceAnnotator;
import org.robustr1.degrade.dataset.InfluenceRequest;
import org.robustr1.degrade.dataset.StrengthBand;
import org.robustr1.degrade.dataset.TemplateInfluenceAnnotator;

/**
 * The demo's INFLUENCE text, {@link TemplateInfluenceAnnotator#of} with its own wording: one sentence per applied
 * degradation, in order, with the type's effect and wording scaled by its {@link StrengthBand},
 * but about a third as long, e.g. {@code "Moderate motion blur makes it smeared, some details unclear."}
 * (9 words where the template writes 19), in words the embedded tokenizer knows (the template's
 * "adds", "smears", "patches" and others are unknown words to it). The tiny demo model has to read the image and the
 * question again after the INFLUENCE section, and its SFT loss is the mean over all chain tokens:
 * a shorter INFLUENCE puts the reasoning closer to the prompt and gives the answer-bearing
 * tokens a larger share of the loss. A clean image gets {@link #CLEAN}. Thread-safe and stateless.
 */
final class CompactInfluenceAnnotator implements InfluenceAnnotator {

  /** The text for an image without degradation. */
  static final String CLEAN = "No damage, all details clear.";

  private static final Map<DegradationType, String> EFFECTS =
      ImmutableMap.<DegradationType, String>builder()
          .put(DegradationType.LENS_BLUR, "blurs it")
          .put(DegradationType.LENS_FLARE, "makes bright spots")
          .put(DegradationType.MOTION_BLUR, "makes it smeared")
          .put(DegradationType.DIRTY_LENS, "makes gray spots")
          .put(DegradationType.HSV_SATURATION, "makes faded colors")
          .put(DegradationType.JPEG_COMPRESSION, "makes small blocks")
          .put(DegradationType.BLOCK_EXCHANGE, "makes swapped blocks")
          .put(DegradationType.MEAN_SHIFT, "makes blocks of color")
          .put(DegradationType.SCAN_LINES, "makes dark lines")
          .put(DegradationType.DARK_ILLUMINATION, "darkens it")
          .put(DegradationType.ATMOSPHERIC_TURBULENCE, "makes it wavy")
          .put(DegradationType.GAUSSIAN_NOISE, "makes it grainy")
          .put(DegradationType.COLOR_DIFFUSION, "makes dark faded colors")
          .put(DegradationType.SHARPNESS_CHANGE, "makes it too bright")
          .put(DegradationType.GRAFFITI, "makes random lines")
          .put(DegradationType.WATERMARK_DAMAGE, "makes damaged spots")
          .build();

  private static final Map<StrengthBand, String> CONSEQUENCES =
      ImmutableMap.of(
          StrengthBand.SLIGHT, "details still clear",
          StrengthBand.MODERATE, "some details unclear",
          StrengthBand.SEVERE, "many details unclear");

  private static final TemplateInfluenceAnnotator TEXT =
      TemplateInfluenceAnnotator.of(CLEAN, EFFECTS, "makes it unclear", CONSEQUENCES);

  @Override
  public String influence(InfluenceRequest request) {
    return TEXT.influence(request);
  }
}
