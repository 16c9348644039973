package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code graffiti}: {@code int(10·i)} lines (random BGR colour, end points inside the image,
 * thickness {@code randint(1, max(1, int(5·i)))}, {@code LINE_8}); if {@code i > 0.55}, one red
 * text from {X, FAKE, COPY, VOID, COPYRIGHT, str(randint(1, 100))} in {@code
 * FONT_HERSHEY_SIMPLEX} at scale {@code max(0.5, 5·i)}, thickness {@code max(1, int(scale))}, with
 * its bottom-left corner at {@code x = randint(0, max(1, w − tw − 10))}, {@code y =
 * randint(th + 10, h − 10)}.
 *
 * <p>Quirks kept: the thickness is drawn even when its range is [1, 1]; the number choice is drawn
 * before the text choice even when a word is chosen; the text is drawn only if {@code h − 10 > th +
 * 10} (it does not fit otherwise, and then no position is drawn); at 224 px the text is wider than
 * the image, so {@code x} is 0 or 1 and the text is cut on the right.
 */
public final class Graffiti extends AbstractOp<Graffiti.Params> {

  /** The words the reference chooses from (the sixth choice is a number 1..100). */
  public static final List<String> WORDS = ImmutableList.of("X", "FAKE", "COPY", "VOID", "COPYRIGHT");

  /**
   * A line.
   *
   * @param color three channel values in Scalar (BGR) order
   * @param pt1 first end point [x, y]
   * @param pt2 second end point [x, y]
   * @param thickness line thickness
   */
  public record Line(List<Integer> color, List<Integer> pt1, List<Integer> pt2, int thickness) {
    /** Validates and copies. */
    public Line {
      checkArgument(color != null && color.size() == 3, "graffiti: line color needs 3 values");
      checkArgument(pt1 != null && pt1.size() == 2 && pt2 != null && pt2.size() == 2, "graffiti: line points need [x, y]");
      color = ImmutableList.copyOf(color);
      pt1 = ImmutableList.copyOf(pt1);
      pt2 = ImmutableList.copyOf(pt2);
    }
  }

  /**
   * The text stamp.
   *
   * @param numberDrawn the number offered as the sixth choice
   * @param choiceIndex index of the chosen text in the choices
   * @param text the text drawn
   * @param fontScale Hershey font scale
   * @param thickness stroke thickness
   * @param textWidth {@code getTextSize} width
   * @param textHeight {@code getTextSize} height
   * @param fits whether {@code h − 10 > textHeight + 10}
   * @param color BGR colour (red)
   * @param x bottom-left x (null when it does not fit)
   * @param y bottom-left y (null when it does not fit)
   */
  public record Text(
      Integer numberDrawn,
      Integer choiceIndex,
      String text,
      double fontScale,
      int thickness,
      Integer textWidth,
      Integer textHeight,
      boolean fits,
      List<Integer> color,
      Integer x,
      Integer y) {
    /** Validates. */
    public Text {
      checkArgument(text != null, "graffiti: text.text is required");
      color = color == null ? ImmutableList.of(0, 0, 255) : ImmutableList.copyOf(color);
      checkArgument(!fits || (x != null && y != null), "graffiti: text fits but has no x/y");
    }
  }

  /**
   * Parameters.
   *
   * @param numLines {@code int(10·i)}
   * @param lines the lines, drawn in order
   * @param textEnabled whether {@code i > 0.55}
   * @param text the text stamp (null when disabled)
   */
  public record Params(int numLines, List<Line> lines, boolean textEnabled, Text text)
      implements OpParams {
    /** Validates and copies. */
    public Params {
      lines = lines == null ? ImmutableList.of() : ImmutableList.copyOf(lines);
      checkArgument(!textEnabled || text != null, "graffiti: textEnabled but no text");
    }
  }

  Graffiti() {
    super(DegradationType.GRAFFITI, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int n = (int) (10 * i);
    ImmutableList.Builder<Line> lines = ImmutableList.builder();
    for (int k = 0; k < n; k++) {
      int c0 = Cv.randint(rng, 0, 255);
      int c1 = Cv.randint(rng, 0, 255);
      int c2 = Cv.randint(rng, 0, 255);
      int x1 = Cv.randint(rng, 0, w - 1);
      int y1 = Cv.randint(rng, 0, h - 1);
      int x2 = Cv.randint(rng, 0, w - 1);
      int y2 = Cv.randint(rng, 0, h - 1);
      int t = Cv.randint(rng, 1, Math.max(1, (int) (5 * i)));
      lines.add(new Line(List.of(c0, c1, c2), List.of(x1, y1), List.of(x2, y2), t));
    }
    Text text = null;
    boolean textEnabled = i > 0.55;
    if (textEnabled) {
      int number = Cv.randint(rng, 1, 100);
      int choice = rng.nextInt(WORDS.size() + 1);
      String s = choice < WORDS.size() ? WORDS.get(choice) : Integer.toString(number);
      double scale = Math.max(0.5, i * 5);
      int thickness = Math.max(1, (int) scale);
      org.robustr1.degrade.io.OpenCv.load();
      int[] baseline = new int[1];
      Size size = Imgproc.getTextSize(s, Imgproc.FONT_HERSHEY_SIMPLEX, scale, thickness, baseline);
      int tw = (int) size.width;
      int th = (int) size.height;
      boolean fits = h - 10 > th + 10;
      Integer x = null;
      Integer y = null;
      if (fits) {
        x = Cv.randint(rng, 0, Math.max(1, w - tw - 10));
        y = Cv.randint(rng, th + 10, h - 10);
      }
      text = new Text(number, choice, s, scale, thickness, tw, th, fits, List.of(0, 0, 255), x, y);
    }
    return new Params(n, lines.build(), textEnabled, text);
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    Mat out = bgr.clone();
    for (Line l : p.lines()) {
      Imgproc.line(
          out,
          new Point(l.pt1().get(0), l.pt1().get(1)),
          new Point(l.pt2().get(0), l.pt2().get(1)),
          new Scalar(l.color().get(0), l.color().get(1), l.color().get(2)),
          l.thickness());
    }
    if (p.textEnabled() && p.text().fits()) {
      Text t = p.text();
      Imgproc.putText(
          out,
          t.text(),
          new Point(t.x(), t.y()),
          Imgproc.FONT_HERSHEY_SIMPLEX,
          t.fontScale(),
          new Scalar(t.color().get(0), t.color().get(1), t.color().get(2)),
          t.thickness());
    }
    return out;
  }
}
