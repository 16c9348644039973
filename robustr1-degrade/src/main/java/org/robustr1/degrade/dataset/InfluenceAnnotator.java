package org.robustr1.degrade.dataset;

import java.io.IOException;

/**
 * Writes the INFLUENCE section of a chain: what the applied degradations do to the image.
 *
 * <p>Implementations must be thread-safe (the builder calls them from several workers) and return
 * text without chain tags ({@code <TYPE>}, {@code <ANSWER_END>}, ...). {@link
 * TemplateInfluenceAnnotator} is deterministic; {@link ChatCompletionsInfluenceAnnotator} asks a
 * language model.
 */
@FunctionalInterface
public interface InfluenceAnnotator {

  /**
   * The influence text of one row.
   *
   * @throws IOException when the text cannot be produced (the row is then reported and skipped)
   */
  String influence(InfluenceRequest request) throws IOException;
}
