package org.robustr1.degrade.scenes;

/** The shapes a scene can contain, with the words the questions use for them. */
public enum ShapeKind {
  CIRCLE("circle", "circles"),
  SQUARE("square", "squares"),
  TRIANGLE("triangle", "triangles"),
  DIAMOND("diamond", "diamonds");

  private final String word;
  private final String plural;

  ShapeKind(String word, String plural) {
    this.word = word;
    this.plural = plural;
  }

  /** The singular noun, e.g. {@code circle}. */
  public String word() {
    return word;
  }

  /** The plural noun, e.g. {@code circles}. */
  public String plural() {
    return plural;
  }
}
