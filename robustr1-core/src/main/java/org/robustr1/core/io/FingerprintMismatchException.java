package org.robustr1.core.io;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.ImmutableList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * An output was made by a run with other settings than the current one (see {@link
 * RunFingerprint#claim}); the message names the fingerprint file, every differing field with both
 * values, and the remedy.
 */
public final class FingerprintMismatchException extends IOException {

  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final transient ImmutableList<RunFingerprint.Difference> differences;

  /** A mismatch between {@code file} and the current run. */
  public FingerprintMismatchException(
      Path file, ImmutableList<RunFingerprint.Difference> differences, String remedy) {
    super(
        requireNonNull(file, "file").toAbsolutePath().getParent()
            + " was made by another run ("
            + differences.stream().map(Object::toString).collect(Collectors.joining("; "))
            + ", see "
            + file.getFileName()
            + ")"
            + (remedy == null || remedy.isBlank() ? "" : "; " + remedy));
    this.file = file;
    this.differences = differences;
  }

  /** The fingerprint file of the earlier run. */
  public Path file() {
    return file;
  }

  /** The differing fields. */
  public ImmutableList<RunFingerprint.Difference> differences() {
    return differences;
  }
}
