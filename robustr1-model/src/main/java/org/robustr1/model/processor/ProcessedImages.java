package org.robustr1.model.processor;

import static com.google.common.base.Preconditions.checkArgument;
import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;

/**
 * The processor output for one or more images: {@code pixel_values} (images concatenated along
 * the rows) and {@code image_grid_thw}.
 *
 * <p>Row order inside an image is (t, hb, wb, mh, mw): raster over 2x2 merge blocks, then inside a
 * block (0,0), (0,1), (1,0), (1,1). Column order is {@code c * 392 + tp * 196 + ph * 14 + pw}.
 *
 * @param pixelValues row-major {@code [rows, patchDim]} float32 values (not copied)
 * @param patchDim columns per row (1176)
 * @param grids one grid per image, in input order
 * @param mergeSize spatial merge size (2), used for token counts
 */
public record ProcessedImages(
    float[] pixelValues, int patchDim, ImmutableList<GridThw> grids, int mergeSize) {

  /** Validates the buffer length against the grids. */
  public ProcessedImages {
    requireNonNull(pixelValues, "pixelValues");
    grids = ImmutableList.copyOf(grids);
    long rows = 0;
    for (GridThw g : grids) {
      rows += g.patches();
    }
    checkArgument(
        rows * patchDim == pixelValues.length,
        "pixel_values has %s values but the grids imply %s rows x %s",
        pixelValues.length,
        rows,
        patchDim);
  }

  /** Number of rows (patches over all images). */
  public int rows() {
    return pixelValues.length / patchDim;
  }

  /** {@code image_grid_thw} as {@code long[images][3]}. */
  public long[][] gridThw() {
    long[][] out = new long[grids.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = grids.get(i).toLongs();
    }
    return out;
  }

  /** The grids as {@code int[]{t, h, w}} per image, the form {@code imageFeatures} takes. */
  public List<int[]> gridArrays() {
    List<int[]> out = new ArrayList<>(grids.size());
    for (GridThw g : grids) {
      out.add(new int[] {g.t(), g.h(), g.w()});
    }
    return out;
  }

  /** The {@code <|image_pad|>} count of each image, {@code t * h * w / mergeSize^2}. */
  public int[] tokenCounts() {
    int[] out = new int[grids.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = grids.get(i).tokens(mergeSize);
    }
    return out;
  }

  /** The first row of image {@code i}. */
  public int rowOffset(int image) {
    int r = 0;
    for (int i = 0; i < image; i++) {
      r += grids.get(i).patches();
    }
    return r;
  }
}
