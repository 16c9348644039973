package org.robustr1.degrade.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;

/** A file that exists but is not a decodable image (truncated, corrupt or not an image at all). */
public final class ImageReadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path path;

  /** An exception for {@code path}, with the reason. */
  public ImageReadException(Path path, String reason) {
    super(requireNonNull(path, "path") + ": " + reason);
    this.path = path;
  }

  /** The offending file. */
  public Path path() {
    return path;
  }
}
