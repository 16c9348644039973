package org.robustr1.eval.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.nio.file.Path;

/**
 * One multiple-choice row of a VLMEvalKit TSV. Text fields are Python's {@code str()} of what
 * pandas parsed (so numeric options print as {@code 4.0} when their column has gaps); missing
 * (NaN) cells are null.
 *
 * @param dataset the dataset name ({@code MMStar}, {@code MMMB_en}, ...)
 * @param file the TSV it came from
 * @param row 1-based data row in that file
 * @param index the {@code index} cell as text
 * @param question question text
 * @param hint hint, or null
 * @param options letter to option text for every non-missing single-letter column, A..Z order
 * @param answer ground-truth letter, or null when the file has no answer
 * @param category {@code category}, or null
 * @param l2Category {@code l2-category} (or {@code l2 category}), or null
 * @param split {@code split}, or null
 * @param image the base64 image value after alias resolution (null when the file has none)
 * @param imagePaths {@code image_path} entries (empty when absent), relative paths that must stay
 *     inside the image root
 * @param extra every other column, by name (null values for NaN)
 * @param imageRoot the folder {@code imagePaths} are relative to, or null for the data file's folder
 *     (a harness may override it)
 */
public record McqItem(
    String dataset,
    Path file,
    int row,
    String index,
    String question,
    String hint,
    ImmutableMap<String, String> options,
    String answer,
    String category,
    String l2Category,
    String split,
    String image,
    ImmutableList<String> imagePaths,
    ImmutableMap<String, String> extra,
    Path imageRoot) {

  /** Checks required fields. */
  public McqItem {
    requireNonNull(dataset, "dataset");
    requireNonNull(index, "index");
    requireNonNull(question, "question");
    requireNonNull(options, "options");
    requireNonNull(imagePaths, "imagePaths");
    requireNonNull(extra, "extra");
  }

  /** An item whose image paths are relative to the data file's folder. */
  public McqItem(String dataset, Path file, int row, String index, String question, String hint,
      ImmutableMap<String, String> options, String answer, String category, String l2Category, String split,
      String image, ImmutableList<String> imagePaths, ImmutableMap<String, String> extra) {
    this(dataset, file, row, index, question, hint, options, answer, category, l2Category, split, image, imagePaths,
        extra, null);
  }

  /** The key that identifies this item across a multi-dataset run: {@code dataset/index}. */
  public String key() {
    return dataset + "/" + index;
  }

  /** Whether the base64 {@code image} cell is a list literal of several images. */
  public boolean hasImageList() {
    return image != null && image.startsWith("[") && image.endsWith("]");
  }
}
