package org.robustr1.train.data;

import java.nio.file.Path;

/** A training row that cannot be used, with the file and 1-based line it came from. */
public final class BadRowException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Path file;
  private final int line;

  /** A problem at {@code file:line}. */
  public BadRowException(Path file, int line, String reason) {
    super(file + " line " + line + ": " + reason);
    this.file = file;
    this.line = line;
  }

  /** The data file. */
  public Path file() {
    return file;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }
}
