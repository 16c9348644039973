package org.robustr1.eval.data;

import java.nio.file.Path;

/**
 * One input that was skipped under {@link BadInputPolicy#SKIP}.
 *
 * @param file the file
 * @param row 1-based data row (0 when not row-specific)
 * @param index the item index, when known (else null)
 * @param reason why
 */
public record Skipped(Path file, int row, String index, String reason) {

  /** From the exception that would have been thrown under {@link BadInputPolicy#FAIL}. */
  public static Skipped of(DataFormatException e, String index) {
    return new Skipped(e.file(), e.row(), index, e.getMessage());
  }
}
