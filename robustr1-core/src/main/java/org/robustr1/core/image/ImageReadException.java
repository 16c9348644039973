package org.robustr1.core.image;

import static java.util.Objects.requireNonNull;

import java.io.IOException;

/**
 * Image bytes that are not a decodable image: empty, truncated, corrupt, in an unsupported format,
 * or over the decoder's pixel limit. The message starts with the source (a file path, or where the
 * bytes came from).
 */
public final class ImageReadException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;

  /** An exception for {@code source}, with the reason. */
  public ImageReadException(String source, String reason) {
    super(requireNonNull(source, "source") + ": " + reason);
    this.source = source;
  }

  /** The offending file or byte source, as named when decoding. */
  public String source() {
    return source;
  }
}
