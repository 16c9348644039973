package org.robustr1.degrade.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.opencv.core.Mat;
import org.robustr1.core.degradation.DegradationType;

/**
 * {@code block_exchange}: {@code numExchanges = int(35·i)} sequential swaps of two grid-aligned
 * {@code blockSize}² blocks, {@code blockSize = min(32, int(5+30·i))}. Cells are drawn with
 * {@code randint(0, h//b − 1)} / {@code randint(0, w//b − 1)}; the same cell may be drawn twice
 * (a no-op) and the right and bottom remainders are never touched.
 *
 * <p><b>Small images.</b> The reference raises when the image is smaller than one block. Fallback
 * here: the block size is reduced to {@code min(blockSize, w, h)}, so the grid has at least one
 * cell (a 1-cell grid makes every swap a no-op). Images of at least one block are unaffected.
 */
public final class BlockExchange extends AbstractOp<BlockExchange.Params> {

  /**
   * One swap of grid cells (i1, j1) and (i2, j2).
   *
   * @param i1 row of the first cell
   * @param j1 column of the first cell
   * @param i2 row of the second cell
   * @param j2 column of the second cell
   */
  public record Swap(int i1, int j1, int i2, int j2) {}

  /**
   * Parameters.
   *
   * @param blockSize block side in pixels
   * @param numExchanges number of swaps
   * @param gridRows {@code h // blockSize}
   * @param gridCols {@code w // blockSize}
   * @param swaps the swaps, applied in order
   */
  public record Params(
      int blockSize, int numExchanges, int gridRows, int gridCols, List<Swap> swaps)
      implements OpParams {
    /** Validates and copies. */
    public Params {
      checkArgument(blockSize >= 1, "block_exchange: blockSize must be >= 1, got %s", blockSize);
      swaps = swaps == null ? ImmutableList.of() : ImmutableList.copyOf(swaps);
    }
  }

  BlockExchange() {
    super(DegradationType.BLOCK_EXCHANGE, Params.class);
  }

  @Override
  Params doSample(double i, int w, int h, RandomGenerator rng) {
    int b = Math.min(32, (int) (5 + i * 30));
    b = Math.min(b, Math.min(w, h));
    int n = (int) (i * 35);
    int rows = h / b;
    int cols = w / b;
    ImmutableList.Builder<Swap> swaps = ImmutableList.builder();
    for (int k = 0; k < n; k++) {
      int i1 = Cv.randint(rng, 0, rows - 1);
      int j1 = Cv.randint(rng, 0, cols - 1);
      int i2 = Cv.randint(rng, 0, rows - 1);
      int j2 = Cv.randint(rng, 0, cols - 1);
      swaps.add(new Swap(i1, j1, i2, j2));
    }
    return new Params(b, n, rows, cols, swaps.build());
  }

  @Override
  Mat doApply(Mat bgr, Params p) {
    int w = bgr.cols();
    int h = bgr.rows();
    int b = p.blockSize();
    for (Swap s : p.swaps()) {
      checkArgument(
          s.i1() >= 0 && s.j1() >= 0 && s.i2() >= 0 && s.j2() >= 0
              && (s.i1() + 1) * b <= h && (s.i2() + 1) * b <= h
              && (s.j1() + 1) * b <= w && (s.j2() + 1) * b <= w,
          "block_exchange: swap %s with block %s does not fit a %sx%s image",
          s,
          b,
          w,
          h);
    }
    Mat out = bgr.clone();
    Mat tmp = new Mat(b, b, bgr.type());
    for (Swap s : p.swaps()) {
      int y1 = s.i1() * b;
      int x1 = s.j1() * b;
      int y2 = s.i2() * b;
      int x2 = s.j2() * b;
      if (y1 == y2 && x1 == x2) {
        continue;
      }
      // Grid-aligned blocks are either identical or disjoint, so a three-way copy is a swap.
      Mat a = out.submat(y1, y1 + b, x1, x1 + b);
      Mat c = out.submat(y2, y2 + b, x2, x2 + b);
      a.copyTo(tmp);
      c.copyTo(a);
      tmp.copyTo(c);
      a.release();
      c.release();
    }
    tmp.release();
    return out;
  }
}
