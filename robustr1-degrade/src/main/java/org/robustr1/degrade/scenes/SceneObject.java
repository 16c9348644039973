package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * One shape drawn in a scene.
 *
 * @param shape the shape
 * @param color the fill colour
 * @param large whether the object is drawn large (else small)
 * @param cellColumn column of the layout cell holding the object
 * @param cellRow row of the layout cell holding the object
 * @param centerX centre x in pixels
 * @param centerY centre y in pixels
 * @param radius half the object's extent in pixels
 */
public record SceneObject(
    ShapeKind shape,
    SceneColor color,
    boolean large,
    int cellColumn,
    int cellRow,
    double centerX,
    double centerY,
    double radius) {

  /** Validates the values. */
  public SceneObject {
    checkNotNull(shape, "shape");
    checkNotNull(color, "color");
    checkArgument(cellColumn >= 0 && cellRow >= 0, "negative cell (%s, %s)", cellColumn, cellRow);
    checkArgument(radius > 0, "radius must be > 0, got %s", radius);
  }
}
