package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code scan_lines}: starting at row 0, every {@code lineInterval = max(3, int(20/(i+0.1)))}
 * rows a band of {@code lineWidth = max(5, int(7·i))} rows becomes {@code trunc(v · 0.01)}
 * (near-black). Every 60 / 36 / 20 rows, 5 / 5 / 6 rows high at 0.23 / 0.45 / 0.9.
 *
 * <p>Quirk kept: the interval shrinks as the intensity grows but the band barely widens, so the
 * op's strength is mostly the band density.
 */
public final class ScanLines extends AbstractOp<ScanLines.Params> {

  /**
   * Parameters.
   *
   * @param lineInterval rows between band starts
   * @param lineWidth band height in rows
   * @param bandFactor multiplier inside the bands (0.01)
   * @param bandStartRows the first row of each band (derived from the height when null)
   */
  public record Params(int lineInterval, int lineWidth, Double bandFactor, List<Integer> bandStartRows)
      implements OpParams {
    /** Validates and fills the reference constant. */
    public Params {
      checkArgument(lineInterval >= 1 && lineWidth >= 0, "scan_lines: invalid interval %s or width %s", lineInterval, lineWidth);
      bandFactor = bandFactor == null ? 0.01 : bandFactor;
      bandStartRows = bandStartRows == null ? null : ImmutableList.copyOf(bandStartRows);
    }
  }

  ScanLines() {
    super(DegradationType.SCAN_LINES, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int interval = Math.max(3, (int) (20 / (i + 0.1)));
    int width = Math.max(5, (int) (7 * i));
    ImmutableList.Builder<Integer> starts = ImmutableList.builder();
    for (int y = 0; y < h; y += interval) {
      starts.add(y);
    }
    return new Params(interval, width, 0.01, starts.build());
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    int h = bgr.rows();
    Mat out = bgr.clone();
    Mat lut = Cv.scaleLut(p.bandFactor());
    List<Integer> starts = p.bandStartRows();
    if (starts == null) {
      ImmutableList.Builder<Integer> b = ImmutableList.builder();
      for (int y = 0; y < h; y += p.lineInterval()) {
        b.add(y);
      }
      starts = b.build();
    }
    for (int s : starts) {
      int end = Math.min(s + p.lineWidth(), h);
      int start = Math.max(0, s);
      if (start < end) {
        Mat band = out.rowRange(start, end);
        Core.LUT(band, lut, band);
        band.release();
      }
    }
    lut.release();
    return out;
  }
}
