package org.robustr1.degrade.scenes;

/** The four quarters of an image that position questions ask about. */
public enum Quadrant {
  TOP_LEFT("top left", 0, 0),
  TOP_RIGHT("top right", 1, 0),
  BOTTOM_LEFT("bottom left", 0, 1),
  BOTTOM_RIGHT("bottom right", 1, 1);

  private final String phrase;
  private final int column;
  private final int row;

  Quadrant(String phrase, int column, int row) {
    this.phrase = phrase;
    this.column = column;
    this.row = row;
  }

  /** How answers name the quadrant, e.g. {@code top left}. */
  public String phrase() {
    return phrase;
  }

  /** 0 for the left half, 1 for the right half. */
  public int column() {
    return column;
  }

  /** 0 for the top half, 1 for the bottom half. */
  public int row() {
    return row;
  }

  /** The quadrant holding cell ({@code cellColumn}, {@code cellRow}) of a {@code grid × grid} layout. */
  public static Quadrant ofCell(int cellColumn, int cellRow, int grid) {
    int c = cellColumn < grid / 2 ? 0 : 1;
    int r = cellRow < grid / 2 ? 0 : 1;
    for (Quadrant q : values()) {
      if (q.column == c && q.row == r) {
        return q;
      }
    }
    throw new AssertionError("unreachable");
  }
}
