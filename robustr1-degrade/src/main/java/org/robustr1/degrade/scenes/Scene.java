package org.robustr1.degrade.scenes;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A rendered scene: a plain background with a few shapes placed in the cells of a square grid.
 *
 * @param size width and height in pixels
 * @param grid cells per side of the layout grid
 * @param background packed {@code 0xRRGGBB} background colour
 * @param objects the shapes, drawn in order
 */
public record Scene(int size, int grid, int background, List<SceneObject> objects) {

  /** Validates the values and copies the list. */
  public Scene {
    checkArgument(size >= 16, "scene size must be >= 16 pixels, got %s", size);
    checkArgument(grid >= 2 && grid % 2 == 0, "grid must be even and >= 2, got %s", grid);
    objects = List.copyOf(objects);
  }

  /** Draws the scene into a new RGB image (antialiased, deterministic for a given JVM). */
  public BufferedImage render() {
    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(new Color(background));
      g.fillRect(0, 0, size, size);
      for (SceneObject o : objects) {
        g.setColor(new Color(o.color().rgb()));
        g.fill(outline(o));
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static java.awt.Shape outline(SceneObject o) {
    double x = o.centerX();
    double y = o.centerY();
    double r = o.radius();
    switch (o.shape()) {
      case CIRCLE:
        return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
      case SQUARE:
        double h = r * 0.9;
        return new Rectangle2D.Double(x - h, y - h, 2 * h, 2 * h);
      case TRIANGLE:
        Path2D.Double t = new Path2D.Double();
        t.moveTo(x, y - r);
        t.lineTo(x + r, y + r * 0.85);
        t.lineTo(x - r, y + r * 0.85);
        t.closePath();
        return t;
      case DIAMOND:
        Path2D.Double d = new Path2D.Double();
        d.moveTo(x, y - r);
        d.lineTo(x + r * 0.8, y);
        d.lineTo(x, y + r);
        d.lineTo(x - r * 0.8, y);
        d.closePath();
        return d;
      default:
        return new Polygon();
    }
  }
}
