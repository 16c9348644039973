package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkNotNull;

import org.robustr1.core.io.AokvqaRecord;

/**
 * A generated question together with the scene it is about.
 *
 * @param record the A-OKVQA-format row
 * @param kind the question family
 * @param scene the scene rendered as the row's image
 */
public record SceneQuestion(AokvqaRecord record, QuestionKind kind, Scene scene) {

  /** Validates the values. */
  public SceneQuestion {
    checkNotNull(record, "record");
    checkNotNull(kind, "kind");
    checkNotNull(scene, "scene");
  }
}
