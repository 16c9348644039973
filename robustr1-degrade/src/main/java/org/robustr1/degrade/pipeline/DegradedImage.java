package org.robustr1.degrade.pipeline;

import static java.util.Objects.requireNonNull;

import org.robustr1.core.degradation.DegradationRecord;
import org.robustr1.core.image.RgbImage;

/**
 * A degraded image with the record of what was applied.
 *
 * @param image the degraded pixels
 * @param record the applied steps, with their parameters
 */
public record DegradedImage(RgbImage image, DegradationRecord record) {
  /** Validates. */
  public DegradedImage {
    requireNonNull(image, "image");
    requireNonNull(record, "record");
  }
}
