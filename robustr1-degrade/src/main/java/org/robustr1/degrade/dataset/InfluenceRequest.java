package org.robustr1.degrade.dataset;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.robustr1.core.chain.TypedStrength;

/**
 * What an {@link InfluenceAnnotator} gets for one row.
 *
 * @param id the row id (A-OKVQA {@code question_id})
 * @param types the TYPE entries as the chain writes them (names and rounded strengths, in the
 *     order applied); empty for a clean image
 * @param question the question text
 * @param choices the choices, in order
 * @param answer the correct answer as written in ANSWER
 * @param image the degraded image file as written, if it is on disk
 */
public record InfluenceRequest(
    String id,
    ImmutableList<TypedStrength> types,
    String question,
    ImmutableList<String> choices,
    String answer,
    Optional<Path> image) {

  /** Validates and copies. */
  public InfluenceRequest {
    requireNonNull(id, "id");
    types = ImmutableList.copyOf(requireNonNull(types, "types"));
    requireNonNull(question, "question");
    choices = ImmutableList.copyOf(requireNonNull(choices, "choices"));
    requireNonNull(answer, "answer");
    requireNonNull(image, "image");
  }

  /** A request without an image file. */
  public static InfluenceRequest of(
      String id, List<TypedStrength> types, String question, List<String> choices, String answer) {
    return new InfluenceRequest(
        id, ImmutableList.copyOf(types), question, ImmutableList.copyOf(choices), answer, Optional.empty());
  }

  /** Whether no degradation was applied. */
  public boolean isClean() {
    return types.isEmpty();
  }
}
