package org.robustr1.train.data;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.nio.file.Path;

/**
 * The usable rows of a training file and what was left out.
 *
 * @param file the data file
 * @param rows the rows kept, in file order
 * @param skipped one message per skipped row ({@code file line N: reason})
 */
public record TrainDataset(Path file, ImmutableList<TrainExample> rows, ImmutableList<String> skipped) {

  /** Validates. */
  public TrainDataset {
    requireNonNull(file, "file");
    requireNonNull(rows, "rows");
    requireNonNull(skipped, "skipped");
  }

  /** Number of rows kept. */
  public int size() {
    return rows.size();
  }

  /** Row {@code i} in file order. */
  public TrainExample get(int i) {
    return rows.get(i);
  }
}
