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
  private final boolean overPixelLimit;

  /** An exception for {@code source}, with the reason. */
  public ImageReadException(String source, String reason) {
    this(source, reason, false);
  }

  private ImageReadException(String source, String reason, boolean overPixelLimit) {
    super(requireNonNull(source, "source") + ": " + reason);
    this.source = source;
    this.overPixelLimit = overPixelLimit;
  }

  /** An image refused because it has more pixels than the decoder's limit. */
  static ImageReadException overPixelLimit(String source, String reason) {
    return new ImageReadException(source, reason, true);
  }

  /**
   * Whether the image was refused for its size (more pixels than the decoder's limit) rather than
   * for its bytes, so that a server can answer "too large" instead of "bad input".
   */
  public boolean isOverPixelLimit() {
    return overPixelLimit;
  }

  /** The offending file or byte source, as named when decoding. */
  public String source() {
    return source;
  }
}
