package org.robustr1.degrade;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * A file a batch could not process, with the reason; batches report these and go on.
 *
 * @param path the offending file
 * @param message what went wrong
 */
public record FileFailure(Path path, String message) {
  /** Validates. */
  public FileFailure {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /**
   * A failure from an exception: its message (its class when it has none), without the leading
   * {@code "<path>: "} prefixes that wrapping exceptions added, so the path is named once.
   */
  public static FileFailure of(Path path, Throwable t) {
    String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    String prefix = path + ": ";
    while (m.startsWith(prefix) && m.length() > prefix.length()) {
      m = m.substring(prefix.length());
    }
    return new FileFailure(path, m);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }
}
