package org.robustr1.eval.data;

import java.nio.file.Path;

/** Bad benchmark input; the message names the file and, where known, the row and column. */
public final class DataFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int row;

  /**
   * @param file the file
   * @param row the 1-based data row (header excluded), or 0 when the problem is not one row's
   * @param message what is wrong
   * @param cause the underlying error, may be null
   */
  public DataFormatException(Path file, int row, String message, Throwable cause) {
    super(file + (row > 0 ? ", row " + row : "") + ": " + message, cause);
    this.file = file;
    this.row = row;
  }

  public DataFormatException(Path file, int row, String message) {
    this(file, row, message, null);
  }

  /** The file at fault. */
  public Path file() {
    return file;
  }

  /** The 1-based data row, or 0. */
  public int row() {
    return row;
  }
}
