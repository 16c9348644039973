package org.robustr1.degrade.scenes;

/** The question families of the scene dataset; each has exactly four possible choices on screen. */
public enum QuestionKind {
  /** "What color is the circle?" (one circle in the scene). */
  COLOR,
  /** "How many squares are there?" (one to four). */
  COUNT,
  /** "Where is the red triangle?" (a quadrant). */
  POSITION,
  /** "Which shape is the largest?" (one large object, the others small). */
  LARGEST,
  /** "What shape is the blue object?" (one blue object in the scene). */
  SHAPE
}
